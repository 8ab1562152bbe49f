import { GENRE_LABELS, STAGE_LABELS, type Genre, type GenreAwards, type Stage } from '../../types'
import type { Ctx } from '../_shared/runtime'
import { notify, wallTime } from '../_shared/notify'
import { contests, entries, type ContestDoc, type EntryDoc } from './model'

const MINE = 'packages/contest/pages/mine/index'

/** entry_reviewed: one per entry and decision (approving twice sends once; a changed decision sends again). */
export async function notifyEntryReviewed(ctx: Ctx, e: EntryDoc) {
  const ok = e.status === 'approved'
  await notify(ctx.deps, {
    topic: 'entry_reviewed', openid: e.owner, key: `review|${e._id}|${e.status}`,
    title: ok ? '报名审核已通过' : '报名审核未通过',
    body: ok ? `您的${GENRE_LABELS[e.genre]}《${e.pieceTitle}》已通过审核，进入${STAGE_LABELS[e.stage]}。` : `您的《${e.pieceTitle}》未通过审核：${e.reason ?? ''}`,
    page: MINE,
    fields: { subject: `《${e.pieceTitle}》报名`, result: ok ? '已通过' : '未通过', note: ok ? `进入${STAGE_LABELS[e.stage]}` : e.reason ?? '', time: wallTime(ctx.now) },
  }, ctx.now)
}

/** entry_advanced: one per entry and stage left (advance happens once per stage). */
export async function notifyAdvanced(ctx: Ctx, contestId: string, from: Stage, next: Stage, promoted: string[]) {
  for (const id of promoted) {
    const e = await entries(ctx).get(id)
    if (!e) continue
    await notify(ctx.deps, {
      topic: 'entry_advanced', openid: e.owner, key: `advance|${id}|${from}`,
      title: `恭喜晋级${STAGE_LABELS[next]}`,
      body: `您的${GENRE_LABELS[e.genre]}《${e.pieceTitle}》在${STAGE_LABELS[from]}中晋级${STAGE_LABELS[next]}。`,
      page: MINE,
      fields: { subject: `《${e.pieceTitle}》`, result: '已晋级', note: `晋级${STAGE_LABELS[next]}`, time: wallTime(ctx.now) },
    }, ctx.now)
  }
}

const AWARD_NAMES: Record<keyof GenreAwards, string> = { mingpiao: '燕赵职工名票', fengcai: '最佳风采奖', renqi: '最佳人气奖' }

/**
 * award: the awards are published when they stop being provisional (the final settled by `advance`,
 * or its end date passed). The first `awards` read after that sends one message per entry and award;
 * the contest then records it, so later reads do no more work.
 */
export async function notifyAwards(ctx: Ctx, contest: ContestDoc, genres: Record<string, GenreAwards>) {
  if ((contest as ContestDoc & { awardsNotifiedAt?: string }).awardsNotifiedAt) return
  const page = `packages/contest/pages/awards/index?id=${contest._id}`
  for (const [genre, lists] of Object.entries(genres)) {
    for (const kind of Object.keys(AWARD_NAMES) as Array<keyof GenreAwards>) {
      for (const item of lists[kind]) {
        const e = await entries(ctx).get(item.entryId)
        if (!e) continue
        const award = `${GENRE_LABELS[genre as Genre]}${AWARD_NAMES[kind]}`
        await notify(ctx.deps, {
          topic: 'award', openid: e.owner, key: `award|${contest._id}|${e._id}|${kind}`,
          title: `恭喜获得${AWARD_NAMES[kind]}`,
          body: `您的《${e.pieceTitle}》在${contest.title}中获得${award}。`,
          page,
          fields: { subject: contest.title, result: '获奖', note: award, time: wallTime(ctx.now) },
        }, ctx.now)
      }
    }
  }
  await contests(ctx).updateOne({ _id: contest._id, awardsNotifiedAt: { $exists: false } }, { $set: { awardsNotifiedAt: ctx.now.toISOString() } })
}
