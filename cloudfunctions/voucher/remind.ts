import type { Ctx, Deps } from '../_shared/runtime'
import { notify, wallTime } from '../_shared/notify'
import { shanghaiDay } from '../_shared/clock'
import { type CampaignDoc, type VoucherDoc } from './model'
import { C } from '../_shared/collections'

/** Vouchers read per query: the run pages through today's vouchers, never reads them all at once. */
export const REMIND_PAGE = 200
/**
 * How long one run may work before it stops and leaves the rest to the next run (the function's
 * timeout is 60 s; a busy day has thousands of vouchers and the database allows a few dozen
 * operations a second). The timer fires again every 10 minutes until 18:50 and resumes.
 */
export const REMIND_BUDGET_MS = 45_000

const yuan = (fen: number) => (fen / 100).toFixed(fen % 100 ? 2 : 0)

/** Progress of a day's run, in `meta`: the last voucher id done per campaign, and whether all are done. */
interface Progress { _id: string; c?: Record<string, string>; done?: boolean }
const progressId = (day: string) => `remind_${day}`

/**
 * Sends `voucher_expiring` to the holder of every unused voucher of today, once per voucher (the
 * message id is keyed by the voucher), so running it twice, or twice at once, sends nothing more.
 * Pages per campaign of today through (campaignId, day, status) in id order, and records after each
 * page how far it got, so a run cut short by its budget is resumed by the next one.
 */
export async function runRemind(deps: Deps, now: Date, opts: { budgetMs?: number; clock?: () => number; timer?: boolean } = {}) {
  const started = (opts.clock ?? Date.now)()
  const overBudget = () => (opts.clock ?? Date.now)() - started > (opts.budgetMs ?? REMIND_BUDGET_MS)
  const day = shanghaiDay(now)
  const nowIso = now.toISOString()
  const meta = deps.store.collection<Progress>(C.meta)
  const pid = progressId(day)
  let progress = await meta.get(pid)
  if (!progress) {
    progress = { _id: pid, c: {} }
    await meta.insert(progress).catch(() => undefined)
  }
  // The timer's follow-up runs stop once the day is done; an admin's run walks again from the start
  // (vouchers claimed since then are reminded, the others are skipped by their message ids).
  if (progress.done && opts.timer) return { day, vouchers: 0, created: 0, sent: 0, done: true }
  const cursors = progress.done ? {} : progress.c ?? {}
  if (progress.done) await meta.updateOne({ _id: pid }, { $set: { done: false, c: {} } })

  const campaigns = (await deps.store.collection<CampaignDoc>(C.campaigns).find({ endDate: { $gte: day } }, { limit: 1000 }))
    .filter((c) => c.startDate <= day)
  const coll = deps.store.collection<VoucherDoc>(C.vouchers)
  let vouchers = 0, created = 0, sent = 0, done = true
  outer: for (const c of campaigns) {
    let after = cursors[c._id] ?? ''
    for (;;) {
      if (overBudget()) { done = false; break outer }
      const batch = await coll.find({ campaignId: c._id, day, status: 'unused', _id: { $gt: after } }, { orderBy: [['_id', 'asc']], limit: REMIND_PAGE })
      for (const v of batch) {
        if (v.expiresAt <= nowIso) continue
        vouchers++
        const outcome = await notify(deps, {
          topic: 'voucher_expiring', alias: v.owner, key: `expiring|${v._id}`,
          title: '清凉券今天到期',
          body: `您的“${v.title}”（满${yuan(v.threshold)}元减${yuan(v.faceValue)}元）今天 24 点前有效，别忘了到合作超市使用。`,
          page: `packages/voucher/pages/qr/index?id=${v._id}`,
          fields: { subject: v.title, result: '今日到期', note: `满${yuan(v.threshold)}减${yuan(v.faceValue)}元，今晚24点前有效`, time: wallTime(new Date(v.expiresAt)) },
        }, now)
        if (outcome !== 'duplicate' && outcome !== 'error') created++
        if (outcome === 'sent') sent++
      }
      if (batch.length) {
        after = batch[batch.length - 1]._id
        await meta.updateOne({ _id: pid }, { $set: { [`c.${c._id}`]: after } })
      }
      if (batch.length < REMIND_PAGE) break
    }
  }
  if (done) await meta.updateOne({ _id: pid }, { $set: { done: true, c: {} } })
  deps.log.info({ msg: 'voucher.remind', day, vouchers, created, sent, done })
  return { day, vouchers, created, sent, done }
}

export async function remind(_: Record<string, never>, ctx: Ctx) {
  return runRemind(ctx.deps, ctx.now)
}
