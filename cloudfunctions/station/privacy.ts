import type { Deps } from '../_shared/runtime'
import { CHECKINS, RATINGS, VISITORS, pairKey } from './model'
import type { VisitorDoc } from './checkin'
import type { RatingDoc } from './rating'

/**
 * For member.deleteMine: the station records keyed by a person. Their ids embed the openid
 * (`pairKey(station, openid)`: one visitor window and one rating per person and station), so re-keying
 * the `openid` field is not enough — each moves to the alias's key, in a transaction of id operations.
 * Ratings keep their stars (the station's summary stays equal to its ratings) and lose their comment.
 * Check-in records are keyed by visit number: only their `openid` field is re-keyed.
 * Returns how many documents moved or changed.
 */
export async function moveStationDataToAlias(deps: Deps, openid: string, alias: string): Promise<number> {
  const { store } = deps
  let moved = 0
  for (const [collection, scrub] of [[VISITORS, (d: VisitorDoc) => d], [RATINGS, (d: RatingDoc) => { const { comment, ...rest } = d; void comment; return rest }]] as const) {
    for (;;) {
      const batch = await store.collection<VisitorDoc | RatingDoc>(collection).find({ openid }, { limit: 500 })
      for (const d of batch) {
        const next = { ...(scrub as (x: typeof d) => typeof d)(d), _id: pairKey(d.stationId, alias), openid: alias }
        await store.runTransaction(async (tx) => {
          await tx.insert(collection, next)
          await tx.remove(collection, d._id)
        })
        moved++
      }
      if (batch.length < 500) break
    }
  }
  for (;;) {
    const n = await store.collection(CHECKINS).updateMany({ openid }, { $set: { openid: alias } })
    moved += n
    if (n < 1000) break
  }
  return moved
}
