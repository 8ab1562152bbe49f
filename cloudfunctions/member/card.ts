import { maskName } from '../../types'
import { AppError, isDuplicateKey } from '../_shared/errors'
import { rateLimit } from '../_shared/ratelimit'
import { shanghaiDay, shanghaiTime } from '../_shared/clock'
import type { Ctx, MemberDoc } from '../_shared/runtime'
import type { DocStore } from '../_shared/ports'
import type { PartnerDoc } from './partners'
import { benefitUseId } from '../_shared/keys'
import { C } from '../_shared/collections'

/** How long a card QR is valid; the page refreshes it before that. */
export const CARD_TOKEN_TTL_MS = 60_000
/** A card page refreshes about once a minute; 30 leaves room for reopening and retries, not for scraping. */
export const CARD_TOKEN_PER_MINUTE = 30

/** One use of a partner's benefit. The id `${partnerId}_${day}_${openid}` is the once-a-day rule. */
export interface BenefitUseDoc {
  _id: string
  partnerId: string
  day: string
  openid: string
  cardNo: string
  /** Already masked: the till list never needs the full name. */
  name: string
  usedAt: string
  merchant?: string
}
export interface BenefitDailyDoc { _id: string; day: string; partnerId: string; count: number }

export { benefitUseId }

export async function cardToken(_: Record<string, never>, ctx: Ctx) {
  const openid = ctx.me()
  await rateLimit(ctx, 'cardToken', { perMinute: CARD_TOKEN_PER_MINUTE })
  const exp = ctx.now.getTime() + CARD_TOKEN_TTL_MS
  return { token: ctx.deps.tokens.sign('card', { sub: openid, exp }), expiresAt: new Date(exp).toISOString() }
}

/**
 * Records a use and bumps the partner's daily counter in one transaction (doc-id operations only).
 * The insert with the deterministic id throws DuplicateKey for a second use that day — also when two
 * tills scan the same QR at the same instant — and the counter then stays as it was.
 */
export async function recordUse(store: DocStore, use: BenefitUseDoc): Promise<void> {
  const dailyId = `${use.day}_${use.partnerId}`
  await store.runTransaction(async (tx) => {
    await tx.insert(C.benefit_uses, use)
    const daily = await tx.get<BenefitDailyDoc>(C.benefit_daily, dailyId)
    if (daily) await tx.update(C.benefit_daily, dailyId, { $inc: { count: 1 } })
    else {
      const first: BenefitDailyDoc = { _id: dailyId, day: use.day, partnerId: use.partnerId, count: 1 }
      await tx.insert(C.benefit_daily, first)
    }
  })
}

async function merchantPartner(ctx: Ctx): Promise<PartnerDoc> {
  const { partnerId } = await ctx.roles()
  if (!partnerId) throw new AppError('FORBIDDEN', '您的账号还没有绑定合作商户，请联系工会')
  const partner = await ctx.deps.store.collection<PartnerDoc>(C.partners).get(partnerId)
  if (!partner) throw new AppError('NOT_FOUND', '没有找到您绑定的合作商户')
  return partner
}

export async function redeemBenefit(data: { token: string }, ctx: Ctx) {
  const payload = ctx.deps.tokens.verify('card', data.token, ctx.now.getTime())
  const partner = await merchantPartner(ctx)
  const member = await ctx.deps.store.collection<MemberDoc>(C.members).get(payload.sub)
  if (!member || member.status !== 'active' || member.deleted || !member.cardNo) {
    throw new AppError('NOT_MEMBER', '该会员卡已失效，请会员联系工会')
  }
  const day = shanghaiDay(ctx.now)
  const usedAt = ctx.now.toISOString()
  const use: BenefitUseDoc = {
    _id: benefitUseId(partner._id, day, member._id),
    partnerId: partner._id, day, openid: member._id, cardNo: member.cardNo, name: maskName(member.name), usedAt,
    merchant: ctx.me(),
  }
  try {
    await recordUse(ctx.deps.store, use)
  } catch (e) {
    if (!isDuplicateKey(e)) throw e
    const first = await ctx.deps.store.collection<BenefitUseDoc>(C.benefit_uses).get(use._id)
    const at = first ? `（${shanghaiTime(new Date(first.usedAt))} 已使用）` : ''
    throw new AppError('ALREADY_USED', `该会员今天已在本店享受过优惠${at}，每天限一次`, first ? { usedAt: first.usedAt } : undefined)
  }
  return { cardNo: use.cardNo, name: use.name, partnerId: partner._id, usedAt, offer: partner.offer }
}

/** The merchant's verifications on a day (today by default), newest first. */
export async function benefitUses(data: { day?: string }, ctx: Ctx) {
  const partner = await merchantPartner(ctx)
  const day = data.day ?? shanghaiDay(ctx.now)
  const uses = await ctx.deps.store.collection<BenefitUseDoc>(C.benefit_uses)
    .find({ partnerId: partner._id, day }, { orderBy: [['usedAt', 'desc']], limit: 500 })
  return {
    partner: { id: partner._id, name: partner.name, offer: partner.offer },
    day,
    items: uses.map((u) => ({ cardNo: u.cardNo, name: u.name, usedAt: u.usedAt })),
  }
}
