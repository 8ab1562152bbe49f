/**
 * Public voting through the gateway on the real sqlite store: one vote per voter per entry per day,
 * at most 10 successful votes per voter per day, DUPLICATE before RATE_LIMITED, counts of successful
 * votes only, also under racing taps (through HTTP, and in-process with network-like store latency).
 */
import { ManualClock } from '../../cloudfunctions/_shared/clock'
import type { Filter } from '../../cloudfunctions/_shared/ports'
import { contestFunction } from '../../cloudfunctions/contest/handlers'
import { startGateway, type TestGateway } from '../support/gateway'
import { aliasIn, approve, createContest, enter, person } from './helpers'
import { laggyCaller } from './laggy'

const NOW = '2026-07-10T04:00:00.000Z'
const clock = new ManualClock(Date.parse(NOW))
let gw: TestGateway
const ids: string[] = []
beforeAll(async () => {
  gw = await startGateway({ clock })
  // 16 approved entries in the demo contest (voting is open: sign-up runs today).
  for (let i = 0; i < 16; i++) {
    const e = await enter(gw, 'hebei-opera-1', (['jingju', 'pingju', 'hebei_bangzi'] as const)[i % 3])
    await approve(gw, e.id)
    ids.push(e.id)
  }
})
afterAll(async () => { await gw.close() })
afterEach(() => clock.set(NOW))

const vote = (entryId: string, voter?: string) => gw.call('contest', 'vote', { entryId }, voter)
const storedVotes = (filter: Filter) => gw.deps.store.collection('votes').count(filter)
const cachedVotes = async (entryId: string) => (await gw.deps.store.collection('entries').get(entryId))!.votes as number

test('a vote counts once per voter per entry per day; the next day it counts again', async () => {
  const [a] = ids
  const voter = person('v')
  const before = await cachedVotes(a)
  const first = await vote(a, voter)
  expect(first.status).toBe(200)
  expect(first.body.data).toEqual({ votes: before + 1 })
  const again = await vote(a, voter)
  expect([again.status, again.body.error.code]).toEqual([409, 'DUPLICATE'])
  expect(await cachedVotes(a)).toBe(before + 1)
  clock.set('2026-07-11T01:00:00.000Z')
  expect((await vote(a, voter)).body.data).toEqual({ votes: before + 2 })
  expect(await storedVotes({ entryId: a, voter })).toBe(2)
  // Another voter's vote counts too; the answer is the entry's count.
  expect((await vote(a, person('v'))).body.data).toEqual({ votes: before + 3 })
})

test('8 racing taps by one voter on one entry count once (HTTP)', async () => {
  const e = ids[1]
  const voter = person('v')
  const before = await cachedVotes(e)
  const rs = await Promise.all(Array.from({ length: 8 }, () => vote(e, voter)))
  expect(rs.filter((r) => r.status === 200)).toHaveLength(1)
  expect(rs.filter((r) => r.status !== 200).map((r) => r.body.error.code)).toEqual(Array(7).fill('DUPLICATE'))
  expect(await cachedVotes(e)).toBe(before + 1)
  expect(await storedVotes({ entryId: e, voter })).toBe(1)
})

test('8 racing taps count once, with store latency interleaving every step; the quota keeps one unit', async () => {
  const call = laggyCaller(contestFunction, gw.deps)
  for (let round = 0; round < 5; round++) {
    const e = ids[2 + round]
    const voter = person('v')
    const before = await cachedVotes(e)
    const rs = await Promise.all(Array.from({ length: 8 }, () => call('vote', { entryId: e }, voter)))
    expect(rs.filter((r) => r.ok)).toHaveLength(1)
    expect(rs.flatMap((r) => (r.ok ? [] : [r.error.code]))).toEqual(Array(7).fill('DUPLICATE'))
    expect(await cachedVotes(e)).toBe(before + 1)
    expect(await storedVotes({ entryId: e, voter })).toBe(1)
    const quota = await gw.deps.store.collection('rate_limits').get(`contest-vote_2026-07-10_${aliasIn(gw, voter)}`)
    expect(quota!.count).toBe(1)
  }
})

test('the 11th vote of a day is RATE_LIMITED; a repeat is still DUPLICATE; refusals are not counted', async () => {
  const voter = person('v')
  const before = await Promise.all(ids.map(cachedVotes))
  for (let i = 0; i < 10; i++) expect((await vote(ids[i], voter)).status).toBe(200)
  const eleventh = await vote(ids[10], voter)
  expect([eleventh.status, eleventh.body.error.code]).toEqual([429, 'RATE_LIMITED'])
  expect(eleventh.body.error.message).toContain('10')
  // DUPLICATE is checked before RATE_LIMITED.
  const repeat = await vote(ids[3], voter)
  expect([repeat.status, repeat.body.error.code]).toEqual([409, 'DUPLICATE'])
  const after = await Promise.all(ids.map(cachedVotes))
  expect(after.map((v, i) => v - before[i])).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
  expect(await storedVotes({ voter })).toBe(10)
  // The next day the voter has ten again.
  clock.set('2026-07-11T00:00:00.000Z')
  expect((await vote(ids[10], voter)).status).toBe(200)
})

test('racing votes by one voter on 16 entries: exactly 10 succeed over HTTP; at most 10 with store latency, topped up to 10 after', async () => {
  const v1 = person('v')
  const rs = await Promise.all(ids.map((id) => vote(id, v1)))
  expect(rs.filter((r) => r.status === 200)).toHaveLength(10)
  expect(rs.filter((r) => r.status === 429)).toHaveLength(6)
  expect(await storedVotes({ voter: v1 })).toBe(10)

  const call = laggyCaller(contestFunction, gw.deps)
  const v2 = person('v')
  const before = await Promise.all(ids.map(cachedVotes))
  // Each entry tapped twice, all at once: 32 calls. A duplicate tap holds a unit of the quota for a
  // moment before giving it back, so a racing vote may be refused meanwhile (a retry passes): never
  // more than 10 pass, and none is lost or counted twice.
  const rs2 = await Promise.all([...ids, ...ids].map((id) => call('vote', { entryId: id }, v2)))
  const okCount = rs2.filter((r) => r.ok).length
  expect(okCount).toBeGreaterThanOrEqual(1)
  expect(okCount).toBeLessThanOrEqual(10)
  expect(rs2.every((r) => r.ok || r.error.code === 'DUPLICATE' || r.error.code === 'RATE_LIMITED')).toBe(true)
  expect(await storedVotes({ voter: v2 })).toBe(okCount)
  const after = await Promise.all(ids.map(cachedVotes))
  // Each stored vote raised its entry's count by exactly one; refused calls raised nothing.
  const gained = after.map((v, i) => v - before[i])
  for (const [i, id] of ids.entries()) expect(gained[i]).toBe(await storedVotes({ voter: v2, entryId: id }))
  // The units the duplicates held were given back: the voter tops up to exactly 10, then no more.
  const voted = new Set((await gw.deps.store.collection('votes').find({ voter: v2 })).map((v) => v.entryId))
  const rest = ids.filter((id) => !voted.has(id))
  const topUp = []
  for (const id of rest) topUp.push((await vote(id, v2)).status)
  expect(topUp.filter((s) => s === 200)).toHaveLength(10 - okCount)
  expect(topUp.filter((s) => s === 429)).toHaveLength(rest.length - (10 - okCount))
  expect(await storedVotes({ voter: v2 })).toBe(10)
  expect((await gw.deps.store.collection('rate_limits').get(`contest-vote_2026-07-10_${aliasIn(gw, v2)}`))!.count).toBe(10)
})

test('only approved entries of a contest whose voting is open take votes; an identity is needed', async () => {
  const pending = await enter(gw, 'hebei-opera-1', 'jingju')
  expect((await vote(pending.id, person('v'))).body.error.code).toBe('NOT_FOUND')
  expect((await vote('no-such-entry', person('v'))).body.error.code).toBe('NOT_FOUND')
  expect((await vote(ids[0])).status).toBe(401)
  // A contest whose final ended: voting is over.
  const done = await createContest(gw, {
    signupStart: '2026-05-01', signupEnd: '2026-05-10',
    stages: [{ id: 'prelim', startDate: '2026-05-11', endDate: '2026-05-20' }, { id: 'final', startDate: '2026-06-01', endDate: '2026-06-10' }],
  })
  clock.set('2026-05-05T04:00:00.000Z')
  const old = await enter(gw, done, 'jingju')
  await approve(gw, old.id)
  expect((await vote(old.id, person('v'))).status).toBe(200)
  clock.set(NOW)
  const late = await vote(old.id, person('v'))
  expect([late.status, late.body.error.code]).toEqual([409, 'OUTSIDE_WINDOW'])
  expect(late.body.error.message).toContain('投票已结束')
})

test('the gallery shows approved entries by genre and stage, with vote counts, in pages', async () => {
  const all: Array<{ id: string; votes: number; genre: string; status: string }> = []
  let cursor: string | null | undefined
  do {
    const r = await gw.call('contest', 'entries', { contestId: 'hebei-opera-1', genre: 'jingju', stage: 'prelim', limit: 3, ...(cursor ? { cursor } : {}) })
    expect(r.body.data.items.length).toBeLessThanOrEqual(3)
    all.push(...r.body.data.items)
    cursor = r.body.data.nextCursor
  } while (cursor)
  expect(new Set(all.map((e) => e.id)).size).toBe(all.length)
  expect(all.every((e) => e.genre === 'jingju' && e.status === 'approved')).toBe(true)
  const mine = ids.filter((_, i) => i % 3 === 0)
  for (const id of mine) expect(all.find((e) => e.id === id)!.votes).toBe(await cachedVotes(id))
  // 2 seeded approved 京剧 entries + ours.
  expect(all).toHaveLength(2 + mine.length)
  const bad = await gw.call('contest', 'entries', { contestId: 'hebei-opera-1', cursor: 'not-a-cursor' })
  expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  // Nobody reached the final yet.
  expect((await gw.call('contest', 'entries', { contestId: 'hebei-opera-1', stage: 'final' })).body.data).toEqual({ items: [], nextCursor: null })
})
