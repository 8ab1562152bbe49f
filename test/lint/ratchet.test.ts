/**
 * eslint.config.mjs once listed the files that still broke two layer rules (issue #13's ratchet). Both lists are
 * gone: every page is held to "pages never import the API client", every area file to "an area never imports
 * another area nor a tab page's folder". This test asks ESLint itself which rules each file gets, so an
 * exception under any name (a list, an `ignores`, a later block that drops the pattern) fails it.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT, rel, sourceFiles } from '../support/source'

/**
 * The regexes of the no-restricted-imports patterns ESLint applies to each file, asked of ESLint in a child
 * process (its flat config is an ES module, which jest's module system does not load).
 */
function importPatterns(files: string[]): Record<string, string[]> {
  const script = `
    const { ESLint } = require('eslint')
    const eslint = new ESLint({ cwd: process.cwd() })
    ;(async () => {
      const out = {}
      for (const f of JSON.parse(process.argv[1])) {
        const entry = (await eslint.calculateConfigForFile(f))?.rules?.['@typescript-eslint/no-restricted-imports']
        const on = Array.isArray(entry) && (entry[0] === 'error' || entry[0] === 2)
        out[f] = on ? (entry[1]?.patterns ?? []).map((p) => p.regex ?? '') : []
      }
      process.stdout.write(JSON.stringify(out))
    })()`
  const r = spawnSync(process.execPath, ['-e', script, JSON.stringify(files)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (r.status !== 0) throw new Error(r.stderr)
  return JSON.parse(r.stdout)
}

const src = sourceFiles(path.join(ROOT, 'src')).map(rel)
const pages = src.filter((f) => /^src\/pages\//.test(f) || /^src\/packages\/[^/]+\/pages\//.test(f))
const areaFiles = src.filter((f) => /^src\/packages\/(?!shared\/)[^/]+\//.test(f))

describe('the layer rules hold every file (no exception list in eslint.config.mjs)', () => {
  const patterns = importPatterns([...new Set([...pages, ...areaFiles])])

  it('every page gets "pages never import the API client"', () => {
    expect(pages.length).toBeGreaterThan(40)
    expect(pages.filter((f) => !patterns[f].some((r) => r.startsWith('^(@/api|')))).toEqual([])
  })

  it('every area file gets "an area never imports another area nor a tab page\'s folder"', () => {
    expect(areaFiles.length).toBeGreaterThan(60)
    const exempt = areaFiles.filter((f) => {
      const area = /^src\/packages\/([^/]+)\//.exec(f)![1]
      return !patterns[f].includes(`^@/(pages/|packages/(?!(${area}|shared)(/|$)))`)
    })
    expect(exempt).toEqual([])
  })

  it('the old named lists stay gone', () => {
    const config = readFileSync(path.join(ROOT, 'eslint.config.mjs'), 'utf8')
    expect(config).not.toMatch(/PAGES_CALLING_API|AREAS_IMPORTING_TAB_FOLDERS/)
  })
})
