// Names of people's attributes: industry (SPEC "Names used in data"), role (types/labels: the contract's zod-free labels; see index.ts).

export const INDUSTRIES = ['courier', 'food_delivery', 'ride_hailing', 'truck', 'taxi', 'sanitation', 'construction', 'other'] as const
export const INDUSTRY_LABELS: Record<(typeof INDUSTRIES)[number], string> = {
  courier: '快递员', food_delivery: '外卖配送员', ride_hailing: '网约车司机', truck: '货车司机',
  taxi: '出租车司机', sanitation: '环卫工人', construction: '建筑工人', other: '其他',
}

export const ROLES = ['admin', 'merchant', 'keeper', 'judge'] as const
export const ROLE_LABELS: Record<(typeof ROLES)[number], string> = { admin: '工会工作人员', merchant: '商户核销员', keeper: '驿站站长', judge: '评委' }
