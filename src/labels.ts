/**
 * Chinese names for the contract's enums, for code in the MAIN package (tab pages, shared components).
 *
 * Why not import them from '@contract/common'? That module builds zod schemas when it loads, which puts zod
 * (~330 KB) into the main package, whose budget is 1 MB (test/weapp/budget.test.ts). Subpackage pages may
 * import '@contract' freely: there zod is paid per subpackage.
 *
 * test/ui/labels.test.ts checks that every map here equals the contract's, key for key and in order.
 */
import type { Aspect, Genre, Industry, OpenHours, PartnerCategory, Role, Service, Stage } from '@contract'

export const INDUSTRY_LABELS: Record<Industry, string> = {
  courier: '快递员', food_delivery: '外卖配送员', ride_hailing: '网约车司机', truck: '货车司机',
  taxi: '出租车司机', sanitation: '环卫工人', construction: '建筑工人', other: '其他',
}
export const PARTNER_CATEGORY_LABELS: Record<PartnerCategory, string> = {
  scenic: '景区', culture: '文化场馆', sports: '体育场馆', retail: '商超', dining: '餐饮', other: '其他',
}
export const GENRE_LABELS: Record<Genre, string> = { jingju: '京剧', pingju: '评剧', hebei_bangzi: '河北梆子' }
export const STAGE_LABELS: Record<Stage, string> = { prelim: '预赛', semi: '复赛', final: '决赛', showcase: '汇报展演' }
export const ROLE_LABELS: Record<Role, string> = { admin: '工会工作人员', merchant: '商户核销员', keeper: '驿站站长', judge: '评委' }
export const SERVICE_LABELS: Record<Service, string> = {
  water: '饮水', microwave: '热饭', rest: '休息', charging: '充电', toilet: '如厕', aircon: '冷暖', medicine: '药箱',
  meal: '平价餐', parking: '停车', legal: '法律咨询', counseling: '心理咨询', wifi: 'WiFi',
}
export const ASPECT_LABELS: Record<Aspect, string> = {
  management: '管理制度', facilities: '服务设施', people_served: '服务对象', results: '工作成效', highlights: '特色亮点',
  hygiene: '环境卫生', hours: '开放时间', signage: '标识指引', safety: '安全保障',
}

const keys = <K extends string>(labels: Record<K, string>) => Object.keys(labels) as K[]
export const INDUSTRIES = keys(INDUSTRY_LABELS)
export const PARTNER_CATEGORIES = keys(PARTNER_CATEGORY_LABELS)
export const GENRES = keys(GENRE_LABELS)
export const STAGES = keys(STAGE_LABELS)
export const ROLES = keys(ROLE_LABELS)
export const SERVICES = keys(SERVICE_LABELS)
export const ASPECTS = keys(ASPECT_LABELS)

/** Opening hours as shown: 24 小时, 08:00–20:00, or 22:00–06:00（次日）. Same as the contract's hoursLabel. */
export function hoursLabel(h: OpenHours): string {
  if (h === '24h' || h.open === h.close) return '24 小时'
  return `${h.open}–${h.close}${h.open < h.close ? '' : '（次日）'}`
}
