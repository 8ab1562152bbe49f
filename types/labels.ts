/**
 * The contract's names and their Chinese labels, with no zod: the one label module of the app and the cloud.
 *
 * The schema modules (common.ts and the rest) build zod schemas when they load; this one only holds constants,
 * so the main package of the mini-program can import it without pulling zod (~330 KB) in. It imports nothing
 * but types (eslint.config.mjs enforces it; test/weapp/budget.test.ts checks the main package for zod).
 * common.ts re-exports everything here, so `@contract` and `@contract/common` keep offering these names.
 */

// ---- error codes ----------------------------------------------------------------------------------------
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_MEMBER',
  'NOT_ELIGIBLE',
  'NOT_FOUND',
  'OUTSIDE_WINDOW',
  'ALREADY_CLAIMED',
  'SOLD_OUT',
  'ALREADY_USED',
  'DUPLICATE',
  'CONFLICT',
  'EXPIRED',
  'INVALID_TOKEN',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** Default Chinese text per code, used when a handler gives none. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '填写的内容有误，请检查后再试',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限进行此操作',
  NOT_MEMBER: '仅限已入会的工会会员',
  NOT_ELIGIBLE: '不符合参与条件',
  NOT_FOUND: '没有找到相关内容',
  OUTSIDE_WINDOW: '不在活动时间内',
  ALREADY_CLAIMED: '今天已经领过了，明天再来',
  SOLD_OUT: '今日已领完，明天早点来',
  ALREADY_USED: '已经使用过了',
  DUPLICATE: '已经提交过了',
  CONFLICT: '状态已变化，请刷新后再试',
  EXPIRED: '二维码已过期，请刷新',
  INVALID_TOKEN: '无效的二维码',
  PAYLOAD_TOO_LARGE: '内容太大了',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  UNAVAILABLE: '服务暂时不可用，请稍后再试',
  INTERNAL: '系统开小差了，请稍后再试',
}

// ---- names used in data (SPEC "Names used in data") -----------------------------------------------------
export const INDUSTRIES = ['courier', 'food_delivery', 'ride_hailing', 'truck', 'taxi', 'sanitation', 'construction', 'other'] as const
export const INDUSTRY_LABELS: Record<(typeof INDUSTRIES)[number], string> = {
  courier: '快递员', food_delivery: '外卖配送员', ride_hailing: '网约车司机', truck: '货车司机',
  taxi: '出租车司机', sanitation: '环卫工人', construction: '建筑工人', other: '其他',
}

export const PARTNER_CATEGORIES = ['scenic', 'culture', 'sports', 'retail', 'dining', 'other'] as const
export const PARTNER_CATEGORY_LABELS: Record<(typeof PARTNER_CATEGORIES)[number], string> = {
  scenic: '景区', culture: '文化场馆', sports: '体育场馆', retail: '商超', dining: '餐饮', other: '其他',
}

export const GENRES = ['jingju', 'pingju', 'hebei_bangzi'] as const
export const GENRE_LABELS: Record<(typeof GENRES)[number], string> = { jingju: '京剧', pingju: '评剧', hebei_bangzi: '河北梆子' }

export const STAGES = ['prelim', 'semi', 'final', 'showcase'] as const
export const STAGE_LABELS: Record<(typeof STAGES)[number], string> = { prelim: '预赛', semi: '复赛', final: '决赛', showcase: '汇报展演' }

export const ROLES = ['admin', 'merchant', 'keeper', 'judge'] as const
export const ROLE_LABELS: Record<(typeof ROLES)[number], string> = { admin: '工会工作人员', merchant: '商户核销员', keeper: '驿站站长', judge: '评委' }

export const SERVICES = ['water', 'microwave', 'rest', 'charging', 'toilet', 'aircon', 'medicine', 'meal', 'parking', 'legal', 'counseling', 'wifi'] as const
export const SERVICE_LABELS: Record<(typeof SERVICES)[number], string> = {
  water: '饮水', microwave: '热饭', rest: '休息', charging: '充电', toilet: '如厕', aircon: '冷暖', medicine: '药箱',
  meal: '平价餐', parking: '停车', legal: '法律咨询', counseling: '心理咨询', wifi: 'WiFi',
}

export const ASPECTS = ['management', 'facilities', 'people_served', 'results', 'highlights', 'hygiene', 'hours', 'signage', 'safety'] as const
export const ASPECT_LABELS: Record<(typeof ASPECTS)[number], string> = {
  management: '管理制度', facilities: '服务设施', people_served: '服务对象', results: '工作成效', highlights: '特色亮点',
  hygiene: '环境卫生', hours: '开放时间', signage: '标识指引', safety: '安全保障',
}

/** What a subscribe message is about; each topic has its own WeChat template. */
export const TOPICS = ['join_result', 'partner_result', 'voucher_expiring', 'entry_reviewed', 'entry_advanced', 'award'] as const
export const TOPIC_LABELS: Record<(typeof TOPICS)[number], string> = {
  join_result: '入会审核结果', partner_result: '合作申请结果', voucher_expiring: '清凉券到期提醒',
  entry_reviewed: '报名审核结果', entry_advanced: '晋级通知', award: '获奖通知',
}

/** Opening hours as shown: 24 小时, 08:00–20:00, or 22:00–06:00（次日）(open === close is all day). */
export function hoursLabel(h: '24h' | { open: string; close: string }): string {
  if (h === '24h' || h.open === h.close) return '24 小时'
  return `${h.open}–${h.close}${h.open < h.close ? '' : '（次日）'}`
}

// ---- why a worker cannot claim from a campaign (voucher.campaigns → items[].ineligible) ---------------------
/**
 * Reason codes, finer than the error code a claim would answer (INELIGIBLE_CODES): the client picks its next
 * step by them (登录, 申请入会, or nothing to do but wait), never by the text.
 */
export const INELIGIBLE_REASONS = ['SIGN_IN', 'NOT_JOINED', 'JOIN_PENDING', 'INDUSTRY', 'CITY', 'NOT_STARTED', 'ENDED', 'ENDED_EARLY'] as const
export type IneligibleReason = (typeof INELIGIBLE_REASONS)[number]

/** The error code a claim answers for each reason, in SPEC's order of the claim rules. */
export const INELIGIBLE_CODES = {
  SIGN_IN: 'UNAUTHENTICATED',
  NOT_JOINED: 'NOT_MEMBER',
  JOIN_PENDING: 'NOT_MEMBER',
  INDUSTRY: 'NOT_ELIGIBLE',
  CITY: 'NOT_ELIGIBLE',
  NOT_STARTED: 'OUTSIDE_WINDOW',
  ENDED: 'OUTSIDE_WINDOW',
  ENDED_EARLY: 'OUTSIDE_WINDOW',
} as const satisfies Record<IneligibleReason, ErrorCode>
export type IneligibleCode = (typeof INELIGIBLE_CODES)[IneligibleReason]

/** What a campaign's text needs: who may claim, where, from when. */
export interface CampaignTerms {
  industries: readonly (typeof INDUSTRIES)[number][]
  city: string
  startDate: string
}

/** The Chinese text of each reason: the function's `message`, and what the app shows. */
export const INELIGIBLE_LABELS: Record<IneligibleReason, (c: CampaignTerms) => string> = {
  SIGN_IN: () => '请先登录',
  NOT_JOINED: () => '请先入会',
  JOIN_PENDING: () => '入会申请审核中，通过后即可领取',
  INDUSTRY: (c) => `本活动仅限${c.industries.map((i) => INDUSTRY_LABELS[i]).join('、')}的工会会员`,
  CITY: (c) => `本活动仅限${c.city}的工会会员`,
  NOT_STARTED: (c) => `活动 ${c.startDate} 开始，到时再来领`,
  ENDED: () => '活动已结束',
  ENDED_EARLY: () => '活动已提前结束',
}
