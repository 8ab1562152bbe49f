import { createHash, createHmac, randomBytes } from 'node:crypto'
import type { Campaign, CampaignInput, Industry } from '../../types'
import { AppError, isDuplicateKey } from '../_shared/errors'
import { groupCount } from '../_shared/aggregate'
import { addDays, shanghaiDay } from '../_shared/clock'
import type { Ctx } from '../_shared/runtime'
import { invalidateCampaigns } from './cache'
import { readDay, repairDay } from './claim'
import { shardCount, shardIds, sumDay, toCampaign, type CampaignDoc, type DayDoc } from './model'
import { C } from '../_shared/collections'

/**
 * Creates a campaign (id given or generated) or edits it. Other containers see an edit within the cache's 10 s.
 *
 * Idempotent on `requestId` per caller: a new campaign's id is derived from (caller, requestId) with a keyed
 * hash, so a double tap or a retry meets the first insert and gets that campaign back; every save records the
 * keyed requestId and a hash of its data, so a repeat of the last save is answered without writing again and
 * the same requestId with other data is CONFLICT.
 */
export async function upsertCampaign(data: CampaignInput, ctx: Ctx): Promise<Campaign> {
  const admin = ctx.me()
  const { id, requestId, ...fields } = data
  const nowIso = ctx.now.toISOString()
  const coll = ctx.deps.store.collection<CampaignDoc>(C.campaigns)
  const req = requestId ? requestKeys(ctx, admin, requestId, { id, ...fields }) : null
  const set = { ...fields, updatedAt: nowIso, updatedBy: admin, ...(req ? { reqKey: req.key, reqHash: req.hash } : {}) }
  const _id = id ?? (req ? `c-${req.key.slice(0, 16)}` : `c-${randomBytes(8).toString('base64url')}`)

  const repeated = (doc: CampaignDoc | null): Campaign | null => {
    if (!req || !doc || doc.reqKey !== req.key) return null
    if (doc.reqHash !== req.hash) throw new AppError('CONFLICT', '这次保存与先前的请求内容不同，请刷新后重试')
    return toCampaign(doc)
  }
  if (req) {
    const again = repeated(await coll.get(_id))
    if (again) return again
  }
  if (id && data.shards !== undefined) {
    // The day's stock is split when the day's first claim creates its shards: changing K mid-campaign
    // would leave units in shards no claim looks at (or count a shard twice). Fixed once started.
    const before = await coll.get(_id)
    if (before && before.startDate <= shanghaiDay(ctx.now) && shardCount(before) !== shardCount(data)) {
      const msg = '活动开始后不能修改库存分片数'
      throw new AppError('VALIDATION_FAILED', msg, { fieldErrors: { shards: [msg] } })
    }
  }
  try {
    if (!id) await coll.insert({ _id, ...set, createdAt: nowIso, ...(req ? { createHash: req.hash } : {}) })
    else if ((await coll.updateOne({ _id }, { $set: set })) === 0) await coll.insert({ _id, ...set, createdAt: nowIso })
  } catch (e) {
    if (!isDuplicateKey(e)) throw e
    // A racing repeat of the same request inserted first: answer as it did.
    const again = repeated(await coll.get(_id))
    if (again) return again
    if (!id) {
      // The id is this request's own: a late retry of the creation after later edits still gets the campaign.
      const doc = await coll.get(_id)
      if (doc && req && doc.createHash === req.hash) return toCampaign(doc)
      throw new AppError('CONFLICT', '这次保存与先前的请求内容不同，请刷新后重试')
    }
    await coll.updateOne({ _id }, { $set: set })
  }
  invalidateCampaigns(ctx.deps.store)
  const saved = await coll.get(_id)
  if (!saved) throw new Error(`campaign ${_id} vanished after upsert`)
  return toCampaign(saved)
}

/** A keyed hash of (caller, requestId) — never a plain hash of an openid — and a hash of what the request asks. */
function requestKeys(ctx: Ctx, caller: string, requestId: string, asked: Record<string, unknown>) {
  const key = createHmac('sha256', ctx.deps.config.TOKEN_SECRET).update(`campaign-request|${caller}|${requestId}`).digest('base64url')
  const sorted = Object.keys(asked).sort().map((k) => [k, asked[k]])
  const hash = createHash('sha256').update(JSON.stringify(sorted)).digest('base64url')
  return { key, hash }
}

/** Ends a campaign now: claims stop at once (OUTSIDE_WINDOW); vouchers already claimed stay valid for their day. */
export async function endCampaign(data: { campaignId: string }, ctx: Ctx): Promise<Campaign> {
  const admin = ctx.me()
  const coll = ctx.deps.store.collection<CampaignDoc>(C.campaigns)
  const c = await coll.get(data.campaignId)
  if (!c) throw new AppError('NOT_FOUND', '没有找到这个活动')
  if (!c.endedAt) {
    const nowIso = ctx.now.toISOString()
    await coll.updateOne({ _id: c._id, endedAt: null }, { $set: { endedAt: nowIso, updatedAt: nowIso, updatedBy: admin } })
    invalidateCampaigns(ctx.deps.store)
  }
  const saved = await coll.get(c._id)
  if (!saved) throw new Error(`campaign ${c._id} vanished after end`)
  return toCampaign(saved)
}

interface DayStats { day: string; claimed: number; redeemed: number; remaining: number; byIndustry: Record<string, { claimed: number; redeemed: number }> }

/**
 * Per day of the campaign up to today: claimed (the ledger's count, exact once today's ledger is
 * repaired, which this does first: every unit is taken in the same atomic step as its grant entry), remaining (stock minus claimed) and redeemed (counted from the vouchers, the truth),
 * each split by industry.
 */
export async function stats(data: { campaignId: string }, ctx: Ctx): Promise<{ campaign: Campaign; days: DayStats[] }> {
  const { store } = ctx.deps
  const c = await store.collection<CampaignDoc>(C.campaigns).get(data.campaignId)
  if (!c) throw new AppError('NOT_FOUND', '没有找到这个活动')
  const today = shanghaiDay(ctx.now)
  const last = c.endDate < today ? c.endDate : today
  const dayList: string[] = []
  for (let d = c.startDate; d <= last && dayList.length < 400; d = addDays(d, 1)) dayList.push(d)

  // Settle today's ledger first (every member's entries): owed vouchers materialised, compacted
  // entries removed, units of attempts that lost their slot released — so claimed == vouchers.
  if (c.startDate <= today && today <= c.endDate) await repairDay(ctx, c, today, await readDay(ctx, c, today))
  // Every shard of every day, added up per day.
  const shardsOf = new Map<string, DayDoc[]>()
  const ids = dayList.flatMap((d) => shardIds(c, d))
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100)
    for (const l of await store.collection<DayDoc>(C.campaign_days).find({ _id: { $in: chunk } }, { limit: chunk.length })) {
      shardsOf.set(l.day, [...(shardsOf.get(l.day) ?? []), l])
    }
  }
  const ledgers = new Map([...shardsOf].map(([d, ls]) => [d, sumDay(ls)]))
  // Redeemed vouchers per (day, industry), counted by the database in one aggregation
  // (one count per day and industry before).
  const used = await groupCount(store.collection(C.vouchers), { campaignId: c._id, status: 'used' }, ['day', 'industry'])
  const redeemedOn = (day: string, ind: string) => used.get(`${day}|${ind}`)?.count ?? 0
  const days: DayStats[] = []
  for (const day of dayList) {
    const ledger = ledgers.get(day)
    const industries = [...new Set<string>([...c.industries, ...Object.keys(ledger?.ind ?? {})])] as Industry[]
    const byIndustry: DayStats['byIndustry'] = {}
    let redeemed = 0
    if (ledger?.claimed) {
      for (const ind of industries) {
        const n = redeemedOn(day, ind)
        redeemed += n
        byIndustry[ind] = { claimed: ledger.ind?.[ind] ?? 0, redeemed: n }
      }
    } else {
      for (const ind of industries) byIndustry[ind] = { claimed: 0, redeemed: 0 }
    }
    const claimed = ledger?.claimed ?? 0
    days.push({ day, claimed, redeemed, remaining: Math.max(0, c.dailyStock - claimed), byIndustry })
  }
  return { campaign: toCampaign(c), days }
}
