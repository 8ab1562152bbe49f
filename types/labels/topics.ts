// Subscribe-message topics (types/labels: the contract's zod-free labels; see index.ts).

/** What a subscribe message is about; each topic has its own WeChat template. */
export const TOPICS = ['join_result', 'partner_result', 'voucher_expiring', 'entry_reviewed', 'entry_advanced', 'award'] as const
export const TOPIC_LABELS: Record<(typeof TOPICS)[number], string> = {
  join_result: '入会审核结果', partner_result: '合作申请结果', voucher_expiring: '清凉券到期提醒',
  entry_reviewed: '报名审核结果', entry_advanced: '晋级通知', award: '获奖通知',
}
