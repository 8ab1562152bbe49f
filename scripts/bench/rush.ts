/**
 * Votes and check-ins through the gateway, the way claims are measured (voucher.ts): autocannon, 32
 * connections, 20,000 requests, next to the bare HTTP server's floor measured with the same settings in the
 * same run. They take the same machinery as a claim (router, schema, rate-limit counter, a few keyed
 * writes), so the aim is the same kind: at least half the floor.
 *
 *  - votes: 2,000 voters × 10 different entries of the demo contest (40 approved entries), all accepted;
 *  - check-ins: 4,000 people × 5 different stations of the demo seed (by station id and its printed code).
 */
import { join } from 'node:path'
import { createGateway } from '../../cloudfunctions/_local/gateway'
import type { AnyDoc } from '../../cloudfunctions/_shared/ports'
import { FUNCTION_REGISTRY } from '../../cloudfunctions/_local/functions'
import { aim, bareServer, cannon, fmt, profiled, tempDir } from './util'

const N = 20_000
/** Requests made in-process (no HTTP) for the comparison: people of their own, so the gateway's run is unchanged. */
const IN_PROCESS = 5_000

/**
 * The same calls without HTTP: the function's handler straight from this thread, 32 in flight, as the
 * gateway would run them. The thread is busy all along, so wall time per call is its cost on the thread:
 * the least a call through the gateway can cost, whatever HTTP adds.
 */
async function inProcess(fn: string, makeSource: string, deps: Parameters<(typeof FUNCTION_REGISTRY)[string]['handle']>[2], offset: number) {
  const make = new Function('randomUUID', `return (${makeSource})`)(require('node:crypto').randomUUID) as (n: number) => { headers: Record<string, string>; body: unknown }
  let next = 0
  let ok = 0
  const t0 = performance.now()
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next < IN_PROCESS) {
      const r = make(offset + next++)
      if ((await FUNCTION_REGISTRY[fn].handle(r.body, r.headers['x-openid'] + '-in', deps)).ok) ok++
    }
  }))
  const s = (performance.now() - t0) / 1000
  return { rate: ok / s, us: (s * 1e6) / IN_PROCESS, ok }
}

export async function run(): Promise<void> {
  const dir = tempDir('bench-rush-')
  const gw = await createGateway({ env: { DATA_DIR: join(dir, 'data'), SEED: 'demo', LOG_LEVEL: 'silent', TIMERS: 'off' }, port: 0, h5Dir: null })
  const { store } = gw.deps
  const bare = await bareServer()
  try {
    // 40 approved entries of the demo contest (copies of a seeded one).
    const [model] = await store.collection('entries').find({ contestId: 'hebei-opera-1', status: 'approved' }, { limit: 1 })
    const entryIds = Array.from({ length: 40 }, (_, k) => `bench-e${k}`)
    await store.runTransaction(async (tx) => {
      for (const [k, id] of entryIds.entries()) await tx.insert('entries', { ...(model as AnyDoc), _id: id, owner: `bench-o${k}`, requestId: `bench-r${k}`, votes: 0 } as AnyDoc)
    })
    const stations = (await store.collection('stations').find({}, { limit: 100 })).map((s) => s._id)
    if (stations.length < 65) throw new Error(`the demo seed has ${stations.length} stations; the check-in rush needs 65`)
    const codes = Object.fromEntries(stations.map((id) => [id, gw.deps.tokens.staticCode('station', id)]))

    const voteBody = `(n) => {
      const v = Math.floor(n / 10), k = n % 10, entries = ${JSON.stringify(entryIds)}
      return { headers: { 'x-openid': 'bench-v' + v }, body: { action: 'vote', data: { entryId: entries[(v + k * 3) % 40] } } }
    }`
    const checkinBody = `(n) => {
      const u = Math.floor(n / 5), k = n % 5, stations = ${JSON.stringify(stations)}, codes = ${JSON.stringify(codes)}
      const id = stations[(u * 7 + k * 13) % stations.length]
      return { headers: { 'x-openid': 'bench-k' + u }, body: { action: 'checkin', data: { stationId: id, code: codes[id] } } }
    }`

    const floor = await cannon(bare.url, '/api/contest', voteBody, N, dir)
    console.log(`bare HTTP server (floor): ${fmt(floor.rate)} req/s, p50 ${floor.p50} ms, p99 ${floor.p99} ms (${fmt(floor.total)} requests, 32 connections)`)

    const ops0 = store.ops.count
    const v = await profiled('votes-gateway', () => cannon(gw.url, '/api/contest', voteBody, N, dir))
    const stored = await store.collection('votes').count({ entryId: { $in: entryIds } })
    console.log(`votes through the gateway: ${fmt(v.rate)} votes/s, p50 ${v.p50} ms, p99 ${v.p99} ms, status ${JSON.stringify(v.codes)}, errors ${v.errors}; ${fmt(stored)} votes stored, ${fmt((store.ops.count - ops0) / N, 2)} sqlite ops per vote`)
    console.log(`  server thread busy per request: floor ${fmt(floor.busyUs)} µs, vote ${fmt(v.busyUs)} µs`)
    console.log(`  votes / floor = ${fmt(v.rate / floor.rate, 2)} ${aim(v.rate / floor.rate >= 0.5, '≥ 0.5')}`)

    const ops1 = store.ops.count
    const c = await profiled('checkins-gateway', () => cannon(gw.url, '/api/station', checkinBody, N, dir))
    const visits = await store.collection('checkins').count({ openid: { $gte: 'bench-k', $lt: 'bench-l' } })
    console.log(`check-ins through the gateway: ${fmt(c.rate)} check-ins/s, p50 ${c.p50} ms, p99 ${c.p99} ms, status ${JSON.stringify(c.codes)}, errors ${c.errors}; ${fmt(visits)} check-ins stored, ${fmt((store.ops.count - ops1) / N, 2)} sqlite ops per check-in`)
    console.log(`  server thread busy per request: floor ${fmt(floor.busyUs)} µs, check-in ${fmt(c.busyUs)} µs`)
    console.log(`  check-ins / floor = ${fmt(c.rate / floor.rate, 2)} ${aim(c.rate / floor.rate >= 0.5, '≥ 0.5')}`)
    // After the gateway's runs, so that their stored counts are theirs alone.
    const vIn = await inProcess('contest', voteBody, gw.deps, 0)
    const cIn = await inProcess('station', checkinBody, gw.deps, 0)
    console.log(`the same in-process (no HTTP, 32 in flight, ${fmt(IN_PROCESS)} each): votes ${fmt(vIn.rate)}/s (${fmt(vIn.us)} µs of the thread each, ${fmt(vIn.ok)} accepted), check-ins ${fmt(cIn.rate)}/s (${fmt(cIn.us)} µs each, ${fmt(cIn.ok)} accepted)`)
    console.log(`  half this run's floor leaves ${fmt(2e6 / floor.rate)} µs of the server thread per request, HTTP included`)
  } finally {
    await bare.close()
    await gw.close()
  }
}
