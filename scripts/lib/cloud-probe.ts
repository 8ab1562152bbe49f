/**
 * Runs a built cloud-function bundle the way CloudBase does: a fresh Node process, configured only
 * through its environment, `require`s index.js and calls `main(event, context)` once. The SDK in it
 * talks to `endpoint` (a capture server standing in for CloudBase's API, see
 * test/support/capture-server.ts). Used by test/cloud/bundle-runtime.test.ts and `npm run bench -- cold`.
 */
import { randomBytes } from 'node:crypto'
import { spawn } from 'node:child_process'

export interface ProbeResult {
  /** The envelope main() answered. */
  answer: { ok: boolean; data?: unknown; error?: { code: string; message?: string } }
  /** Milliseconds from spawning the process to the answer on its stdout (the cold start a caller sees). */
  totalMs: number
  /** Inside the process: loading index.js, then the first call (which loads the SDK and reaches the endpoint). */
  requireMs: number
  callMs: number
  node: string
}

const PROBE_SECRET = randomBytes(24).toString('hex')

/** The environment CloudBase gives a function, pointed at a local endpoint; the caller is `openid`. */
export function cloudEnv(endpoint: string, openid: string | null, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    // A fresh secret per process: nothing the probe checks depends on its value.
    TOKEN_SECRET: PROBE_SECRET,
    ADMIN_OPENIDS: 'o-admin',
    LOG_LEVEL: 'silent',
    TCB_ENV: 'test-env',
    TENCENTCLOUD_SECRETID: 'tmp-id',
    TENCENTCLOUD_SECRETKEY: 'tmp-key',
    // Tells the SDK it runs on Tencent Cloud, so it skips its metadata-host probe.
    TENCENTCLOUD: 'true',
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${endpoint}/admin` }),
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID',
    WX_APPID: 'wx-app',
    ...(openid ? { WX_OPENID: openid } : {}),
    ...extra,
  }
}

const CHILD = `
const t0 = process.hrtime.bigint();
const ms = (a, b) => Number(b - a) / 1e6;
const m = require(process.argv[1]);
const t1 = process.hrtime.bigint();
m.main(JSON.parse(process.argv[2]), {}).then((answer) => {
  const t2 = process.hrtime.bigint();
  process.stdout.write(JSON.stringify({ answer, requireMs: ms(t0, t1), callMs: ms(t1, t2), node: process.version }));
}, (e) => { console.error(e && e.stack || e); process.exit(1) });`

export function probeBundle(indexJs: string, event: unknown, env: Record<string, string>, timeoutMs = 30_000): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(process.execPath, ['-e', CHILD, indexJs, JSON.stringify(event)], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${indexJs}: no answer within ${timeoutMs} ms`)) }, timeoutMs)
    child.stdout.on('data', (c: Buffer) => { out += c })
    child.stderr.on('data', (c: Buffer) => { err += c })
    child.on('close', (code) => {
      clearTimeout(timer)
      const totalMs = Number(process.hrtime.bigint() - started) / 1e6
      if (code !== 0 || !out) { reject(new Error(`${indexJs} exited ${code}: ${err.slice(0, 2000)}`)); return }
      try { resolve({ ...(JSON.parse(out) as Omit<ProbeResult, 'totalMs'>), totalMs }) } catch (e) { reject(new Error(`${indexJs}: unreadable answer ${out.slice(0, 500)}`)) }
    })
  })
}

/** Capture-server replies enough for read-only first calls: every read finds nothing. */
export function emptyDatabaseReply(action: string): Record<string, unknown> {
  if (action === 'database.getDocument') return { requestId: 'q', data: { list: [] } }
  if (action === 'database.calculateDocument') return { requestId: 'q', data: { total: 0 } }
  if (action === 'database.aggregateDocuments') return { requestId: 'q', data: { list: [] } }
  return { code: 'UNEXPECTED', message: action }
}

/** The first call each function answers in the bundle tests and the cold-start bench. */
export const FIRST_CALLS = {
  member: { event: { action: 'me', data: {} }, openid: 'o-admin' },
  voucher: { event: { action: 'mine', data: {} }, openid: 'o-worker' },
  contest: { event: { action: 'list', data: {} }, openid: null },
  station: { event: { action: 'nearby', data: { lat: 23.13, lng: 113.26, radiusKm: 5 } }, openid: null },
} as const
