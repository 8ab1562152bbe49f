/** station.evaluations: the latest scores for the form and the history with who, on the real sqlite store. */
import { ASPECTS } from '../../types'
import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { startGateway, type TestGateway } from '../support/gateway'
import type { StationDoc } from '../../cloudfunctions/station/model'
import { stationDoc } from '../station/helpers'

const clock = new ManualClock(Date.parse('2026-07-15T02:00:00Z'))
let gw: TestGateway
const ADMIN = 'ev-admin'
const OTHER = 'ev-admin-2'
beforeAll(async () => {
  gw = await startGateway({ env: { SEED: 'none', ADMIN_OPENIDS: `${ADMIN},${OTHER}` }, clock })
  await gw.deps.store.collection<StationDoc>('stations').insert(stationDoc('ev-1', { lat: 30.55, lng: 114.31 }, ['water'], '24h'))
  await gw.deps.store.collection('members').insert({ _id: OTHER, status: 'active', name: '周敏', phone: '13900001111', city: '武汉', industry: 'other', employer: '武汉市总工会' })
})
afterAll(async () => { await gw.close() })

const all = (v: number) => Object.fromEntries(ASPECTS.map((a) => [a, v]))

test('no evaluation yet: latest is null; then the latest scores and the history with names, newest first', async () => {
  const empty = await gw.call('station', 'evaluations', { stationId: 'ev-1' }, ADMIN)
  expect(empty.body.data).toEqual({ stationId: 'ev-1', stars: null, latest: null, history: [] })

  await gw.call('station', 'evaluate', { stationId: 'ev-1', scores: all(8) }, ADMIN)
  clock.advance(60_000)
  const scores = { ...all(9.5), hours: 8.5 }
  await gw.call('station', 'evaluate', { stationId: 'ev-1', scores }, OTHER)
  const r = await gw.call('station', 'evaluations', { stationId: 'ev-1' }, ADMIN)
  expect(r.body.data.stars).toBe(5)
  expect(r.body.data.latest).toEqual({ at: '2026-07-15T02:01:00.000Z', sum: 84.5, stars: 5, scores })
  expect(r.body.data.history).toEqual([
    { at: '2026-07-15T02:01:00.000Z', sum: 84.5, stars: 5, byName: '周敏' },
    { at: '2026-07-15T02:00:00.000Z', sum: 72, stars: 4, byName: '工会工作人员' },
  ])
  expect(JSON.stringify(r.body)).not.toContain(OTHER)
})

test('admins only; unknown station NOT_FOUND', async () => {
  expect((await gw.call('station', 'evaluations', { stationId: 'ev-1' }, 'demo-keeper')).body.error.code).toBe('FORBIDDEN')
  expect((await gw.call('station', 'evaluations', { stationId: 'nope' }, ADMIN)).body.error.code).toBe('NOT_FOUND')
})
