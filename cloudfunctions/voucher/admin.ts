import { randomBytes } from 'node:crypto'
import type { Campaign, CampaignInput, Industry } from '../../types'
import { AppError, isDuplicateKey } from '../_shared/errors'
import { groupCount } from '../_shared/aggregate'
import { addDays, shanghaiDay } from '../_shared/clock'
import type { Ctx } from '../_shared/runtime'
import { invalidateCampaigns } from './cache'
import { repairLedger } from './claim'
import { CAMPAIGNS, DAYS, VOUCHERS, dayId, entriesOf, toCampaign, type CampaignDoc, type DayDoc } from './model'

/** Creates a campaign (id given or generated) or edits it. Other containers see an edit within the cache's 10 s. */
export async function upsertCampaign(data: CampaignInput, ctx: Ctx): Promise<Campaign> {
  const admin = ctx.me()
  const { id, ...fields } = data
  const nowIso = ctx.now.toISOString()
  const coll = ctx.deps.store.collection<CampaignDoc>(CAMPAIGNS)
  const set = { ...fields, updatedAt: nowIso, updatedBy: admin }
  const _id = id ?? `c-${randomBytes(8).toString('base64url')}`
  try {
    if (!id || (await coll.updateOne({ _id }, { $set: set })) === 0) {
      await coll.insert({ _id, ...set, createdAt: nowIso })
    }
  } catch (e) {
    if (!isDuplicateKey(e)) throw e
    await coll.updateOne({ _id }, { $set: set })
  }
  invalidateCampaigns(ctx.deps.store)
  const saved = await coll.get(_id)
  if (!saved) throw new Error(`campaign ${_id} vanished after upsert`)
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
  const c = await store.collection<CampaignDoc>(CAMPAIGNS).get(data.campaignId)
  if (!c) throw new AppError('NOT_FOUND', '没有找到这个活动')
  const today = shanghaiDay(ctx.now)
  const last = c.endDate < today ? c.endDate : today
  const dayList: string[] = []
  for (let d = c.startDate; d <= last && dayList.length < 400; d = addDays(d, 1)) dayList.push(d)

  // Settle today's ledger first (every member's entries): owed vouchers materialised, compacted
  // entries removed, units of attempts that lost their slot released — so claimed == vouchers.
  if (c.startDate <= today && today <= c.endDate) {
    const ledger = await store.collection<DayDoc>(DAYS).get(dayId(c._id, today))
    if (entriesOf(ledger).length) await repairLedger(ctx, c, today, ledger)
  }
  const ledgers = new Map<string, DayDoc>()
  for (let i = 0; i < dayList.length; i += 100) {
    const ids = dayList.slice(i, i + 100).map((d) => dayId(c._id, d))
    for (const l of await store.collection<DayDoc>(DAYS).find({ _id: { $in: ids } }, { limit: 100 })) ledgers.set(l.day, l)
  }
  // Redeemed vouchers per (day, industry), counted by the database in one aggregation
  // (one count per day and industry before).
  const used = await groupCount(store.collection(VOUCHERS), { campaignId: c._id, status: 'used' }, ['day', 'industry'])
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
