// Draws the tab-bar icons (solid shapes, 81×81 PNG, normal and selected colour); the PNG writer is the local mini-code's.
// Run: npx tsx scripts/gen-tab-icons.ts  → src/assets/tab/*.png (committed; re-run after changing a shape).
import { writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { encodePng } from '../cloudfunctions/_shared/png'

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'assets', 'tab')
const SIZE = 81
const SS = 4 // supersamples per axis, for smooth edges
type Rgb = [r: number, g: number, b: number]
const COLORS: Record<'normal' | 'active', Rgb> = { normal: [0x6b, 0x6f, 0x76], active: [0xd7, 0x26, 0x1e] }

// ---- shape helpers: each returns inside(x, y) on a 0..1 square ----
type Shape = (x: number, y: number) => boolean
const circle = (cx: number, cy: number, r: number): Shape => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const ellipse = (cx: number, cy: number, rx: number, ry: number): Shape => (x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1
const rect = (x0: number, y0: number, x1: number, y1: number): Shape => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1
const polygon = (pts: Array<[number, number]>): Shape => (x, y) => {
  let inside = false
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i]
    const [xj, yj] = pts[j]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}
const union = (...fs: Shape[]): Shape => (x, y) => fs.some((f) => f(x, y))
const minus = (a: Shape, ...bs: Shape[]): Shape => (x, y) => a(x, y) && !bs.some((b) => b(x, y))

const SHAPES = {
  // 首页: a house with a door
  home: minus(
    union(polygon([[0.5, 0.1], [0.92, 0.48], [0.08, 0.48]]), rect(0.2, 0.44, 0.8, 0.88)),
    rect(0.42, 0.62, 0.58, 0.88),
  ),
  // 清凉: a cold drink cup with a lid and a straw
  cooling: union(
    polygon([[0.24, 0.34], [0.76, 0.34], [0.68, 0.9], [0.32, 0.9]]),
    rect(0.2, 0.26, 0.8, 0.33),
    polygon([[0.52, 0.27], [0.58, 0.27], [0.7, 0.06], [0.64, 0.04]]),
  ),
  // 驿站: a map pin
  stations: minus(
    union(circle(0.5, 0.38, 0.28), polygon([[0.26, 0.5], [0.74, 0.5], [0.5, 0.94]])),
    circle(0.5, 0.38, 0.11),
  ),
  // 我的: a person
  me: union(circle(0.5, 0.3, 0.18), minus(ellipse(0.5, 0.9, 0.36, 0.36), rect(0, 0.9, 1, 1))),
}

function png(inside: Shape, [r, g, b]: Rgb): Buffer {
  const rows: Buffer[] = []
  for (let py = 0; py < SIZE; py++) {
    const row = Buffer.alloc(1 + SIZE * 4) // filter byte 0, then RGBA
    for (let px = 0; px < SIZE; px++) {
      let hits = 0
      for (let sy = 0; sy < SS; sy++)
        for (let sx = 0; sx < SS; sx++) if (inside((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE)) hits++
      row.set([r, g, b, Math.round((255 * hits) / (SS * SS))], 1 + px * 4)
    }
    rows.push(row)
  }
  return encodePng(SIZE, SIZE, 6, Buffer.concat(rows), 9)
}

mkdirSync(OUT, { recursive: true })
for (const [name, shape] of Object.entries(SHAPES)) {
  writeFileSync(join(OUT, `${name}.png`), png(shape, COLORS.normal))
  writeFileSync(join(OUT, `${name}-active.png`), png(shape, COLORS.active))
}
console.log(`tab icons written to ${OUT}`)
