import { INDUSTRIES } from '../../types'
import { addDays, shanghaiDay } from '../_shared/clock'
import type { Ctx } from '../_shared/runtime'
import type { Collection, Doc } from '../_shared/ports'
import type { BenefitDailyDoc } from './card'
import type { PartnerDoc } from './partners'
import { C } from '../_shared/collections'
import { findAll } from '../_shared/paging'

/** Days of benefit uses the evaluation view covers, today included. */
export const STATS_DAYS = 30
const MAX_CITIES = 300

/**
 * Distinct values of an indexed field by skip-scan (each step one indexed query), with their counts:
 * exact at any size without loading documents, and without counters that could drift.
 */
async function countBy<T extends Doc>(coll: Collection<T>, field: string): Promise<Record<string, number>> {
  // Keys are stored values (cities typed by people): no prototype, so `__proto__` is a city like any other.
  const out: Record<string, number> = Object.create(null)
  let last = ''
  for (let i = 0; i < MAX_CITIES; i++) {
    const [next] = await coll.find({ [field]: { $gt: last } }, { orderBy: [[field, 'asc']], limit: 1 })
    const value = next ? (next as unknown as Record<string, unknown>)[field] : undefined
    if (typeof value !== 'string') break
    out[value] = await coll.count({ [field]: value })
    last = value
  }
  return out
}

/**
 * The figures a third-party evaluator asks for. Members whose accounts were deleted are still
 * counted: deletion anonymises their record and keeps status, city and industry.
 */
export async function stats(_: Record<string, never>, ctx: Ctx) {
  const { store } = ctx.deps
  const members = store.collection(C.members)
  const byStatus: Record<string, number> = {}
  for (const s of ['pending', 'active', 'rejected'] as const) byStatus[s] = await members.count({ status: s })
  const byIndustry: Record<string, number> = {}
  for (const i of INDUSTRIES) byIndustry[i] = await members.count({ industry: i })
  const byCity = await countBy(members, 'city')
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0)

  const today = shanghaiDay(ctx.now)
  const from = addDays(today, -(STATS_DAYS - 1))
  // Ids are `${day}_${partnerId}` with a fixed-length day: id order is (day, partner) order.
  const daily = await findAll(store.collection<BenefitDailyDoc>(C.benefit_daily), { day: { $gte: from, $lte: today } })
  const ids = [...new Set(daily.map((d) => d.partnerId))]
  const names = new Map<string, string>()
  for (let i = 0; i < ids.length; i += 100) {
    const ps = await store.collection<PartnerDoc>(C.partners).find({ _id: { $in: ids.slice(i, i + 100) } }, { limit: 100 })
    for (const p of ps) names.set(p._id, p.name)
  }
  return {
    members: { byStatus, byCity, byIndustry, total },
    benefitUses: daily.map((d) => ({ partnerId: d.partnerId, partnerName: names.get(d.partnerId) ?? d.partnerId, day: d.day, count: d.count })),
  }
}
