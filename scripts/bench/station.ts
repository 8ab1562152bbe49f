/**
 * Rest stations: `nearby` latency on 100,000 stations (p50/p95), in-process and through the gateway, and the
 * DocStore operations one query costs, counted in the adapters (`store.ops.count`) — sqlite, and the
 * cloudbase adapter (the real SDK pointed at a local stand-in endpoint; requests counted on the wire too).
 *
 * The 100,000 stations are spread uniformly over Wuhan's administrative area (≈ 29.97–31.37 N,
 * 113.70–115.08 E, ≈ 20,000 km², ≈ 5 stations per km²: about ten times the real density of 569 over the
 * city), with the seed's service mix and opening hours. Queries are at random points in that area.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SERVICES, hoursKind, type OpenHours, type Service } from '../../types'
import { createLocalDeps, type LocalDeps } from '../../cloudfunctions/_local/deps'
import { createGateway } from '../../cloudfunctions/_local/gateway'
import { stationFunction } from '../../cloudfunctions/station/handlers'
import { CloudbaseDocStore } from '../../cloudfunctions/_shared/docstore/cloudbase'
import type { DocStore } from '../../cloudfunctions/_shared/ports'
import type { StationDoc } from '../../cloudfunctions/station/model'
import { startCaptureServer } from '../../test/support/capture-server'
import { aim, autocannon, fmt, percentile, tempDir } from './util'
import { rng } from '../../cloudfunctions/_local/seed/rng'
import { C } from '../../cloudfunctions/_shared/collections'


const N = 100_000
const AREA = { lat: [29.97, 31.37], lng: [113.7, 115.08] } as const
const QUERIES = 2_000
/** Through the gateway: sequential fetches per scenario, and queries under autocannon (kept small: `npm run bench` stays under 5 minutes). */
const SEQUENTIAL = 500
const LOADED = 5_000

const r = rng(100_000)
const point = () => ({ lat: AREA.lat[0] + r() * (AREA.lat[1] - AREA.lat[0]), lng: AREA.lng[0] + r() * (AREA.lng[1] - AREA.lng[0]) })

function station(i: number): StationDoc {
  const services = new Set<Service>(['water', 'rest'])
  if (r() < 0.92) services.add('microwave')
  if (r() < 0.75) services.add('charging')
  if (r() < 0.6) services.add('toilet')
  if (r() < 0.3) for (const s of ['counseling', 'legal', 'medicine', 'aircon', 'wifi'] as Service[]) if (r() < 0.8) services.add(s)
  if (r() < 0.12) services.add('parking')
  if (r() < 0.05) services.add('meal')
  const h = r()
  const openHours: OpenHours = h < 0.15 ? '24h' : h < 0.22 ? { open: '20:00', close: '08:00' } : h < 0.6 ? { open: '08:00', close: '20:00' } : { open: '07:00', close: '22:00' }
  const at = '2024-01-01T00:00:00.000Z'
  return {
    _id: `bench-${i}`, name: `武汉爱心驿站 ${i}`, city: '武汉', district: '洪山区', address: `测试路 ${i} 号`, location: point(),
    services: [...services], openHours, hoursKind: hoursKind(openHours), phone: '027-12351', stars: 1 + (i % 5),
    rating: { sum: 0, count: 0 }, visitCount: 0, demo: true, createdAt: at, updatedAt: at,
  }
}

async function fill(store: DocStore) {
  const t0 = performance.now()
  await store.runTransaction(async (tx) => { for (let i = 0; i < N; i++) await tx.insert(C.stations, station(i)) })
  return (performance.now() - t0) / 1000
}

interface Scenario { name: string; data: () => Record<string, unknown>; aimP95?: number }
const SCENARIOS: Scenario[] = [
  { name: 'defaults (5 km, 20)', data: () => point() },
  { name: 'microwave + parking', data: () => ({ ...point(), services: ['microwave', 'parking'] }), aimP95: 2 },
  { name: 'open now + microwave', data: () => ({ ...point(), services: ['microwave'], openNow: true }), aimP95: 2 },
  { name: 'legal + counseling, 10 km, 50', data: () => ({ ...point(), services: ['legal', 'counseling'], radiusKm: 10, limit: 50 }) },
  { name: 'worst case: 50 km, 50', data: () => ({ ...point(), radiusKm: 50, limit: 50 }) },
]

const summary = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b)
  return `p50 ${fmt(percentile(s, 50), 3)} ms, p95 ${fmt(percentile(s, 95), 3)} ms, p99 ${fmt(percentile(s, 99), 3)} ms`
}

async function inProcess(deps: LocalDeps) {
  console.log(`in-process (router + schema + handler + sqlite geoNear), ${fmt(QUERIES)} queries each:`)
  for (const sc of SCENARIOS) {
    const n = sc.name.startsWith('worst') ? 200 : QUERIES
    for (let i = 0; i < 50; i++) await stationFunction.handle({ action: 'nearby', data: sc.data() }, null, deps) // warm-up
    const ms: number[] = []
    let items = 0
    const ops0 = deps.store.ops.count
    let cpu = 0
    for (let i = 0; i < n; i++) {
      const data = sc.data()
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      const env = await stationFunction.handle({ action: 'nearby', data }, null, deps)
      ms.push(performance.now() - t0)
      const c = process.cpuUsage(c0)
      cpu += c.user + c.system
      if (!env.ok) throw new Error(JSON.stringify(env.error))
      items += (env.data as { items: unknown[] }).items.length
    }
    const ops = (deps.store.ops.count - ops0) / n
    const p95 = percentile([...ms].sort((a, b) => a - b), 95)
    const goal = sc.aimP95 ? ` ${aim(p95 <= sc.aimP95, `p95 ≤ ${sc.aimP95} ms`)}` : ''
    console.log(`  ${sc.name.padEnd(32)} ${summary(ms)}; CPU ${fmt(cpu / n / 1000, 3)} ms/query; ${fmt(items / n, 1)} items/query; sqlite ops/query ${fmt(ops, 2)}${n !== QUERIES ? ` (${n} queries)` : ''}${goal}`)
  }
  // What a scan would cost: every station read and measured (what the R*Tree spares).
  const t0 = performance.now()
  const all = await deps.store.collection<StationDoc>(C.stations).count({ 'location.lat': { $gte: -90 } })
  console.log(`  for comparison, one full scan of the ${fmt(all)} stations' JSON (a count over location.lat): ${fmt(performance.now() - t0, 1)} ms`)
}

function writeSetupRequest(dir: string): string {
  const file = join(dir, 'setup-nearby.js')
  writeFileSync(file, `
let s = 12345
const rnd = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648 }
module.exports = function setupRequest(req) {
  const lat = ${AREA.lat[0]} + rnd() * ${AREA.lat[1] - AREA.lat[0]}, lng = ${AREA.lng[0]} + rnd() * ${AREA.lng[1] - AREA.lng[0]}
  req.headers = { ...req.headers, 'content-type': 'application/json' }
  req.body = JSON.stringify({ action: 'nearby', data: rnd() < 0.5 ? { lat, lng } : { lat, lng, services: ['microwave', 'parking'] } })
  return req
}
`)
  return file
}

async function throughGateway(dir: string) {
  const gw = await createGateway({ env: { DATA_DIR: join(dir, 'gw-data'), SEED: 'none', LOG_LEVEL: 'silent' }, port: 0, h5Dir: null })
  try {
    const s = await fill(gw.deps.store)
    console.log(`through the gateway (${fmt(N)} stations inserted in ${fmt(s, 1)} s):`)
    const call = (data: unknown) => fetch(`${gw.url}/api/station`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'nearby', data }) })
    for (const sc of SCENARIOS.slice(0, 3)) {
      for (let i = 0; i < 50; i++) await (await call(sc.data())).arrayBuffer()
      const ms: number[] = []
      const ops0 = gw.deps.store.ops.count
      for (let i = 0; i < SEQUENTIAL; i++) {
        const t0 = performance.now()
        const res = await call(sc.data())
        const body = await res.json() as { ok: boolean }
        ms.push(performance.now() - t0)
        if (!body.ok) throw new Error(JSON.stringify(body))
      }
      console.log(`  sequential fetches, ${sc.name.padEnd(22)} ${summary(ms)}; sqlite ops/query ${fmt((gw.deps.store.ops.count - ops0) / SEQUENTIAL, 2)}`)
    }
    const setupRequest = writeSetupRequest(dir)
    const t0 = performance.now()
    const c = await autocannon({ url: gw.url, connections: 16, amount: LOADED, workers: 1, timeout: 30, requests: [{ method: 'POST', path: '/api/station', setupRequest }] })
    const sec = (performance.now() - t0) / 1000
    console.log(`  autocannon, 16 connections, ${fmt(LOADED)} queries (half with microwave + parking): ${fmt(c.requests.total / sec)} queries/s, p50 ${c.latency.p50} ms, p99 ${c.latency.p99} ms, non-2xx ${c.non2xx}, errors ${c.errors + c.timeouts}`)
  } finally {
    await gw.close()
  }
}

/** The same `nearby` on the cloudbase adapter: requests per query, counted by the adapter and on the wire. */
async function cloudbaseOps() {
  process.env.TENCENTCLOUD = 'true' // skip the SDK's cloud metadata probe
  const { EJSON } = require(require.resolve('bson', { paths: [require.resolve('@cloudbase/database')] })) as { EJSON: { stringify(v: unknown, o?: object): string } }
  const cs = await startCaptureServer()
  const near = Array.from({ length: 20 }, (_, i) => {
    const s = station(i)
    const { lat, lng } = { lat: 30.55 + i * 0.0005, lng: 114.3 }
    return EJSON.stringify({ ...s, location: { type: 'Point', coordinates: [lng, lat] } }, { relaxed: false })
  })
  cs.reply = (req) => (req.action === 'database.getDocument' ? { requestId: 'r', data: { list: near } } : { code: 'UNEXPECTED', message: req.action })
  const store = new CloudbaseDocStore({ init: { env: 'bench-env', secretId: 'bench', secretKey: 'bench', serviceUrl: `${cs.url}/admin`, keepalive: false, timeout: 5000 } })
  const local = createLocalDeps({ DATA_DIR: tempDir('bench-station-cb-'), LOG_LEVEL: 'silent' })
  const deps = { ...local, store }
  try {
    for (const data of [{ lat: 30.55, lng: 114.3 }, { lat: 30.55, lng: 114.3, services: ['microwave', 'parking'], openNow: true, limit: 50 }]) {
      const ops0 = store.ops.count
      const wire0 = cs.requests.length
      const env = await stationFunction.handle({ action: 'nearby', data }, null, deps)
      if (!env.ok) throw new Error(JSON.stringify(env.error))
      console.log(`cloudbase adapter, nearby ${JSON.stringify(data)}: ${store.ops.count - ops0} op counted by the adapter, ${cs.requests.length - wire0} request on the wire [${cs.requests.slice(wire0).map((x) => x.action).join(', ')}]`)
    }
  } finally {
    await local.store.close()
    await cs.close()
  }
}

export async function run() {
  const dir = tempDir('bench-station-')
  const deps = createLocalDeps({ DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' })
  const s = await fill(deps.store)
  console.log(`${fmt(N)} stations over ≈ 20,000 km² of Wuhan (≈ 5/km²), inserted in ${fmt(s, 1)} s; ${SERVICES.length} services`)
  await inProcess(deps)
  await deps.store.close()
  await throughGateway(dir)
  await cloudbaseOps()
}
