import { isOfflineToken } from '../../types/offline'
import { INELIGIBLE_CODES, INELIGIBLE_LABELS, sameCity, type CampaignView, type IneligibleReason, type OfflineKey, type Voucher, type VoucherStatus } from '../../types'
import { AppError } from '../_shared/errors'
import { addDays, shanghaiDay } from '../_shared/clock'
import { rateLimit } from '../_shared/ratelimit'
import { issuePass } from '../_shared/pass'
import type { Ctx, MemberDoc } from '../_shared/runtime'
import type { Filter } from '../_shared/ports'
import { findPage } from '../_shared/paging'
import { campaignCached, campaignsEndingFrom } from './cache'
import { ineligibility, readDay, repairDay } from './claim'
import { MAX_SLOTS, holderOf, slotIds, sumDay, toCampaign, toVoucher, type CampaignDoc, type DayDoc, type VoucherDoc } from './model'
import { C } from '../_shared/collections'

export const TOKEN_CALLS_PER_MINUTE = 30
export const TOKEN_TTL_MS = 60_000
/** Ended campaigns stay on the list for a few days, so a worker sees why the button went away. */
const ENDED_SHOWN_DAYS = 3

const isOpen = (c: CampaignDoc, day: string) => !c.endedAt && c.startDate <= day && day <= c.endDate

/**
 * Settles the caller's entries in today's ledgers (see claim.ts: a claim that crashed between its
 * ledger update and its voucher insert gets its voucher; a materialised grant's entry is compacted;
 * a unit held by an attempt that lost its slot is released). Idempotent.
 */
async function repairToday(ctx: Ctx, holder: string, open: Array<{ c: CampaignDoc; ledgers: DayDoc[] }>, day: string): Promise<void> {
  for (const { c, ledgers } of open) await repairDay(ctx, c, day, ledgers, holder)
}

const holder = (ctx: Ctx) => holderOf(ctx.deps.config.TOKEN_SECRET, ctx.me())

async function memberOf(ctx: Ctx): Promise<MemberDoc | null> {
  if (!ctx.openid) return null
  const m = ctx.member ?? (await ctx.deps.store.collection<MemberDoc>(C.members).get(ctx.openid))
  return m && !m.deleted ? m : null
}

/** Campaigns now or soon: a member sees only their city's (a campaign elsewhere is of no use to them); guests see all. */
export async function campaigns(_: Record<string, never>, ctx: Ctx): Promise<{ items: CampaignView[]; today: string; pass?: string; passExpiresAt?: string }> {
  const day = shanghaiDay(ctx.now)
  const [all, member] = await Promise.all([campaignsEndingFrom(ctx.deps.store, addDays(day, -ENDED_SHOWN_DAYS)), memberOf(ctx)])
  const list = member?.city ? all.filter((c) => sameCity(c.city, member.city)) : all
  const open = await Promise.all(list.filter((c) => isOpen(c, day)).map(async (c) => ({ c, ledgers: await readDay(ctx, c, day) })))
  const takenToday = new Map(open.map((o) => [o.c._id, sumDay(o.ledgers).claimed]))
  // The caller's vouchers of today, after the repair: one find over the slot ids of every open campaign.
  const claimedBy = new Map<string, number>()
  if (ctx.openid) {
    const me = holder(ctx)
    await repairToday(ctx, me, open, day)
    const ids = open.flatMap((o) => slotIds(o.c._id, day, me, MAX_SLOTS))
    for (let k = 0; k < ids.length; k += 100) {
      const chunk = ids.slice(k, k + 100)
      const rows = await ctx.deps.store.collection<VoucherDoc>(C.vouchers).find({ _id: { $in: chunk } }, { limit: chunk.length })
      for (const v of rows) if (v.owner === me) claimedBy.set(v.campaignId, (claimedBy.get(v.campaignId) ?? 0) + 1)
    }
  }

  const items: CampaignView[] = list.map((c) => {
    const state = isOpen(c, day) ? 'open' : !c.endedAt && c.startDate > day ? 'upcoming' : 'ended'
    const remainingToday = state === 'open' ? Math.max(0, c.dailyStock - (takenToday.get(c._id) ?? 0)) : 0
    const claimedToday = state === 'open' ? claimedBy.get(c._id) ?? 0 : 0
    const reason: IneligibleReason | null = !ctx.openid ? 'SIGN_IN'
      : !member || member.status !== 'active' ? (member?.status === 'pending' ? 'JOIN_PENDING' : 'NOT_JOINED')
        : ineligibility(c, member, day)
    return {
      ...toCampaign(c), state, remainingToday, claimedToday,
      eligible: !reason,
      ...(reason ? { ineligible: { code: INELIGIBLE_CODES[reason], reason, message: INELIGIBLE_LABELS[reason](c) } } : {}),
    }
  })
  const rank = { open: 0, upcoming: 1, ended: 2 } as const
  items.sort((a, b) => rank[a.state] - rank[b.state] || (a.state === 'ended' ? b.endDate.localeCompare(a.endDate) : a.startDate.localeCompare(b.startDate)))
  // The eligibility pass for the claims that follow this list (see _shared/pass.ts): active members only.
  const pass = member && member.status === 'active' ? issuePass(ctx.deps.tokens, member, ctx.now.getTime()) : null
  return { items, today: day, ...(pass ? { pass: pass.pass, passExpiresAt: new Date(pass.exp).toISOString() } : {}) }
}

// ---- wallet ----------------------------------------------------------------

export async function mine(data: { status?: VoucherStatus; cursor?: string; limit?: number }, ctx: Ctx): Promise<{ items: Voucher[]; nextCursor: string | null }> {
  const me = holder(ctx)
  const nowIso = ctx.now.toISOString()
  const day = shanghaiDay(ctx.now)
  if (!data.cursor && (!data.status || data.status === 'unused')) {
    const list = (await campaignsEndingFrom(ctx.deps.store, addDays(day, -ENDED_SHOWN_DAYS))).filter((c) => isOpen(c, day))
    const open = await Promise.all(list.map(async (c) => ({ c, ledgers: await readDay(ctx, c, day) })))
    await repairToday(ctx, me, open, day)
  }

  const and: Filter[] = [{ owner: me }]
  if (data.status === 'used') and.push({ status: 'used' })
  else if (data.status === 'unused') and.push({ status: 'unused', expiresAt: { $gt: nowIso } })
  else if (data.status === 'expired') and.push({ status: 'unused', expiresAt: { $lte: nowIso } })
  // Newest first: stable while new vouchers arrive at the top.
  const { docs, nextCursor } = await findPage(ctx.deps.store.collection<VoucherDoc>(C.vouchers), { $and: and }, {
    cursor: data.cursor, limit: data.limit, sortBy: 'claimedAt', desc: true,
  })
  return { items: docs.map((v) => toVoucher(v, nowIso)), nextCursor }
}

/** The caller's own voucher while it can be used (both code actions share the rate limit of `voucherToken`). */
async function usableVoucherOf(voucherId: string, ctx: Ctx): Promise<VoucherDoc> {
  const me = holder(ctx)
  await rateLimit(ctx, 'voucherToken', { perMinute: TOKEN_CALLS_PER_MINUTE })
  const v = await ctx.deps.store.collection<VoucherDoc>(C.vouchers).get(voucherId)
  // Someone else's voucher answers exactly like a missing one: ids reveal nothing.
  if (!v || v.owner !== me) throw new AppError('NOT_FOUND', '没有找到这张券')
  if (v.status === 'used') throw new AppError('ALREADY_USED', '这张券已经使用过了')
  if (v.expiresAt <= ctx.now.toISOString()) throw new AppError('EXPIRED', '这张券已过期（仅限领取当天使用）')
  return v
}

/** The voucher's QR for the till: only its owner gets one, only while it can be used. */
export async function voucherToken(data: { voucherId: string }, ctx: Ctx): Promise<{ token: string; expiresAt: string }> {
  const v = await usableVoucherOf(data.voucherId, ctx)
  const exp = ctx.now.getTime() + TOKEN_TTL_MS
  return { token: ctx.deps.tokens.sign('voucher', { sub: v._id, exp }), expiresAt: new Date(exp).toISOString() }
}

/**
 * The voucher's offline key (SPEC "Offline codes"): the phone keeps it and makes the rotating QR itself,
 * so the code shows in a basement with no signal. Owner only, and only while the voucher can be used;
 * valid until the voucher expires. Derived from the voucher id with the server secret: nothing is stored.
 */
export async function offlineKey(data: { voucherId: string }, ctx: Ctx): Promise<OfflineKey> {
  const v = await usableVoucherOf(data.voucherId, ctx)
  return { key: ctx.deps.tokens.offlineKey('voucher', v._id), ref: v._id, validUntil: v.expiresAt, serverTime: ctx.now.toISOString() }
}

/** The voucher a QR token names: an online token (`voucher.…`) or an offline one (`OV1.…`, made on the phone). */
function voucherOfToken(token: string, ctx: Ctx): { id: string; offlineStepMs?: number } {
  if (!isOfflineToken(token)) return { id: ctx.deps.tokens.verify('voucher', token, ctx.now.getTime()).sub }
  const t = ctx.deps.tokens.verifyOffline('voucher', token, ctx.now.getTime())
  return { id: t.ref, offlineStepMs: t.stepStartMs }
}

/**
 * A till redeems a voucher: one conditional update, so of two tills scanning at once exactly one succeeds.
 * Only a till of a partner in the campaign's city may (a Shantou voucher is spent in Shantou).
 */
export async function redeem(data: { token: string }, ctx: Ctx): Promise<{ voucher: Voucher; redeemedAt: string }> {
  const merchant = ctx.me()
  const { id: sub, offlineStepMs } = voucherOfToken(data.token, ctx)
  const { partnerId } = await ctx.roles()
  const nowIso = ctx.now.toISOString()
  const vouchers = ctx.deps.store.collection<VoucherDoc>(C.vouchers)
  const before = await vouchers.get(sub)
  if (!before) throw new AppError('INVALID_TOKEN', '没有找到这张券')
  // An offline token made for a time after the voucher's end (its key's validUntil) is refused even
  // within the ±2 steps; a used voucher answers ALREADY_USED below, so every offline token works once.
  if (offlineStepMs !== undefined && offlineStepMs >= Date.parse(before.expiresAt) && before.status !== 'used') {
    throw new AppError('EXPIRED', '这张券已过期（仅限领取当天使用）')
  }
  const [campaign, partner] = await Promise.all([
    campaignCached(ctx.deps.store, before.campaignId),
    partnerId ? ctx.deps.store.collection<{ _id: string; city?: string }>(C.partners).get(partnerId) : Promise.resolve(null),
  ])
  if (!campaign || !partner || !sameCity(partner.city, campaign.city)) {
    throw new AppError('NOT_ELIGIBLE', '此券不能在本店使用', campaign ? { city: campaign.city } : undefined)
  }
  const n = await vouchers.updateOne(
    { _id: sub, status: 'unused', expiresAt: { $gt: nowIso } },
    { $set: { status: 'used', redeemedAt: nowIso, redeemedBy: merchant, ...(partnerId ? { partnerId } : {}) } },
  )
  const v = await vouchers.get(sub)
  if (!v) throw new AppError('INVALID_TOKEN', '没有找到这张券')
  if (n === 1) return { voucher: toVoucher(v, nowIso), redeemedAt: nowIso }
  if (v.status === 'used') throw new AppError('ALREADY_USED', '这张券已经使用过了', { redeemedAt: v.redeemedAt })
  if (v.expiresAt <= nowIso) throw new AppError('EXPIRED', '这张券已过期（仅限领取当天使用）')
  throw new AppError('CONFLICT')
}
