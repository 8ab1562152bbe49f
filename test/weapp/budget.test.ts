/**
 * The mini-program's main package (everything outside the subpackages) is downloaded before the first screen,
 * and a subpackage before the first page of its area (the wallet, the card, the check-in), on outdoor mobile
 * networks: main ≤ 500 KB, each subpackage ≤ 300 KB (WeChat's own limit is 2 MB). The same budgets are checked
 * against WeChat's package analysis in scripts/wechat-checks.mjs.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { ROOT, snapshotDist } from '../dist-snapshot'

const MAIN_PACKAGE_BUDGET = 500 * 1024
const SUBPACKAGE_BUDGET = 300 * 1024

function sizeOf(p: string, skip: (rel: string) => boolean, base = p): number {
  let total = 0
  for (const e of readdirSync(p)) {
    const full = path.join(p, e)
    const rel = path.relative(base, full)
    if (skip(rel)) continue
    const st = statSync(full)
    total += st.isDirectory() ? sizeOf(full, skip, base) : st.size
  }
  return total
}

/** Source files that end up in the main package: everything in src/ but the subpackages. */
function mainPackageSources(dir = path.join(ROOT, 'src')): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = path.join(dir, e)
    if (statSync(full).isDirectory()) return full === path.join(ROOT, 'src/packages') ? [] : mainPackageSources(full)
    return /\.(ts|tsx)$/.test(e) && !e.endsWith('.config.ts') ? [full] : []
  })
}

describe('weapp package sizes', () => {
  let dist: ReturnType<typeof snapshotDist>
  beforeAll(() => {
    dist = snapshotDist('weapp', 'app.js')
  }, 300_000)
  afterAll(() => dist?.remove())

  it(`main package ≤ ${MAIN_PACKAGE_BUDGET / 1024} KB, each subpackage ≤ ${SUBPACKAGE_BUDGET / 1024} KB`, () => {
    const app = JSON.parse(readFileSync(path.join(dist.dir, 'app.json'), 'utf8')) as { subPackages?: { root: string }[] }
    const roots = (app.subPackages ?? []).map((s) => s.root.replace(/\/$/, ''))
    expect(roots.length).toBeGreaterThan(0)
    const sizes: Record<string, number> = {
      main: sizeOf(dist.dir, (rel) => roots.some((r) => rel === r || rel.startsWith(`${r}/`))),
    }
    for (const r of roots) sizes[r] = sizeOf(path.join(dist.dir, r), () => false)
    // The figures, for the record (bytes on disk of the build; WeChat's analyseCode counts about the same).
    console.log(Object.entries(sizes).map(([k, v]) => `${k.padEnd(18)} ${(v / 1024).toFixed(1).padStart(7)} KB`).join('\n'))
    const over = Object.entries(sizes)
      .filter(([k, v]) => v > (k === 'main' ? MAIN_PACKAGE_BUDGET : SUBPACKAGE_BUDGET))
      .map(([k, v]) => `${k}: ${(v / 1024).toFixed(1)} KB`)
    expect(over).toEqual([])
  })

  it('main package carries no zod (labels come from the zod-free @contract/labels)', () => {
    const app = JSON.parse(readFileSync(path.join(dist.dir, 'app.json'), 'utf8')) as { subPackages?: { root: string }[] }
    const roots = (app.subPackages ?? []).map((s) => s.root.replace(/\/$/, ''))
    const withZod: string[] = []
    const scan = (dir: string) => {
      for (const e of readdirSync(dir)) {
        const full = path.join(dir, e)
        const rel = path.relative(dist.dir, full)
        if (roots.some((r) => rel === r || rel.startsWith(`${r}/`))) continue
        if (statSync(full).isDirectory()) scan(full)
        // zod's classes keep their names in the minified code ($ZodType, $ZodError…): the subpackages show them.
        else if (e.endsWith('.js') && /\$Zod[A-Z]/.test(readFileSync(full, 'utf8'))) withZod.push(rel)
      }
    }
    scan(dist.dir)
    expect(withZod).toEqual([])
    // …and the check can see zod where it is: in the subpackages whose pages validate forms with the schemas.
    const sub = path.join(dist.dir, 'packages/member')
    const anyZod = (dir: string): boolean => readdirSync(dir).some((e) => {
      const full = path.join(dir, e)
      return statSync(full).isDirectory() ? anyZod(full) : e.endsWith('.js') && /\$Zod[A-Z]/.test(readFileSync(full, 'utf8'))
    })
    expect(anyZod(sub)).toBe(true)
  })
})

describe('main-package sources', () => {
  it('import only types from the contract (its runtime brings zod into the main package)', () => {
    // @contract/labels is the zod-free label module: values from it are fine (it imports only types, see below).
    const valueImport = /^import\s+(?!type\b)[^'"]*?\bfrom\s+['"](@contract(\/(?!labels['"])[\w-]+)?|zod(\/[\w-]+)?|(\.\.\/)+types(\/(?!labels['"])[\w-]+)?)['"]/gm
    const offenders = mainPackageSources().flatMap((file) => {
      const text = readFileSync(file, 'utf8')
      return [...text.matchAll(valueImport)].map((m) => `${path.relative(ROOT, file)}: ${m[0].replace(/\s+/g, ' ')}`)
    })
    // Fix: labels come from '@contract/labels'; anything else from the contract belongs in a subpackage page.
    expect(offenders).toEqual([])
  })

  it('the label module they may import, types/labels/, imports nothing but types and its own files', () => {
    const dir = path.join(ROOT, 'types/labels')
    const offenders = readdirSync(dir).flatMap((f) => {
      const text = readFileSync(path.join(dir, f), 'utf8')
      return [...text.matchAll(/^(import|export)\s[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm)]
        .filter((m) => !/^import\s+type\b/.test(m[0]) && !m[2].startsWith('./'))
        .map((m) => `${f}: ${m[0]}`)
    })
    expect(offenders).toEqual([])
  })
})
