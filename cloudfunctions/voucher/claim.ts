/**
 * Claiming a cooling voucher — the write path, and why it is safe.
 *
 * Three documents: the campaign (read through a 10 s per-container cache), the day ledger
 * `campaign_days/<campaignId>_<day>` = { claimed, g: { "<openid>_<slot>": requestId }, ind: {industry: n} },
 * and the voucher, whose `_id` is derived from (campaign, day, member, slot).
 *
 * Warm path, 3 database operations: (1) the runtime loads the caller's member doc; (2) ONE conditional
 * update of the ledger,
 *     updateOne({ _id: day, claimed: { $lt: dailyStock }, "g.<openid>_1": { $exists: false } },
 *               { $inc: { claimed: 1, "ind.<industry>": 1 }, $set: { "g.<openid>_1": requestId } })
 * which checks the stock and the member's slot and takes both in one atomic single-document step
 * (on CloudBase too, where only single-document operations are atomic outside transactions);
 * (3) the insert of the voucher under its deterministic id.
 *
 * Failure path (matched 0; extra operations are fine here): read the ledger. Missing → create it
 * (a racing creator's DuplicateKey is ignored) and try again. A slot of the caller holding this
 * requestId → this is a retry (or a racing twin of it): materialise that slot's voucher (insert; on
 * DuplicateKey read the stored one) and answer it, so one requestId always yields one voucher and
 * the same answer. Otherwise all the caller's slots taken → ALREADY_CLAIMED; stock gone → SOLD_OUT;
 * else take the next free slot with the same conditional update (a bounded loop).
 *
 * Crash between (2) and (3): the grant is in the ledger, so the stock is accounted for and the
 * voucher is owed. It is materialised (a) when the client retries with the same requestId, and
 * (b) whenever the member opens the campaigns list or the wallet: `repairToday` inserts the voucher
 * of every grant of today's ledgers that has none (deterministic id, duplicates ignored). So a
 * granted voucher is never lost, stock never leaks, and ledger.claimed == number of vouchers once
 * repaired. A voucher is valid only on its day, so only today's grants need repairing.
 *
 * Rate limit: successful claims are bounded by perMemberPerDay already, so only failed claims are
 * counted (RATE_LIMITED past 20 a minute); the happy path stays at 3 operations.
 *
 * Cost: the ledger holds one `g` entry per grant of the day, and a document store rewrites the whole
 * document on an update, so a claim costs O(grants so far today) bytes. On the embedded sqlite store
 * that dominates at a few thousand grants a day (see scripts/bench/voucher.ts for measured figures).
 */
import { INDUSTRY_LABELS, type Voucher } from '../../types'
import { AppError, isDuplicateKey } from '../_shared/errors'
import { endOfShanghaiDay, shanghaiDay } from '../_shared/clock'
import { assertNotLimited, rateLimit } from '../_shared/ratelimit'
import type { Ctx, MemberDoc } from '../_shared/runtime'
import { campaignCached } from './cache'
import {
  DAYS, VOUCHERS, MAX_SLOTS, dayId, grantKey, grantsOf, toVoucher, voucherId,
  type CampaignDoc, type DayDoc, type VoucherDoc,
} from './model'

export const CLAIM_FAILURES_PER_MINUTE = 20

/** The eligibility rules before the write, in SPEC's order (NOT_MEMBER is the runtime's). */
export function checkEligible(c: CampaignDoc, member: Pick<MemberDoc, 'industry'>, day: string): void {
  if (!c.industries.includes(member.industry)) {
    throw new AppError('NOT_ELIGIBLE', `本活动仅限${c.industries.map((i) => INDUSTRY_LABELS[i]).join('、')}的工会会员`)
  }
  if (day < c.startDate) throw new AppError('OUTSIDE_WINDOW', `活动 ${c.startDate} 开始，到时再来领`)
  if (day > c.endDate) throw new AppError('OUTSIDE_WINDOW', '活动已结束')
}

/** Step (2): takes `slot` of the caller and one unit of the day's stock, atomically. Returns whether it did. */
export async function takeSlot(ctx: Ctx, c: CampaignDoc, day: string, openid: string, industry: string, slot: number, requestId: string): Promise<boolean> {
  const key = `g.${grantKey(openid, slot)}`
  const n = await ctx.deps.store.collection<DayDoc>(DAYS).updateOne(
    { _id: dayId(c._id, day), claimed: { $lt: c.dailyStock }, [key]: { $exists: false } },
    { $inc: { claimed: 1, [`ind.${industry}`]: 1 }, $set: { [key]: requestId } },
  )
  return n === 1
}

/** Step (3): stores the voucher of a granted slot; when it exists already, answers the stored one. */
export async function materialise(ctx: Ctx, c: CampaignDoc, day: string, openid: string, industry: MemberDoc['industry'], slot: number, requestId: string): Promise<VoucherDoc> {
  const doc: VoucherDoc = {
    _id: voucherId(c._id, day, openid, slot),
    owner: openid,
    campaignId: c._id,
    title: c.title,
    faceValue: c.faceValue,
    threshold: c.threshold,
    day,
    expiresAt: endOfShanghaiDay(day),
    status: 'unused',
    requestId,
    industry,
    slot,
    claimedAt: ctx.now.toISOString(),
  }
  const vouchers = ctx.deps.store.collection<VoucherDoc>(VOUCHERS)
  try {
    await vouchers.insert(doc)
    return doc
  } catch (e) {
    if (!isDuplicateKey(e)) throw e
    const stored = await vouchers.get(doc._id)
    if (!stored) throw e
    return stored
  }
}

async function claimCore(data: { campaignId: string; requestId: string }, ctx: Ctx, member: MemberDoc): Promise<VoucherDoc> {
  const openid = member._id
  const c = await campaignCached(ctx.deps.store, data.campaignId)
  if (!c) throw new AppError('NOT_FOUND', '没有找到这个活动')
  const day = shanghaiDay(ctx.now)
  checkEligible(c, member, day)

  if (await takeSlot(ctx, c, day, openid, member.industry, 1, data.requestId)) {
    return materialise(ctx, c, day, openid, member.industry, 1, data.requestId)
  }

  const days = ctx.deps.store.collection<DayDoc>(DAYS)
  const id = dayId(c._id, day)
  const limit = Math.min(c.perMemberPerDay, MAX_SLOTS)
  for (let attempt = 0; attempt < MAX_SLOTS + 5; attempt++) {
    const ledger = await days.get(id)
    if (!ledger) {
      try {
        await days.insert({ _id: id, campaignId: c._id, day, claimed: 0, g: {}, ind: {} })
      } catch (e) {
        if (!isDuplicateKey(e)) throw e
      }
      if (await takeSlot(ctx, c, day, openid, member.industry, 1, data.requestId)) {
        return materialise(ctx, c, day, openid, member.industry, 1, data.requestId)
      }
      continue
    }
    const mine = grantsOf(ledger, openid)
    const same = mine.find(([, r]) => r === data.requestId)
    if (same) return materialise(ctx, c, day, openid, member.industry, same[0], data.requestId)
    if (mine.length >= limit) {
      throw new AppError('ALREADY_CLAIMED', limit === 1 ? '今天已经领过了，明天再来' : `每人每天限领 ${limit} 张，今天已领完`)
    }
    if (ledger.claimed >= c.dailyStock) throw new AppError('SOLD_OUT')
    const used = new Set(mine.map(([s]) => s))
    let slot = 1
    while (used.has(slot)) slot++
    if (await takeSlot(ctx, c, day, openid, member.industry, slot, data.requestId)) {
      return materialise(ctx, c, day, openid, member.industry, slot, data.requestId)
    }
  }
  // Only reachable under a pathological storm of concurrent claims by the same member.
  throw new AppError('CONFLICT', '领取的人太多了，请稍后再试')
}

export async function claim(data: { campaignId: string; requestId: string }, ctx: Ctx): Promise<Voucher> {
  const member = ctx.member
  if (!member) throw new AppError('NOT_MEMBER')
  assertNotLimited(ctx, 'claim')
  try {
    const v = await claimCore(data, ctx, member)
    return toVoucher(v, ctx.now.toISOString())
  } catch (e) {
    if (e instanceof AppError) await rateLimit(ctx, 'claim', { perMinute: CLAIM_FAILURES_PER_MINUTE })
    throw e
  }
}
