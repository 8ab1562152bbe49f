/**
 * Subscribe messages: every event is stored first as a message keyed by the event, then pushed
 * through the Notifier when the person holds a one-time subscription for its topic.
 *
 * - The message id is a keyed hash of the event key, so a retried or racing event inserts once
 *   (DuplicateKey) and only the insert that won goes on to send: one event never sends twice.
 * - A subscription is a counter per (person, topic); a send consumes one by a conditional update
 *   (`left > 0`), so one subscription allows exactly one send.
 * - A refused send is recorded on the message and never retried. 43101 (WeChat holds no
 *   subscription) zeroes the counter; other refusals give the unit back (WeChat did not use it).
 * - `notify` never throws: a failure to notify must not fail the action that caused it.
 */
import { aliasOf } from './alias'
import { createHmac } from 'node:crypto'
import type { Topic } from '../../types/messages'
import type { Deps } from './runtime'
import type { Notifier, SendResult } from './ports'
import { isDuplicateKey } from './errors'
import { shanghaiDay, shanghaiTime } from './clock'
import type { MessageField } from './notify-wechat'
import { C } from './collections'

/** Subscriptions a person can bank per topic (each accepted dialog adds one). */
export const MAX_BANKED = 50

export type Delivery = 'pending' | 'stored' | 'sent' | 'rejected'
export interface MessageDoc {
  _id: string
  /** The recipient's alias (`aliasOf`): vouchers name their holder only by it, so every message is keyed by it. */
  to: string
  topic: Topic
  title: string
  body: string
  page: string
  fields: Record<MessageField, string>
  sentAt: string
  read: boolean
  delivery: Delivery
  errcode?: number
  errmsg?: string
}
/** `openid` is what WeChat sends to; the id is keyed by the alias, so an event that knows only the alias finds it. */
export interface SubscriptionDoc { _id: string; openid: string; to: string; topic: Topic; left: number; updatedAt: string }

/** The recipient: the openid where the event knows it, else the alias (a voucher's holder). */
export type Recipient = { openid: string } | { alias: string }

export type NoticeEvent = Recipient & {
  topic: Topic
  /** Names the event uniquely, e.g. `join|<openid>|<appliedAt>`; never stored in clear. */
  key: string
  title: string
  body: string
  page: string
  fields: Record<MessageField, string>
}

export const recipientOf = (deps: Deps, r: Recipient) => ('alias' in r ? r.alias : aliasOf(deps.config.TOKEN_SECRET, r.openid))

/** Stores only: the message centre is the delivery. */
export const localNotifier: Notifier = {
  async send() { return { ok: true } },
  templates: () => [],
}

const keyed = (deps: Deps, s: string) => createHmac('sha256', deps.config.TOKEN_SECRET).update(s).digest('base64url').slice(0, 24)
export const messageId = (deps: Deps, topic: Topic, key: string) => `m${keyed(deps, `msg|${topic}|${key}`)}`
/** Keyed, so the id does not reveal (or survive erasure as) a plain hash of the openid. */
export const subscriptionId = (deps: Deps, to: string, topic: Topic) => `s${keyed(deps, `sub|${to}|${topic}`)}`

export const notifierOf = (deps: Deps): Notifier => deps.notifier ?? localNotifier

/** `2026-07-15 18:00` on the Shanghai wall clock: the format WeChat's time keyword takes. */
export const wallTime = (d: Date) => `${shanghaiDay(d)} ${shanghaiTime(d)}`

export type NotifyOutcome = 'duplicate' | Delivery | 'error'

export async function notify(deps: Deps, ev: NoticeEvent, now: Date): Promise<NotifyOutcome> {
  try {
    return await notifyOnce(deps, ev, now)
  } catch (e) {
    deps.log.error({ msg: 'notify failed', topic: ev.topic, err: e instanceof Error ? e.stack : String(e) })
    return 'error'
  }
}

async function notifyOnce(deps: Deps, ev: NoticeEvent, now: Date): Promise<NotifyOutcome> {
  const messages = deps.store.collection<MessageDoc>(C.messages)
  const to = recipientOf(deps, ev)
  const subs = deps.store.collection<SubscriptionDoc>(C.subscriptions)
  const doc: MessageDoc = {
    _id: messageId(deps, ev.topic, ev.key), to, topic: ev.topic, title: ev.title, body: ev.body, page: ev.page,
    fields: ev.fields, sentAt: now.toISOString(), read: false, delivery: 'pending',
  }
  try {
    await messages.insert(doc)
  } catch (e) {
    if (isDuplicateKey(e)) return 'duplicate'
    throw e
  }
  const subId = subscriptionId(deps, to, ev.topic)
  const consumed = await subs.updateOne({ _id: subId, left: { $gt: 0 } }, { $inc: { left: -1 }, $set: { updatedAt: now.toISOString() } })
  if (consumed !== 1) {
    await messages.updateOne({ _id: doc._id }, { $set: { delivery: 'stored' } })
    return 'stored'
  }
  let res: SendResult
  try {
    const openid = 'openid' in ev ? ev.openid : (await subs.get(subId))?.openid
    if (!openid) throw new Error('subscription without openid')
    res = await notifierOf(deps).send({ openid, topic: ev.topic, page: ev.page, fields: ev.fields })
  } catch (e) {
    res = { ok: false, errcode: -2, errmsg: e instanceof Error ? e.message : String(e) }
  }
  if (res.ok) {
    await messages.updateOne({ _id: doc._id }, { $set: { delivery: 'sent' } })
    return 'sent'
  }
  await messages.updateOne({ _id: doc._id }, { $set: { delivery: 'rejected', errcode: res.errcode, errmsg: res.errmsg.slice(0, 200) } })
  if (res.errcode === 43101) await subs.updateOne({ _id: subId }, { $set: { left: 0 } })
  else await subs.updateOne({ _id: subId, left: { $lt: MAX_BANKED } }, { $inc: { left: 1 } })
  return 'rejected'
}
