import { isDuplicateKey } from '../_shared/errors'
import { addDays, endOfShanghaiDay } from '../_shared/clock'
import type { DocStore } from '../_shared/ports'
import { C } from '../_shared/collections'

/**
 * A per-person daily quota on one document: `count` only grows through a conditional $inc
 * (`count < max`), so concurrent requests can never take more than `max` between them.
 */
export function dailyQuota(store: DocStore, kind: string, who: string, day: string, max: number) {
  const coll = store.collection<{ _id: string; kind: string; who: string; day: string; count: number; until: string }>(C.rate_limits)
  const _id = `${kind}_${day}_${who}`
  return {
    async take(): Promise<boolean> {
      const bump = async () => (await coll.updateOne({ _id, count: { $lt: max } }, { $inc: { count: 1 } })) === 1
      // Usually the counter exists: one operation. The day's first call creates it; a racing creator's
      // DuplicateKey falls back to the conditional $inc.
      if (await bump()) return true
      try {
        // `until` lets the TTL clean-up of rate_limits drop the counter a day after it stops mattering.
        await coll.insert({ _id, kind, who, day, count: 1, until: endOfShanghaiDay(addDays(day, 1)) })
        return true
      } catch (e) {
        if (!isDuplicateKey(e)) throw e
      }
      return bump()
    },
    /** Gives back a unit taken by a request that then did not happen (e.g. a duplicate vote). */
    async release(): Promise<void> {
      await coll.updateOne({ _id, count: { $gt: 0 } }, { $inc: { count: -1 } })
    },
  }
}
