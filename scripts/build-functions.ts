/**
 * npm run build:functions: one self-contained CommonJS bundle per cloud function, for CloudBase's
 * Node 16 runtime, in dist/functions/<fn>/ (index.js + package.json [+ config.json]), ready for
 * WeChat DevTools ("上传并部署：云端安装依赖") or `tcb fn deploy` with cloudbaserc.json.
 *
 * Only @cloudbase/node-sdk stays external (installed by CloudBase from the package.json written
 * here). better-sqlite3 is external too, as a tripwire: the build fails if anything pulls it in.
 */
import { build, type Metafile } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { writeDatabaseFiles } from './cloud-indexes'

export const FUNCTIONS = ['member', 'voucher', 'contest', 'station'] as const
export type FunctionName = (typeof FUNCTIONS)[number]

const ROOT = join(__dirname, '..')
const SDK = '@cloudbase/node-sdk'

/** Open APIs (云调用) a function may call: WeChat DevTools reads them from config.json. */
const OPENAPI: Partial<Record<FunctionName, string[]>> = { contest: ['security.mediaCheckAsync'], station: ['wxacode.getUnlimited'] }

/** Source files that must never reach the cloud bundle. */
const FORBIDDEN_INPUTS = [/node_modules\/better-sqlite3\//, /cloudfunctions\/_shared\/docstore\/sqlite\.ts$/, /cloudfunctions\/_shared\/deps\.ts$/, /cloudfunctions\/_local\//, /(^|\/)src\//]
/** Globals CloudBase's Node 16.13 does not have (the bundle would fail at run time, not at build time). */
const NOT_IN_NODE16: Array<[RegExp, string]> = [
  [/\bstructuredClone\s*\(/, 'structuredClone (Node 17)'],
  [/(?<![.\w$])fetch\s*\(/, 'global fetch (Node 18)'],
  [/\.findLast(Index)?\s*\(/, 'Array.prototype.findLast (Node 18)'],
  [/\.(toSorted|toReversed|toSpliced)\s*\(/, 'change-array-by-copy (Node 20)'],
  [/\bAbortSignal\.timeout\s*\(/, 'AbortSignal.timeout (Node 17.3)'],
]

export interface BuiltFunction { name: FunctionName; dir: string; bytes: number; inputs: number }

function sdkVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
  const v = pkg.dependencies?.[SDK]
  if (!v) throw new Error(`${SDK} is not a dependency in package.json`)
  return v
}

export function checkInputs(name: string, meta: Metafile): void {
  const bad = Object.keys(meta.inputs).filter((p) => FORBIDDEN_INPUTS.some((re) => re.test(p)))
  const imports = Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path))
  const externals = [...new Set(imports)].filter((p) => p !== SDK && !p.startsWith('node:') && !isBuiltin(p))
  if (bad.length || externals.length) {
    throw new Error(`${name}: the cloud bundle must not contain ${[...bad, ...externals].join(', ')} (cloud.ts must not import deps.ts or the sqlite adapter)`)
  }
}

function isBuiltin(p: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:module') as typeof import('node:module')).builtinModules.includes(p)
}

export function checkNode16(name: string, code: string): void {
  const found = NOT_IN_NODE16.filter(([re]) => re.test(code)).map(([, what]) => what)
  if (found.length) throw new Error(`${name}: uses ${found.join(', ')}, which CloudBase's Node 16 runtime lacks`)
}

/** Loads the bundle in a fresh Node process and calls it once without configuration: it must answer INTERNAL, not crash. */
function smoke(dir: string): void {
  const script = `
    const m = require(${JSON.stringify(join(dir, 'index.js'))});
    if (typeof m.main !== 'function') { console.error('no main export'); process.exit(2) }
    m.main({ action: 'me' }, {}).then((r) => {
      if (!r || r.ok !== false || r.error.code !== 'INTERNAL') { console.error('unexpected', JSON.stringify(r)); process.exit(3) }
    }, (e) => { console.error(e); process.exit(4) })`
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', NODE_PATH: join(ROOT, 'node_modules') }
  execFileSync(process.execPath, ['-e', script], { env, stdio: ['ignore', 'ignore', 'pipe'] })
}

export async function buildFunctions(opts: { outDir?: string; only?: FunctionName[]; smokeTest?: boolean } = {}): Promise<BuiltFunction[]> {
  const outDir = opts.outDir ?? join(ROOT, 'dist/functions')
  const version = sdkVersion()
  const out: BuiltFunction[] = []
  for (const name of opts.only ?? FUNCTIONS) {
    const dir = join(outDir, name)
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const result = await build({
      entryPoints: [join(ROOT, 'cloudfunctions', name, 'index.ts')],
      outfile: join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      external: [SDK, 'better-sqlite3'],
      metafile: true,
      legalComments: 'none',
      logLevel: 'silent',
    })
    checkInputs(name, result.metafile)
    checkNode16(name, readFileSync(join(dir, 'index.js'), 'utf8'))
    writeFileSync(join(dir, 'package.json'), JSON.stringify({
      name: `ghyz-${name}`,
      version: '1.0.0',
      private: true,
      main: 'index.js',
      dependencies: { [SDK]: version },
    }, null, 2) + '\n')
    const apis = OPENAPI[name]
    if (apis) writeFileSync(join(dir, 'config.json'), JSON.stringify({ permissions: { openapi: apis } }, null, 2) + '\n')
    if (opts.smokeTest !== false) smoke(dir)
    out.push({ name, dir, bytes: statSync(join(dir, 'index.js')).size, inputs: Object.keys(result.metafile.inputs).length })
  }
  return out
}

if (require.main === module) {
  const started = Date.now()
  const stale = writeDatabaseFiles()
  buildFunctions().then((built) => {
    for (const b of built) {
      console.log(`${relative(ROOT, b.dir).padEnd(24)} index.js ${(b.bytes / 1024).toFixed(1).padStart(7)} KB  (${b.inputs} modules bundled; ${SDK} installed by CloudBase)`)
    }
    if (stale.length) console.log(`updated ${stale.map((f) => relative(ROOT, f)).join(', ')}`)
    console.log(`built ${built.length} functions in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }, (e) => {
    console.error(e instanceof Error ? e.message : e)
    process.exit(1)
  })
}
