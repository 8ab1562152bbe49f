import { STAGE_LABELS, type Genre, type GenreAwards, type Stage } from '../../types'
import { AppError, isDuplicateKey } from '../_shared/errors'
import type { Ctx } from '../_shared/runtime'
import { findAll } from '../_shared/paging'
import {
  contests, earlier, entries, groupBy, loadContest, meanOf, nextStageOf, rankByMean, scoreIdOf, scores, stageOf,
  stageOpenForScores, tally, today, votes, votingWindow, type ContestDoc, type ScoreDoc,
} from './model'
import { notifyAdvanced, notifyAwards } from './notices'

/**
 * A judge's score for an entry in a stage: one document per (entry, stage, judge) under a derived id,
 * created once and then changed in place while the stage is open and not yet settled.
 */
export async function score(data: { entryId: string; stage: Stage; score: number; comment?: string }, ctx: Ctx) {
  const judge = ctx.me()
  const e = await entries(ctx).get(data.entryId)
  if (!e || e.status !== 'approved') throw new AppError('NOT_FOUND', '没有找到该参赛作品（或尚未通过审核）')
  const contest = await loadContest(ctx, e.contestId)
  const st = stageOf(contest, data.stage)
  if (!st) throw new AppError('VALIDATION_FAILED', '本大赛没有该赛段', { fieldErrors: { stage: ['本大赛没有该赛段'] } })
  if (!stageOpenForScores(contest, data.stage, today(ctx))) {
    throw new AppError('OUTSIDE_WINDOW', contest.advanced?.[data.stage]
      ? `${STAGE_LABELS[data.stage]}已完成晋级，评分已锁定`
      : `${STAGE_LABELS[data.stage]}评分时间为 ${st.startDate} 至 ${st.endDate}`)
  }
  if (e.stage !== data.stage) throw new AppError('CONFLICT', `该作品当前不在${STAGE_LABELS[data.stage]}`)

  const value = Math.round(data.score * 10) / 10
  const comment = data.comment || undefined
  const at = ctx.now.toISOString()
  const _id = scoreIdOf(e._id, data.stage, judge)
  const coll = scores(ctx)
  try {
    await coll.insert({
      _id, contestId: e.contestId, entryId: e._id, genre: e.genre, stage: data.stage, judge, score: value,
      ...(comment ? { comment } : {}), createdAt: at, updatedAt: at,
    })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    await coll.updateOne({ _id }, { $set: { score: value, updatedAt: at, ...(comment ? { comment } : {}) }, ...(comment ? {} : { $unset: { comment: true } }) })
  }
  return { entryId: e._id, stage: data.stage, judge, score: value, ...(comment ? { comment } : {}), updatedAt: at }
}

/** Approved entries of a stage, ranked per genre by their judges' mean score in it. */
async function standings(ctx: Ctx, contest: ContestDoc, stage: Stage, inStages: Stage[]) {
  const list = await findAll(entries(ctx), { contestId: contest._id, status: 'approved', stage: { $in: inStages } })
  const sc = await findAll(scores(ctx), { contestId: contest._id, stage })
  const byEntry = groupBy(sc, (s: ScoreDoc) => s.entryId)
  const rows = list.map((e) => ({ id: e._id, createdAt: e.createdAt, tally: tally(byEntry.get(e._id) ?? []), entry: e }))
  return groupBy(rows, (r) => r.entry.genre)
}

/**
 * Moves the top `perGenre` of each genre (mean judge score; ties to the earlier sign-up; entries
 * nobody scored are not promoted) to the next stage.
 *
 * Once per stage: the decision is recorded in the contest document by a conditional update
 * (`advanced.<stage>` must not exist yet), so of two concurrent advances only one proceeds and the
 * other is CONFLICT. The record holds the promoted ids before any entry moves; if the process stops
 * halfway, the next call for that stage finishes the moves (each one conditional on the entry still
 * being in `fromStage`) and still answers CONFLICT.
 */
export async function advance(data: { contestId: string; fromStage: 'prelim' | 'semi' | 'final'; perGenre: number }, ctx: Ctx) {
  const me = ctx.me()
  const contest = await loadContest(ctx, data.contestId)
  if (!stageOf(contest, data.fromStage)) {
    throw new AppError('VALIDATION_FAILED', '本大赛没有该赛段', { fieldErrors: { fromStage: ['本大赛没有该赛段'] } })
  }
  const next = nextStageOf(contest, data.fromStage)
  if (!next) throw new AppError('CONFLICT', `${STAGE_LABELS[data.fromStage]}之后没有下一赛段`)
  const done = contest.advanced?.[data.fromStage]
  if (done) {
    if (!done.done) await applyMoves(ctx, contest._id, data.fromStage, done.next, done.promoted)
    throw new AppError('CONFLICT', `${STAGE_LABELS[data.fromStage]}已经晋级过了`)
  }

  const promoted: string[] = []
  for (const g of contest.genres) {
    const ranked = rankByMean((await standings(ctx, contest, data.fromStage, [data.fromStage])).get(g) ?? [])
    promoted.push(...ranked.slice(0, data.perGenre).map((r) => r.id))
  }
  const path = `advanced.${data.fromStage}`
  const claimed = await contests(ctx).updateOne(
    { _id: contest._id, [path]: { $exists: false } },
    { $set: { [path]: { at: ctx.now.toISOString(), by: me, perGenre: data.perGenre, promoted, next, done: false } } },
  )
  if (claimed !== 1) throw new AppError('CONFLICT', `${STAGE_LABELS[data.fromStage]}已经晋级过了`)
  await applyMoves(ctx, contest._id, data.fromStage, next, promoted)
  return { promoted }
}

async function applyMoves(ctx: Ctx, contestId: string, from: Stage, next: Stage, promoted: string[]) {
  const at = ctx.now.toISOString()
  for (const id of promoted) await entries(ctx).updateOne({ _id: id, stage: from }, { $set: { stage: next, updatedAt: at } })
  await notifyAdvanced(ctx, contestId, from, next, promoted)
  await contests(ctx).updateOne({ _id: contestId }, { $set: { [`advanced.${from}.done`]: true } })
}

/**
 * Per genre: 燕赵职工名票 = the top 5 by mean final score, 最佳风采奖 = the next 5, 最佳人气奖 = the top 5
 * finalists by votes (at least one). Votes are counted from the stored votes themselves, not from the
 * cached counter on the entry. Ties go to the earlier sign-up.
 */
export async function computeAwards(ctx: Ctx, contest: ContestDoc) {
  const genres: Record<string, GenreAwards> = {}
  const hasFinal = !!stageOf(contest, 'final')
  const votingClosed = votingWindow(contest).end < today(ctx)
  const finalists = hasFinal ? await standings(ctx, contest, 'final', ['final', 'showcase']) : new Map()
  for (const g of contest.genres as Genre[]) {
    const rows = finalists.get(g) ?? []
    const item = (r: (typeof rows)[number], value: number) => ({ entryId: r.id, name: r.entry.name, pieceTitle: r.entry.pieceTitle, employer: r.entry.employer, value })
    const ranked = rankByMean(rows)
    const withVotes = []
    for (const r of rows) withVotes.push({ r, votes: await votes(ctx).count({ entryId: r.id }) })
    if (votingClosed) {
      // No vote can be in flight any more: bring a cached count that lags (a crash between storing a
      // vote and counting it) back to the stored votes; conditional on the value read, so it is idempotent.
      for (const x of withVotes) {
        if (x.r.entry.votes !== x.votes) await entries(ctx).updateOne({ _id: x.r.id, votes: x.r.entry.votes }, { $set: { votes: x.votes } })
      }
    }
    const popular = withVotes.filter((x) => x.votes > 0).sort((a, b) => b.votes - a.votes || earlier(a.r, b.r))
    genres[g] = {
      mingpiao: ranked.slice(0, 5).map((r) => item(r, meanOf(r.tally) as number)),
      fengcai: ranked.slice(5, 10).map((r) => item(r, meanOf(r.tally) as number)),
      renqi: popular.slice(0, 5).map((x) => item(x.r, x.votes)),
    }
  }
  const final = stageOf(contest, 'final')
  const provisional = !(contest.advanced?.final?.done || (final && final.endDate < today(ctx)))
  return { genres, provisional }
}

export async function awards(data: { contestId: string }, ctx: Ctx) {
  const contest = await loadContest(ctx, data.contestId)
  const result = await computeAwards(ctx, contest)
  if (!result.provisional) await notifyAwards(ctx, contest, result.genres)
  return result
}
