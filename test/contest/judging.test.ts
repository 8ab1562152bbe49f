/**
 * Judging, advancement and awards through the gateway on the real sqlite store, checked against
 * tables computed by hand (ties to the earlier sign-up).
 */
import { contestFunction } from '../../cloudfunctions/contest/handlers'
import { gatewayAt } from '../support/gateway'
import { ADMIN, approve, createContest, enter, newJudge, person } from './helpers'
import { laggyCaller } from './laggy'

const NOW = '2026-07-10T04:00:00.000Z'
const { gw, clock } = gatewayAt(NOW)

const score = (judge: string, entryId: string, value: number, stage = 'prelim', comment?: string) =>
  gw.call('contest', 'score', { entryId, stage, score: value, ...(comment !== undefined ? { comment } : {}) }, judge)
const ok = async (p: Promise<{ status: number; body: any }>) => {
  const r = await p
  if (!r.body.ok) throw new Error(JSON.stringify(r.body))
  return r.body.data
}

/** Signs up people one minute apart (so sign-up order is known), approved unless said otherwise. */
async function field(contestId: string, genre: string, n: number, { approved = true } = {}) {
  const out: Array<{ id: string; owner: string }> = []
  for (let i = 0; i < n; i++) {
    clock.advance(60_000)
    const e = await enter(gw, contestId, genre)
    if (approved) await approve(gw, e.id)
    out.push({ id: e.id, owner: e.owner })
  }
  return out
}

describe('score', () => {
  test('judges only; 0–100 with one decimal; one per judge, entry and stage, changeable while the stage is open', async () => {
    const c = await createContest(gw)
    const [e] = await field(c, 'jingju', 1)
    const [pending] = await field(c, 'jingju', 1, { approved: false })
    const judge = await newJudge(gw)

    expect((await score(person(), e.id, 80)).body.error.code).toBe('FORBIDDEN')
    expect((await score(ADMIN, e.id, 80)).body.error.code).toBe('FORBIDDEN')
    expect((await gw.call('contest', 'score', { entryId: e.id, stage: 'prelim', score: 80 })).status).toBe(401)
    for (const bad of [100.1, -0.5, 88.55, Number.NaN, '90']) {
      const r = await gw.call('contest', 'score', { entryId: e.id, stage: 'prelim', score: bad }, judge)
      expect([r.status, r.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
      expect(r.body.error.details.fieldErrors.score).toBeDefined()
    }
    for (const good of [0, 100, 88.5, 79.9]) expect((await score(judge, e.id, good)).status).toBe(200)

    const t0 = clock.now().toISOString()
    const first = await ok(score(judge, e.id, 86.5, 'prelim', '  嗓音洪亮  '))
    expect(first).toEqual({ entryId: e.id, stage: 'prelim', judge, score: 86.5, comment: '嗓音洪亮', updatedAt: t0 })
    clock.advance(60_000)
    const changed = await ok(score(judge, e.id, 90))
    expect(changed).toEqual({ entryId: e.id, stage: 'prelim', judge, score: 90, updatedAt: new Date(Date.parse(t0) + 60_000).toISOString() })
    const docs = await gw.deps.store.collection('scores').find({ entryId: e.id })
    expect(docs).toHaveLength(1)
    expect(docs[0]).toMatchObject({ score: 90, judge, stage: 'prelim' })
    expect(docs[0]).not.toHaveProperty('comment')

    // The judge's list shows their own score; a judge sees approved entries only.
    const q = await ok(gw.call('contest', 'reviewQueue', { contestId: c, stage: 'prelim' }, judge))
    expect(q.items.map((x: { id: string }) => x.id)).toEqual([e.id])
    expect(q.items[0]).toMatchObject({ myScore: 90 })
    expect(q.items[0]).not.toHaveProperty('meanScore')
    expect((await gw.call('contest', 'reviewQueue', { contestId: c, status: 'submitted' }, judge)).body.error.code).toBe('FORBIDDEN')
    const adminQ = await ok(gw.call('contest', 'reviewQueue', { contestId: c }, ADMIN))
    expect(adminQ.items.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual([[e.id, 'approved'], [pending.id, 'submitted']])
    expect(adminQ.items[0]).toMatchObject({ meanScore: 90, scoreCount: 1 })
    expect((await gw.call('contest', 'reviewQueue', { contestId: c }, person())).body.error.code).toBe('FORBIDDEN')

    // Entries that are not approved, stages the contest lacks, entries not in the stage, closed stages.
    expect((await score(judge, pending.id, 80)).body.error.code).toBe('NOT_FOUND')
    expect((await score(judge, e.id, 80, 'semi')).body.error.code).toBe('VALIDATION_FAILED')
    clock.set('2026-08-02T04:00:00.000Z') // the final is open, the entry is still in prelim
    const notThere = await score(judge, e.id, 80, 'final')
    expect([notThere.status, notThere.body.error.code]).toEqual([409, 'CONFLICT'])
    const closed = await score(judge, e.id, 80, 'prelim')
    expect([closed.status, closed.body.error.code]).toEqual([409, 'OUTSIDE_WINDOW'])
    expect(closed.body.error.message).toContain('2026-07-25')
    clock.set('2026-07-04T04:00:00.000Z')
    expect((await score(judge, e.id, 80)).body.error.code).toBe('OUTSIDE_WINDOW')
  })

  test('racing score changes by one judge (with store latency) leave one document', async () => {
    const c = await createContest(gw)
    const [e] = await field(c, 'pingju', 1)
    const judge = await newJudge(gw)
    const call = laggyCaller(contestFunction, gw.deps)
    const rs = await Promise.all([70, 71, 72, 73, 74, 75].map((s) => call('score', { entryId: e.id, stage: 'prelim', score: s }, judge)))
    expect(rs.every((r) => r.ok)).toBe(true)
    const docs = await gw.deps.store.collection('scores').find({ entryId: e.id })
    expect(docs).toHaveLength(1)
    expect([70, 71, 72, 73, 74, 75]).toContain(docs[0].score)
  })
})

describe('advance', () => {
  test('the top perGenre per genre by mean judge score, ties to the earlier sign-up (hand-computed table)', async () => {
    const c = await createContest(gw)
    const [A, B] = [await newJudge(gw), await newJudge(gw)]
    const [J1, J2, J3, J4, J5, J6] = await field(c, 'jingju', 6)
    const [P1, P2, P3, P4] = await field(c, 'pingju', 4)
    const [P5] = await field(c, 'pingju', 1, { approved: false })

    // entry: judge A, judge B  → mean
    // J1: 80, 90      → 85.0     J2: 95, 75 → 85.0 (A first gave 60, then changed it)
    // J3: 88, 88.4    → 88.2     J4: 85.1, 84.9 → 85.0 (exact in tenths, no float drift)
    // J5: 99, –       → 99.0     J6: –, –   → not ranked
    // P1: 70, 71      → 70.5     P2: 70.5, – → 70.5      P3: 60, 60 → 60.0     P4: 59.9, 60.1 → 60.0
    // P5: not approved (cannot be scored, is not ranked)
    const table: Array<[{ id: string }, number | null, number | null]> = [
      [J1, 80, 90], [J2, 60, 75], [J3, 88, 88.4], [J4, 85.1, 84.9], [J5, 99, null],
      [P1, 70, 71], [P2, 70.5, null], [P3, 60, 60], [P4, 59.9, 60.1],
    ]
    for (const [e, a, b] of table) {
      if (a !== null) await ok(score(A, e.id, a))
      if (b !== null) await ok(score(B, e.id, b))
    }
    await ok(score(A, J2.id, 95))
    expect((await score(A, P5.id, 99)).body.error.code).toBe('NOT_FOUND')

    // Ranked: 京剧 J5 99, J3 88.2, J1 85 (earliest of three at 85), J2 85, J4 85; 评剧 P1 70.5, P2 70.5, P3 60, P4 60.
    const r = await ok(gw.call('contest', 'advance', { contestId: c, fromStage: 'prelim', perGenre: 3 }, ADMIN))
    expect(r).toEqual({ promoted: [J5.id, J3.id, J1.id, P1.id, P2.id, P3.id] })

    const stageOf = async (e: { id: string }) => (await gw.deps.store.collection('entries').get(e.id))!.stage
    expect(await Promise.all([J1, J2, J3, J4, J5, J6, P1, P2, P3, P4, P5].map(stageOf)))
      .toEqual(['final', 'prelim', 'final', 'prelim', 'final', 'prelim', 'final', 'final', 'final', 'prelim', 'prelim'])

    // Results per stage for the entrants.
    const mineOf = async (e: { id: string; owner: string }) =>
      (await ok(gw.call('contest', 'mine', {}, e.owner))).items.find((x: { id: string }) => x.id === e.id)
    expect((await mineOf(J2)).results).toEqual([{ stage: 'prelim', meanScore: 85, advanced: false, settled: true }])
    expect((await mineOf(J3)).results).toEqual([
      { stage: 'prelim', meanScore: 88.2, advanced: true, settled: true },
      { stage: 'final', meanScore: null, advanced: false, settled: false },
    ])
    expect((await mineOf(J6)).results).toEqual([{ stage: 'prelim', meanScore: null, advanced: false, settled: true }])
    expect((await mineOf(P5)).results).toEqual([])

    // Once per stage; the prelim is settled: scores and reviews in it are locked.
    const again = await gw.call('contest', 'advance', { contestId: c, fromStage: 'prelim', perGenre: 5 }, ADMIN)
    expect([again.status, again.body.error.code]).toEqual([409, 'CONFLICT'])
    const locked = await score(A, J2.id, 100)
    expect([locked.status, locked.body.error.code]).toEqual([409, 'OUTSIDE_WINDOW'])
    expect(locked.body.error.message).toContain('已完成晋级')
    expect((await gw.call('contest', 'review', { entryId: P5.id, approve: true }, ADMIN)).body.error.code).toBe('CONFLICT')
    const got = await ok(gw.call('contest', 'get', { contestId: c }))
    expect(got.stages.map((s: { settled: boolean }) => s.settled)).toEqual([true, false, false])
    // The gallery by stage: the finalists.
    const fin = await ok(gw.call('contest', 'entries', { contestId: c, stage: 'final' }))
    expect(fin.items.map((x: { id: string }) => x.id).sort()).toEqual([J5.id, J3.id, J1.id, P1.id, P2.id, P3.id].sort())

    // Admin only; stages the contest does not have; no stage after the last.
    expect((await gw.call('contest', 'advance', { contestId: c, fromStage: 'final', perGenre: 1 }, A)).body.error.code).toBe('FORBIDDEN')
    expect((await gw.call('contest', 'advance', { contestId: c, fromStage: 'semi', perGenre: 1 }, ADMIN)).body.error.code).toBe('VALIDATION_FAILED')
    expect((await gw.call('contest', 'advance', { contestId: 'no-such', fromStage: 'prelim', perGenre: 1 }, ADMIN)).body.error.code).toBe('NOT_FOUND')
    expect((await gw.call('contest', 'advance', { contestId: c, fromStage: 'prelim', perGenre: 0 }, ADMIN)).body.error.code).toBe('VALIDATION_FAILED')
  })

  test('equal means and equal sign-up times: the lower id goes first', async () => {
    const c = await createContest(gw, { genres: ['jingju'] })
    const A = await newJudge(gw)
    clock.set('2026-07-10T05:00:00.000Z')
    const x = await enter(gw, c, 'jingju'); await approve(gw, x.id)
    const y = await enter(gw, c, 'jingju'); await approve(gw, y.id)
    expect(x.createdAt).toBe(y.createdAt)
    await ok(score(A, x.id, 77)); await ok(score(A, y.id, 77))
    const r = await ok(gw.call('contest', 'advance', { contestId: c, fromStage: 'prelim', perGenre: 1 }, ADMIN))
    expect(r.promoted).toEqual([[x.id, y.id].sort()[0]])
  })

  test('six racing advances from one stage (with store latency): one runs, five are CONFLICT, entries move once', async () => {
    const c = await createContest(gw)
    const A = await newJudge(gw)
    const es = await field(c, 'jingju', 4)
    for (const [i, e] of es.entries()) await ok(score(A, e.id, 60 + i))
    const call = laggyCaller(contestFunction, gw.deps)
    const rs = await Promise.all(Array.from({ length: 6 }, () => call('advance', { contestId: c, fromStage: 'prelim', perGenre: 2 }, ADMIN)))
    expect(rs.filter((r) => r.ok)).toHaveLength(1)
    expect(rs.flatMap((r) => (r.ok ? [] : [r.error.code]))).toEqual(Array(5).fill('CONFLICT'))
    const won = rs.find((r) => r.ok)
    expect(won!.ok && won!.data).toEqual({ promoted: [es[3].id, es[2].id] })
    const finals = await gw.deps.store.collection('entries').find({ contestId: c, stage: 'final' })
    expect(finals.map((e) => e._id).sort()).toEqual([es[3].id, es[2].id].sort())
  })

  test('a crash after the decision was recorded: the next call finishes the moves and still answers CONFLICT', async () => {
    const c = await createContest(gw, { genres: ['pingju'] })
    const A = await newJudge(gw)
    const es = await field(c, 'pingju', 3)
    for (const [i, e] of es.entries()) await ok(score(A, e.id, 90 - i))
    // What an advance that died right after its conditional update leaves behind.
    await gw.deps.store.collection('contests').updateOne({ _id: c }, {
      $set: { 'advanced.prelim': { at: NOW, by: ADMIN, perGenre: 2, promoted: [es[0].id, es[1].id], next: 'final', done: false } },
    })
    const r = await gw.call('contest', 'advance', { contestId: c, fromStage: 'prelim', perGenre: 2 }, ADMIN)
    expect(r.body.error.code).toBe('CONFLICT')
    const stages = await Promise.all(es.map(async (e) => (await gw.deps.store.collection('entries').get(e.id))!.stage))
    expect(stages).toEqual(['final', 'final', 'prelim'])
    expect(((await gw.deps.store.collection('contests').get(c)) as any).advanced.prelim.done).toBe(true)
  })
})

describe('awards', () => {
  test('名票 top 5 by final score, 风采 the next 5, 人气 top 5 finalists by stored votes (hand-computed table)', async () => {
    const c = await createContest(gw)
    const [A, B] = [await newJudge(gw), await newJudge(gw)]
    const F = await field(c, 'jingju', 13) // F[0] = F01 … F[12] = F13
    // Prelim: F01–F12 all 50 (ties by sign-up), F13 40: the 12 best reach the final.
    for (const [i, e] of F.entries()) await ok(score(A, e.id, i < 12 ? 50 : 40))
    expect((await ok(gw.call('contest', 'advance', { contestId: c, fromStage: 'prelim', perGenre: 12 }, ADMIN))).promoted).toEqual(F.slice(0, 12).map((e) => e.id))

    clock.set('2026-08-05T04:00:00.000Z') // the final is open
    // Final scores (judge A, judge B → mean):
    // F01 90,92→91  F02 95,95→95  F03 88,90→89  F04 91,91→91  F05 70,72→71  F06 85,86→85.5
    // F07 80,80→80  F08 85.5,–→85.5  F09 60,61→60.5  F10 75,76→75.5  F11 82,83→82.5  F12 –,– (unranked)
    const finals: Array<[number, number | null]> = [[90, 92], [95, 95], [88, 90], [91, 91], [70, 72], [85, 86], [80, 80], [85.5, null], [60, 61], [75, 76], [82, 83]]
    for (const [i, [a, b]] of finals.entries()) {
      await ok(score(A, F[i].id, a, 'final'))
      if (b !== null) await ok(score(B, F[i].id, b, 'final'))
    }
    // Votes: F01 2, F03 4, F04 1, F05 4, F06 3, F09 6, F11 1, F12 3, and F13 (not a finalist) 9.
    const votes: Record<number, number> = { 0: 2, 2: 4, 3: 1, 4: 4, 5: 3, 8: 6, 10: 1, 11: 3, 12: 9 }
    for (let fan = 1; fan <= 9; fan++) {
      const voter = person('fan')
      for (const [i, n] of Object.entries(votes)) if (n >= fan) await ok(gw.call('contest', 'vote', { entryId: F[Number(i)].id }, voter))
    }
    // The cached count on an entry is not what awards read: the stored votes are.
    await gw.deps.store.collection('entries').updateOne({ _id: F[1].id }, { $set: { votes: 100 } })

    const name = (i: number) => F[i].id
    const expected = {
      // F04 ties F01 at 91 and F08 ties F06 at 85.5: the earlier sign-up goes first.
      mingpiao: [[name(1), 95], [name(0), 91], [name(3), 91], [name(2), 89], [name(5), 85.5]],
      fengcai: [[name(7), 85.5], [name(10), 82.5], [name(6), 80], [name(9), 75.5], [name(4), 71]],
      // F03 ties F05 at 4 and F06 ties F12 at 3; F13's 9 votes do not count (not a finalist).
      renqi: [[name(8), 6], [name(2), 4], [name(4), 4], [name(5), 3], [name(11), 3]],
    }
    const pairs = (list: Array<{ entryId: string; value: number }>) => list.map((x) => [x.entryId, x.value])
    const a = await ok(gw.call('contest', 'awards', { contestId: c }))
    expect(a.provisional).toBe(true)
    expect({ mingpiao: pairs(a.genres.jingju.mingpiao), fengcai: pairs(a.genres.jingju.fengcai), renqi: pairs(a.genres.jingju.renqi) }).toEqual(expected)
    expect(a.genres.pingju).toEqual({ mingpiao: [], fengcai: [], renqi: [] })
    expect(a.genres.jingju.mingpiao[0]).toMatchObject({ name: '赵春燕', pieceTitle: '《贵妃醉酒》' })

    // Not awarded yet while provisional; once the final is settled, entrants see their awards.
    const awardsOf = async (i: number) => (await ok(gw.call('contest', 'mine', {}, F[i].owner))).items[0].awards
    expect(await awardsOf(1)).toBeUndefined()
    await ok(gw.call('contest', 'advance', { contestId: c, fromStage: 'final', perGenre: 5 }, ADMIN))
    const settled = await ok(gw.call('contest', 'awards', { contestId: c }))
    expect(settled.provisional).toBe(false)
    // The showcase performers are still finalists: the lists do not change.
    expect(pairs(settled.genres.jingju.mingpiao)).toEqual(expected.mingpiao)
    expect(pairs(settled.genres.jingju.renqi)).toEqual(expected.renqi)
    expect(await awardsOf(1)).toEqual(['燕赵职工名票'])
    expect(await awardsOf(2)).toEqual(['燕赵职工名票', '最佳人气奖'])
    expect(await awardsOf(7)).toEqual(['最佳风采奖'])
    expect(await awardsOf(12)).toBeUndefined()
    // Once voting has closed, the cached counts are rebuilt from the stored votes.
    expect((await gw.deps.store.collection('entries').get(F[1].id))!.votes).toBe(100)
    clock.set('2026-08-11T04:00:00.000Z')
    await ok(gw.call('contest', 'awards', { contestId: c }))
    expect((await gw.deps.store.collection('entries').get(F[1].id))!.votes).toBe(0)
    expect((await gw.deps.store.collection('entries').get(F[8].id))!.votes).toBe(6)
    expect((await ok(gw.call('contest', 'mine', {}, F[12].owner))).items[0].results).toEqual([{ stage: 'prelim', meanScore: 40, advanced: false, settled: true }])
  })
})

describe('upsertContest', () => {
  test('admins create and edit contests; what advance recorded is kept; a settled stage cannot be dropped', async () => {
    const input = {
      title: '石家庄市职工戏曲展演', genres: ['hebei_bangzi'], signupStart: '2026-07-01', signupEnd: '2026-07-15',
      eligibleCities: ['石家庄', '石家庄'], eligibility: '石家庄市在职职工',
      stages: [{ id: 'prelim', startDate: '2026-07-05', endDate: '2026-07-20', note: '线上' }, { id: 'final', startDate: '2026-08-01', endDate: '2026-08-02' }],
    }
    expect((await gw.call('contest', 'upsertContest', input, person())).body.error.code).toBe('FORBIDDEN')
    expect((await gw.call('contest', 'upsertContest', input, await newJudge(gw))).body.error.code).toBe('FORBIDDEN')
    const created = await ok(gw.call('contest', 'upsertContest', input, ADMIN))
    expect(created).toMatchObject({
      title: '石家庄市职工戏曲展演', eligibleCities: ['石家庄'], eligibility: '石家庄市在职职工', today: '2026-07-10',
      signupOpen: true, votingOpen: true, currentStage: 'prelim',
      stages: [{ id: 'prelim', startDate: '2026-07-05', endDate: '2026-07-20', note: '线上', settled: false }, { id: 'final', startDate: '2026-08-01', endDate: '2026-08-02', settled: false }],
    })
    expect(created.id).toMatch(/^c[0-9a-f]{16}$/)
    expect((await ok(gw.call('contest', 'list', {}))).items.map((c: { id: string }) => c.id)).toContain(created.id)

    const A = await newJudge(gw)
    const [e] = await field(created.id, 'hebei_bangzi', 1)
    await ok(score(A, e.id, 80))
    await ok(gw.call('contest', 'advance', { contestId: created.id, fromStage: 'prelim', perGenre: 1 }, ADMIN))
    // Edit: without eligibleCities (clears them), with a new title; the advance record stays.
    const { eligibleCities, ...rest } = input
    void eligibleCities
    const edited = await ok(gw.call('contest', 'upsertContest', { ...rest, id: created.id, title: '石家庄市首届职工戏曲展演' }, ADMIN))
    expect(edited.title).toBe('石家庄市首届职工戏曲展演')
    expect(edited).not.toHaveProperty('eligibleCities')
    expect(edited.stages[0].settled).toBe(true)
    const dropped = await gw.call('contest', 'upsertContest', { ...rest, id: created.id, stages: [input.stages[1]] }, ADMIN)
    expect([dropped.status, dropped.body.error.code]).toEqual([409, 'CONFLICT'])
    // Between stages, and after the contest: no current stage, no sign-up, no voting.
    clock.set('2026-07-25T04:00:00.000Z')
    expect(await ok(gw.call('contest', 'get', { contestId: created.id }))).toMatchObject({ currentStage: null, signupOpen: false, votingOpen: true })
    clock.set('2026-08-03T04:00:00.000Z')
    expect(await ok(gw.call('contest', 'get', { contestId: created.id }))).toMatchObject({ currentStage: null, signupOpen: false, votingOpen: false })
  })
})
