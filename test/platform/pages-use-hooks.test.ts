/**
 * Pages do no data access of their own: no file under src/pages/ or src/packages/<area>/pages/ imports the API
 * client (src/api: `@/api`, `@/api/…` or a relative path into it). They call the hooks of src/hooks/ instead
 * (useQuery, useAction, usePagedQuery, useRotatingToken, useTillScan, useUpload), which keep the requestId,
 * retry and error rules in one place. Read from the source with TypeScript's own import scanner, so type-only
 * imports, re-exports and dynamic imports count too.
 */
import { readdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { ROOT, importSpecifiers, rel, sourceFiles } from '../support/source'

const SRC = join(ROOT, 'src')
const API = join(SRC, 'api')

/** Every page file: the tab pages (src/pages/**) and each subpackage's pages (src/packages/<area>/pages/**). */
function pageFiles(): string[] {
  const areas = readdirSync(join(SRC, 'packages')).map((a) => join(SRC, 'packages', a, 'pages'))
  return [join(SRC, 'pages'), ...areas.filter((d) => { try { return statSync(d).isDirectory() } catch { return false } })].flatMap(sourceFiles)
}

/** Does this import specifier, written in `from`, point into src/api? */
function isApiClient(from: string, spec: string): boolean {
  if (spec === '@/api' || spec.startsWith('@/api/')) return true
  if (!spec.startsWith('.')) return false
  const target = resolve(dirname(from), spec)
  return target === API || target.startsWith(API + '/')
}

function apiImports(file: string): string[] {
  return importSpecifiers(file).filter((spec) => isApiClient(file, spec))
}

describe('pages use the data hooks, not the API client', () => {
  it('finds the page files (tab pages and every area)', () => {
    const pages = pageFiles().map(rel)
    expect(pages).toContain('src/pages/cooling/index.tsx')
    for (const area of ['member', 'voucher', 'contest', 'station', 'staff']) {
      expect(pages.some((p) => p.startsWith(`src/packages/${area}/pages/`))).toBe(true)
    }
  })

  it('recognises every way of importing the client', () => {
    const page = join(SRC, 'packages/voucher/pages/wallet/index.tsx')
    expect(isApiClient(page, '@/api')).toBe(true)
    expect(isApiClient(page, '@/api/client')).toBe(true)
    expect(isApiClient(page, '../../../../api')).toBe(true)
    expect(isApiClient(page, '../../../../api/retry')).toBe(true)
    expect(isApiClient(page, '@/hooks/useApi')).toBe(false)
    expect(isApiClient(page, '../../components/ui')).toBe(false)
    expect(isApiClient(page, '@/apiary')).toBe(false)
  })

  it('no page file imports src/api', () => {
    const offenders = pageFiles().flatMap((f) => apiImports(f).map((spec) => `${rel(f)} imports ${spec}`))
    expect(offenders).toEqual([])
  })
})
