/**
 * The mini-program's main package (everything outside the subpackages) is downloaded before the first screen,
 * on outdoor mobile networks: keep it well under WeChat's 2 MB limit.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { ROOT, snapshotDist } from '../dist-snapshot'

const MAIN_PACKAGE_BUDGET = 800 * 1024
const SUBPACKAGE_LIMIT = 2 * 1024 * 1024

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

  it(`main package stays under ${MAIN_PACKAGE_BUDGET / 1024} KB`, () => {
    const app = JSON.parse(readFileSync(path.join(dist.dir, 'app.json'), 'utf8')) as { subPackages?: { root: string }[] }
    const roots = (app.subPackages ?? []).map((s) => s.root.replace(/\/$/, ''))
    const main = sizeOf(dist.dir, (rel) => roots.some((r) => rel === r || rel.startsWith(`${r}/`)))
    expect(main).toBeLessThan(MAIN_PACKAGE_BUDGET)
    for (const r of roots) expect(sizeOf(path.join(dist.dir, r), () => false)).toBeLessThan(SUBPACKAGE_LIMIT)
  })
})

describe('main-package sources', () => {
  it('import only types from the contract (its runtime brings zod into the main package)', () => {
    const valueImport = /^import\s+(?!type\b)[^'"]*?\bfrom\s+['"](@contract(\/[\w-]+)?|zod(\/[\w-]+)?|(\.\.\/)+types(\/[\w-]+)?)['"]/gm
    const offenders = mainPackageSources().flatMap((file) => {
      const text = readFileSync(file, 'utf8')
      return [...text.matchAll(valueImport)].map((m) => `${path.relative(ROOT, file)}: ${m[0].replace(/\s+/g, ' ')}`)
    })
    // Fix: labels come from '@/labels'; anything else from the contract belongs in a subpackage page.
    expect(offenders).toEqual([])
  })
})
