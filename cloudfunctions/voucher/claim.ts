/**
 * Claiming a cooling voucher — the write path, and why it is safe.
 *
 * Three documents: the campaign (read through a 10 s per-container cache), the day ledger
 * `campaign_days/<campaignId>_<day>` = { claimed, ind: {industry: n}, g: { <ak>: {o, s, r, i, t} } }
 * (or K of them, see "Sharded stock"), and the voucher, whose `_id` is derived from (campaign, day,
 * member, slot). `claimed` counts the
 * units of the day's stock taken; `g` holds only grants IN FLIGHT (plus a few not yet compacted),
 * each under a fresh random attempt key `ak` (12 base64url chars) with its member `o`, slot `s`,
 * requestId `r`, industry `i` and time `t`. Attempt keys are unique per attempt, so no request
 * ever overwrites or removes another's entry, and the ledger stays small all day: a document store
 * rewrites the whole document on every update, so its size is the cost of every claim.
 *
 * Who: `o` and the voucher's owner are the member's alias (a keyed hash of the openid, see
 * _shared/alias.ts), so neither the ledger nor the voucher ids name the person, also after an erasure.
 *
 * Warm path, 2 database operations: (1) the runtime would load the caller's member doc, but the
 * eligibility pass the client got with the campaign list stands in for it (_shared/pass.ts; without a
 * valid pass it is read: 3 operations); (2) ONE conditional update of the ledger (of a random shard),
 *     updateOne({ _id: day, claimed: { $lt: dailyStock } },
 *               { $inc: { claimed: 1, "ind.<industry>": 1 }, $set: { "g.<ak>": {o, s: 1, r, i, t} },
 *                 $unset: { "g.<up to 100 keys queued for compaction>": 1 } })
 * which takes a unit of stock atomically (on CloudBase too: a single-document operation);
 * (3) the insert of the voucher of slot 1 under its deterministic id, recording `ak`, the requestId and
 * `rk` = (alias, requestId), UNIQUE in the collection: a requestId belongs to one campaign, so the same
 * requestId with another campaignId is CONFLICT (the insert fails on `rk`; our unit is released). This
 * check costs no operation of its own (it used to be a request record inserted before (2)). It binds
 * a requestId that produced a voucher; one whose first use was refused (SOLD_OUT, NOT_ELIGIBLE…) left
 * nothing behind, so reused with another campaign it is a new claim: never a second voucher for it.
 * On success `ak` is queued for compaction in this container; the next (2) on that ledger from here
 * unsets it (never the key it sets; a key rides on one update at a time and goes back to the queue
 * unless that update matched).
 * A lost queue (the container dies) only leaves a few stale entries, which a repair removes (below).
 *
 * Sharded stock (model.ts): a campaign may split a day's stock over K ledgers (`shards`); shard k holds
 * its share of dailyStock (they add up to it). The warm path takes a unit from a shard chosen at random,
 * so K claims at once update K documents instead of queueing on one; a claim whose shard is empty goes
 * to the failure path, which reads all K ledgers in one find and takes a unit from a random shard with
 * stock left. SOLD_OUT only when every shard is full and settled. Entries live in the shard whose unit
 * they took and are released there. K is fixed once a campaign has started (admin.ts).
 *
 * Answers from memory: a container remembers, per campaign-day, the vouchers it granted or answered
 * (a fact for the rest of their day) and, for SOLD_OUT_MEMO_MS, that it answered SOLD_OUT after
 * settling every shard, with the holders it told. A repeat it can answer for sure — the same requestId
 * again, a member at their limit, a member just told SOLD_OUT — costs no operation, and while sold out
 * the warm path's update (bound to fail) is skipped. An admin's edit of a campaign clears this memory.
 * A request once answered busy (its write may have landed) is never answered from this memory: its retry reads.
 * A member told SOLD_OUT from memory could, in a narrow race, have been granted a unit released in
 * another container meanwhile: they find it in their wallet (never lost, never doubled).
 *
 * The per-member limit is not checked in (2): the voucher's deterministic slot id enforces it. So
 * step (3) may fail with DuplicateKey; then the stored voucher decides:
 *   (a) stored.ak === ak: it is ours (a concurrent repair materialised our entry) → answer it;
 *   (b) stored.requestId === requestId: a twin or a retry won the slot → release OUR unit and
 *       answer the stored voucher (one requestId, one voucher, one answer);
 *   (c) another request holds the slot → release our unit and go to the failure path.
 * Releasing is `updateOne({ _id: day, "g.<ak>": { $exists: true } }, { $inc: { claimed: -1,
 * "ind.<i>": -1 }, $unset: { "g.<ak>": 1 } })`: conditional on the entry, so a unit is released at
 * most once even when a repair decides to release the same entry at the same time.
 *
 * Failure path (step (2) matched 0, or case (c); extra operations are fine here), a bounded loop:
 * read the ledgers of every shard and, at the same time, the member's vouchers of the day by their slot
 * ids (2 operations); missing ledgers → create them (a racing creator's DuplicateKey ignored) and read
 * again; the member's entries in `g` of every shard.
 * A voucher with this requestId → a retry: answer it. An entry with this requestId whose slot has no
 * voucher → materialise it under that entry's ak (a crashed or still running attempt; its owner, if
 * alive, then sees case (a)) and answer it. Otherwise the slots used are vouchers ∪ entries:
 * all of them used → ALREADY_CLAIMED; stock gone → SOLD_OUT, but only once the ledger's entries are
 * settled (a unit held by an attempt that must release it is not sold: the ledger is repaired and
 * read again); else take the first free slot with the same conditional update. CONFLICT after too
 * many rounds (a pathological storm of one member's claims).
 *
 * Repair (`repairLedger`: the member's own entries when they open the campaign list or the wallet,
 * all entries when the admin reads stats or a claim is about to answer SOLD_OUT). Per entry, by the
 * voucher of its slot: missing → materialise it with the entry's r and ak (safe at any age: a running
 * owner sees case (a)); present with ak === the entry's key → unset the entry (compaction); present
 * with another ak → the attempt can never materialise: release its unit (conditional, as above, so
 * if the owner releases at the same time only one succeeds). Every decision is safe whatever the
 * entry's age, so `t` serves operators (how old a stale entry is), not the logic.
 *
 * Crash between (2) and (3): the entry is in the ledger, so the unit is accounted for and the voucher
 * is owed; the client's retry with the same requestId or the next repair materialises it. So a granted
 * voucher is never lost, stock never leaks, never more than dailyStock are claimed (only (2) takes a
 * unit, conditionally), never more than perMemberPerDay vouchers exist per member (slots 1..limit are
 * unique ids), and once the entries are repaired, ledger.claimed == the day's vouchers.
 * A voucher is valid only on its day, so only today's ledgers need repairing.
 *
 * What this costs: a unit may be held for a moment by an attempt that will give it back (a member who
 * already holds their slots claims again; a twin; a retry whose crashed first attempt still has its
 * entry, until a repair). `claimed` may then briefly read high, never above dailyStock; no claimant is
 * told SOLD_OUT while such a unit is held, since the ledger is settled first. Measured with
 * scripts/bench/voucher.ts (sqlite, in-process, one campaign-day of 6,000 claims, busy 2-core box):
 * the ledger ends at ~50 entries / ~6 KB instead of 6,000 / 329 KB, and claims/s stays flat over the day
 * (before: ~4,100–4,700/s for the first 1,000 falling to ~1,350–1,950/s for the 6th).
 *
 * Rate limit: successful claims are bounded by perMemberPerDay already, so only failed claims are
 * counted (RATE_LIMITED past 20 a minute); the happy path stays at 2 operations. Failures answered from
 * memory are counted in memory (a database count would cost more than the answer); refusals for load
 * (RATE_LIMITED busy, from the adapter) are not counted at all.
 */
import { INELIGIBLE_CODES, INELIGIBLE_LABELS, sameCity, type Industry, type IneligibleReason, type Voucher } from '../../types'
import { AppError, isBusy, isDuplicateKey } from '../_shared/errors'
import { endOfShanghaiDay, shanghaiDay } from '../_shared/clock'
import { assertNotLimited, rateLimit, rateLimitLocal } from '../_shared/ratelimit'
import { wroteEagerly, type Ctx, type MemberDoc } from '../_shared/runtime'
import type { DocStore } from '../_shared/ports'
import { SOLD_OUT_MEMO_MS, campaignCached, dayMemo, type DayMemo } from './cache'
import {
  MAX_SLOTS, attemptKey, claimRequestId, dayId, entriesOf, holderOf, shardCount, shardId, shardIds, shardOf, shardStock,
  slotIds, toVoucher, voucherId, type CampaignDoc, type DayDoc, type GrantEntry, type VoucherDoc,
} from './model'
import { C } from '../_shared/collections'
import { perStore } from '../_shared/per-store'

export const CLAIM_FAILURES_PER_MINUTE = 20

/** The eligibility rules before the write, in SPEC's order (NOT_MEMBER is the runtime's): why not, or null. */
export function ineligibility(c: CampaignDoc, member: Pick<MemberDoc, 'industry' | 'city'>, day: string): IneligibleReason | null {
  if (!c.industries.includes(member.industry)) return 'INDUSTRY'
  if (!sameCity(member.city, c.city)) return 'CITY'
  if (day < c.startDate) return 'NOT_STARTED'
  if (day > c.endDate) return 'ENDED'
  if (c.endedAt) return 'ENDED_EARLY'
  return null
}

/** A reason as the error a claim answers: its code and its text (types/labels/eligibility.ts). */
const ineligibleError = (reason: IneligibleReason, c: CampaignDoc) => new AppError(INELIGIBLE_CODES[reason], INELIGIBLE_LABELS[reason](c))

export function checkEligible(c: CampaignDoc, member: Pick<MemberDoc, 'industry' | 'city'>, day: string): void {
  const reason = ineligibility(c, member, day)
  if (reason) throw ineligibleError(reason, c)
}

type Entry = GrantEntry & { i: Industry }

/** Per store, per ledger: attempt keys of this container's materialised grants, to unset from `g`. */
const queuesOf = perStore<Set<string>>()
const COMPACT_PER_UPDATE = 100
const MAX_QUEUED_LEDGERS = 1000

function queueOf(store: DocStore, id: string, create: boolean): Set<string> | undefined {
  const m = queuesOf(store)
  let q = m.get(id)
  if (!q && create) {
    // Old days' queues are dropped first: a dropped key only leaves a stale entry a repair removes.
    if (m.size >= MAX_QUEUED_LEDGERS) m.delete(m.keys().next().value as string)
    q = new Set()
    m.set(id, q)
  }
  return q
}

function queueCompaction(store: DocStore, id: string, ak: string): void {
  queueOf(store, id, true)!.add(ak)
}

/**
 * Step (2): takes one unit of shard `k` of the day's stock for `e` under a fresh attempt key; returns the
 * key, or null (the shard is empty or its ledger does not exist yet).
 */
export async function takeSlot(ctx: Ctx, c: CampaignDoc, day: string, e: Entry, k = 0): Promise<string | null> {
  const store = ctx.deps.store
  const id = shardId(c._id, day, k)
  const ak = attemptKey()
  // Keys ride on this update only: taken out of the queue while it runs (so the other claims of this
  // container in flight at the same time carry other keys), put back unless it matched.
  const q = queueOf(store, id, false)
  const piggy: string[] = []
  if (q) {
    for (const x of q) { if (piggy.length >= COMPACT_PER_UPDATE) break; if (x !== ak) piggy.push(x) }
    for (const x of piggy) q.delete(x)
  }
  let n = 0
  const days = store.collection<DayDoc>(C.campaign_days)
  try {
    n = await days.updateOne(
      { _id: id, claimed: { $lt: shardStock(c, k) } },
      {
        $inc: { claimed: 1, [`ind.${e.i}`]: 1 },
        $set: { [`g.${ak}`]: e },
        ...(piggy.length ? { $unset: Object.fromEntries(piggy.map((x) => [`g.${x}`, 1 as const])) } : {}),
      },
      // The voucher's insert follows and its commit covers this update; the answer waits for it in any case.
      { eager: true },
    )
    if (n === 1) wroteEagerly(ctx, days)
  } finally {
    if (n !== 1 && piggy.length) for (const x of piggy) queueCompaction(store, id, x)
    else if (q && !q.size && queuesOf(store).get(id) === q) queuesOf(store).delete(id)
  }
  return n === 1 ? ak : null
}

/** Gives back the unit of attempt `ak` to its ledger (shard) `id`, if its entry is still there (so at most once). */
async function release(ctx: Ctx, id: string, ak: string, industry: string): Promise<boolean> {
  const n = await ctx.deps.store.collection<DayDoc>(C.campaign_days).updateOne(
    { _id: id, [`g.${ak}`]: { $exists: true } },
    { $inc: { claimed: -1, [`ind.${industry}`]: -1 }, $unset: { [`g.${ak}`]: 1 } },
  )
  return n === 1
}

const REUSED = () => new AppError('CONFLICT', '这个请求编号已用于另一个活动，请刷新后再领')

/**
 * Step (3): stores the voucher of attempt `ak`; on DuplicateKey answers the stored one. `mine`: it is ak's.
 * `reused`: the DuplicateKey came from the voucher's `rk` (this requestId already has a voucher, of
 * another campaign or day): `v` is that voucher.
 */
async function insertVoucher(ctx: Ctx, c: CampaignDoc, day: string, e: Entry, ak: string): Promise<{ v: VoucherDoc; mine: boolean; reused?: boolean }> {
  const doc: VoucherDoc = {
    _id: voucherId(c._id, day, e.o, e.s),
    owner: e.o,
    campaignId: c._id,
    title: c.title,
    faceValue: c.faceValue,
    threshold: c.threshold,
    day,
    expiresAt: endOfShanghaiDay(day),
    status: 'unused',
    requestId: e.r,
    rk: claimRequestId(e.o, e.r),
    ak,
    industry: e.i,
    slot: e.s,
    claimedAt: ctx.now.toISOString(),
  }
  const vouchers = ctx.deps.store.collection<VoucherDoc>(C.vouchers)
  try {
    await vouchers.insert(doc)
    return { v: doc, mine: true }
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const stored = await vouchers.get(doc._id)
    if (stored) return { v: stored, mine: stored.ak === ak }
    const [same] = await vouchers.find({ rk: doc.rk }, { limit: 1 })
    if (!same) throw err
    return { v: same, mine: false, reused: true }
  }
}

/**
 * After (2) took a unit of shard `id` for attempt `ak`: insert its voucher and decide (cases a, b, c of
 * the header). Returns the voucher to answer, or null when another request holds the slot (our unit
 * released); CONFLICT when this requestId's voucher belongs to another campaign.
 */
async function settle(ctx: Ctx, c: CampaignDoc, day: string, e: Entry, ak: string, id: string): Promise<VoucherDoc | null> {
  const { v, mine, reused } = await insertVoucher(ctx, c, day, e, ak)
  if (mine) {
    queueCompaction(ctx.deps.store, id, ak)
    return v
  }
  await release(ctx, id, ak, e.i)
  if (v.requestId !== e.r) return null
  if (reused && v.campaignId !== c._id) throw REUSED()
  return v
}

/** The ledgers of a campaign-day, one per shard that exists: one read whatever the number of shards. */
export async function readDay(ctx: Ctx, c: CampaignDoc, day: string): Promise<DayDoc[]> {
  const days = ctx.deps.store.collection<DayDoc>(C.campaign_days)
  const ids = shardIds(c, day)
  if (ids.length === 1) {
    const l = await days.get(ids[0])
    return l ? [l] : []
  }
  return days.find({ _id: { $in: ids } }, { limit: ids.length })
}

/**
 * Settles the entries of one ledger (shard) of a campaign-day (of `holder`, an alias, or all):
 * materialises the missing vouchers, unsets the entries whose voucher is theirs, releases the units of
 * attempts whose slot (or requestId) another attempt holds. Returns how many entries had to be released
 * (by this call or concurrently by their owner).
 */
export async function repairLedger(ctx: Ctx, c: CampaignDoc, day: string, ledger: DayDoc | null, holder?: string): Promise<number> {
  const entries = entriesOf(ledger, holder)
  if (!ledger || !entries.length) return 0
  const id = ledger._id
  const vouchers = ctx.deps.store.collection<VoucherDoc>(C.vouchers)
  const ids = [...new Set(entries.map(([, e]) => voucherId(c._id, day, e.o, e.s)))]
  const byId = new Map<string, VoucherDoc>()
  for (let k = 0; k < ids.length; k += 100) {
    const chunk = ids.slice(k, k + 100)
    for (const v of await vouchers.find({ _id: { $in: chunk } }, { limit: chunk.length })) byId.set(v._id, v)
  }
  const compact: string[] = []
  let doomed = 0
  for (const [ak, e] of entries) {
    const vid = voucherId(c._id, day, e.o, e.s)
    let v = byId.get(vid)
    if (!v) {
      const r = await insertVoucher(ctx, c, day, e as Entry, ak)
      v = r.v
      if (!r.reused) byId.set(vid, v)
      if (v.ak === ak) ctx.deps.log.info({ requestId: ctx.requestId, repaired: vid })
    }
    if (v.ak === ak) compact.push(ak)
    else {
      doomed++
      await release(ctx, id, ak, e.i)
    }
  }
  for (let k = 0; k < compact.length; k += COMPACT_PER_UPDATE) {
    const keys = compact.slice(k, k + COMPACT_PER_UPDATE)
    await ctx.deps.store.collection<DayDoc>(C.campaign_days).updateOne({ _id: id }, { $unset: Object.fromEntries(keys.map((x) => [`g.${x}`, 1 as const])) })
  }
  return doomed
}

/** Settles every shard of a campaign-day (see repairLedger); answers the units released. */
export async function repairDay(ctx: Ctx, c: CampaignDoc, day: string, ledgers: DayDoc[], holder?: string): Promise<number> {
  let doomed = 0
  for (const l of ledgers) if (entriesOf(l, holder).length) doomed += await repairLedger(ctx, c, day, l, holder)
  return doomed
}

const MAX_ROUNDS = MAX_SLOTS + 5
const MAX_SETTLE_ROUNDS = 20

/** What a claim needs of the member: from the member document, or from the caller's eligibility pass. */
type Claimant = Pick<MemberDoc, '_id' | 'industry' | 'city'>

function claimant(ctx: Ctx): Claimant | null {
  if (ctx.member) return ctx.member
  const e = ctx.eligibility
  return e ? { _id: e.openid, industry: e.industry as Industry, city: e.city } : null
}

const randomInt = (n: number) => Math.floor(Math.random() * n)

/**
 * Settling a sold-out day, shared in this container: a rush's losers all reach the SOLD_OUT check at
 * once, and each settling every shard would repeat the same reads and writes hundreds of times. A caller
 * joins a settle that started after its own read of the ledgers (it covers everything that caller saw),
 * else waits for the running one and starts the next. `tick` orders reads and settles.
 */
let tick = 0
const settlingOf = perStore<{ startedAt: number; p: Promise<number> }>()

async function settleDay(ctx: Ctx, c: CampaignDoc, day: string, readAt: number): Promise<number> {
  const store = ctx.deps.store
  const m = settlingOf(store)
  const key = dayId(c._id, day)
  for (;;) {
    const run = m.get(key)
    if (run && run.startedAt > readAt) return run.p
    if (!run) break
    await run.p.catch(() => 0)
  }
  const startedAt = ++tick
  const p = readDay(ctx, c, day).then((fresh) => repairDay(ctx, c, day, fresh))
  const entry = { startedAt, p }
  m.set(key, entry)
  try {
    return await p
  } finally {
    if (m.get(key) === entry) m.delete(key)
  }
}

/** Shard creations in progress in this container, per campaign-day: concurrent first claims share one. */
const creatingOf = perStore<Promise<void>>()

function createShards(ctx: Ctx, c: CampaignDoc, day: string, ledgers: DayDoc[]): Promise<void> {
  const store = ctx.deps.store
  const m = creatingOf(store)
  const key = dayId(c._id, day)
  const running = m.get(key)
  if (running) return running
  const present = new Set(ledgers.map((l) => l._id))
  const days = store.collection<DayDoc>(C.campaign_days)
  const p = Promise.all(shardIds(c, day).map(async (id, k) => {
    if (present.has(id)) return
    try {
      await days.insert({ _id: id, campaignId: c._id, day, shard: k, claimed: 0, g: {}, ind: {} })
    } catch (e) {
      if (!isDuplicateKey(e)) throw e
    }
  })).then(() => undefined).finally(() => { if (m!.get(key) === p) m!.delete(key) })
  m.set(key, p)
  return p
}
const MAX_HELD = 20_000

function remember(memo: DayMemo, holder: string, vs: VoucherDoc[]): void {
  if (!vs.length) return
  const known = memo.held.get(holder) ?? []
  const add = vs.filter((v) => v.owner === holder && !known.some((k) => k._id === v._id))
  if (!add.length) return
  if (!memo.held.has(holder) && memo.held.size >= MAX_HELD) memo.held.delete(memo.held.keys().next().value as string)
  memo.held.set(holder, [...known, ...add])
}

function soldOut(memo: DayMemo, holder: string): AppError {
  const now = Date.now()
  if (memo.soldOutUntil <= now) memo.toldSoldOut.clear()
  memo.soldOutUntil = now + SOLD_OUT_MEMO_MS
  if (memo.toldSoldOut.size < MAX_HELD) memo.toldSoldOut.add(holder)
  return new AppError('SOLD_OUT')
}

/** Failures answered from this container's memory, without a database operation. */
const fromMemory = new WeakSet<AppError>()
const remembered = (e: AppError) => { fromMemory.add(e); return e }

const alreadyClaimed = (limit: number) => new AppError('ALREADY_CLAIMED', limit === 1 ? '今天已经领过了，明天再来' : `每人每天限领 ${limit} 张，今天已领完`)

async function claimCore(data: { campaignId: string; requestId: string }, ctx: Ctx, member: Claimant): Promise<VoucherDoc> {
  const holder = holderOf(ctx.deps.config.TOKEN_SECRET, member._id)
  const c = await campaignCached(ctx.deps.store, data.campaignId)
  if (!c) throw new AppError('NOT_FOUND', '没有找到这个活动')
  const day = shanghaiDay(ctx.now)
  checkEligible(c, member, day)
  const entry = (slot: number): Entry => ({ o: holder, s: slot, r: data.requestId, i: member.industry, t: ctx.now.toISOString() })
  const K = shardCount(c)
  const limit = Math.min(c.perMemberPerDay, MAX_SLOTS)

  // Answers from memory (see the header): a repeat this container can answer for sure costs no operation.
  const memo = dayMemo(ctx.deps.store, dayId(c._id, day))
  const known = memo.held.get(holder)
  if (known) {
    const again = known.find((v) => v.requestId === data.requestId)
    if (again) return again
    if (known.length >= limit) throw remembered(alreadyClaimed(limit))
  }
  const soldOutHere = memo.soldOutUntil > Date.now()
  // A retry after a busy answer may own a voucher that landed before the platform dropped the answer: the
  // reads below find it, memory does not.
  if (soldOutHere && memo.toldSoldOut.has(holder) && !memo.unsure.has(data.requestId)) throw remembered(new AppError('SOLD_OUT'))

  // Warm path: one shard chosen at random (so K claims at once update K different documents);
  // skipped while this container has just seen every shard full.
  if (!soldOutHere && memo.fullUntil <= Date.now()) {
    const k0 = randomInt(K)
    const ak = await takeSlot(ctx, c, day, entry(1), k0)
    if (ak) {
      const v = await settle(ctx, c, day, entry(1), ak, shardId(c._id, day, k0))
      if (v) return v
    }
  }

  const vouchers = ctx.deps.store.collection<VoucherDoc>(C.vouchers)
  let settleRounds = 0
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const readAt = ++tick
    const [ledgers, mineAll] = await Promise.all([
      readDay(ctx, c, day),
      // Slots above today's limit count too (the admin may have lowered it): all MAX_SLOTS ids.
      vouchers.find({ _id: { $in: slotIds(c._id, day, holder, MAX_SLOTS) } }, { limit: MAX_SLOTS }),
    ])
    const have = mineAll.filter((v) => v.owner === holder)
    const retry = have.find((v) => v.requestId === data.requestId)
    if (retry) return retry
    if (ledgers.length < K) {
      // The day's first claims: create the missing shards (once per container; a racing creator's
      // DuplicateKey is fine) and read again.
      await createShards(ctx, c, day, ledgers)
      round--
      continue
    }
    const held = new Set(have.map((v) => v.slot))
    const inFlight = ledgers.flatMap((l) => entriesOf(l, holder).map(([x, e]) => ({ id: l._id, ak: x, e })))
    const same = inFlight.find((f) => f.e.r === data.requestId && !held.has(f.e.s))
    if (same) {
      const { v, mine, reused } = await insertVoucher(ctx, c, day, same.e as Entry, same.ak)
      if (mine) { queueCompaction(ctx.deps.store, same.id, same.ak); return v }
      if (reused && v.requestId === data.requestId && v.campaignId !== c._id) {
        await release(ctx, same.id, same.ak, same.e.i)
        throw REUSED()
      }
      if (v.requestId === data.requestId) return v
      continue // that attempt lost its slot to another request: its owner or a repair releases it
    }
    const used = new Set([...held, ...inFlight.map((f) => f.e.s)])
    if (used.size >= limit) {
      remember(memo, holder, have)
      throw alreadyClaimed(limit)
    }
    const open = ledgers.filter((l) => l.claimed < shardStock(c, shardOf(l)))
    if (!open.length) {
      // Every shard full: for a moment the warm path's update could only fail, so claims here go
      // straight to the reads above (a unit given back meanwhile is found there).
      memo.fullUntil = Date.now() + SOLD_OUT_MEMO_MS
      // Sold out only when every shard is, and no unit is held by an attempt that must give it back:
      // settle the entries of every shard first.
      if (settleRounds < MAX_SETTLE_ROUNDS && (await settleDay(ctx, c, day, readAt)) > 0) {
        settleRounds++
        round--
        continue
      }
      throw soldOut(memo, holder)
    }
    let slot = 1
    while (used.has(slot)) slot++
    // Another shard only now that the first choice was empty: a random one of those with stock left.
    const l = open[randomInt(open.length)]
    const sak = await takeSlot(ctx, c, day, entry(slot), shardOf(l))
    if (sak) {
      const v = await settle(ctx, c, day, entry(slot), sak, l._id)
      if (v) return v
    }
  }
  // Only reachable under a pathological storm of concurrent claims by the same member.
  throw new AppError('CONFLICT', '领取的人太多了，请稍后再试')
}

export async function claim(data: { campaignId: string; requestId: string }, ctx: Ctx): Promise<Voucher> {
  const member = claimant(ctx)
  if (!member) throw new AppError('NOT_MEMBER')
  assertNotLimited(ctx, 'claim')
  try {
    const v = await claimCore(data, ctx, member)
    remember(dayMemo(ctx.deps.store, dayId(v.campaignId, v.day)), v.owner, [v])
    return toVoucher(v, ctx.now.toISOString())
  } catch (e) {
    // A refusal for load (busy) is not the caller's failure, and counting it would only add load; a
    // failure answered from memory cost no operation, so it is counted in memory (per container).
    if (isBusy(e)) {
      const unsure = dayMemo(ctx.deps.store, dayId(data.campaignId, shanghaiDay(ctx.now))).unsure
      if (unsure.size >= MAX_HELD) unsure.clear()
      unsure.add(data.requestId)
    }
    if (e instanceof AppError && fromMemory.has(e)) rateLimitLocal(ctx, 'claim', { perMinute: CLAIM_FAILURES_PER_MINUTE })
    else if (e instanceof AppError && !isBusy(e)) await rateLimit(ctx, 'claim', { perMinute: CLAIM_FAILURES_PER_MINUTE })
    throw e
  }
}
