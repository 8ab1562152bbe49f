import type { DocStore } from '../_shared/ports'
import { type CampaignDoc, type VoucherDoc } from './model'
import { C } from '../_shared/collections'
import { perStore } from '../_shared/per-store'

/**
 * A small per-container cache of campaign documents (10 s). Campaigns change a few times a season,
 * claims come thousands a minute: reading the campaign on every claim would cost one database
 * operation per claim for nothing. An edit made in this container clears it at once; other
 * containers see it within TTL_MS. Keyed by store so that two stores in one process never share it.
 */
export const TTL_MS = 10_000

interface Entry<T> { at: number; value: Promise<T> }
interface StoreCache {
  byId: Map<string, Entry<CampaignDoc | null>>
  lists: Map<string, Entry<CampaignDoc[]>>
}
const caches = new WeakMap<DocStore, StoreCache>()

function cacheOf(store: DocStore): StoreCache {
  let c = caches.get(store)
  if (!c) { c = { byId: new Map(), lists: new Map() }; caches.set(store, c) }
  return c
}

/** Concurrent misses share one read; a failed read is not kept. */
function cached<T>(map: Map<string, Entry<T>>, key: string, load: () => Promise<T>): Promise<T> {
  const now = Date.now()
  const hit = map.get(key)
  if (hit && now - hit.at < TTL_MS) return hit.value
  if (map.size > 500) for (const [k, e] of map) if (now - e.at >= TTL_MS) map.delete(k)
  const value = load()
  map.set(key, { at: now, value })
  value.catch(() => { if (map.get(key)?.value === value) map.delete(key) })
  return value
}

export function campaignCached(store: DocStore, id: string): Promise<CampaignDoc | null> {
  return cached(cacheOf(store).byId, id, () => store.collection<CampaignDoc>(C.campaigns).get(id))
}

/** Campaigns ending on or after `fromDay` (the campaigns tab and the wallet's repair read this list). */
export function campaignsEndingFrom(store: DocStore, fromDay: string): Promise<CampaignDoc[]> {
  return cached(cacheOf(store).lists, fromDay, () =>
    store.collection<CampaignDoc>(C.campaigns).find({ endDate: { $gte: fromDay } }, { orderBy: [['startDate', 'asc']], limit: 200 }))
}

export function invalidateCampaigns(store: DocStore): void {
  const c = caches.get(store)
  if (c) { c.byId.clear(); c.lists.clear() }
  memosOf(store).clear()
}

/**
 * What this container knows for sure about a campaign-day, so that repeats in a rush are answered
 * without spending the environment's database capacity (see claim.ts, "Answers from memory"):
 *  - `held`: the vouchers this container granted or answered, per holder (vouchers are never taken back
 *    within their day, so this is a fact for the rest of the day);
 *  - `soldOutUntil`: this container answered SOLD_OUT after settling every shard, so for a moment the
 *    warm path's update would only fail; `toldSoldOut`: holders told SOLD_OUT then, with nothing of theirs
 *    in flight; `unsure`: requestIds this container answered busy (RATE_LIMITED for load) — such an attempt
 *    may have landed a voucher before the platform dropped it, so its retry is never answered from memory.
 * An admin's edit of a campaign clears it (other containers: it lasts SOLD_OUT_MEMO_MS at most).
 */
export const SOLD_OUT_MEMO_MS = 2000
export interface DayMemo {
  held: Map<string, VoucherDoc[]>
  soldOutUntil: number
  toldSoldOut: Set<string>
  unsure: Set<string>
  /** Until when the warm path is skipped: a claim here just saw every shard full (settled or not). */
  fullUntil: number
}
const memosOf = perStore<DayMemo>()

export function dayMemo(store: DocStore, campaignDayId: string): DayMemo {
  const m = memosOf(store)
  let d = m.get(campaignDayId)
  if (!d) {
    if (m.size >= 200) m.delete(m.keys().next().value as string) // old days first
    d = { held: new Map(), soldOutUntil: 0, toldSoldOut: new Set(), unsure: new Set(), fullUntil: 0 }
    m.set(campaignDayId, d)
  }
  return d
}
