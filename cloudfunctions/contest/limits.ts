import { isDuplicateKey } from '../_shared/errors'
import { addDays, endOfShanghaiDay } from '../_shared/clock'
import type { DocStore } from '../_shared/ports'
import { C } from '../_shared/collections'
import { perStore } from '../_shared/per-store'

/**
 * A per-person daily quota on one document: `count` only grows through a conditional $inc
 * (`count < max`), so concurrent requests can never take more than `max` between them.
 */
const creatingOf = perStore<Promise<void>>()

export function dailyQuota(store: DocStore, kind: string, who: string, day: string, max: number) {
  const coll = store.collection<{ _id: string; kind: string; who: string; day: string; count: number; until: string }>(C.rate_limits)
  const _id = `${kind}_${day}_${who}`
  return {
    /** `eager`: the caller's next step is a write it awaits before answering (see Collection.updateOne). */
    async take(opts: { eager?: boolean } = {}): Promise<boolean> {
      const bump = async () => (await coll.updateOne({ _id, count: { $lt: max } }, { $inc: { count: 1 } }, opts)) === 1
      // Usually the counter exists: one operation. The day's first call creates it; a racing creator's
      // DuplicateKey falls back to the conditional $inc.
      if (await bump()) return true
      // Takes of this container that arrive together wait for the creation running here (instead of each
      // failing on DuplicateKey), then bump; if that creation failed otherwise, they try themselves.
      const creating = creatingOf(store)
      const running = creating.get(_id)
      if (running && (await running.then(() => true, (e) => isDuplicateKey(e)))) return bump()
      // `until` lets the TTL clean-up of rate_limits drop the counter a day after it stops mattering.
      const p = coll.insert({ _id, kind, who, day, count: 1, until: endOfShanghaiDay(addDays(day, 1)) })
      creating.set(_id, p)
      try {
        await p
        return true
      } catch (e) {
        if (!isDuplicateKey(e)) throw e
      } finally {
        if (creating.get(_id) === p) creating.delete(_id)
      }
      return bump()
    },
    /** The counters' collection, for `wroteEagerly` after an eager take. */
    collection: coll,
    /** Gives back a unit taken by a request that then did not happen (e.g. a duplicate vote). */
    async release(): Promise<void> {
      await coll.updateOne({ _id, count: { $gt: 0 } }, { $inc: { count: -1 } })
    },
  }
}
