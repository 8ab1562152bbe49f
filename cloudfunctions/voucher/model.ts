import { createHash } from 'node:crypto'
import type { Industry, Voucher, Campaign } from '../../types'
import type { Doc } from '../_shared/ports'

/** Collections of this area. */
export const CAMPAIGNS = 'campaigns'
export const DAYS = 'campaign_days'
export const VOUCHERS = 'vouchers'

/** The schema allows at most 10 vouchers per member per day: slots are 1..MAX_SLOTS. */
export const MAX_SLOTS = 10

export interface CampaignDoc extends Doc {
  title: string
  city: string
  industries: Industry[]
  startDate: string
  endDate: string
  dailyStock: number
  perMemberPerDay: number
  faceValue: number
  threshold: number
  createdAt?: string
  updatedAt?: string
  updatedBy?: string
}

/**
 * The day ledger of a campaign: how many vouchers were granted that day, and to whom.
 * `g` maps `<openid>_<slot>` to the requestId that won the slot; `ind` counts grants per industry.
 */
export interface DayDoc extends Doc {
  campaignId: string
  day: string
  claimed: number
  g: Record<string, string>
  ind?: Record<string, number>
}

export interface VoucherDoc extends Doc {
  owner: string
  campaignId: string
  title: string
  faceValue: number
  threshold: number
  day: string
  expiresAt: string
  status: 'unused' | 'used'
  requestId: string
  industry: Industry
  slot: number
  claimedAt: string
  redeemedAt?: string
  redeemedBy?: string
  partnerId?: string
}

export const dayId = (campaignId: string, day: string) => `${campaignId}_${day}`

/** The ledger key of a member's slot. Slots are digits, so `<openid>_<slot>` is unambiguous. */
export const grantKey = (openid: string, slot: number) => `${openid}_${slot}`

/** The voucher of a (campaign, day, member, slot): its id is derived, so materialising it twice is a DuplicateKey. */
export function voucherId(campaignId: string, day: string, openid: string, slot: number): string {
  return createHash('sha256').update(`${campaignId}|${day}|${openid}|${slot}`).digest('base64url').slice(0, 22)
}

/** The caller's granted slots in a ledger: [slot, requestId]. */
export function grantsOf(ledger: DayDoc | null, openid: string): Array<[number, string]> {
  const out: Array<[number, string]> = []
  if (!ledger?.g) return out
  for (let s = 1; s <= MAX_SLOTS; s++) {
    const r = ledger.g[grantKey(openid, s)]
    if (typeof r === 'string') out.push([s, r])
  }
  return out
}

export function toCampaign(c: CampaignDoc): Campaign {
  return {
    id: c._id, title: c.title, city: c.city, industries: c.industries, startDate: c.startDate, endDate: c.endDate,
    dailyStock: c.dailyStock, perMemberPerDay: c.perMemberPerDay, faceValue: c.faceValue, threshold: c.threshold,
  }
}

/** The voucher as the owner and the till see it; an unused voucher past its day reads as expired. */
export function toVoucher(v: VoucherDoc, nowIso: string): Voucher {
  const status = v.status === 'unused' && v.expiresAt <= nowIso ? 'expired' : v.status
  return {
    id: v._id, campaignId: v.campaignId, title: v.title, faceValue: v.faceValue, threshold: v.threshold,
    day: v.day, expiresAt: v.expiresAt, status, claimedAt: v.claimedAt,
    ...(v.redeemedAt ? { redeemedAt: v.redeemedAt } : {}),
  }
}
