/**
 * Check-in: the same person at the same station within 2 hours counts once and gets the same answer.
 *
 * Built on the DocStore's atomic primitives only (no multi-document transaction), so it holds on CloudBase
 * with many containers:
 *
 *  1. claim   — the person's visitor document (`station_visitors/<station,person>`) is taken with a
 *               conditional update on its revision (or created by a deterministic-id insert). Only one
 *               request can hold the claim of a 2-hour window; concurrent duplicates wait for its result.
 *  2. record  — the visit number is reserved by inserting the check-in record with the deterministic id
 *               `<station>-<n>` where n = visitCount + 1: a number can be stored once only.
 *  3. count   — the station's counter moves from n-1 to n with a conditional update.
 *  4. finish  — the visitor document gets { visitNo: n, lastAt } if it still holds this claim.
 *
 * A crash (or a lost container) between the steps:
 *  - after 1: the claim stays pending. Its owner is gone once the lease (longer than any function run) has
 *    passed; the next request of that person takes the claim over and counts the visit. Nothing was counted.
 *  - after 2: the record exists but the counter is one behind. The next check-in at that station meets the
 *    record on insert (DuplicateKey), rolls the counter forward and takes the next number; `get` rolls it
 *    forward too. The person's retry finds the record by its claim and answers with its number.
 *  - after 3: as after 2 for the person; the counter is already right.
 *  So a number is never handed out twice, the counter never runs ahead of the records (every counted visit
 *  has a record), and a visit the client was told about is always stored.
 */
import { randomUUID } from 'node:crypto'
import { AppError, isDuplicateKey } from '../_shared/errors'
import { shanghaiDay } from '../_shared/clock'
import type { Deps, Ctx } from '../_shared/runtime'
import { rateLimit } from '../_shared/ratelimit'
import type { Doc } from '../_shared/ports'
import { stationOfScene } from './poster'
import { checkinKey, loadStation, pairKey, type StationDoc } from './model'
import { C } from '../_shared/collections'
import { perStore } from '../_shared/per-store'

export const WINDOW_MS = 2 * 3600_000
/** A pending claim older than this belongs to a request that no longer runs (the cloud function timeout is far shorter). */
export const CLAIM_LEASE_MS = 60_000
const WAIT_STEP_MS = 10
const WAIT_MAX_MS = 5_000

export interface VisitorDoc extends Doc {
  stationId: string
  openid: string
  rev: number
  /** The last counted check-in. */
  visitNo?: number
  lastAt?: string
  /** A check-in in progress: its token and when it started. */
  pending?: { token: string; at: string } | null
}

export interface CheckinDoc extends Doc {
  stationId: string
  visitNo: number
  openid: string
  city: string
  at: string
  day: string
  /** The claim token of the request that stored it (to finish that request's answer after a crash). */
  claim: string
}

export interface CheckinResult { visitNo: number; checkedInAt: string }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** By the scene of the poster's code (scanned, or opened from its web address), or by station and printed code. */
export async function checkin(data: { scene: string } | { stationId: string; code: string }, ctx: Ctx): Promise<CheckinResult & { stationId: string }> {
  const openid = ctx.me()
  await rateLimit(ctx, 'checkin', { perMinute: 10 })
  let station: StationDoc
  if ('scene' in data) {
    station = await stationOfScene(ctx, data.scene)
  } else {
    if (!ctx.deps.tokens.checkStaticCode('station', data.stationId, data.code)) {
      throw new AppError('INVALID_TOKEN', '这不是本驿站的签到码，请扫描驿站张贴的二维码')
    }
    station = await loadStation(ctx, data.stationId)
  }
  // The station is named in the answer: a scene does not say which it is.
  return { ...(await checkinAt(ctx.deps, station, openid, ctx.now)), stationId: station._id }
}

/** Steps 1–4 above; exported one by one so that tests can stop between them. */
export async function checkinAt(deps: Deps, station: StationDoc, openid: string, now: Date): Promise<CheckinResult> {
  const visitors = deps.store.collection<VisitorDoc>(C.station_visitors)
  const id = pairKey(station._id, openid)
  const waitUntil = Date.now() + WAIT_MAX_MS
  for (;;) {
    const v = await visitors.get(id)
    const answer = currentAnswer(v, now)
    if (answer) return answer
    if (v?.pending) {
      const adopted = await adoptIfStored(deps, v)
      if (adopted) continue
      const age = deps.clock.now().getTime() - Date.parse(v.pending.at)
      if (age < CLAIM_LEASE_MS) {
        // Another request of this person is counting this visit right now: wait for its answer.
        if (Date.now() > waitUntil) throw new AppError('CONFLICT', '签到正在处理中，请稍后再试')
        await sleep(WAIT_STEP_MS)
        continue
      }
    }
    const token = await claim(deps, station._id, openid, v)
    if (!token) continue
    const visitNo = await takeNumber(deps, station, openid, token, now)
    if (await finish(deps, id, token, visitNo, now)) return { visitNo, checkedInAt: now.toISOString() }
    // Our claim was finished by someone who found our record (after a lease expiry): read the answer again.
  }
}

/** The stored answer when the last counted check-in is within 2 hours of `now`. */
export function currentAnswer(v: VisitorDoc | null, now: Date): CheckinResult | null {
  if (!v || v.visitNo == null || !v.lastAt || v.pending) return null
  const last = Date.parse(v.lastAt)
  return now.getTime() - last < WINDOW_MS ? { visitNo: v.visitNo, checkedInAt: v.lastAt } : null
}

/** Step 1. Returns the claim token, or null when another request changed the document first. */
export async function claim(deps: Deps, stationId: string, openid: string, v: VisitorDoc | null): Promise<string | null> {
  const visitors = deps.store.collection<VisitorDoc>(C.station_visitors)
  const token = randomUUID()
  const pending = { token, at: deps.clock.now().toISOString() }
  if (!v) {
    try {
      await visitors.insert({ _id: pairKey(stationId, openid), stationId, openid, rev: 1, pending })
      return token
    } catch (e) {
      if (isDuplicateKey(e)) return null
      throw e
    }
  }
  const n = await visitors.updateOne({ _id: v._id, rev: v.rev }, { $set: { pending }, $inc: { rev: 1 } })
  return n === 1 ? token : null
}

/** Steps 2 and 3: store the record under the next free number, then move the counter to it. */
/** `stopAfterRecord` leaves out step 3, as a crash there would (for the fault tests). */
export async function takeNumber(deps: Deps, station: StationDoc, openid: string, token: string, now: Date, opts: { stopAfterRecord?: boolean } = {}): Promise<number> {
  // Check-ins at one station in this container take their numbers one after another, each from the
  // counter as it is when its turn comes (one read): concurrent ones no longer all try the same number and
  // fail on DuplicateKey (a rush at one station cost O(k²) operations). The record's unique id still
  // decides, across containers too; this only spares the collisions within one.
  const key = station._id
  const turns = turnsOf(deps.store)
  const before = turns.get(key)?.p ?? settled
  let done!: () => void
  const mine = { p: new Promise<void>((r) => { done = r }) }
  turns.set(key, mine)
  await before
  try {
    const fresh = before === settled ? station : (await deps.store.collection<StationDoc>(C.stations).get(key)) ?? station
    return await takeNumberInTurn(deps, station, openid, token, now, Math.max(station.visitCount ?? 0, fresh.visitCount ?? 0), opts)
  } finally {
    done()
    if (turns.get(key) === mine) turns.delete(key)
  }
}

const settled = Promise.resolve()
const turnsOf = perStore<{ p: Promise<void> }>()

async function takeNumberInTurn(deps: Deps, station: StationDoc, openid: string, token: string, now: Date, from: number, opts: { stopAfterRecord?: boolean }): Promise<number> {
  const stations = deps.store.collection<StationDoc>(C.stations)
  const records = deps.store.collection<CheckinDoc>(C.checkins)
  let count = from
  for (;;) {
    const n = count + 1
    try {
      await records.insert({ _id: checkinKey(station._id, n), stationId: station._id, visitNo: n, openid, city: station.city, at: now.toISOString(), day: shanghaiDay(now), claim: token })
    } catch (e) {
      if (!isDuplicateKey(e)) throw e
      // Number n is taken: its owner moves the counter (or stopped before it; then we do).
      await stations.updateOne({ _id: station._id, visitCount: n - 1 }, { $set: { visitCount: n } })
      const s = await stations.get(station._id)
      count = Math.max(n, s?.visitCount ?? n)
      continue
    }
    if (!opts.stopAfterRecord) await stations.updateOne({ _id: station._id, visitCount: n - 1 }, { $set: { visitCount: n } })
    return n
  }
}

/** Step 4. False when the claim is no longer ours. */
export async function finish(deps: Deps, visitorId: string, token: string, visitNo: number, at: Date): Promise<boolean> {
  const n = await deps.store.collection<VisitorDoc>(C.station_visitors).updateOne(
    { _id: visitorId, 'pending.token': token },
    { $set: { visitNo, lastAt: at.toISOString(), pending: null }, $inc: { rev: 1 } },
  )
  return n === 1
}

/** A pending claim whose record was stored (its request stopped before step 4): finish it with that record. */
async function adoptIfStored(deps: Deps, v: VisitorDoc): Promise<boolean> {
  if (!v.pending) return false
  const [rec] = await deps.store.collection<CheckinDoc>(C.checkins).find({ claim: v.pending.token }, { limit: 1 })
  if (!rec) return false
  // Its request may also have stopped before moving the counter: roll it forward to this record.
  await deps.store.collection<StationDoc>(C.stations).updateOne({ _id: rec.stationId, visitCount: rec.visitNo - 1 }, { $set: { visitCount: rec.visitNo } })
  await finish(deps, v._id, v.pending.token, rec.visitNo, new Date(rec.at))
  return true
}
