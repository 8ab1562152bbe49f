import { VOTES_PER_DAY, VOTE_CALLS_PER_MINUTE } from '../../types'
import { AppError, isDuplicateKey } from '../_shared/errors'
import { wroteEagerly, type Ctx } from '../_shared/runtime'
import { rateLimit } from '../_shared/ratelimit'
import { dailyQuota } from './limits'
import { aliasOf } from '../_shared/alias'
import { cachedContest, entries, today, voteIdOf, votes, votingWindow } from './model'

/**
 * A public vote. One per voter per entry per day is a unique key (the vote's id); at most
 * VOTES_PER_DAY per voter per day is a counter document only ever raised by a conditional $inc.
 *
 *  1. an existing vote for (entry, voter, day)       → DUPLICATE (checked before the quota)
 *  2. take one unit of the voter's daily quota        → RATE_LIMITED when none is left
 *  3. insert the vote under its derived id            → DuplicateKey (a concurrent tap won): give the unit back, DUPLICATE
 *  4. $inc the entry's cached vote count
 *
 * A duplicate tap holds a unit between steps 2 and 3; a different vote racing it at the 10th unit can
 * meet RATE_LIMITED meanwhile (a retry succeeds once the unit is given back). Never more than 10 pass.
 *
 * If the process dies between steps: after 2, a unit of the day's quota is spent without a vote (we
 * accept that leak: it only ever errs against the voter, never lets an 11th vote through); after 3, the
 * vote is stored but the entry's cached count lags by one. The count is never raised twice for one
 * vote, because step 4 runs only after this request's own insert succeeded. The stored votes are the
 * truth: awards count them directly, and once voting has closed `awards` rebuilds the cached counts of
 * the finalists from them (judging.ts).
 */
export async function vote(data: { entryId: string }, ctx: Ctx) {
  const voter = ctx.me()
  // Burst guard on calls (taps), separate from the daily business limit on successful votes.
  await rateLimit(ctx, 'contest.vote', { perMinute: VOTE_CALLS_PER_MINUTE })
  const e = await entries(ctx).get(data.entryId)
  if (!e || e.status !== 'approved') throw new AppError('NOT_FOUND', '没有找到该参赛作品')
  const contest = await cachedContest(ctx, e.contestId)
  if (!contest) throw new AppError('NOT_FOUND', '没有找到该大赛')
  const day = today(ctx)
  const w = votingWindow(contest)
  if (day < w.start || day > w.end) throw new AppError('OUTSIDE_WINDOW', day < w.start ? '投票尚未开始' : '投票已结束')

  // Ids and quota keys name the voter by alias: they stay after an erasure, the openid must not.
  const alias = aliasOf(ctx.deps.config.TOKEN_SECRET, voter)
  const _id = voteIdOf(e._id, alias, day)
  const coll = votes(ctx)
  const dup = () => new AppError('DUPLICATE', '今天已经为这个作品投过票了，明天再来吧')
  if (await coll.get(_id)) throw dup()

  const quota = dailyQuota(ctx.deps.store, 'contest-vote', alias, day, VOTES_PER_DAY)
  // Eager: the vote's insert below is awaited and its commit covers the unit taken; the answer waits for it in any case.
  wroteEagerly(ctx, quota.collection)
  if (!(await quota.take({ eager: true }))) {
    // A concurrent tap on this same entry may have just taken the last unit: then this one is the duplicate.
    if (await coll.get(_id)) throw dup()
    throw new AppError('RATE_LIMITED', `每人每天最多投 ${VOTES_PER_DAY} 票，今天的票已用完，明天再来吧`)
  }
  try {
    await coll.insert({ _id, contestId: e.contestId, entryId: e._id, voter, day, at: ctx.now.toISOString() })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    await quota.release()
    throw dup()
  }
  await entries(ctx).updateOne({ _id: e._id }, { $inc: { votes: 1 } })
  const after = await entries(ctx).get(e._id)
  return { votes: after?.votes ?? e.votes + 1 }
}
