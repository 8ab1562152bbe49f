import * as z from 'zod'
import { action, Id, Cursor, Limit, Empty, page, TOPICS } from './common'

/** TOPICS and TOPIC_LABELS live in the zod-free ./labels. */
export { TOPICS, TOPIC_LABELS } from './labels'
export const Topic = z.enum(TOPICS, { error: '未知的消息类型' })
export type Topic = z.infer<typeof Topic>

/** WeChat's requestSubscribeMessage takes at most 3 templates at once; so does `subscribe`. */
export const MAX_TOPICS_AT_ONCE = 3

export const Message = z.object({
  id: z.string(),
  topic: Topic,
  title: z.string(),
  body: z.string(),
  /** The mini-program page the message opens (with its query). */
  page: z.string(),
  sentAt: z.string(),
  /** Pushed to WeChat (a subscription was left and WeChat accepted it). */
  delivered: z.boolean(),
  read: z.boolean(),
})
export type Message = z.infer<typeof Message>

export const messageActions = {
  subscribe: action(
    z.strictObject({
      topics: z.array(Topic, { error: '请选择消息类型' }).min(1, { error: '至少选择一种消息' })
        .max(MAX_TOPICS_AT_ONCE, { error: `一次最多订阅 ${MAX_TOPICS_AT_ONCE} 种消息` })
        .refine((t) => new Set(t).size === t.length, { error: '消息类型重复' }),
    }),
    z.object({ subscriptions: z.record(z.string(), z.number()) }),
  ),
  /** The template id per topic configured for WeChat; empty where messages are stored only (local, H5). */
  subscribeTemplates: action(Empty, z.object({ items: z.array(z.object({ topic: Topic, templateId: z.string() })) })),
  messages: action(z.strictObject({ cursor: Cursor.optional(), limit: Limit.optional() }), page(Message).extend({ unread: z.number() })),
  /** Marks the given messages (or, without ids, all of the caller's) read; answers what is left unread. */
  readMessages: action(z.strictObject({ ids: z.array(Id).min(1).max(50, { error: '一次最多 50 条' }).optional() }), z.object({ unread: z.number() })),
}
