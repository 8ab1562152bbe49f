import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { startGateway, type TestGateway } from '../support/gateway'
import { claim, takeNumber, finish, checkinAt, CLAIM_LEASE_MS, type CheckinDoc, type VisitorDoc } from '../../cloudfunctions/station/checkin'
import { pairKey, type StationDoc } from '../../cloudfunctions/station/model'
import { stationDoc, withLatency } from './helpers'

/** Check-in through the gateway on the real sqlite store: once per person per 2 hours, also when requests race. */
const clock = new ManualClock(Date.parse('2024-07-15T02:00:00Z'))
let gw: TestGateway
let seq = 0

beforeAll(async () => {
  gw = await startGateway({ env: { SEED: 'none' }, clock })
  // Requests interleave between their database steps, as they do against a networked database.
  gw.deps.store = withLatency(gw.deps.store)
})
afterAll(async () => { await gw.close() })

async function newStation(): Promise<{ id: string; code: string }> {
  const id = `ck-${++seq}`
  await gw.deps.store.collection<StationDoc>('stations').insert(stationDoc(id, { lat: 30.5 + seq / 1000, lng: 114.3 }, ['water'], '24h'))
  return { id, code: gw.deps.tokens.staticCode('station', id) }
}
const checkin = (s: { id: string; code: string }, openid: string) => gw.call('station', 'checkin', { stationId: s.id, code: s.code }, openid)

/** Every visit number 1..visitCount has exactly one record, and nothing beyond. */
async function assertConsistent(stationId: string) {
  const st = await gw.deps.store.collection<StationDoc>('stations').get(stationId)
  const recs = await gw.deps.store.collection<CheckinDoc>('checkins').find({ stationId }, { limit: 1000 })
  expect(recs.map((r) => r.visitNo).sort((a, b) => a - b)).toEqual(Array.from({ length: st!.visitCount }, (_, i) => i + 1))
  return { visitCount: st!.visitCount, recs }
}

test('first check-in is visit 1; again within 2 hours is the same answer; at 2 hours it counts again', async () => {
  const s = await newStation()
  const a = await checkin(s, 'driver-a')
  expect(a.status).toBe(200)
  expect(a.body.data).toEqual({ visitNo: 1, checkedInAt: clock.now().toISOString(), stationId: s.id })
  clock.advance(2 * 3600_000 - 1)
  const again = await checkin(s, 'driver-a')
  expect(again.body.data).toEqual(a.body.data)
  const other = await checkin(s, 'driver-b')
  expect(other.body.data.visitNo).toBe(2)
  clock.advance(1)
  const later = await checkin(s, 'driver-a')
  expect(later.body.data).toEqual({ visitNo: 3, checkedInAt: clock.now().toISOString(), stationId: s.id })
  const got = await gw.call('station', 'get', { stationId: s.id })
  expect(got.body.data.visitCount).toBe(3)
  await assertConsistent(s.id)
})

test('the same person racing 8 requests counts once, and all 8 get the same answer', async () => {
  const s = await newStation()
  const rs = await Promise.all(Array.from({ length: 8 }, () => checkin(s, 'racer')))
  for (const r of rs) expect(r.status).toBe(200)
  const answers = new Set(rs.map((r) => JSON.stringify(r.body.data)))
  expect(answers.size).toBe(1)
  expect(rs[0].body.data.visitNo).toBe(1)
  const { visitCount } = await assertConsistent(s.id)
  expect(visitCount).toBe(1)
})

test('30 people racing get 30 distinct numbers 1..30; with 3 duplicates each, still 30', async () => {
  const s = await newStation()
  const people = Array.from({ length: 30 }, (_, i) => `p-${i}`)
  const rs = await Promise.all(people.flatMap((p) => [checkin(s, p), checkin(s, p), checkin(s, p)]))
  for (const r of rs) expect(r.status).toBe(200)
  const byPerson = new Map<string, Set<string>>()
  rs.forEach((r, i) => {
    const p = people[Math.floor(i / 3)]
    if (!byPerson.has(p)) byPerson.set(p, new Set())
    byPerson.get(p)!.add(JSON.stringify(r.body.data))
  })
  for (const set of byPerson.values()) expect(set.size).toBe(1)
  const numbers = [...byPerson.values()].map((set) => JSON.parse([...set][0]).visitNo).sort((a, b) => a - b)
  expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
  const { visitCount, recs } = await assertConsistent(s.id)
  expect(visitCount).toBe(30)
  expect(new Set(recs.map((r) => r.openid)).size).toBe(30)
})

test('a wrong code, or another station\'s code, is INVALID_TOKEN and counts nothing', async () => {
  const s = await newStation()
  const t = await newStation()
  for (const code of ['wrong-code', t.code, s.code.slice(1), `${s.code}x`]) {
    const r = await gw.call('station', 'checkin', { stationId: s.id, code }, 'wrong-coder')
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('INVALID_TOKEN')
  }
  expect((await assertConsistent(s.id)).visitCount).toBe(0)
})

test('no identity is UNAUTHENTICATED; an unknown station is NOT_FOUND; bad data is VALIDATION_FAILED', async () => {
  const s = await newStation()
  expect((await gw.call('station', 'checkin', { stationId: s.id, code: s.code })).body.error.code).toBe('UNAUTHENTICATED')
  const ghost = gw.deps.tokens.staticCode('station', 'ghost-station')
  expect((await gw.call('station', 'checkin', { stationId: 'ghost-station', code: ghost }, 'u1')).body.error.code).toBe('NOT_FOUND')
  for (const data of [{ stationId: s.id }, { stationId: s.id, code: '' }, { stationId: 'a.b', code: s.code }, { stationId: s.id, code: { $gt: '' } }, { stationId: s.id, code: s.code, visitNo: 9 }]) {
    expect((await gw.call('station', 'checkin', data, 'u1')).body.error.code).toBe('VALIDATION_FAILED')
  }
})

test('more than 10 check-in calls a minute by one person are RATE_LIMITED', async () => {
  const s = await newStation()
  clock.advance(60_000 - (clock.now().getTime() % 60_000)) // start of a minute
  const rs = []
  for (let i = 0; i < 11; i++) rs.push(await checkin(s, 'hammer'))
  expect(rs.slice(0, 10).every((r) => r.status === 200)).toBe(true)
  expect(rs[10].status).toBe(429)
  expect(rs[10].body.error.code).toBe('RATE_LIMITED')
  clock.advance(60_000)
  expect((await checkin(s, 'hammer')).status).toBe(200)
})

describe('a request that stops between the steps (crash) neither loses nor doubles a visit', () => {
  const load = async (id: string) => (await gw.deps.store.collection<StationDoc>('stations').get(id))!
  const visitor = (id: string, openid: string) => gw.deps.store.collection<VisitorDoc>('station_visitors').get(pairKey(id, openid))

  test('stopped after the claim: nothing counted; after the lease the person checks in normally', async () => {
    const s = await newStation()
    expect(await claim(gw.deps, s.id, 'crash-1', null)).toBeTruthy()
    // A retry while the claim is fresh waits for it; once the lease has passed the claim is taken over.
    clock.advance(CLAIM_LEASE_MS + 1)
    const r = await checkin(s, 'crash-1')
    expect(r.body.data.visitNo).toBe(1)
    expect((await assertConsistent(s.id)).visitCount).toBe(1)
  })

  test('stopped after storing the record: the retry answers with that record; the counter is rolled forward', async () => {
    const s = await newStation()
    const at = clock.now()
    const token = (await claim(gw.deps, s.id, 'crash-2', null))!
    const n = await takeNumber(gw.deps, await load(s.id), 'crash-2', token, at, { stopAfterRecord: true })
    expect(n).toBe(1)
    expect((await load(s.id)).visitCount).toBe(0) // the counter is behind its record ...
    clock.advance(5_000)
    const r = await checkin(s, 'crash-2') // ... the person's retry finds the record by its claim
    expect(r.body.data).toEqual({ visitNo: 1, checkedInAt: at.toISOString(), stationId: s.id })
    expect((await assertConsistent(s.id)).visitCount).toBe(1)
  })

  test('stopped after the record, another person comes first: they get the next number, the counter heals', async () => {
    const s = await newStation()
    const token = (await claim(gw.deps, s.id, 'crash-3', null))!
    await takeNumber(gw.deps, await load(s.id), 'crash-3', token, clock.now(), { stopAfterRecord: true })
    const other = await checkin(s, 'someone-else')
    expect(other.body.data.visitNo).toBe(2)
    expect((await assertConsistent(s.id)).visitCount).toBe(2)
    const mine = await checkin(s, 'crash-3')
    expect(mine.body.data.visitNo).toBe(1)
  })

  test('stopped after the record, seen by `get`: the visit count includes it', async () => {
    const s = await newStation()
    const token = (await claim(gw.deps, s.id, 'crash-4', null))!
    await takeNumber(gw.deps, await load(s.id), 'crash-4', token, clock.now(), { stopAfterRecord: true })
    expect((await gw.call('station', 'get', { stationId: s.id })).body.data.visitCount).toBe(1)
    expect((await assertConsistent(s.id)).visitCount).toBe(1)
  })

  test('stopped before the last step: the retry gives the same number, and the window runs from the first time', async () => {
    const s = await newStation()
    const at = clock.now()
    const token = (await claim(gw.deps, s.id, 'crash-5', null))!
    const n = await takeNumber(gw.deps, await load(s.id), 'crash-5', token, at)
    expect((await visitor(s.id, 'crash-5'))!.visitNo).toBeUndefined()
    clock.advance(CLAIM_LEASE_MS * 2)
    const r = await checkin(s, 'crash-5')
    expect(r.body.data).toEqual({ visitNo: n, checkedInAt: at.toISOString(), stationId: s.id })
    expect((await assertConsistent(s.id)).visitCount).toBe(1)
  })

  test('a slow request whose claim was finished by a retry still returns the stored answer', async () => {
    const s = await newStation()
    const st = await load(s.id)
    const at = clock.now()
    const token = (await claim(gw.deps, s.id, 'slow', null))!
    const n = await takeNumber(gw.deps, st, 'slow', token, at)
    const retry = await checkin(s, 'slow') // finds the record of the claim and finishes it
    expect(retry.body.data.visitNo).toBe(n)
    expect(await finish(gw.deps, pairKey(s.id, 'slow'), token, n, at)).toBe(false) // the slow one's own finish is refused ...
    expect({ ...(await checkinAt(gw.deps, st, 'slow', at)), stationId: s.id }).toEqual(retry.body.data) // ... and it reads the same answer
    expect((await assertConsistent(s.id)).visitCount).toBe(1)
  })
})
