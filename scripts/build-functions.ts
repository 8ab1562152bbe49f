/**
 * npm run build:functions: one self-contained CommonJS bundle per cloud function, for CloudBase's
 * Node 20 runtime (Nodejs20.19), in dist/functions/<fn>/, ready for WeChat DevTools ("上传并部署：
 * 所有文件") or `tcb fn deploy` with cloudbaserc.json:
 *
 *   index.js                              the function, _shared and the schemas it uses
 *   node_modules/@cloudbase/node-sdk/     the SDK at the version in package-lock.json, bundled with
 *                                         its whole dependency tree into one minified file
 *   package.json [config.json]            no dependencies: CloudBase installs nothing
 *
 * So what runs in the cloud is byte for byte what the tests ran (no `^` range moves between
 * deploys), and the SDK loads from one file instead of ~400 modules (see `npm run bench -- cold`).
 * better-sqlite3 is external as a tripwire: the build fails if anything pulls it in.
 */
import { build, type Metafile } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'

export const FUNCTIONS = ['member', 'voucher', 'contest', 'station'] as const
export type FunctionName = (typeof FUNCTIONS)[number]

const ROOT = join(__dirname, '..')
const SDK = '@cloudbase/node-sdk'

/** Open APIs (云调用) a function may call: WeChat DevTools reads them from config.json. */
const OPENAPI: Partial<Record<FunctionName, string[]>> = {
  // msgSecCheck: the text content check of published free text (content/wechat.ts);
  // subscribeMessage.send: decisions and reminders (notify-wechat.ts).
  member: ['security.msgSecCheck', 'subscribeMessage.send'],
  voucher: ['subscribeMessage.send'],
  contest: ['security.mediaCheckAsync', 'security.msgSecCheck', 'subscribeMessage.send'],
  // wxacode.getUnlimited: the mini-program code on station posters (minicode-wechat.ts).
  station: ['security.msgSecCheck', 'wxacode.getUnlimited'],
}
/** Timer triggers, declared in config.json for DevTools as in cloudbaserc.json for the CLI. */
const TRIGGERS: Partial<Record<FunctionName, Array<{ name: string; type: 'timer'; config: string }>>> = {
  voucher: [{ name: 'remind', type: 'timer', config: '0 */10 18 * * * *' }],
}

/** Source files that must never reach the cloud bundle. */
const FORBIDDEN_INPUTS = [/node_modules\/better-sqlite3\//, /cloudfunctions\/_shared\/docstore\/sqlite\.ts$/, /cloudfunctions\/_local\//, /(^|\/)src\//]
/** The CloudBase runtime the functions are declared with (cloudbaserc.json) and the bundles target. */
export const RUNTIME = 'Nodejs20.19'
export const ESBUILD_TARGET = 'node20.19'
/** Globals newer than CloudBase's Node 20.19 (the bundle would fail at run time, not at build time). */
const NOT_IN_RUNTIME: Array<[RegExp, string]> = [
  [/\bArray\.fromAsync\s*\(/, 'Array.fromAsync (Node 22)'],
  [/\bPromise\.try\s*\(/, 'Promise.try (Node 23)'],
  [/\bprocess\.getBuiltinModule\s*\(/, 'process.getBuiltinModule (Node 22.3)'],
  [/\.(union|intersection|symmetricDifference|isSubsetOf|isSupersetOf|isDisjointFrom)\s*\(new Set/, 'Set methods (Node 22)'],
  [/\bRegExp\.escape\s*\(/, 'RegExp.escape (Node 24)'],
]

export interface BuiltFunction {
  name: FunctionName; dir: string; bytes: number; inputs: number; sdkBytes: number
  /** The files of cloudfunctions/ in the bundle (repository paths). */
  sources: string[]
}

/** The SDK version actually installed (what the tests run), which package.json pins exactly. */
export function sdkVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
  const wanted = pkg.dependencies?.[SDK]
  if (!wanted) throw new Error(`${SDK} is not a dependency in package.json`)
  const installed = (JSON.parse(readFileSync(join(ROOT, 'node_modules', SDK, 'package.json'), 'utf8')) as { version: string }).version
  if (wanted !== installed) throw new Error(`${SDK}: package.json asks for ${wanted}, node_modules holds ${installed}; pin it exactly and reinstall`)
  return installed
}

/** The function's bundle; index.js is a loader that runs it with V8's code cache (see cachedLoader). */
export const APP_FILE = 'app.js'
const SDK_FILE = 'sdk.js'
export const CACHE_SUFFIX = '.cache'

/**
 * index.js of a function (and of the bundled SDK): compiles `target` with the V8 code cache made at
 * build time (`<target>.cache`), so a cold container skips most of the parsing and compiling. A
 * cache made by another V8 version is rejected by V8 itself and the file compiles as usual.
 */
export function cachedLoader(target: string): string {
  return `'use strict';
// Runs ./${target} with V8's code cache (./${target}${CACHE_SUFFIX}, made by scripts/build-functions.ts).
// If this Node's V8 rejects the cache, ${target} is compiled as usual: same behaviour, slower start.
const fs = require('fs'), path = require('path'), vm = require('vm'), Module = require('module');
const file = path.join(__dirname, ${JSON.stringify(target)});
let cachedData;
try { cachedData = fs.readFileSync(file + ${JSON.stringify(CACHE_SUFFIX)}); } catch (e) { cachedData = undefined; }
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
const inner = { exports: {}, id: file, filename: file, loaded: false };
script.runInThisContext().call(inner.exports, inner.exports, Module.createRequire(file), inner, file, __dirname);
inner.loaded = true;
module.exports = inner.exports;
`
}

/**
 * Writes <dir>/<target>.cache: a fresh Node process compiles and runs the target, runs \`warm\`
 * (a function body with \`exported\` in scope, returning a promise) so the functions of the first
 * call are compiled too, then saves V8's code cache.
 */
function makeCodeCache(dir: string, target: string, warm: string): void {
  const file = join(dir, target)
  const script = `
    const fs = require('fs'), vm = require('vm'), Module = require('module');
    const file = ${JSON.stringify(file)};
    const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file });
    const inner = { exports: {} };
    script.runInThisContext().call(inner.exports, inner.exports, Module.createRequire(file), inner, file, ${JSON.stringify(dir)});
    const exported = inner.exports;
    Promise.resolve((async () => { ${warm} })()).catch(() => null).then(() => {
      fs.writeFileSync(file + ${JSON.stringify(CACHE_SUFFIX)}, script.createCachedData());
      process.exit(0);
    });`
  execFileSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', TENCENTCLOUD: 'true' }, stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 })
}

/** Where the bundled SDK sits inside a function folder (Node resolves `require('@cloudbase/node-sdk')` to it). */
export const SDK_DIR = join('node_modules', SDK)

/**
 * The SDK and its dependency tree as one minified CommonJS file. Its version.js reads
 * ../../package.json at run time; in the bundle that file is not there, so the version is inlined.
 */
async function bundleSdk(outFile: string, version: string): Promise<void> {
  await build({
    entryPoints: [require.resolve(SDK, { paths: [ROOT] })],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    target: ESBUILD_TARGET,
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [{
      name: 'sdk-version',
      setup(b) {
        b.onLoad({ filter: /@cloudbase[\\/]node-sdk[\\/]dist[\\/]utils[\\/]version\.js$/ }, () => ({
          contents: `"use strict";Object.defineProperty(exports,"__esModule",{value:true});exports.version=${JSON.stringify(version)};`,
          loader: 'js',
        }))
      },
    }],
  })
}

export function checkInputs(name: string, meta: Metafile): void {
  // Each function carries its own folder and _shared/, never another function's code (a privacy part or a
  // key rule two functions need lives in _shared/).
  const otherFunction = (p: string) => { const m = /(?:^|\/)cloudfunctions\/([^/_][^/]*)\//.exec(p); return !!m && m[1] !== name }
  const bad = Object.keys(meta.inputs).filter((p) => FORBIDDEN_INPUTS.some((re) => re.test(p)) || otherFunction(p))
  const imports = Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path))
  const externals = [...new Set(imports)].filter((p) => p !== SDK && !p.startsWith('node:') && !isBuiltin(p))
  if (bad.length || externals.length) {
    throw new Error(`${name}: the cloud bundle must not contain ${[...bad, ...externals].join(', ')} (cloud.ts must not import _local/ or the sqlite adapter; a function imports no other function's folder)`)
  }
}

function isBuiltin(p: string): boolean {
  return (require('node:module') as typeof import('node:module')).builtinModules.includes(p)
}

export function checkRuntime(name: string, code: string): void {
  const found = NOT_IN_RUNTIME.filter(([re]) => re.test(code)).map(([, what]) => what)
  if (found.length) throw new Error(`${name}: uses ${found.join(', ')}, which CloudBase's ${RUNTIME} runtime lacks`)
}

/** Loads the bundle in a fresh Node process and calls it once without configuration: it must answer INTERNAL, not crash. */
function smoke(dir: string): void {
  const script = `
    const m = require(${JSON.stringify(join(dir, 'index.js'))});
    if (typeof m.main !== 'function') { console.error('no main export'); process.exit(2) }
    m.main({ action: 'me' }, {}).then((r) => {
      if (!r || r.ok !== false || r.error.code !== 'INTERNAL') { console.error('unexpected', JSON.stringify(r)); process.exit(3) }
    }, (e) => { console.error(e); process.exit(4) })`
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' }
  execFileSync(process.execPath, ['-e', script], { env, stdio: ['ignore', 'ignore', 'pipe'] })
}

export async function buildFunctions(opts: { outDir?: string; only?: FunctionName[]; smokeTest?: boolean } = {}): Promise<BuiltFunction[]> {
  const outDir = opts.outDir ?? join(ROOT, 'dist/functions')
  const version = sdkVersion()
  const out: BuiltFunction[] = []
  // One SDK bundle, copied into each function.
  const sdkBuild = join(outDir, '.sdk')
  rmSync(sdkBuild, { recursive: true, force: true })
  await bundleSdk(join(sdkBuild, SDK_FILE), version)
  writeFileSync(join(sdkBuild, 'index.js'), cachedLoader(SDK_FILE))
  makeCodeCache(sdkBuild, SDK_FILE, `
    const app = exported.init({ env: 'warm-up', secretId: 'a', secretKey: 'b', serviceUrl: 'http://127.0.0.1:9/admin', timeout: 2000 });
    return app.database().collection('warm').where({ a: 1 }).get().catch(() => null);`)
  writeFileSync(join(sdkBuild, 'package.json'), JSON.stringify({ name: SDK, version, main: 'index.js', license: 'MIT', description: `${SDK} ${version} and its dependencies, bundled by scripts/build-functions.ts` }, null, 2) + '\n')
  const licence = join(ROOT, 'node_modules', SDK, 'LICENSE')
  if (existsSync(licence)) cpSync(licence, join(sdkBuild, 'LICENSE'))
  for (const name of opts.only ?? FUNCTIONS) {
    const dir = join(outDir, name)
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const result = await build({
      entryPoints: [join(ROOT, 'cloudfunctions', name, 'index.ts')],
      outfile: join(dir, APP_FILE),
      bundle: true,
      platform: 'node',
      target: ESBUILD_TARGET,
      format: 'cjs',
      external: [SDK, 'better-sqlite3'],
      metafile: true,
      // Whitespace and syntax only: names stay, so stack traces in the function log stay readable.
      minifyWhitespace: true,
      minifySyntax: true,
      legalComments: 'none',
      logLevel: 'silent',
    })
    checkInputs(name, result.metafile)
    checkRuntime(name, readFileSync(join(dir, APP_FILE), 'utf8'))
    writeFileSync(join(dir, 'index.js'), cachedLoader(APP_FILE))
    cpSync(sdkBuild, join(dir, SDK_DIR), { recursive: true })
    writeFileSync(join(dir, 'package.json'), JSON.stringify({
      name: `ghyz-${name}`,
      version: '1.0.0',
      private: true,
      main: 'index.js',
      description: `${SDK} ${version} is bundled in ${SDK_DIR}; nothing is installed on deploy`,
      dependencies: {},
    }, null, 2) + '\n')
    const apis = OPENAPI[name] ?? []
    const triggers = TRIGGERS[name]
    if (apis.length || triggers) {
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ permissions: { openapi: apis }, ...(triggers ? { triggers } : {}) }, null, 2) + '\n')
    }
    // Warmed by a call without configuration (it answers INTERNAL), which also runs the loading paths.
    makeCodeCache(dir, APP_FILE, `return exported.main({ action: 'me' }, {});`)
    if (opts.smokeTest !== false) smoke(dir)
    const inputs = Object.keys(result.metafile.inputs)
    out.push({
      name, dir, bytes: statSync(join(dir, APP_FILE)).size, inputs: inputs.length, sdkBytes: statSync(join(dir, SDK_DIR, SDK_FILE)).size,
      sources: inputs.filter((p) => p.startsWith('cloudfunctions/')),
    })
  }
  rmSync(sdkBuild, { recursive: true, force: true })
  return out
}

if (require.main === module) {
  const started = Date.now()
  buildFunctions().then((built) => {
    for (const b of built) {
      console.log(`${relative(ROOT, b.dir).padEnd(24)} app.js ${(b.bytes / 1024).toFixed(1).padStart(7)} KB  (${b.inputs} modules)  + ${SDK} ${(b.sdkBytes / 1024).toFixed(0)} KB`)
    }
    console.log(`built ${built.length} functions in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }, (e) => {
    console.error(e instanceof Error ? e.message : e)
    process.exit(1)
  })
}
