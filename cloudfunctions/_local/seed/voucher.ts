import { isDuplicateKey } from '../../_shared/errors'
import { addDays, shanghaiDay } from '../../_shared/clock'
import type { LocalDeps } from '../deps'
import type { CampaignDoc } from '../../voucher/model'
import type { PartnerDoc } from '../../member/partners'
import { DEMO } from './ids'
import { C } from '../../_shared/collections'

/**
 * The Shantou union's 智送清凉 (July–September): members in six outdoor industries claim one
 * 冰饮清凉券 a day, deducted at supermarkets when they buy cold drinks. The demo window is moved
 * to cover today on every start (a season of about three months around today).
 */
export async function seedVoucher(deps: LocalDeps): Promise<void> {
  const today = shanghaiDay(deps.clock.now())
  const coll = deps.store.collection<CampaignDoc>(C.campaigns)
  const window = { startDate: addDays(today, -14), endDate: addDays(today, 77) }
  const doc: CampaignDoc = {
    _id: DEMO.campaignId,
    title: '汕头市总工会“智送清凉”冰饮清凉券',
    city: '汕头',
    industries: ['courier', 'ride_hailing', 'truck', 'taxi', 'sanitation', 'construction'],
    ...window,
    dailyStock: 2000,
    perMemberPerDay: 1,
    faceValue: 300,
    threshold: 0,
    createdAt: new Date(`${window.startDate}T00:00:00+08:00`).toISOString(),
  }
  // The vouchers are spent in Shantou only: a Shantou supermarket whose till is demo-cashier.
  const market: PartnerDoc = {
    _id: DEMO.shantouPartnerId, name: '汕头百佳超市（金平店）', category: 'retail', city: '汕头', address: '汕头市金平区长平路 88 号',
    location: { lat: 23.3621, lng: 116.6852 }, offer: '凭清凉券购冰饮立减 3 元', demo: true, createdAt: doc.createdAt!,
  }
  try { await deps.store.collection<PartnerDoc>(C.partners).insert(market) } catch (e) { if (!isDuplicateKey(e)) throw e }
  try {
    await coll.insert(doc)
  } catch (e) {
    if (!isDuplicateKey(e)) throw e
    // Keep staff edits; only move the window when it no longer covers today.
    await coll.updateOne({ _id: DEMO.campaignId, $or: [{ startDate: { $gt: today } }, { endDate: { $lt: today } }] }, { $set: window })
  }
}
