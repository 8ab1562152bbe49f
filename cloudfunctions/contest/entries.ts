import { STAGES, type EntryStatus, type Genre, type Stage, type ReviewItem } from '../../types'
import { AppError } from '../_shared/errors'
import type { Ctx } from '../_shared/runtime'
import type { Filter } from '../_shared/ports'
import { findAll, findPage } from '../_shared/paging'
import { computeAwards } from './judging'
import { notifyEntryReviewed } from './notices'
import {
  contests, entries, groupBy, isSettled, loadContest, meanOf, publicEntry, resultsOf, scoreIdOf, scores, stageIndex, tally, today,
  type ContestDoc, type EntryDoc, type Tally,
} from './model'

/** The caller's entries, newest first, with status, results per settled stage and awards won. */
export async function mine(_: Record<string, never>, ctx: Ctx) {
  const openid = ctx.me()
  const own = await entries(ctx).find({ owner: openid }, { orderBy: [['createdAt', 'desc']], limit: 100 })
  const byContest = groupBy(own, (e) => e.contestId)
  const items = []
  for (const [contestId, list] of byContest) {
    const contest = await contests(ctx).get(contestId)
    if (!contest) continue
    const sc = await findAll(scores(ctx), { entryId: { $in: list.map((e) => e._id) } })
    const awardsByEntry = new Map<string, string[]>()
    const finalDone = contest.advanced?.final?.done || (contest.stages.find((s) => s.id === 'final')?.endDate ?? '9999') < today(ctx)
    if (finalDone && list.some((e) => e.status === 'approved' && stageIndex(e.stage) >= stageIndex('final'))) {
      const { genres } = await computeAwards(ctx, contest)
      for (const g of Object.values(genres)) {
        for (const [list2, name] of [[g.mingpiao, '燕赵职工名票'], [g.fengcai, '最佳风采奖'], [g.renqi, '最佳人气奖']] as const) {
          for (const a of list2) awardsByEntry.set(a.entryId, [...(awardsByEntry.get(a.entryId) ?? []), name])
        }
      }
    }
    for (const e of list) {
      const byStage = new Map<Stage, Tally>()
      for (const [stage, ss] of groupBy(sc.filter((s) => s.entryId === e._id), (s) => s.stage)) byStage.set(stage, tally(ss))
      items.push(publicEntry(e, openid, {
        videoUrl: await ctx.deps.storage.tempUrl(e.videoFileId),
        results: resultsOf(contest, e, byStage),
        ...(awardsByEntry.has(e._id) ? { awards: awardsByEntry.get(e._id) } : {}),
      }))
    }
  }
  items.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
  return { items }
}

/** Stages from `s` on: an entry "in" a stage for the gallery is one that reached it. */
const reached = (s: Stage): Stage[] => STAGES.filter((x) => stageIndex(x) >= stageIndex(s))

/** The public gallery: approved entries, oldest sign-up first, with a playable URL and the vote count. */
export async function list(data: { contestId: string; genre?: Genre; stage?: Stage; cursor?: string; limit?: number }, ctx: Ctx) {
  await loadContest(ctx, data.contestId)
  const filter: Filter = { contestId: data.contestId, status: 'approved' }
  if (data.genre) filter.genre = data.genre
  if (data.stage) filter.stage = { $in: reached(data.stage) }
  const page = await findPage(entries(ctx), filter, { cursor: data.cursor, limit: data.limit, sortBy: 'createdAt' })
  const items = []
  for (const e of page.docs) items.push(publicEntry(e, ctx.openid, { videoUrl: await ctx.deps.storage.tempUrl(e.videoFileId) }))
  return { items, nextCursor: page.nextCursor }
}

/**
 * Staff review and judges' scoring list. `stage` here is the entry's current stage (what a judge
 * scores). Judges see approved entries only, with their own score; admins see every status and the mean.
 */
export async function reviewQueue(
  data: { contestId: string; status?: EntryStatus; genre?: Genre; stage?: Stage; cursor?: string; limit?: number },
  ctx: Ctx,
) {
  const me = ctx.me()
  const { roles } = await ctx.roles()
  const isAdmin = roles.includes('admin')
  const isJudge = roles.includes('judge')
  if (!isAdmin && data.status && data.status !== 'approved') throw new AppError('FORBIDDEN', '评委只能查看已通过审核的作品')
  await loadContest(ctx, data.contestId)
  const filter: Filter = { contestId: data.contestId }
  const status = isAdmin ? data.status : 'approved'
  if (status) filter.status = status
  if (data.genre) filter.genre = data.genre
  if (data.stage) filter.stage = data.stage
  const page = await findPage(entries(ctx), filter, { cursor: data.cursor, limit: data.limit, sortBy: 'createdAt' })
  const ids = page.docs.map((e) => e._id)

  const mineById = new Map<string, { score: number; comment?: string }>()
  if (isJudge && ids.length) {
    const own = await scores(ctx).find({ _id: { $in: page.docs.map((e) => scoreIdOf(e._id, e.stage, me)) } }, { limit: 1000 })
    for (const s of own) mineById.set(s.entryId, s)
  }
  const tallies = new Map<string, Tally>()
  if (isAdmin && ids.length) {
    const all = await findAll(scores(ctx), { entryId: { $in: ids } })
    for (const e of page.docs) tallies.set(e._id, tally(all.filter((s) => s.entryId === e._id && s.stage === e.stage)))
  }
  const items: ReviewItem[] = []
  for (const e of page.docs) {
    const own = mineById.get(e._id)
    items.push({
      ...publicEntry(e, me, { videoUrl: await ctx.deps.storage.tempUrl(e.videoFileId) }),
      ...(isJudge ? { myScore: own?.score ?? null, ...(own?.comment ? { myComment: own.comment } : {}) } : {}),
      ...(isAdmin ? { meanScore: meanOf(tallies.get(e._id)), scoreCount: tallies.get(e._id)?.n ?? 0 } : {}),
    })
  }
  return { items, nextCursor: page.nextCursor }
}

/**
 * Approve or reject (with a reason). Allowed until the entry's stage has been settled by `advance`;
 * the update is conditional on the stage the decision was taken in.
 */
export async function review(data: { entryId: string; approve: boolean; reason?: string }, ctx: Ctx) {
  const me = ctx.me()
  const coll = entries(ctx)
  const e = await coll.get(data.entryId)
  if (!e) throw new AppError('NOT_FOUND', '没有找到该报名')
  const contest: ContestDoc = await loadContest(ctx, e.contestId)
  if (isSettled(contest, e.stage)) throw new AppError('CONFLICT', '该赛段已完成晋级，不能再更改审核结果')
  const at = ctx.now.toISOString()
  const n = await coll.updateOne(
    { _id: e._id, stage: e.stage },
    data.approve
      ? { $set: { status: 'approved', reviewedAt: at, reviewedBy: me, updatedAt: at }, $unset: { reason: true } }
      : { $set: { status: 'rejected', reason: data.reason ?? '', reviewedAt: at, reviewedBy: me, updatedAt: at } },
  )
  if (n !== 1) throw new AppError('CONFLICT')
  const after = (await coll.get(e._id)) as EntryDoc
  await notifyEntryReviewed(ctx, after)
  return publicEntry(after, me, { videoUrl: await ctx.deps.storage.tempUrl(after.videoFileId) })
}

/**
 * Takes an approved entry out of the gallery: it stops taking votes and scores and leaves advance and the
 * awards (they count approved entries only); its owner sees the reason in `mine`. Conditional on the entry
 * still being approved, so a repeat answers with the withdrawn entry and a racing review cannot be undone.
 */
export async function withdraw(data: { entryId: string; reason: string }, ctx: Ctx) {
  const me = ctx.me()
  const coll = entries(ctx)
  const e = await coll.get(data.entryId)
  if (!e) throw new AppError('NOT_FOUND', '没有找到该报名')
  if (e.status !== 'withdrawn') {
    if (e.status !== 'approved') throw new AppError('CONFLICT', '只能撤下已通过审核的作品')
    const at = ctx.now.toISOString()
    const n = await coll.updateOne(
      { _id: e._id, status: 'approved' },
      { $set: { status: 'withdrawn', reason: data.reason, withdrawnAt: at, withdrawnBy: me, updatedAt: at } },
    )
    if (n !== 1 && (await coll.get(e._id))?.status !== 'withdrawn') throw new AppError('CONFLICT')
  }
  const after = (await coll.get(e._id)) as EntryDoc
  return publicEntry(after, me, { videoUrl: await ctx.deps.storage.tempUrl(after.videoFileId) })
}
