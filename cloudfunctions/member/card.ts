import { maskName, type OfflineKey } from '../../types'
import { isOfflineToken } from '../../types/offline'
import { keyedId } from '../_shared/alias'
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

/** A card's offline key is good for the rest of its issue day and this many days more (fetched again whenever online). */
export const CARD_OFFLINE_DAYS = 7
const DAY_MS = 86_400_000
/** The card ref of an offline key: `<cardNo>.<issue day number>`; the key and its validity follow from it. */
const CARD_REF = /^([A-Za-z0-9]{4,24})\.(\d{1,6})$/
const cardKeyValidUntil = (issueDay: number) => (issueDay + 1 + CARD_OFFLINE_DAYS) * DAY_MS

/**
 * The card's offline key (SPEC "Offline codes"): derived from the card number and the issue day with the
 * server secret, so nothing is stored; a card number changes when a member leaves and joins again, which
 * retires every key of the old card.
 */
export async function offlineKey(_: Record<string, never>, ctx: Ctx): Promise<OfflineKey> {
  const openid = ctx.me()
  await rateLimit(ctx, 'cardToken', { perMinute: CARD_TOKEN_PER_MINUTE })
  const member = ctx.member ?? (await ctx.deps.store.collection<MemberDoc>(C.members).get(openid))
  if (!member?.cardNo || member.status !== 'active' || member.deleted) throw new AppError('NOT_MEMBER')
  const issueDay = Math.floor(ctx.now.getTime() / DAY_MS)
  const ref = `${member.cardNo}.${issueDay}`
  return {
    key: ctx.deps.tokens.offlineKey('card', ref), ref,
    validUntil: new Date(cardKeyValidUntil(issueDay)).toISOString(), serverTime: ctx.now.toISOString(),
  }
}

/** One use per offline card token (keyed id: no card number stored); kept with the benefit use in one transaction. */
export interface CodeUseDoc { _id: string; until: string }

/** The member a card QR names: an online token (`card.…`) or an offline one (`OC1.…`), with the use that spends it. */
async function memberOfCardToken(token: string, ctx: Ctx): Promise<{ member: MemberDoc | null; codeUse?: CodeUseDoc }> {
  const members = ctx.deps.store.collection<MemberDoc>(C.members)
  if (!isOfflineToken(token)) {
    const payload = ctx.deps.tokens.verify('card', token, ctx.now.getTime())
    return { member: await members.get(payload.sub) }
  }
  const t = ctx.deps.tokens.verifyOffline('card', token, ctx.now.getTime())
  const m = CARD_REF.exec(t.ref)
  if (!m) throw new AppError('INVALID_TOKEN')
  const validUntil = cardKeyValidUntil(Number(m[2]))
  if (t.stepStartMs >= validUntil) throw new AppError('EXPIRED', '会员卡离线码已过期，请会员联网后打开会员卡刷新')
  const [member] = await members.find({ cardNo: m[1] }, { limit: 1 })
  const codeUse: CodeUseDoc = {
    _id: keyedId(ctx.deps.config.TOKEN_SECRET, ['card-code', m[1], String(t.step)]),
    until: new Date(t.stepStartMs + 10 * 60_000).toISOString(),
  }
  return { member: member ?? null, codeUse }
}

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
export async function recordUse(store: DocStore, use: BenefitUseDoc, codeUse?: CodeUseDoc): Promise<void> {
  const dailyId = `${use.day}_${use.partnerId}`
  await store.runTransaction(async (tx) => {
    // An offline token is spent once: a second scan (here or at another partner) meets this id.
    if (codeUse) await tx.insert(C.code_uses, codeUse)
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
  const { member, codeUse } = await memberOfCardToken(data.token, ctx)
  const partner = await merchantPartner(ctx)
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
    await recordUse(ctx.deps.store, use, codeUse)
  } catch (e) {
    if (!isDuplicateKey(e)) throw e
    if (codeUse && e.collection === C.code_uses) throw new AppError('ALREADY_USED', '这个二维码已经用过了，请会员刷新后再出示', { codeUsed: true })
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
