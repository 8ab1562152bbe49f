import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SERVICES, type Service } from '../../types'
import { createLocalDeps, type LocalDeps } from '../../cloudfunctions/_local/deps'
import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { stationFunction } from '../../cloudfunctions/station/handlers'
import type { StationDoc } from '../../cloudfunctions/station/model'
import { bruteNearby, destination, randomHours, randomServices, rng, stationDoc, type Query } from './helpers'

/**
 * `nearby` against a brute-force haversine answer over every station, on a real sqlite store in a temp dir,
 * called through the function's router (schema, access, handler) in process.
 */
const WUHAN = { lat: 30.58, lng: 114.3 }
const clock = new ManualClock(Date.parse('2024-07-15T04:00:00Z'))
let deps: LocalDeps
const all: StationDoc[] = []

async function nearby(q: Query) {
  const env = await stationFunction.handle({ action: 'nearby', data: q }, null, deps)
  if (!env.ok) throw new Error(JSON.stringify(env.error))
  return (env.data as { items: Array<{ id: string; distanceM: number; openNow: boolean; services: Service[] }> }).items
}
const brief = (items: Array<{ id: string; distanceM: number; openNow?: boolean }>) => items.map((i) => ({ id: i.id, distanceM: i.distanceM, openNow: i.openNow }))

beforeAll(async () => {
  deps = createLocalDeps({ DATA_DIR: mkdtempSync(join(tmpdir(), 'ghyz-nearby-')), LOG_LEVEL: 'silent' }, { clock })
  const r = rng(20240715)
  // 4,000 stations over ~90 × 90 km around Wuhan ...
  for (let i = 0; i < 4000; i++) {
    all.push(stationDoc(`rs-${i}`, { lat: WUHAN.lat + (r() - 0.5) * 0.8, lng: WUHAN.lng + (r() - 0.5) * 0.95 }, randomServices(r), randomHours(r)))
  }
  // ... a dense cluster of 1,200 within 1.5 km, where limits bite ...
  for (let i = 0; i < 1200; i++) {
    all.push(stationDoc(`dense-${i}`, destination(WUHAN, r() * 1500, r() * 360), randomServices(r), randomHours(r)))
  }
  // ... and stations at the radius edge (3.7 km): 1 mm inside and 1 mm beyond, in 16 directions, at two latitudes.
  for (const [name, c] of [['wh', { lat: 30.9, lng: 114.9 }], ['hrb', { lat: 45.75, lng: 126.63 }]] as const) {
    for (let b = 0; b < 360; b += 22.5) {
      all.push(stationDoc(`edge-in-${name}-${b}`, destination(c, 3700 - 0.001, b), ['water'], '24h'))
      all.push(stationDoc(`edge-out-${name}-${b}`, destination(c, 3700 + 0.001, b), ['water'], '24h'))
    }
  }
  const coll = deps.store.collection<StationDoc>('stations')
  for (const s of all) await coll.insert(s)
})
afterAll(async () => { await deps.store.close() })

test('random queries equal brute force: set, order, distances, openNow (with and without filters)', async () => {
  const r = rng(7)
  let nonEmpty = 0, withServices = 0, withOpen = 0, capped = 0
  for (let i = 0; i < 400; i++) {
    clock.set(Date.parse('2024-07-15T00:00:00Z') + Math.floor(r() * 1440) * 60_000 + Math.floor(r() * 60_000))
    const q: Query = { lat: WUHAN.lat + (r() - 0.5) * 0.9, lng: WUHAN.lng + (r() - 0.5) * 1.0 }
    if (r() < 0.8) q.radiusKm = Math.round((0.2 + r() * 49.8) * 100) / 100
    if (r() < 0.5) q.services = SERVICES.filter(() => r() < 0.15)
    if (r() < 0.5) q.openNow = true
    if (r() < 0.7) q.limit = 1 + Math.floor(r() * 50)
    const got = await nearby(q)
    const want = bruteNearby(all, q, clock.now())
    expect(brief(got)).toEqual(want)
    for (const item of got) for (const s of q.services ?? []) expect(item.services).toContain(s)
    if (want.length) nonEmpty++
    if (q.services?.length && want.length) withServices++
    if (q.openNow && want.length) withOpen++
    if (want.length === (q.limit ?? 20)) capped++
  }
  // The random cases really exercise the filters and the limit.
  expect(nonEmpty).toBeGreaterThan(250)
  expect(withServices).toBeGreaterThan(60)
  expect(withOpen).toBeGreaterThan(100)
  expect(capped).toBeGreaterThan(100)
})

test('dense spot at night: open-now with a limit returns the nearest open ones, not the nearest ones filtered', async () => {
  for (const hhmmUtc of ['18:30', '20:00', '22:15', '03:00']) {
    clock.set(`2024-07-15T${hhmmUtc}:00Z`)
    for (const services of [undefined, ['microwave'] as Service[], ['microwave', 'parking'] as Service[]]) {
      const q: Query = { ...WUHAN, radiusKm: 2, openNow: true, limit: 50, services }
      const got = await nearby(q)
      const want = bruteNearby(all, q, clock.now())
      expect(brief(got)).toEqual(want)
      expect(got.every((s) => s.openNow)).toBe(true)
      // Far fewer are open than there are stations near: a fetch-50-then-filter answer would be short.
      const unfiltered = bruteNearby(all, { ...q, openNow: false }, clock.now())
      if (!services) expect(unfiltered.filter((s) => s.openNow).length).toBeLessThan(want.length)
    }
  }
})

test('radius edges: 1 mm inside is in (distance 3700 m), 1 mm beyond is out, in every direction and at high latitude', async () => {
  for (const c of [{ lat: 30.9, lng: 114.9 }, { lat: 45.75, lng: 126.63 }]) {
    const got = await nearby({ ...c, radiusKm: 3.7, limit: 50 })
    const ids = got.map((s) => s.id)
    const tag = c.lat > 40 ? 'hrb' : 'wh'
    for (let b = 0; b < 360; b += 22.5) {
      expect(ids).toContain(`edge-in-${tag}-${b}`)
      expect(ids).not.toContain(`edge-out-${tag}-${b}`)
    }
    expect(got.filter((s) => s.id.startsWith('edge-in')).every((s) => s.distanceM === 3700)).toBe(true)
    expect(brief(got)).toEqual(bruteNearby(all, { ...c, radiusKm: 3.7, limit: 50 }, clock.now()))
    // A hair larger radius takes the outer ring in too.
    const wider = await nearby({ ...c, radiusKm: 3.70001, limit: 50 })
    expect(wider.filter((s) => s.id.startsWith(`edge-out-${tag}`))).toHaveLength(16)
  }
})

test('one query is one DocStore operation (a geoNear), whatever the filters', async () => {
  for (const q of [{ ...WUHAN }, { ...WUHAN, services: ['water', 'rest'] as Service[], openNow: true, radiusKm: 50, limit: 50 }]) {
    const before = deps.store.ops.count
    await nearby(q)
    expect(deps.store.ops.count - before).toBe(1)
  }
})

test('defaults: radius 5 km and 20 items', async () => {
  clock.set('2024-07-15T04:00:00Z')
  const got = await nearby({ ...WUHAN })
  expect(got).toHaveLength(20)
  expect(Math.max(...got.map((s) => s.distanceM))).toBeLessThanOrEqual(5000)
  expect(brief(got)).toEqual(bruteNearby(all, { ...WUHAN, radiusKm: 5, limit: 20 }, clock.now()))
})

test('bad queries are VALIDATION_FAILED, never INTERNAL', async () => {
  for (const data of [
    { lat: 91, lng: 114 }, { lat: 30, lng: 181 }, { lat: 30, lng: 114, radiusKm: 51 }, { lat: 30, lng: 114, radiusKm: 0 },
    { lat: 30, lng: 114, limit: 51 }, { lat: 30, lng: 114, limit: 0 }, { lat: 30, lng: 114, services: ['spa'] },
    { lat: '30', lng: 114 }, { lat: 30 }, { lat: 30, lng: 114, openNow: 'yes' }, { lat: 30, lng: 114, extra: 1 },
    { lat: 30, lng: 114, services: { $all: ['water'] } },
  ]) {
    const env = await stationFunction.handle({ action: 'nearby', data }, null, deps)
    expect(env.ok).toBe(false)
    if (!env.ok) expect(env.error.code).toBe('VALIDATION_FAILED')
  }
})
