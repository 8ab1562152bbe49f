import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { startGateway, type TestGateway } from '../support/gateway'
import { moveStationDataToAlias } from '../../cloudfunctions/_shared/privacy/station'
import type { StationDoc } from '../../cloudfunctions/station/model'
import { stationDoc } from './helpers'

/** Deleting an account: no station record keeps the openid, in its fields or in its id; counts stay. */
const clock = new ManualClock(Date.parse('2024-07-15T02:00:00Z'))
let gw: TestGateway
beforeAll(async () => { gw = await startGateway({ env: { SEED: 'none' }, clock }) })
afterAll(async () => { await gw.close() })

test('visitor windows and ratings move to the alias; summaries and visit counts are unchanged', async () => {
  const st = gw.deps.store.collection<StationDoc>('stations')
  for (const id of ['pv-1', 'pv-2']) await st.insert(stationDoc(id, { lat: 30.5, lng: 114.3 }, ['water'], '24h'))
  const visit = (id: string, who: string) => gw.call('station', 'checkin', { stationId: id, code: gw.deps.tokens.staticCode('station', id) }, who)
  for (const id of ['pv-1', 'pv-2']) {
    await visit(id, 'leaving-driver')
    await visit(id, 'staying-driver')
    await gw.call('station', 'rate', { stationId: id, stars: 2, comment: '我的电话 13800000000' }, 'leaving-driver')
    await gw.call('station', 'rate', { stationId: id, stars: 4 }, 'staying-driver')
  }
  const before = await st.find({ _id: { $in: ['pv-1', 'pv-2'] } })

  expect(await moveStationDataToAlias(gw.deps, 'leaving-driver', 'anon-xyz')).toBe(6) // 2 windows, 2 ratings, 2 check-ins

  for (const coll of ['station_visitors', 'ratings', 'checkins']) {
    const all = await gw.deps.store.collection(coll).find({}, { limit: 1000 })
    expect(JSON.stringify(all)).not.toContain('leaving-driver')
  }
  const ratings = await gw.deps.store.collection('ratings').find({ openid: 'anon-xyz' })
  expect(ratings).toHaveLength(2)
  expect(JSON.stringify(ratings)).not.toContain('13800000000')
  expect(await st.find({ _id: { $in: ['pv-1', 'pv-2'] } })).toEqual(before)
  // the summary still equals the ratings
  for (const s of before) {
    const rs = await gw.deps.store.collection<{ _id: string; stars: number }>('ratings').find({ stationId: s._id })
    expect(s.rating).toEqual({ sum: rs.reduce((t, r) => t + r.stars, 0), count: rs.length })
  }
  // the other person is untouched; the same openid coming back is a new visitor
  expect((await visit('pv-1', 'staying-driver')).body.data.visitNo).toBe(2)
  expect((await visit('pv-1', 'leaving-driver')).body.data.visitNo).toBe(3)
})
