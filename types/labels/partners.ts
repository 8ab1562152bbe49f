// Partner venue categories (types/labels: the contract's zod-free labels; see index.ts).

export const PARTNER_CATEGORIES = ['scenic', 'culture', 'sports', 'retail', 'dining', 'other'] as const
export const PARTNER_CATEGORY_LABELS: Record<(typeof PARTNER_CATEGORIES)[number], string> = {
  scenic: '景区', culture: '文化场馆', sports: '体育场馆', retail: '商超', dining: '餐饮', other: '其他',
}
