import type { Message, Topic } from '../../types'
import { isDuplicateKey } from '../_shared/errors'
import type { Ctx } from '../_shared/runtime'
import { MAX_BANKED, notifierOf, recipientOf, subscriptionId, type MessageDoc, type SubscriptionDoc } from '../_shared/notify'
import { findPage, type PageOpts } from '../_shared/paging'
import { C } from '../_shared/collections'

/**
 * Records the one-time subscriptions the person accepted in WeChat's dialog (on H5: tapped).
 * Each adds one to the (person, topic) counter, up to MAX_BANKED.
 */
export async function subscribe(data: { topics: Topic[] }, ctx: Ctx) {
  const openid = ctx.me()
  const to = recipientOf(ctx.deps, { openid })
  const subs = ctx.deps.store.collection<SubscriptionDoc>(C.subscriptions)
  const updatedAt = ctx.now.toISOString()
  const out: Record<string, number> = {}
  for (const topic of data.topics) {
    const _id = subscriptionId(ctx.deps, to, topic)
    for (let attempt = 0; attempt < 5; attempt++) {
      const cur = await subs.get(_id)
      if (!cur) {
        try {
          await subs.insert({ _id, openid, to, topic, left: 1, updatedAt })
          out[topic] = 1
          break
        } catch (e) { if (isDuplicateKey(e)) continue; throw e }
      }
      if (cur.left >= MAX_BANKED) { out[topic] = cur.left; break }
      if (await subs.updateOne({ _id, left: cur.left }, { $inc: { left: 1 }, $set: { updatedAt } }) === 1) { out[topic] = cur.left + 1; break }
    }
    out[topic] ??= (await subs.get(_id))?.left ?? 0
  }
  return { subscriptions: out }
}

export async function subscribeTemplates(_: Record<string, never>, ctx: Ctx) {
  return { items: notifierOf(ctx.deps).templates() as Array<{ topic: Topic; templateId: string }> }
}

export function toMessage(m: MessageDoc): Message {
  return { id: m._id, topic: m.topic, title: m.title, body: m.body, page: m.page, sentAt: m.sentAt, delivered: m.delivery === 'sent', read: m.read === true }
}

const unreadOf = (ctx: Ctx, to: string) => ctx.deps.store.collection<MessageDoc>(C.messages).count({ to, read: false })
/** Messages are keyed by the recipient's alias (see MessageDoc). */
const me = (ctx: Ctx) => recipientOf(ctx.deps, { openid: ctx.me() })

/** The caller's messages, newest first, with the number still unread (the badge on 我的). */
export async function messages(data: PageOpts, ctx: Ctx) {
  const to = me(ctx)
  const { docs, nextCursor } = await findPage(ctx.deps.store.collection<MessageDoc>(C.messages), { to }, {
    cursor: data.cursor, limit: data.limit, sortBy: 'sentAt', desc: true,
  })
  return { items: docs.map(toMessage), nextCursor, unread: await unreadOf(ctx, to) }
}

/** Marks the caller's messages read: the ones named (others' ids match nothing), or all. */
export async function readMessages(data: { ids?: string[] }, ctx: Ctx) {
  const to = me(ctx)
  const coll = ctx.deps.store.collection<MessageDoc>(C.messages)
  if (data.ids) {
    for (const id of new Set(data.ids)) await coll.updateOne({ _id: id, to, read: false }, { $set: { read: true } })
  } else {
    // updateMany changes at most 1000 per call; the filter stops matching what it changed.
    while (await coll.updateMany({ to, read: false }, { $set: { read: true } }) >= 1000) { /* next batch */ }
  }
  return { unread: await unreadOf(ctx, to) }
}
