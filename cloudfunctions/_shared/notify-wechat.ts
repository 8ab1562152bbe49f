import * as z from 'zod'
import { TOPICS, type Topic } from '../../types/messages'
import type { Notifier, SendResult } from './ports'
import type { OpenApiCaller } from './media-wechat'
import type { Logger } from './log'

export const SUBSCRIBE_SEND_API = 'subscribeMessage.send'

/** The named values every message carries; a template maps its keywords onto these. */
export const MESSAGE_FIELDS = ['subject', 'result', 'note', 'time'] as const
export type MessageField = (typeof MESSAGE_FIELDS)[number]

/**
 * The keywords to pick in the console (公共模板库) when a template has the same four, in this order;
 * any other keywords are mapped in SUBSCRIBE_TEMPLATES. See docs/DEPLOY.md.
 */
export const DEFAULT_TEMPLATE_DATA: Record<string, MessageField> = { thing1: 'subject', phrase2: 'result', thing3: 'note', time4: 'time' }

const TemplateSpec = z.union([
  z.string().min(1),
  z.strictObject({ id: z.string().min(1), data: z.record(z.string().regex(/^[a-z_]+\d+$/), z.enum(MESSAGE_FIELDS)).optional() }),
])
const TemplatesSchema = z.partialRecord(z.enum(TOPICS), TemplateSpec)
export interface Template { id: string; data: Record<string, MessageField> }

/** Parses SUBSCRIBE_TEMPLATES; a bad value stops the function at start-up with the reason. */
export function parseTemplates(json: string): Partial<Record<Topic, Template>> {
  let raw: unknown
  if (!json.trim()) return {}
  try { raw = JSON.parse(json) } catch { throw new Error('配置错误: SUBSCRIBE_TEMPLATES 不是有效的 JSON') }
  const parsed = TemplatesSchema.safeParse(raw)
  if (!parsed.success) throw new Error(`配置错误: SUBSCRIBE_TEMPLATES ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const out: Partial<Record<Topic, Template>> = {}
  for (const [topic, spec] of Object.entries(parsed.data) as Array<[Topic, z.infer<typeof TemplateSpec>]>) {
    out[topic] = typeof spec === 'string' ? { id: spec, data: DEFAULT_TEMPLATE_DATA } : { id: spec.id, data: spec.data ?? DEFAULT_TEMPLATE_DATA }
  }
  return out
}

/** WeChat's length limits per keyword type (characters); longer values make the whole send fail (47003). */
const LIMITS: Array<[RegExp, number]> = [[/^thing\d/, 20], [/^phrase\d/, 5], [/^name\d/, 10], [/^(character_string|number|letter)\d/, 32], [/^symbol\d/, 5]]
export function fitValue(keyword: string, value: string): string {
  const limit = LIMITS.find(([re]) => re.test(keyword))?.[1]
  const chars = [...value]
  if (!limit || chars.length <= limit) return value
  return limit > 3 ? chars.slice(0, limit - 1).join('') + '…' : chars.slice(0, limit).join('')
}

export interface WechatNotifierOptions { state?: 'formal' | 'trial' | 'developer'; log?: Logger }

/**
 * Notifier on WeChat's subscribeMessage.send (云调用; the function lists it in config.json).
 * Every refusal (43101 no subscription, template errors) and every failed call comes back as
 * `{ ok: false }` and is logged; nothing is retried here.
 */
export function wechatNotifier(call: OpenApiCaller, templates: Partial<Record<Topic, Template>>, opts: WechatNotifierOptions = {}): Notifier {
  return {
    templates: () => TOPICS.filter((t) => templates[t]).map((t) => ({ topic: t, templateId: templates[t]!.id })),
    async send(msg): Promise<SendResult> {
      const tpl = templates[msg.topic as Topic]
      if (!tpl) return { ok: false, errcode: -1, errmsg: `未配置 ${msg.topic} 的消息模板` }
      const data: Record<string, { value: string }> = {}
      for (const [keyword, field] of Object.entries(tpl.data)) data[keyword] = { value: fitValue(keyword, msg.fields[field] || '-') }
      try {
        const res = unwrap(await call(SUBSCRIBE_SEND_API, {
          touser: msg.openid, template_id: tpl.id, page: msg.page, data, miniprogram_state: opts.state ?? 'formal', lang: 'zh_CN',
        }))
        const errcode = Number(res.errcode ?? res.errCode ?? 0)
        if (errcode === 0) return { ok: true }
        const errmsg = String(res.errmsg ?? res.errMsg ?? '')
        opts.log?.error({ msg: 'subscribeMessage.send refused', topic: msg.topic, errcode, errmsg })
        return { ok: false, errcode, errmsg }
      } catch (e) {
        const errmsg = e instanceof Error ? e.message : String(e)
        opts.log?.error({ msg: 'subscribeMessage.send failed', topic: msg.topic, err: errmsg })
        return { ok: false, errcode: -2, errmsg }
      }
    },
  }
}

type Result = { errcode?: number; errCode?: number; errmsg?: string; errMsg?: string }
function unwrap(v: unknown): Result {
  let r = v as Record<string, unknown> | null
  for (const key of ['result', 'data']) {
    if (r && typeof r === 'object' && r[key] && typeof r[key] === 'object') r = r[key] as Record<string, unknown>
  }
  return (r ?? {}) as Result
}
