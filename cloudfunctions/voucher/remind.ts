import type { Ctx, Deps } from '../_shared/runtime'
import { notify, wallTime } from '../_shared/notify'
import { shanghaiDay } from '../_shared/clock'
import { CAMPAIGNS, VOUCHERS, type CampaignDoc, type VoucherDoc } from './model'

/** Vouchers read per query: the run pages through today's vouchers, never reads them all at once. */
export const REMIND_PAGE = 200

const yuan = (fen: number) => (fen / 100).toFixed(fen % 100 ? 2 : 0)

/**
 * Sends `voucher_expiring` to the holder of every unused voucher of today, once per voucher (the
 * message id is keyed by the voucher), so running it twice, or twice at once, sends nothing more.
 * Pages per campaign of today through (campaignId, day, status) in id order.
 */
export async function runRemind(deps: Deps, now: Date) {
  const day = shanghaiDay(now)
  const nowIso = now.toISOString()
  const campaigns = (await deps.store.collection<CampaignDoc>(CAMPAIGNS).find({ endDate: { $gte: day } }, { limit: 1000 }))
    .filter((c) => c.startDate <= day)
  const coll = deps.store.collection<VoucherDoc>(VOUCHERS)
  let vouchers = 0, created = 0, sent = 0
  for (const c of campaigns) {
    let after = ''
    for (;;) {
      const batch = await coll.find({ campaignId: c._id, day, status: 'unused', _id: { $gt: after } }, { orderBy: [['_id', 'asc']], limit: REMIND_PAGE })
      for (const v of batch) {
        if (v.expiresAt <= nowIso) continue
        vouchers++
        const outcome = await notify(deps, {
          topic: 'voucher_expiring', openid: v.owner, key: `expiring|${v._id}`,
          title: '清凉券今天到期',
          body: `您的“${v.title}”（满${yuan(v.threshold)}元减${yuan(v.faceValue)}元）今天 24 点前有效，别忘了到合作超市使用。`,
          page: `packages/voucher/pages/qr/index?id=${v._id}`,
          fields: { subject: v.title, result: '今日到期', note: `满${yuan(v.threshold)}减${yuan(v.faceValue)}元，今晚24点前有效`, time: wallTime(new Date(v.expiresAt)) },
        }, now)
        if (outcome !== 'duplicate' && outcome !== 'error') created++
        if (outcome === 'sent') sent++
      }
      if (batch.length < REMIND_PAGE) break
      after = batch[batch.length - 1]._id
    }
  }
  deps.log.info({ msg: 'voucher.remind', day, vouchers, created, sent })
  return { day, vouchers, created, sent }
}

export async function remind(_: Record<string, never>, ctx: Ctx) {
  return runRemind(ctx.deps, ctx.now)
}
