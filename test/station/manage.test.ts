import { ASPECTS, starsFromSum, type Aspect } from '../../types'
import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { startGateway, type TestGateway } from '../support/gateway'
import type { StationDoc } from '../../cloudfunctions/station/model'
import { stationDoc } from './helpers'

/** upsert / evaluate / qrcode / stats through the gateway, with the object-level checks for keepers. */
const clock = new ManualClock(Date.parse('2024-07-15T02:00:00Z'))
let gw: TestGateway
const ADMIN = 'mg-admin'
const KEEPER = 'mg-keeper'

const input = (over: Record<string, unknown> = {}) => ({
  name: '江汉区民意社区爱心驿站', city: '武汉', district: '江汉区', address: '江汉区民意街 1 号',
  location: { lat: 30.59, lng: 114.27 }, services: ['water', 'microwave', 'rest'], openHours: { open: '08:00', close: '20:00' }, phone: '027-12351', ...over,
})

beforeAll(async () => {
  gw = await startGateway({ env: { SEED: 'none', ADMIN_OPENIDS: ADMIN }, clock })
  const st = gw.deps.store.collection<StationDoc>('stations')
  await st.insert(stationDoc('mine-1', { lat: 30.55, lng: 114.31 }, ['water'], '24h'))
  await st.insert(stationDoc('theirs-1', { lat: 30.56, lng: 114.32 }, ['water'], '24h'))
  await gw.deps.store.collection('roles').insert({ _id: KEEPER, roles: ['keeper'], stationIds: ['mine-1'], v: 1 })
})
afterAll(async () => { await gw.close() })

describe('upsert', () => {
  test('an admin creates a station (id generated) and edits it; counters and stars are kept', async () => {
    const created = await gw.call('station', 'upsert', input(), ADMIN)
    expect(created.status).toBe(200)
    const id = created.body.data.id
    expect(id).toMatch(/^st-/)
    expect(created.body.data).toMatchObject({ name: '江汉区民意社区爱心驿站', stars: null, visitCount: 0, rating: { average: null, count: 0 }, openNow: true })
    await gw.deps.store.collection<StationDoc>('stations').updateOne({ _id: id }, { $set: { visitCount: 7, stars: 4 } })
    const edited = await gw.call('station', 'upsert', input({ id, name: '民意社区爱心驿站', openHours: '24h', phone: undefined }), ADMIN)
    expect(edited.body.data).toMatchObject({ id, name: '民意社区爱心驿站', openHours: '24h', visitCount: 7, stars: 4 })
    expect(edited.body.data.phone).toBeUndefined()
    const withId = await gw.call('station', 'upsert', input({ id: 'wh-new-station' }), ADMIN)
    expect(withId.body.data.id).toBe('wh-new-station')
  })

  test('a keeper edits their own station, and the new location is what nearby finds', async () => {
    const r = await gw.call('station', 'upsert', input({ id: 'mine-1', location: { lat: 31.2, lng: 121.47 }, services: ['water', 'parking'] }), KEEPER)
    expect(r.status).toBe(200)
    const near = await gw.call('station', 'nearby', { lat: 31.2, lng: 121.47, radiusKm: 1 })
    expect(near.body.data.items.map((s: { id: string }) => s.id)).toEqual(['mine-1'])
    const old = await gw.call('station', 'nearby', { lat: 30.55, lng: 114.31, radiusKm: 0.5 })
    expect(old.body.data.items.map((s: { id: string }) => s.id)).not.toContain('mine-1')
  })

  test('a keeper cannot edit another station or create one (FORBIDDEN); a worker cannot upsert at all', async () => {
    const before = await gw.deps.store.collection<StationDoc>('stations').get('theirs-1')
    for (const data of [input({ id: 'theirs-1' }), input(), input({ id: 'brand-new' })]) {
      const r = await gw.call('station', 'upsert', data, KEEPER)
      expect(r.status).toBe(403)
      expect(r.body.error.code).toBe('FORBIDDEN')
    }
    expect(await gw.deps.store.collection<StationDoc>('stations').get('theirs-1')).toEqual(before)
    expect(await gw.deps.store.collection('stations').get('brand-new')).toBeNull()
    expect((await gw.call('station', 'upsert', input({ id: 'theirs-1' }), 'a-worker')).body.error.code).toBe('FORBIDDEN')
  })

  test('invalid input is VALIDATION_FAILED with field errors', async () => {
    const r = await gw.call('station', 'upsert', input({ name: '', city: '市', location: { lat: 100, lng: 114 }, openHours: { open: '25:00', close: '08:00' }, services: ['sauna'] }), ADMIN)
    expect(r.status).toBe(400)
    expect(Object.keys(r.body.error.details.fieldErrors).sort()).toEqual(['city', 'location.lat', 'name', 'openHours.open', 'services.0'].sort())
  })
})

describe('evaluate', () => {
  const scoresSumming = (sum: number): Record<Aspect, number> => {
    // nine half-point scores adding up to `sum`
    const out = {} as Record<Aspect, number>
    let left = sum
    ASPECTS.forEach((a, i) => {
      const v = Math.min(10, Math.round((left / (ASPECTS.length - i)) * 2) / 2)
      out[a] = v
      left -= v
    })
    expect(ASPECTS.reduce((s, a) => s + out[a], 0)).toBe(sum)
    return out
  }

  test.each([
    [90, 5], [80, 5], [79.5, 4], [79, 4], [70, 4], [69.5, 3], [69, 3], [60, 3], [59.5, 2], [59, 2], [45, 2], [44.5, 1], [44, 1], [0, 1],
  ])('sum %p → %p stars', async (sum, stars) => {
    clock.advance(1000)
    const r = await gw.call('station', 'evaluate', { stationId: 'theirs-1', scores: scoresSumming(sum) }, ADMIN)
    expect(r.body.data).toMatchObject({ sum, stars })
    expect(starsFromSum(sum)).toBe(stars)
    expect((await gw.call('station', 'get', { stationId: 'theirs-1' })).body.data.stars).toBe(stars)
  })

  test('history lists the evaluations, newest first, with who and the scores', async () => {
    clock.advance(1000)
    const r = await gw.call('station', 'evaluate', { stationId: 'theirs-1', scores: scoresSumming(81) }, ADMIN)
    expect(r.body.data.history.length).toBeGreaterThan(10)
    expect(r.body.data.history[0]).toMatchObject({ at: clock.now().toISOString(), sum: 81, stars: 5, by: ADMIN })
    const ats = r.body.data.history.map((h: { at: string }) => h.at)
    expect([...ats].sort().reverse()).toEqual(ats)
  })

  test('only admins evaluate; scores out of range or not in half points are refused', async () => {
    const ok = scoresSumming(72)
    expect((await gw.call('station', 'evaluate', { stationId: 'mine-1', scores: ok }, KEEPER)).body.error.code).toBe('FORBIDDEN')
    for (const bad of [{ ...ok, safety: 11 }, { ...ok, safety: -1 }, { ...ok, safety: 8.3 }, { ...ok, extra: 5 }, { management: 8 }]) {
      expect((await gw.call('station', 'evaluate', { stationId: 'mine-1', scores: bad }, ADMIN)).body.error.code).toBe('VALIDATION_FAILED')
    }
    expect((await gw.call('station', 'evaluate', { stationId: 'nope', scores: ok }, ADMIN)).body.error.code).toBe('NOT_FOUND')
  })
})

describe('qrcode', () => {
  test('admin and the station\'s keeper get the code and the check-in page path; the code checks in', async () => {
    const a = await gw.call('station', 'qrcode', { stationId: 'mine-1' }, ADMIN)
    const k = await gw.call('station', 'qrcode', { stationId: 'mine-1' }, KEEPER)
    expect(k.body.data).toEqual(a.body.data)
    const { code, path } = a.body.data
    expect(path).toBe(`packages/station/pages/checkin/index?stationId=mine-1&code=${code}`)
    const q = new URLSearchParams(path.split('?')[1])
    const r = await gw.call('station', 'checkin', { stationId: q.get('stationId'), code: q.get('code') }, 'qr-driver')
    expect(r.body.data.visitNo).toBeGreaterThanOrEqual(1)
  })

  test('another station\'s keeper is FORBIDDEN, an unknown station NOT_FOUND', async () => {
    expect((await gw.call('station', 'qrcode', { stationId: 'theirs-1' }, KEEPER)).body.error.code).toBe('FORBIDDEN')
    expect((await gw.call('station', 'qrcode', { stationId: 'ghost' }, ADMIN)).body.error.code).toBe('NOT_FOUND')
    expect((await gw.call('station', 'qrcode', { stationId: 'mine-1' }, 'a-worker')).body.error.code).toBe('FORBIDDEN')
  })
})

describe('stats', () => {
  test('visits per station per day over the last 30 days, total served all time, by city', async () => {
    const st = gw.deps.store.collection<StationDoc>('stations')
    await st.insert(stationDoc('stats-wh', { lat: 30.6, lng: 114.4 }, ['water'], '24h'))
    await st.insert(stationDoc('stats-bj', { lat: 40.03, lng: 116.3 }, ['water'], '24h', { city: '北京', name: '北京测试驿站' }))
    const code = (id: string) => gw.deps.tokens.staticCode('station', id)
    const visit = (id: string, who: string) => gw.call('station', 'checkin', { stationId: id, code: code(id) }, who)
    const before = (await gw.call('station', 'stats', {}, ADMIN)).body.data.totalServed
    clock.set('2024-06-01T03:00:00Z') // more than 30 days before the day looked at below
    await visit('stats-wh', 'old-visitor')
    clock.set('2024-07-20T03:00:00Z') // 2024-07-20 in Shanghai
    await visit('stats-wh', 's1'); await visit('stats-wh', 's2'); await visit('stats-bj', 's1')
    clock.set('2024-07-20T17:00:00Z') // 01:00 on 2024-07-21 in Shanghai
    await visit('stats-wh', 's1'); await visit('stats-wh', 's3')
    const all = await gw.call('station', 'stats', {}, ADMIN)
    expect(all.body.data.totalServed).toBe(before + 6)
    expect(all.body.data.to).toBe('2024-07-21')
    const mine = all.body.data.days.filter((d: { stationId: string }) => d.stationId.startsWith('stats-'))
    expect(mine).toEqual([
      { stationId: 'stats-wh', name: '测试驿站 stats-wh', day: '2024-07-21', visits: 2 },
      { stationId: 'stats-bj', name: '北京测试驿站', day: '2024-07-20', visits: 1 },
      { stationId: 'stats-wh', name: '测试驿站 stats-wh', day: '2024-07-20', visits: 2 },
    ].sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : b.visits - a.visits || (a.stationId < b.stationId ? -1 : 1))))
    const bj = await gw.call('station', 'stats', { city: '北京' }, ADMIN)
    expect(bj.body.data).toMatchObject({ totalServed: 1, days: [{ stationId: 'stats-bj', day: '2024-07-20', visits: 1 }] })
    expect((await gw.call('station', 'stats', {}, KEEPER)).body.error.code).toBe('FORBIDDEN')
  })
})
