// A namespace import (not `{ z }`) lets the bundler drop the parts of zod no schema uses,
// and only the Chinese locale is loaded (the `zod/locales` index holds all of them).
import * as z from 'zod'
import zhCN from 'zod/v4/locales/zh-CN.cjs'

// Every message the user can see is Chinese, including zod's own defaults.
z.config(zhCN())

// The names and labels live in the zod-free label module (the main package imports it without zod).
import { ASPECTS, GENRES, INDUSTRIES, PARTNER_CATEGORIES, ROLES, SERVICES, STAGES, type ErrorCode } from './labels'
export * from './labels'

export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_MEMBER: 403,
  NOT_ELIGIBLE: 403,
  NOT_FOUND: 404,
  OUTSIDE_WINDOW: 409,
  ALREADY_CLAIMED: 409,
  SOLD_OUT: 409,
  ALREADY_USED: 409,
  DUPLICATE: 409,
  CONFLICT: 409,
  EXPIRED: 410,
  INVALID_TOKEN: 400,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
}

export type FieldErrors = Record<string, string[]>
export interface ErrorBody {
  code: ErrorCode
  message: string
  details?: { fieldErrors?: FieldErrors; requestId?: string; [k: string]: unknown }
}
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody }

export const FUNCTIONS = ['member', 'voucher', 'contest', 'station'] as const
export type FunctionName = (typeof FUNCTIONS)[number]

// ---- names used in data -------------------------------------------------
export const Industry = z.enum(INDUSTRIES, { error: '请选择行业' })
export type Industry = z.infer<typeof Industry>

export const PartnerCategory = z.enum(PARTNER_CATEGORIES, { error: '请选择类别' })
export type PartnerCategory = z.infer<typeof PartnerCategory>

export const Genre = z.enum(GENRES, { error: '请选择剧种' })
export type Genre = z.infer<typeof Genre>

export const Stage = z.enum(STAGES, { error: '请选择赛段' })
export type Stage = z.infer<typeof Stage>

export const Role = z.enum(ROLES, { error: '无效的角色' })
export type Role = z.infer<typeof Role>

export const Service = z.enum(SERVICES, { error: '无效的服务项目' })
export type Service = z.infer<typeof Service>

export const Aspect = z.enum(ASPECTS)
export type Aspect = z.infer<typeof Aspect>

// ---- shared field schemas ------------------------------------------------
/** Keys never contain `$` or `.`: ids go into document keys and dotted update paths. */
export const Id = z.string({ error: '缺少编号' }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: '编号格式不正确' })
export const OpenId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: '用户标识格式不正确' })
export const text = (max: number, label = '内容') =>
  z.string({ error: `请填写${label}` }).trim().min(1, { error: `请填写${label}` }).max(max, { error: `${label}最多 ${max} 个字` })
export const optionalText = (max: number, label = '内容') =>
  z.string({ error: `${label}格式不正确` }).trim().max(max, { error: `${label}最多 ${max} 个字` }).optional()
/**
 * Control, zero-width and bidirectional formatting characters: invisible or reordering text, they make a
 * name look like another or like nothing at all.
 */
// eslint-disable-next-line no-control-regex, no-misleading-character-class -- the point: it matches control and combining characters one by one
export const HIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8]/u
/** A person's name as shown to others: NFKC-normalised and trimmed; hidden characters are refused. */
export const personName = (max: number, label = '姓名') =>
  z.string({ error: `请填写${label}` })
    .refine((s) => !HIDDEN_CHARS.test(s), { error: `${label}含有不可见或控制字符，请重新输入` })
    .transform((s) => s.normalize('NFKC').trim())
    .pipe(z.string().min(1, { error: `请填写${label}` }).max(max, { error: `${label}最多 ${max} 个字` }))
export const Phone = z.string({ error: '请填写手机号' }).regex(/^1[3-9]\d{9}$/, { error: '请填写 11 位手机号' })
/** A city name as stored: NFKC, trimmed, without a trailing 市 (汕头市 → 汕头). */
export const cityKey = (s: string) => s.normalize('NFKC').trim().replace(/市$/, '').trim()
export const sameCity = (a: string | undefined, b: string | undefined) => !!a && !!b && cityKey(a) === cityKey(b)
export const City = text(20, '城市').transform(cityKey).refine((s) => s.length > 0, { error: '请填写城市' })
export const Day = z.string({ error: '请填写日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
  .refine((s) => { const d = new Date(`${s}T00:00:00Z`); return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s }, { error: '不是有效的日期' })
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '时间格式应为 HH:mm' })
export const Instant = z.string()
export const Location = z.strictObject({
  lat: z.number({ error: '纬度应为数字' }).min(-90).max(90),
  lng: z.number({ error: '经度应为数字' }).min(-180).max(180),
})
export type Location = z.infer<typeof Location>
export const RequestId = z.string({ error: '缺少请求编号' }).uuid({ error: '请求编号应为 UUID' })
export const Cursor = z.string().max(200, { error: '翻页标记无效' })
export const Limit = z.number({ error: '数量应为整数' }).int().min(1).max(50, { error: '每页最多 50 条' })
export const Fen = z.number({ error: '金额应为整数（分）' }).int().min(0).max(100_000_00)
export const Token = z.string({ error: '缺少二维码内容' }).trim().min(1, { error: '缺少二维码内容' }).max(512, { error: '二维码内容无效' })
export const Empty = z.strictObject({})

/**
 * A per-voucher / per-card key for offline codes (types/offline.ts): `ref` goes into every token, `validUntil`
 * is the last instant a token made with it is accepted, `serverTime` lets the phone correct its clock.
 */
export const OfflineKey = z.object({ key: z.string(), ref: z.string(), validUntil: z.string(), serverTime: z.string() })
export type OfflineKey = z.infer<typeof OfflineKey>

/**
 * The version of the privacy notice (用户隐私保护指引) in force. Forms that collect personal data send
 * `consent: { version: CONSENT_VERSION }` once the person ticked the box; raise it when the notice
 * changes, and everyone is asked again.
 */
export const CONSENT_VERSION = '2026-11'
export const CONSENT_MISSING = '请先阅读并勾选同意《隐私保护指引》'
export const Consent = z.strictObject({
  version: z.string({ error: CONSENT_MISSING }).refine((v) => v === CONSENT_VERSION, { error: '隐私保护指引已更新，请重新阅读并勾选同意' }),
}, { error: (iss) => (iss.code === 'unrecognized_keys' ? '同意记录格式不正确' : CONSENT_MISSING) })
export type Consent = z.infer<typeof Consent>
/** A consent as stored with the record it was given for. */
export const ConsentRecord = z.object({ version: z.string(), at: z.string() })
export type ConsentRecord = z.infer<typeof ConsentRecord>
export const EmptyOrUndefined = z.strictObject({}).optional().transform(() => ({}))

export const page = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() })
export type Page<T> = { items: T[]; nextCursor: string | null }

/** One action of the contract: the schema of its `data` and of its result. */
export interface ActionDef<I extends z.ZodTypeAny = z.ZodTypeAny, O extends z.ZodTypeAny = z.ZodTypeAny> {
  input: I
  output: O
}
export const action = <I extends z.ZodTypeAny, O extends z.ZodTypeAny>(input: I, output: O): ActionDef<I, O> => ({ input, output })

/** Masks a mainland mobile number: 138****1234. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****'
}
/** Masks a Chinese name: 张*三 / 张*. */
export function maskName(name: string): string {
  const chars = [...name]
  if (chars.length <= 1) return '*'
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}
