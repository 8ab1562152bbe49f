/**
 * Cold start of the deployed functions: time from spawning a fresh Node process to the first
 * answer of the built bundle (member.me, voucher.mine, contest.list, station.nearby), with the SDK
 * talking to a local capture server. Median of ROUNDS runs per function, for today's build and a
 * baseline build of an older commit, interleaved in the same run so both see the same machine.
 *
 *   npm run bench -- cold                     baseline: COLD_BASE (a git ref, default below)
 *   COLD_BASE=<ref> npm run bench -- cold
 *
 * The baseline is exported from git into .tmp/cold-base/<ref>/ and built with its own
 * scripts/build-functions.ts; its bundles resolve the SDK from this checkout's node_modules (as
 * CloudBase's install would provide it). Also prints the bundle sizes of both builds.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { buildFunctions, FUNCTIONS } from '../build-functions'
import { cloudEnv, emptyDatabaseReply, FIRST_CALLS, probeBundle, type ProbeResult } from '../lib/cloud-probe'
import { startCaptureServer } from '../../test/support/capture-server'
import { fmt } from './util'

const ROOT = join(__dirname, '../..')
/** The last commit whose bundles left the SDK to CloudBase's install (Node 16 target, zod with every locale). */
const DEFAULT_BASE = 'e37a53d'
const ROUNDS = Number(process.env.COLD_ROUNDS ?? 10)

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2 }
const kb = (n: number) => `${fmt(n / 1024, 0)} KB`

function dirBytes(dir: string): number {
  let total = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size
  }
  return total
}

/** Builds the functions of `ref` with that commit's own build script; answers its dist/functions. */
function buildBaseline(ref: string): string {
  const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: ROOT, encoding: 'utf8' }).trim()
  const dir = join(ROOT, '.tmp', 'cold-base', sha)
  const out = join(dir, 'dist', 'functions')
  if (existsSync(join(out, 'member', 'index.js'))) return out
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const tar = execFileSync('git', ['archive', '--format=tar', sha, 'cloudfunctions', 'types', 'scripts', 'package.json', 'tsconfig.json'], { cwd: ROOT, maxBuffer: 64 << 20 })
  execFileSync('tar', ['-x', '-C', dir], { input: tar })
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/build-functions.ts'], { cwd: dir, stdio: 'ignore' })
  return out
}

export async function run(): Promise<void> {
  const ref = process.env.COLD_BASE ?? DEFAULT_BASE
  const baseDir = buildBaseline(ref)
  const nowDir = join(ROOT, '.tmp', 'cold-now')
  const built = await buildFunctions({ outDir: nowDir })

  const cs = await startCaptureServer()
  cs.reply = (r) => emptyDatabaseReply(r.action)
  const runs: Record<string, { base: ProbeResult[]; now: ProbeResult[] }> = {}
  try {
    for (let i = 0; i < ROUNDS; i++) {
      for (const fn of FUNCTIONS) {
        const first = FIRST_CALLS[fn]
        const r = (runs[fn] ??= { base: [], now: [] })
        const check = (p: ProbeResult, which: string) => { if (!p.answer.ok) throw new Error(`${which} ${fn}: ${JSON.stringify(p.answer)}`); return p }
        r.base.push(check(await probeBundle(join(baseDir, fn, 'index.js'), first.event, cloudEnv(cs.url, first.openid, { NODE_PATH: join(ROOT, 'node_modules') })), `baseline`))
        r.now.push(check(await probeBundle(join(nowDir, fn, 'index.js'), first.event, cloudEnv(cs.url, first.openid)), 'today'))
      }
    }
  } finally {
    await cs.close()
  }

  console.log(`cold start: spawn → first answer, median of ${ROUNDS} fresh processes (Node ${process.version}); baseline ${ref}`)
  console.log('function  call            baseline ms (load + call)     today ms (load + call)      today/baseline')
  const ratios: number[] = []
  for (const fn of FUNCTIONS) {
    const { base, now } = runs[fn]
    const b = median(base.map((p) => p.totalMs))
    const n = median(now.map((p) => p.totalMs))
    ratios.push(n / b)
    const split = (ps: ProbeResult[]) => `${fmt(median(ps.map((p) => p.requireMs)))} + ${fmt(median(ps.map((p) => p.callMs)))}`
    console.log(`${fn.padEnd(9)} ${FIRST_CALLS[fn].event.action.padEnd(14)} ${fmt(b).padStart(6)} (${split(base)})`.padEnd(55) + `${fmt(n).padStart(6)} (${split(now)})`.padEnd(28) + `${fmt((n / b) * 100)} %`)
  }
  console.log(`overall today/baseline (median of the four ratios): ${fmt(median(ratios) * 100)} %`)

  console.log('\nbundle sizes            baseline index.js      today app.js    today SDK (bundled, minified)')
  for (const b of built) {
    console.log(`${b.name.padEnd(24)}${kb(statSync(join(baseDir, b.name, 'index.js')).size).padStart(17)}${kb(b.bytes).padStart(18)}${kb(b.sdkBytes).padStart(20)}`)
  }
  console.log(`baseline SDK: installed by CloudBase from package.json (here node_modules/@cloudbase/node-sdk alone is ${kb(dirBytes(join(ROOT, 'node_modules', '@cloudbase', 'node-sdk', 'dist')))} of dist, plus its dependency tree)`)
}
