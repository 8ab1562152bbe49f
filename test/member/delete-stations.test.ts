import { startGateway, type TestGateway } from '../support/gateway'

let gw: TestGateway
beforeAll(async () => { gw = await startGateway() })
afterAll(async () => { await gw.close() })

test('deleteMine leaves no station record keyed by the person (visitor windows, ratings)', async () => {
  const who = 'del-station-worker'
  const stationId = 'bj-shangdong-didi'
  const { code } = (await gw.call('station', 'qrcode', { stationId }, 'demo-admin')).body.data
  expect((await gw.call('station', 'checkin', { stationId, code }, who)).body.ok).toBe(true)
  expect((await gw.call('station', 'rate', { stationId, stars: 4, comment: '饭菜实惠' }, who)).body.ok).toBe(true)
  const before = (await gw.call('station', 'get', { stationId })).body.data.rating

  expect((await gw.call('member', 'deleteMine', {}, who)).body.data.deleted).toBe(true)

  for (const coll of ['station_visitors', 'ratings', 'checkins']) {
    const rows = (await gw.deps.store.collection(coll).find({}, { limit: 1000 })) as Array<{ _id: string; openid?: string; comment?: string }>
    expect(rows.filter((r) => r._id.includes(who) || r.openid === who)).toEqual([])
    expect(rows.some((r) => r.comment === '饭菜实惠')).toBe(false)
  }
  // The station's rating summary is unchanged: the stars stay, only the person is gone.
  expect((await gw.call('station', 'get', { stationId })).body.data.rating).toEqual(before)
})
