// Error codes and their default texts (types/labels: the contract's zod-free labels; see index.ts).

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
