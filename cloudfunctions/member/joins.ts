import { maskPhone, type JoinInput, type MemberStatus } from '../../types'
import { AppError, isDuplicateKey } from '../_shared/errors'
import type { Ctx, MemberDoc } from '../_shared/runtime'
import type { Filter } from '../_shared/ports'
import { findPage, type PageOpts } from '../_shared/paging'
import { notifyJoinResult } from './notices'
import { C } from '../_shared/collections'

export interface MemberRecord extends MemberDoc {
  reviewedBy?: string
  reviewedAt?: string
  deletedAt?: string
}

const members = (ctx: Ctx) => ctx.deps.store.collection<MemberRecord>(C.members)

/** An application as staff or its owner see it; the phone is masked unless the viewer owns it. */
export function toApplication(m: MemberRecord, viewerIsOwner: boolean) {
  return {
    openid: m._id,
    status: m.status,
    ...(m.cardNo ? { cardNo: m.cardNo } : {}),
    name: m.name,
    phone: viewerIsOwner ? m.phone : maskPhone(m.phone),
    city: m.city,
    industry: m.industry,
    employer: m.employer,
    ...(m.appliedAt ? { appliedAt: m.appliedAt } : {}),
    ...(m.joinedAt ? { joinedAt: m.joinedAt } : {}),
    ...(m.reason ? { reason: m.reason } : {}),
    ...(m.consent ? { consent: m.consent } : {}),
  }
}

/**
 * Applies to join, or updates a pending application, or applies again after a rejection.
 * The update is conditional on the status read, so an approval that lands in between is not undone.
 */
export async function join(data: JoinInput, ctx: Ctx): Promise<{ status: MemberStatus }> {
  const openid = ctx.me()
  const coll = members(ctx)
  const appliedAt = ctx.now.toISOString()
  const { consent, ...fields } = data
  const record = { ...fields, consent: { version: consent.version, at: appliedAt } }
  for (let attempt = 0; attempt < 8; attempt++) {
    const cur = await coll.get(openid)
    if (!cur) {
      try {
        await coll.insert({ _id: openid, status: 'pending', ...record, appliedAt })
        return { status: 'pending' }
      } catch (e) {
        if (isDuplicateKey(e)) continue
        throw e
      }
    }
    if (cur.status === 'active' && !cur.deleted) throw new AppError('CONFLICT', '您已是工会会员，无需重复申请')
    const n = await coll.updateOne(
      { _id: openid, status: cur.status, appliedAt: cur.appliedAt ?? null },
      { $set: { ...record, status: 'pending', appliedAt }, $unset: { reason: 1, deleted: 1, cardNo: 1, joinedAt: 1 } },
    )
    if (n === 1) return { status: 'pending' }
  }
  throw new AppError('CONFLICT')
}

/** Staff's queue: pending applications oldest first; other statuses newest first. Phones masked. */
export async function listJoins(data: { status?: MemberStatus } & PageOpts, ctx: Ctx) {
  const filter: Filter = { deleted: { $ne: true }, ...(data.status ? { status: data.status } : {}) }
  const { docs, nextCursor } = await findPage(members(ctx), filter, {
    cursor: data.cursor, limit: data.limit, sortBy: 'appliedAt', desc: data.status !== 'pending',
  })
  const me = ctx.openid
  return { items: docs.map((m) => toApplication(m, m._id === me)), nextCursor }
}

/**
 * City part of the card number: the first four digits of the GB/T 2260 code of the city.
 * Cities not listed get 9900; the running sequence alone makes a number unique.
 */
const CITY_CODES: Record<string, string> = {
  北京: '1101', 天津: '1201', 上海: '3101', 重庆: '5001',
  石家庄: '1301', 唐山: '1302', 秦皇岛: '1303', 邯郸: '1304', 邢台: '1305', 保定: '1306', 张家口: '1307', 承德: '1308',
  沧州: '1309', 廊坊: '1310', 衡水: '1311',
  沈阳: '2101', 大连: '2102', 鞍山: '2103', 抚顺: '2104', 本溪: '2105', 丹东: '2106', 锦州: '2107', 营口: '2108', 阜新: '2109',
  辽阳: '2110', 盘锦: '2111', 铁岭: '2112', 朝阳: '2113', 葫芦岛: '2114',
  广州: '4401', 深圳: '4403', 珠海: '4404', 汕头: '4405', 佛山: '4406', 武汉: '4201',
}
// The city is the applicant's text: only the table's own keys count (`toString` is not a city).
export const cityCode = (city: string) => (Object.prototype.hasOwnProperty.call(CITY_CODES, city) ? CITY_CODES[city] : '9900')

const CARD_SEQ = 'member_card_seq'
/** Numbers below this are left to seeded and imported cards. */
const CARD_SEQ_START = 1000

/** The next card sequence number: a conditional increment, retried when another approval got there first. */
export async function nextCardSeq(ctx: Ctx): Promise<number> {
  const meta = ctx.deps.store.collection<{ _id: string; n: number }>(C.meta)
  for (let attempt = 0; attempt < 50; attempt++) {
    const cur = await meta.get(CARD_SEQ)
    if (!cur) {
      try { await meta.insert({ _id: CARD_SEQ, n: CARD_SEQ_START }) } catch (e) { if (!isDuplicateKey(e)) throw e }
      continue
    }
    if (await meta.updateOne({ _id: CARD_SEQ, n: cur.n }, { $inc: { n: 1 } }) === 1) return cur.n + 1
    await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)))
  }
  throw new AppError('CONFLICT', '办理人数较多，请稍后再试')
}

export const formatCardNo = (city: string, seq: number) => `GH${cityCode(city)}${String(seq).padStart(6, '0')}`

/** Approves (issuing a card number) or rejects a pending application; anything else is CONFLICT. */
export async function reviewJoin(data: { openid: string; approve: boolean; reason?: string }, ctx: Ctx) {
  const coll = members(ctx)
  const cur = await coll.get(data.openid)
  if (!cur || cur.deleted) throw new AppError('NOT_FOUND', '没有找到该入会申请')
  if (cur.status !== 'pending') throw new AppError('CONFLICT', cur.status === 'active' ? '该申请已通过，无需重复审核' : '该申请已被驳回')
  const now = ctx.now.toISOString()
  const reviewer = ctx.me()
  let n: number
  if (data.approve) {
    const cardNo = formatCardNo(cur.city, await nextCardSeq(ctx))
    n = await coll.updateOne(
      { _id: data.openid, status: 'pending' },
      { $set: { status: 'active', cardNo, joinedAt: now, reviewedBy: reviewer, reviewedAt: now }, $unset: { reason: 1 } },
    )
  } else {
    n = await coll.updateOne(
      { _id: data.openid, status: 'pending' },
      { $set: { status: 'rejected', reason: data.reason!, reviewedBy: reviewer, reviewedAt: now } },
    )
  }
  if (n !== 1) throw new AppError('CONFLICT', '该申请刚刚已被处理，请刷新')
  const after = await coll.get(data.openid)
  if (!after) throw new AppError('NOT_FOUND', '没有找到该入会申请')
  await notifyJoinResult(ctx, after)
  return toApplication(after, after._id === reviewer)
}
