import { C } from '../collections'
import { pairKey } from '../keys'
import type { Deps } from '../runtime'
import type { PrivacyPart } from './part'

/** What this part reads of a visitor window or a rating (the station function owns their full shape). */
interface ByPair { _id: string; stationId: string; openid: string; comment?: string }

/**
 * The station records keyed by a person. Visitor windows and ratings have ids that embed the openid
 * (`pairKey(station, openid)`: one per person and station), so re-keying the `openid` field is not
 * enough — each moves to the pseudonym's key, in a transaction of id operations. Ratings keep their
 * stars (the station's summary stays equal to its ratings) and lose their comment. Check-in records are
 * keyed by visit number: only their `openid` field is re-keyed.
 * Returns how many documents moved or changed.
 */
export async function moveStationDataToAlias(deps: Pick<Deps, 'store'>, openid: string, alias: string): Promise<number> {
  const { store } = deps
  let moved = 0
  const dropComment = (d: ByPair): ByPair => { const { comment, ...rest } = d; void comment; return rest }
  for (const [collection, scrub] of [[C.station_visitors, (d: ByPair) => d], [C.ratings, dropComment]] as const) {
    for (;;) {
      const batch = await store.collection<ByPair>(collection).find({ openid }, { limit: 500 })
      for (const d of batch) {
        const next = { ...scrub(d), _id: pairKey(d.stationId, alias), openid: alias }
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
    const n = await store.collection(C.checkins).updateMany({ openid }, { $set: { openid: alias } })
    moved += n
    if (n < 1000) break
  }
  return moved
}

/** The station area: check-ins, visitor windows and ratings. */
export const stationPrivacy: PrivacyPart = {
  area: 'station',
  records: {
    checkins: { collection: C.checkins, field: 'openid' },
    stationVisits: { collection: C.station_visitors, field: 'openid' },
    ratings: { collection: C.ratings, field: 'openid', drop: ['comment'] },
  },
  move: (deps, { openid }, pseudonym) => moveStationDataToAlias(deps, openid, pseudonym),
}
