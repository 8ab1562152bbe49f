import * as z from 'zod'
import { action, Id, text, City, Industry, Day, Fen, RequestId, Token, Empty, Cursor, Limit, page, OfflineKey, INELIGIBLE_CODES, INELIGIBLE_REASONS, type IneligibleCode } from './common'

export const VoucherStatus = z.enum(['unused', 'used', 'expired'])
export type VoucherStatus = z.infer<typeof VoucherStatus>

export const Voucher = z.object({
  id: z.string(),
  campaignId: z.string(),
  title: z.string(),
  faceValue: z.number(),
  threshold: z.number(),
  day: z.string(),
  expiresAt: z.string(),
  status: VoucherStatus,
  claimedAt: z.string().optional(),
  redeemedAt: z.string().optional(),
})
export type Voucher = z.infer<typeof Voucher>

export const CampaignInput = z.strictObject({
  id: Id.optional(),
  /** One per intended save: a double tap or a retry with it makes one campaign (another `data` with it is CONFLICT). */
  requestId: RequestId.optional(),
  title: text(40, '活动名称'),
  city: City,
  industries: z.array(Industry).min(1, { error: '至少选择一个行业' }).max(8),
  startDate: Day,
  endDate: Day,
  dailyStock: z.number({ error: '每日库存应为整数' }).int({ error: '每日库存应为整数' })
    .min(1, { error: '每日库存至少 1 张' }).max(1_000_000, { error: '每日库存最多 1,000,000 张' }),
  perMemberPerDay: z.number({ error: '每人每日限领应为整数' }).int({ error: '每人每日限领应为整数' })
    .min(1, { error: '每人每日至少可领 1 张' }).max(10, { error: '每人每日最多限领 10 张' }),
  /** Ledger documents sharing a day's stock (see docs/CAPACITY.md); can change only before the campaign starts. */
  shards: z.number({ error: '库存分片数应为整数' }).int({ error: '库存分片数应为整数' })
    .min(1, { error: '库存分片数至少为 1' }).max(64, { error: '库存分片数最多为 64' }).optional(),
  faceValue: Fen.refine((v) => v > 0, { error: '面值应大于 0' }),
  threshold: Fen,
}).refine((c) => c.startDate <= c.endDate, { path: ['endDate'], error: '结束日期不能早于开始日期' })
export type CampaignInput = z.infer<typeof CampaignInput>

export const Campaign = z.object({
  id: z.string(),
  title: z.string(),
  city: z.string(),
  industries: z.array(Industry),
  startDate: z.string(),
  endDate: z.string(),
  dailyStock: z.number(),
  perMemberPerDay: z.number(),
  faceValue: z.number(),
  threshold: z.number(),
  /** Set when staff ended the campaign before its end date: no claims from then on. */
  endedAt: z.string().optional(),
  shards: z.number().optional(),
})
export type Campaign = z.infer<typeof Campaign>

/**
 * Why the caller cannot claim from a campaign now: `code` is the error a claim would answer, `reason` the
 * finer reason code the app branches on (types/labels/eligibility.ts: INELIGIBLE_REASONS), `message` its Chinese text
 * (INELIGIBLE_LABELS, filled in with the campaign's terms).
 */
export const Ineligible = z.object({
  code: z.enum([...new Set(Object.values(INELIGIBLE_CODES))] as [IneligibleCode, ...IneligibleCode[]]),
  reason: z.enum(INELIGIBLE_REASONS),
  message: z.string(),
})
export type Ineligible = z.infer<typeof Ineligible>

export const CampaignView = Campaign.extend({
  state: z.enum(['open', 'upcoming', 'ended']),
  remainingToday: z.number(),
  eligible: z.boolean(),
  /** Why not, when `eligible` is false: see Ineligible. */
  ineligible: Ineligible.optional(),
  claimedToday: z.number(),
})
export type CampaignView = z.infer<typeof CampaignView>

/** The eligibility pass as sent back: a token of ours, not free text (its content is checked by its signature). */
export const EligibilityPass = z.string().max(1000, { error: '凭证格式不正确' }).regex(/^elig\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { error: '凭证格式不正确' })

export const voucherActions = {
  /** `pass`: for an active member, a signed eligibility pass for a few minutes (`passExpiresAt`), to send with claim. */
  campaigns: action(Empty, z.object({ items: z.array(CampaignView), today: z.string(), pass: z.string().optional(), passExpiresAt: z.string().optional() })),
  /** `pass` from campaigns spares the server a read; without one (or expired) the claim works the same. */
  claim: action(z.strictObject({ campaignId: Id, requestId: RequestId, pass: EligibilityPass.optional() }), Voucher),
  mine: action(z.strictObject({ status: VoucherStatus.optional(), cursor: Cursor.optional(), limit: Limit.optional() }), page(Voucher)),
  voucherToken: action(z.strictObject({ voucherId: Id }), z.object({ token: z.string(), expiresAt: z.string() })),
  /** The voucher's offline key (SPEC "Offline codes", types/offline.ts): owner only, while the voucher can be used. */
  offlineKey: action(z.strictObject({ voucherId: Id }), OfflineKey),
  /** `token`: an online token from voucherToken or an offline one computed on the phone (`OV1.…`). */
  redeem: action(z.strictObject({ token: Token }), z.object({ voucher: Voucher, redeemedAt: z.string() })),
  upsertCampaign: action(CampaignInput, Campaign),
  /** Reminds every holder of an unused voucher of today (admin, and the daily timer); once per voucher. */
  remind: action(Empty, z.object({ day: z.string(), vouchers: z.number(), created: z.number(), sent: z.number(), done: z.boolean() })),
  /** Staff end a campaign before its end date: its stock stops at once (claims are OUTSIDE_WINDOW). */
  endCampaign: action(z.strictObject({ campaignId: Id }), Campaign),
  stats: action(
    z.strictObject({ campaignId: Id }),
    z.object({
      campaign: Campaign,
      days: z.array(z.object({
        day: z.string(), claimed: z.number(), redeemed: z.number(), remaining: z.number(),
        byIndustry: z.record(z.string(), z.object({ claimed: z.number(), redeemed: z.number() })),
      })),
    }),
  ),
}
