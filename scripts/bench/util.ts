import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance as nodePerformance } from 'node:perf_hooks'

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix))

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

/** The floor for HTTP throughput on this machine: a bare node server answering a fixed JSON envelope. */
export async function bareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const body = JSON.stringify({ ok: true, data: { id: 'x', status: 'unused' } })
  const srv = createServer((req, res) => {
    req.resume()
    req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body) })
  })
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const { port } = srv.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => srv.close(() => r())) }
}

/** A gateway answer as the benches read it. */
export type Answer = { ok: boolean; data?: any; error?: { code: string } }

/** Posts `action` of function `fn` to the gateway at `url` as `openid`, and reads the answer. */
export function poster(url: string, fn: string) {
  return async (openid: string, action: string, data: unknown): Promise<Answer> => {
    const r = await fetch(`${url}/api/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': openid }, body: JSON.stringify({ action, data }) })
    return (await r.json()) as Answer
  }
}

/** The latencies (ms) and the answers (`okCode`, or the error's code) of the requests sent through `timed`. */
export function tally(okCode: string) {
  const latencies: number[] = []
  const codes: Record<string, number> = {}
  return {
    latencies,
    codes,
    async timed(send: () => Promise<Answer>): Promise<Answer> {
      const s = performance.now()
      const r = await send()
      latencies.push(performance.now() - s)
      const code = r.ok ? okCode : r.error!.code
      codes[code] = (codes[code] ?? 0) + 1
      return r
    },
  }
}

export const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })

/**
 * With BENCH_PROFILE=<dir>, records a CPU profile of this thread while `fn` runs (the measured phase only,
 * not the seeding) to `<dir>/<name>.cpuprofile`; open it in Chrome's DevTools or summarise it with
 * `node scripts/profile-top.mjs <file>`. Without it, just runs `fn`.
 */
export async function profiled<R>(name: string, fn: () => Promise<R>): Promise<R> {
  const dir = process.env.BENCH_PROFILE
  if (!dir) return fn()
  const { Session } = await import('node:inspector')
  const s = new Session()
  s.connect()
  const post = (method: string, params?: object) => new Promise<any>((res, rej) => s.post(method, params ?? {}, (e, r) => (e ? rej(e) : res(r))))
  await post('Profiler.enable')
  await post('Profiler.setSamplingInterval', { interval: 200 })
  await post('Profiler.start')
  try {
    return await fn()
  } finally {
    const { profile } = await post('Profiler.stop')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile))
    s.disconnect()
  }
}

/** The machine a figure was measured on: printed first, since every figure depends on it. */
export function machine(): string {
  const os = require('node:os') as typeof import('node:os')
  const cpus = os.cpus()
  return `${cpus.length} cores (${cpus[0]?.model?.trim() ?? '?'}), Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`
}

/** A figure next to its aim, so that a regression shows: `✓` met, `✗` missed. */
export function aim(ok: boolean, text: string): string {
  return `[aim ${text}: ${ok ? '✓' : '✗'}]`
}

/** autocannon ships no types; the part of its result the benches read. */
export interface CannonResult {
  requests: { total: number; average: number }
  latency: { p50: number; p97_5: number; p99: number }
  errors: number
  timeouts: number
  non2xx: number
  duration: number
  statusCodeStats?: Record<string, { count: number }>
}
/** The load generator every bench uses. */
export const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<CannonResult>

/**
 * The write rushes' load: autocannon with 32 connections (one worker thread) POSTing `amount` requests to
 * `path`, each body made by `setupBody` (the source of a function `(n) => ({ headers, body })` for request
 * number n, run in autocannon's thread). The same settings serve the bare server's floor.
 */
export async function cannon(url: string, path: string, setupBody: string, amount: number, dir: string) {
  const file = join(dir, `setup-${Math.random().toString(36).slice(2)}.js`)
  writeFileSync(file, `
const { randomUUID } = require('node:crypto')
const make = ${setupBody}
let i = 0
module.exports = function setupRequest(req) {
  const r = make(i++)
  req.headers = { ...req.headers, 'content-type': 'application/json', ...r.headers }
  req.body = JSON.stringify(r.body)
  return req
}
`)
  const t0 = performance.now()
  const elu0 = nodePerformance.eventLoopUtilization()
  const r = await autocannon({ url, connections: 32, amount, workers: 1, timeout: 30, requests: [{ method: 'POST', path, setupRequest: file }] })
  // The server's thread (this one; autocannon runs in a worker thread): how long it was busy per request,
  // which other load on the machine moves much less than the rate.
  const busyMs = nodePerformance.eventLoopUtilization(elu0).active
  const s = (performance.now() - t0) / 1000
  const codes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]))
  const total = r.requests.total
  return { rate: total / s, total, s, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, codes, busyUs: (busyMs * 1000) / Math.max(1, total) }
}
