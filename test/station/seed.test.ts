import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalDeps, type LocalDeps } from '../../cloudfunctions/_local/deps'
import { seedStations, WUHAN_DISTRICTS, WUHAN_STATION_COUNT } from '../../cloudfunctions/_local/seed/station'
import { DEMO } from '../../cloudfunctions/_local/seed/ids'
import type { StationDoc } from '../../cloudfunctions/station/model'
import { startGateway } from '../support/gateway'
import { refDistanceM } from './helpers'

let deps: LocalDeps
let stations: StationDoc[]

beforeAll(async () => {
  deps = createLocalDeps({ DATA_DIR: mkdtempSync(join(tmpdir(), 'ghyz-seed-')), LOG_LEVEL: 'silent' })
  await seedStations(deps)
  stations = await deps.store.collection<StationDoc>('stations').find({}, { limit: 1000 })
})
afterAll(async () => { await deps.store.close() })

test('569 Wuhan stations over the 13 districts, and the Beijing drivers\' station', () => {
  const wuhan = stations.filter((s) => s.city === '武汉')
  expect(wuhan).toHaveLength(WUHAN_STATION_COUNT)
  expect(stations).toHaveLength(WUHAN_STATION_COUNT + 1)
  const districts = new Set(wuhan.map((s) => s.district))
  expect([...districts].sort()).toEqual(WUHAN_DISTRICTS.map((d) => `${d.name}区`).sort())
  for (const d of WUHAN_DISTRICTS) {
    const mine = wuhan.filter((s) => s.district === `${d.name}区`)
    expect(mine).toHaveLength(d.count)
    // every station lies around its district's centre
    const centre = { lat: d.centre[0], lng: d.centre[1] }
    for (const s of mine) expect(refDistanceM(centre, s.location)).toBeLessThan(d.spreadKm * 3.5 * 1000)
  }
  expect(new Set(stations.map((s) => s._id)).size).toBe(stations.length)
})

test('named stations are real; the rest are marked demo', () => {
  const jian = stations.find((s) => s._id === DEMO.stationIds[1])!
  expect(jian).toMatchObject({ name: '武昌区机安社区爱心驿站', city: '武汉', district: '武昌区', stars: 5 })
  expect(jian.demo).toBeUndefined()
  const bj = stations.find((s) => s._id === DEMO.stationIds[0])!
  expect(bj).toMatchObject({ city: '北京', district: '海淀区', openHours: { open: '07:00', close: '22:00' } })
  expect(bj.name).toContain('网约车司机服务站')
  expect(bj.intro).toContain('9.99')
  expect(bj.services).toEqual(expect.arrayContaining(['meal', 'parking', 'rest', 'microwave', 'water', 'charging', 'toilet']))
  expect(refDistanceM({ lat: 40.03, lng: 116.3 }, bj.location)).toBeLessThan(1500)
  expect(stations.filter((s) => !s.demo).map((s) => s._id).sort()).toEqual([...DEMO.stationIds].sort())
})

test('service mixes: every one has water and rest; small ones have the basics, bigger ones counselling and legal aid', () => {
  const wuhan = stations.filter((s) => s.city === '武汉')
  expect(wuhan.every((s) => s.services.includes('water') && s.services.includes('rest'))).toBe(true)
  const share = (svc: string) => wuhan.filter((s) => s.services.includes(svc as never)).length / wuhan.length
  expect(share('microwave')).toBeGreaterThan(0.85)
  expect(share('counseling')).toBeGreaterThan(0.15)
  expect(share('counseling')).toBeLessThan(0.4)
  expect(share('legal')).toBeGreaterThan(0.15)
  expect(share('parking')).toBeGreaterThan(0.05)
  // a mix of hours, including around the clock and past midnight
  expect(new Set(wuhan.map((s) => s.hoursKind))).toEqual(new Set(['24h', 'day', 'overnight']))
  // every station has a star level and the evaluation behind it
  expect(stations.every((s) => s.stars! >= 1 && s.stars! <= 5)).toBe(true)
})

test('seeding again is one read and changes nothing', async () => {
  const before = deps.store.ops.count
  await seedStations(deps)
  expect(deps.store.ops.count - before).toBe(1)
  expect(await deps.store.collection('stations').count({})).toBe(WUHAN_STATION_COUNT + 1)
  expect(await deps.store.collection('evaluations').count({})).toBe(WUHAN_STATION_COUNT + 1)
})

test('through the gateway: demo-keeper keeps the two named stations; the demo driver finds the Beijing one', async () => {
  const gw = await startGateway({ env: { SEED: 'demo' } })
  try {
    for (const id of DEMO.stationIds) expect((await gw.call('station', 'qrcode', { stationId: id }, DEMO.keeper)).status).toBe(200)
    expect((await gw.call('station', 'qrcode', { stationId: 'wh-jiangan-001' }, DEMO.keeper)).body.error.code).toBe('FORBIDDEN')
    const near = await gw.call('station', 'nearby', { lat: 40.03, lng: 116.3, services: ['microwave', 'parking'] }, DEMO.driver)
    expect(near.body.data.items[0].id).toBe(DEMO.stationIds[0])
    const wh = await gw.call('station', 'nearby', { lat: 30.5436, lng: 114.3016, radiusKm: 3, limit: 50 })
    expect(wh.body.data.items[0].id).toBe(DEMO.stationIds[1])
    expect(wh.body.data.items.length).toBeGreaterThan(10)
  } finally {
    await gw.close()
  }
})
