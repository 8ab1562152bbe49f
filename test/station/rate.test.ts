import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { startGateway, type TestGateway } from '../support/gateway'
import type { StationDoc } from '../../cloudfunctions/station/model'
import type { RatingDoc } from '../../cloudfunctions/station/rating'
import { stationDoc, withLatency } from './helpers'

const clock = new ManualClock(Date.parse('2024-07-15T02:00:00Z'))
let gw: TestGateway
let seq = 0

beforeAll(async () => {
  gw = await startGateway({ env: { SEED: 'none' }, clock })
  gw.deps.store = withLatency(gw.deps.store, 2)
})
afterAll(async () => { await gw.close() })

async function newStation() {
  const id = `rt-${++seq}`
  await gw.deps.store.collection<StationDoc>('stations').insert(stationDoc(id, { lat: 30.5, lng: 114.3 + seq / 1000 }, ['water'], '24h'))
  return { id, code: gw.deps.tokens.staticCode('station', id) }
}
const checkin = (s: { id: string; code: string }, who: string) => gw.call('station', 'checkin', { stationId: s.id, code: s.code }, who)
const rate = (id: string, who: string, stars: number, comment?: string) => gw.call('station', 'rate', { stationId: id, stars, ...(comment === undefined ? {} : { comment }) }, who)

/** The station's summary equals what its ratings add up to. */
async function assertSummary(id: string) {
  const ratings = await gw.deps.store.collection<RatingDoc>('ratings').find({ stationId: id }, { limit: 1000 })
  const st = (await gw.deps.store.collection<StationDoc>('stations').get(id))!
  expect(st.rating).toEqual({ sum: ratings.reduce((s, r) => s + r.stars, 0), count: ratings.length })
  return ratings
}

test('rating without a check-in there is NOT_ELIGIBLE; a check-in at another station does not count', async () => {
  const s = await newStation()
  const other = await newStation()
  await checkin(other, 'no-visit')
  const r = await rate(s.id, 'no-visit', 5)
  expect(r.status).toBe(403)
  expect(r.body.error.code).toBe('NOT_ELIGIBLE')
  expect(r.body.error.message).toMatch(/签到/)
  await assertSummary(s.id)
  expect((await gw.call('station', 'get', { stationId: s.id })).body.data.rating).toEqual({ average: null, count: 0 })
})

test('after a check-in the rating is accepted; a second one replaces the first', async () => {
  const s = await newStation()
  await checkin(s, 'rater-1')
  const first = await rate(s.id, 'rater-1', 4, '  热水很方便  ')
  expect(first.body.data).toEqual({ average: 4, count: 1, mine: { stars: 4, comment: '热水很方便' } })
  const second = await rate(s.id, 'rater-1', 2)
  expect(second.body.data).toEqual({ average: 2, count: 1, mine: { stars: 2 } })
  await checkin(s, 'rater-2')
  const third = await rate(s.id, 'rater-2', 5, '站长很热心')
  expect(third.body.data).toMatchObject({ average: 3.5, count: 2 })
  const ratings = await assertSummary(s.id)
  expect(ratings.find((r) => r.openid === 'rater-1')).toMatchObject({ stars: 2 })
  expect(ratings.find((r) => r.openid === 'rater-1')!.comment).toBeUndefined()
  expect((await gw.call('station', 'get', { stationId: s.id })).body.data.rating).toEqual({ average: 3.5, count: 2 })
})

test('the check-in must be within 7 days', async () => {
  const s = await newStation()
  await checkin(s, 'week')
  clock.advance(7 * 86_400_000)
  expect((await rate(s.id, 'week', 5)).status).toBe(200)
  clock.advance(1)
  expect((await rate(s.id, 'week', 4)).body.error.code).toBe('NOT_ELIGIBLE')
  await checkin(s, 'week')
  expect((await rate(s.id, 'week', 4)).body.data).toMatchObject({ average: 4, count: 1 })
})

test('concurrent ratings and re-ratings keep the summary equal to the ratings', async () => {
  const s = await newStation()
  const people = Array.from({ length: 12 }, (_, i) => `crowd-${i}`)
  for (const p of people) await checkin(s, p)
  const rs = await Promise.all(people.flatMap((p, i) => [rate(s.id, p, 1 + (i % 5)), rate(s.id, p, 1 + ((i + 2) % 5))]))
  for (const r of rs) expect(r.status).toBe(200)
  const ratings = await assertSummary(s.id)
  expect(ratings).toHaveLength(12)
})

test('bad ratings are VALIDATION_FAILED and change nothing; an unknown station is NOT_FOUND', async () => {
  const s = await newStation()
  await checkin(s, 'picky')
  for (const data of [
    { stationId: s.id, stars: 0 }, { stationId: s.id, stars: 6 }, { stationId: s.id, stars: 4.5 }, { stationId: s.id, stars: '5' },
    { stationId: s.id, stars: 5, comment: '好'.repeat(201) }, { stationId: s.id, stars: 5, comment: 5 }, { stationId: s.id }, { stationId: s.id, stars: 5, openid: 'x' },
  ]) {
    const r = await gw.call('station', 'rate', data, 'picky')
    expect(r.body.error.code).toBe('VALIDATION_FAILED')
  }
  expect((await rate(s.id, 'picky', 5, '好'.repeat(200))).status).toBe(200)
  expect((await rate('no-such-station', 'picky', 5)).body.error.code).toBe('NOT_FOUND')
  expect((await gw.call('station', 'rate', { stationId: s.id, stars: 5 })).body.error.code).toBe('UNAUTHENTICATED')
  await assertSummary(s.id)
})

test('get says whether the caller may rate: rateUntil 7 days after their check-in there, null before and after, absent for guests', async () => {
  const s = await newStation()
  const get = (who?: string) => gw.call('station', 'get', { stationId: s.id }, who)
  expect((await get('gate')).body.data.rateUntil).toBeNull()
  expect((await get()).body.data).not.toHaveProperty('rateUntil')
  const c = await checkin(s, 'gate')
  const until = Date.parse(c.body.data.checkedInAt) + 7 * 86_400_000
  expect((await get('gate')).body.data.rateUntil).toBe(new Date(until).toISOString())
  expect((await get('someone-else')).body.data.rateUntil).toBeNull()
  clock.advance(7 * 86_400_000 + 1)
  expect((await get('gate')).body.data.rateUntil).toBeNull()
})
