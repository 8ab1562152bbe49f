// Stations: services and opening hours (types/labels: the contract's zod-free labels; see index.ts).

export const SERVICES = ['water', 'microwave', 'rest', 'charging', 'toilet', 'aircon', 'medicine', 'meal', 'parking', 'legal', 'counseling', 'wifi'] as const
export const SERVICE_LABELS: Record<(typeof SERVICES)[number], string> = {
  water: '饮水', microwave: '热饭', rest: '休息', charging: '充电', toilet: '如厕', aircon: '冷暖', medicine: '药箱',
  meal: '平价餐', parking: '停车', legal: '法律咨询', counseling: '心理咨询', wifi: 'WiFi',
}

/** Opening hours as shown: 24 小时, 08:00–20:00, or 22:00–06:00（次日）(open === close is all day). */
export function hoursLabel(h: '24h' | { open: string; close: string }): string {
  if (h === '24h' || h.open === h.close) return '24 小时'
  return `${h.open}–${h.close}${h.open < h.close ? '' : '（次日）'}`
}
