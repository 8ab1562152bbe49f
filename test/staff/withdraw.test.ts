/**
 * contest.withdraw: staff take an approved entry out of the gallery with a reason; the entry stops taking
 * votes and scores, its owner sees the reason in `mine`. Through the gateway on the real sqlite store.
 */
import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { startGateway, type TestGateway } from '../support/gateway'
import { ADMIN, approve, createContest, enter, newJudge, person } from '../contest/helpers'

const clock = new ManualClock(Date.parse('2026-07-10T04:00:00.000Z'))
let gw: TestGateway
let contestId: string
beforeAll(async () => {
  gw = await startGateway({ clock })
  contestId = await createContest(gw)
})
afterAll(async () => { await gw.close() })

const gallery = async () => (await gw.call('contest', 'entries', { contestId })).body.data.items.map((e: { id: string }) => e.id) as string[]

test('an approved entry leaves the gallery, takes no votes or scores, and its owner sees why', async () => {
  const e = await enter(gw, contestId, 'jingju')
  await approve(gw, e.id)
  expect(await gallery()).toContain(e.id)

  const r = await gw.call('contest', 'withdraw', { entryId: e.id, reason: '  视频与报名曲目不符  ' }, ADMIN)
  expect(r.body.ok).toBe(true)
  expect(r.body.data).toMatchObject({ id: e.id, status: 'withdrawn', reason: '视频与报名曲目不符' })
  expect(r.body.data.phone).toMatch(/^\d{3}\*{4}\d{4}$/)
  expect(await gallery()).not.toContain(e.id)

  expect((await gw.call('contest', 'vote', { entryId: e.id }, person('v'))).body.error.code).toBe('NOT_FOUND')
  const judge = await newJudge(gw)
  expect((await gw.call('contest', 'score', { entryId: e.id, stage: 'prelim', score: 90 }, judge)).body.error.code).toBe('NOT_FOUND')

  const mine = (await gw.call('contest', 'mine', {}, e.owner)).body.data.items
  expect(mine).toEqual([expect.objectContaining({ id: e.id, status: 'withdrawn', reason: '视频与报名曲目不符' })])

  // A repeat (a retry) answers with the withdrawn entry and keeps the first reason.
  const again = await gw.call('contest', 'withdraw', { entryId: e.id, reason: '另一个理由' }, ADMIN)
  expect(again.body.data).toMatchObject({ status: 'withdrawn', reason: '视频与报名曲目不符' })
})

test('only approved entries can be withdrawn; unknown entry NOT_FOUND; only admins; reason required', async () => {
  const pending = await enter(gw, contestId, 'pingju')
  const r = await gw.call('contest', 'withdraw', { entryId: pending.id, reason: '理由' }, ADMIN)
  expect([r.status, r.body.error.code]).toEqual([409, 'CONFLICT'])
  expect((await gw.call('contest', 'withdraw', { entryId: 'no-such', reason: '理由' }, ADMIN)).body.error.code).toBe('NOT_FOUND')
  await approve(gw, pending.id)
  for (const who of [pending.owner, await newJudge(gw)]) {
    expect((await gw.call('contest', 'withdraw', { entryId: pending.id, reason: '理由' }, who)).body.error.code).toBe('FORBIDDEN')
  }
  const noReason = await gw.call('contest', 'withdraw', { entryId: pending.id, reason: ' ' }, ADMIN)
  expect(noReason.body.error.details.fieldErrors.reason).toEqual(['请填写撤下理由'])
  expect(await gallery()).toContain(pending.id)
})

test('a contest whose stage dates are out of order is VALIDATION_FAILED naming the field', async () => {
  const r = await gw.call('contest', 'upsertContest', {
    title: '顺序错误', genres: ['jingju'], signupStart: '2026-07-01', signupEnd: '2026-07-20',
    stages: [{ id: 'prelim', startDate: '2026-07-05', endDate: '2026-07-25' }, { id: 'final', startDate: '2026-07-20', endDate: '2026-08-10' }],
  }, ADMIN)
  expect(r.status).toBe(400)
  expect(r.body.error.details.fieldErrors).toEqual({ 'stages.1.startDate': ['决赛应在预赛结束（2026-07-25）后开始'] })
  const late = await gw.call('contest', 'upsertContest', {
    title: '报名太晚', genres: ['jingju'], signupStart: '2026-07-06', signupEnd: '2026-07-30',
    stages: [{ id: 'prelim', startDate: '2026-07-05', endDate: '2026-07-25' }],
  }, ADMIN)
  expect(Object.keys(late.body.error.details.fieldErrors).sort()).toEqual(['signupEnd', 'signupStart'])
})
