/**
 * eslint.config.mjs lists the files that still break two layer rules (issue #13's ratchet). The lint holds every
 * other file to the rules; this test holds the lists to the truth: each listed file still does what it is listed
 * for, so a file that was fixed must leave the list (and the list can only shrink).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')
const config = readFileSync(path.join(ROOT, 'eslint.config.mjs'), 'utf8')

function list(name: string): string[] {
  const m = new RegExp(`const ${name} = \\[([\\s\\S]*?)\\n\\]`).exec(config)
  if (!m) throw new Error(`${name} not found in eslint.config.mjs`)
  return [...m[1].matchAll(/^\s*'([^']+)'/gm)].map((x) => x[1])
}
const importsOf = (file: string) =>
  [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/^import\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1])

describe('the ratchet lists of eslint.config.mjs', () => {
  it('has no list of pages calling the API client any more: every page is held to that rule', () => {
    expect(config).not.toMatch(/PAGES_CALLING_API/)
  })

  it.each(list('AREAS_IMPORTING_TAB_FOLDERS'))('%s still imports a tab page folder', (file) => {
    expect(existsSync(path.join(ROOT, file))).toBe(true)
    expect(importsOf(file).some((s) => s.startsWith('@/pages/'))).toBe(true)
  })

  it('hold no more than issue #13 counted (15 area files importing tab folders)', () => {
    expect(list('AREAS_IMPORTING_TAB_FOLDERS').length).toBeLessThanOrEqual(15)
  })
})
