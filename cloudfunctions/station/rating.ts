import { AppError } from '../_shared/errors'
import { rateLimit } from '../_shared/ratelimit'
import type { Doc } from '../_shared/ports'
import type { Ctx } from '../_shared/runtime'
import type { VisitorDoc } from './checkin'
import { average, pairKey, type StationDoc } from './model'
import { assertPublishable } from '../_shared/content/publish'
import { C } from '../_shared/collections'

export const RATE_AFTER_CHECKIN_MS = 7 * 86_400_000

export interface RatingDoc extends Doc {
  stationId: string
  openid: string
  stars: number
  comment?: string
  at: string
}

/**
 * One rating per person and station (deterministic id); a second one replaces the first.
 * The rating and the station's { sum, count } change in one transaction of id-only operations (what
 * CloudBase allows), so the summary always equals the ratings, also under concurrent ratings.
 */
export async function rate(data: { stationId: string; stars: number; comment?: string }, ctx: Ctx) {
  const openid = ctx.me()
  await rateLimit(ctx, 'rate', { perMinute: 10 })
  const { store } = ctx.deps
  const visit = await store.collection<VisitorDoc>(C.station_visitors).get(pairKey(data.stationId, openid))
  const lastAt = visit?.lastAt ? Date.parse(visit.lastAt) : NaN
  if (!(ctx.now.getTime() - lastAt <= RATE_AFTER_CHECKIN_MS)) {
    if (!(await store.collection(C.stations).get(data.stationId))) throw new AppError('NOT_FOUND', '没有找到这个驿站')
    throw new AppError('NOT_ELIGIBLE', '在驿站扫码签到后 7 天内才能评价')
  }
  const comment = data.comment?.trim() || undefined
  await assertPublishable(ctx, [{ field: 'comment', label: '评价', text: comment, scene: 2 }])
  const doc: RatingDoc = { _id: pairKey(data.stationId, openid), stationId: data.stationId, openid, stars: data.stars, ...(comment ? { comment } : {}), at: ctx.now.toISOString() }
  const rating = await store.runTransaction(async (tx) => {
    const st = await tx.get<StationDoc>(C.stations, data.stationId)
    if (!st) throw new AppError('NOT_FOUND', '没有找到这个驿站')
    const old = await tx.get<RatingDoc>(C.ratings, doc._id)
    const cur = st.rating ?? { sum: 0, count: 0 }
    if (old) {
      await tx.set(C.ratings, doc)
      await tx.update(C.stations, st._id, { $set: { rating: { sum: cur.sum - old.stars + doc.stars, count: cur.count } } })
      return { sum: cur.sum - old.stars + doc.stars, count: cur.count }
    }
    await tx.insert(C.ratings, doc)
    await tx.update(C.stations, st._id, { $set: { rating: { sum: cur.sum + doc.stars, count: cur.count + 1 } } })
    return { sum: cur.sum + doc.stars, count: cur.count + 1 }
  })
  return { average: average(rating), count: rating.count, mine: { stars: doc.stars, ...(comment ? { comment } : {}) } }
}
