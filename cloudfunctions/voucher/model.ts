import { createHash } from 'node:crypto'
import type { Industry, Voucher, Campaign } from '../../types'
import type { Doc } from '../_shared/ports'
import { aliasOf } from '../_shared/alias'
import { randomToken } from '../_shared/random'

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
  /** How many ledger documents share a day's stock (default 1); fixed once the campaign has started. */
  shards?: number
  faceValue: number
  threshold: number
  createdAt?: string
  updatedAt?: string
  updatedBy?: string
  /** Staff ended it early: no claims from then on. */
  endedAt?: string
  /** The keyed requestId of the last save and a hash of its data: a repeat is answered, not applied again. */
  reqKey?: string
  reqHash?: string
  /** The hash of the data of the request that created it (ids of new campaigns derive from that requestId). */
  createHash?: string
}

/**
 * A grant in flight: one claim attempt that took a unit of the day's stock and has not yet been
 * compacted away. Keyed in the ledger's `g` by the attempt's random key `ak`. `o` the member's alias
 * (never the openid: the ledger is kept after the member erases their data), `s` slot,
 * `r` requestId, `i` industry (for `ind`), `t` ISO time of the attempt.
 */
export interface GrantEntry { o: string; s: number; r: string; i: string; t: string }

/**
 * The day ledger of a campaign: how many vouchers were granted that day (`claimed`), per industry
 * (`ind`), and the grants still in flight or not yet compacted (`g`, keyed by attempt key).
 */
export interface DayDoc extends Doc {
  campaignId: string
  day: string
  /** Which shard of the day's stock this ledger holds (0 when the stock is not split). */
  shard?: number
  claimed: number
  g: Record<string, GrantEntry>
  ind?: Record<string, number>
}

export interface VoucherDoc extends Doc {
  /** The holder's alias (`holderOf`), not the openid. */
  owner: string
  campaignId: string
  title: string
  faceValue: number
  threshold: number
  day: string
  expiresAt: string
  status: 'unused' | 'used'
  requestId: string
  /** `claimRequestId(holder, requestId)`, unique in the collection: one requestId never yields two vouchers. */
  rk?: string
  /** The attempt key of the grant this voucher materialises (absent on vouchers from before attempt keys). */
  ak?: string
  industry: Industry
  slot: number
  claimedAt: string
  redeemedAt?: string
  redeemedBy?: string
  partnerId?: string
}

export const dayId = (campaignId: string, day: string) => `${campaignId}_${day}`

/**
 * Sharded day stock: a campaign may split a day's stock over K ledger documents (`shards`, default 1),
 * so that K claims can update a ledger at the same moment instead of queueing on one document.
 * Shard 0 is the ledger of old (`dayId`), shard k > 0 is `<dayId>-s<k>` (a dayId always ends in a date,
 * so no shard id is another campaign's ledger). Shard k holds floor(stock / K) units, one more for the
 * first stock % K shards: the shards add up to dailyStock.
 */
export const MAX_SHARDS = 64
export const shardCount = (c: Pick<CampaignDoc, 'shards'>) => Math.min(MAX_SHARDS, Math.max(1, Math.floor(c.shards ?? 1)))
export const shardId = (campaignId: string, day: string, k: number) => (k === 0 ? dayId(campaignId, day) : `${dayId(campaignId, day)}-s${k}`)
export const shardIds = (c: CampaignDoc, day: string) => Array.from({ length: shardCount(c) }, (_, k) => shardId(c._id, day, k))
export function shardStock(c: CampaignDoc, k: number): number {
  const n = shardCount(c)
  return Math.floor(c.dailyStock / n) + (k < c.dailyStock % n ? 1 : 0)
}
/** The shard a ledger id stands for (its `shard` field, or parsed from the id). */
export const shardOf = (l: DayDoc) => l.shard ?? Number(/-s(\d+)$/.exec(l._id)?.[1] ?? 0)

/** A day's stock over its shards: units taken, per industry. */
export function sumDay(ledgers: DayDoc[]): { claimed: number; ind: Record<string, number> } {
  const ind: Record<string, number> = {}
  let claimed = 0
  for (const l of ledgers) {
    claimed += l.claimed ?? 0
    for (const [k, v] of Object.entries(l.ind ?? {})) ind[k] = (ind[k] ?? 0) + v
  }
  return { claimed, ind }
}

/**
 * Who holds vouchers and ledger entries: the person's alias (a keyed hash of the openid), so voucher
 * ids and ledgers name nobody and nobody without the server secret can recompute them from an openid.
 */
export const holderOf = (secret: string, openid: string) => aliasOf(secret, openid)

/** The voucher of a (campaign, day, holder alias, slot): its id is derived, so materialising it twice is a DuplicateKey. */
export function voucherId(campaignId: string, day: string, holder: string, slot: number): string {
  return createHash('sha256').update(`${campaignId}|${day}|${holder}|${slot}`).digest('base64url').slice(0, 22)
}

/** The record of a claim's requestId (collection `requests`): one requestId, one campaign. */
export const claimRequestId = (holder: string, requestId: string) => `claim_${holder}_${requestId}`

/** A fresh attempt key: 12 base64url characters (72 random bits), a valid field name (no dot, no $). */
export const attemptKey = () => randomToken(9)

/** The voucher ids of a holder's slots 1..limit on a campaign-day. */
export function slotIds(campaignId: string, day: string, holder: string, limit: number): string[] {
  return Array.from({ length: Math.min(limit, MAX_SLOTS) }, (_, k) => voucherId(campaignId, day, holder, k + 1))
}

/** The ledger's entries of a holder (or all of them): [attempt key, entry]. */
export function entriesOf(ledger: DayDoc | null, holder?: string): Array<[string, GrantEntry]> {
  if (!ledger?.g) return []
  return Object.entries(ledger.g).filter(([, e]) => e && typeof e === 'object' && (holder === undefined || e.o === holder))
}

export function toCampaign(c: CampaignDoc): Campaign {
  return {
    id: c._id, title: c.title, city: c.city, industries: c.industries, startDate: c.startDate, endDate: c.endDate,
    dailyStock: c.dailyStock, perMemberPerDay: c.perMemberPerDay, faceValue: c.faceValue, threshold: c.threshold,
    ...(c.endedAt ? { endedAt: c.endedAt } : {}),
    ...(shardCount(c) > 1 ? { shards: shardCount(c) } : {}),
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
