/** Money is integer fen: 300 → "3", 250 → "2.5". */
export const yuan = (fen: number) => String(Math.round(fen) / 100)

export const thresholdText = (fen: number) => (fen > 0 ? `满 ${yuan(fen)} 元可用` : '无门槛')

/** 2026-07-15 → 7月15日 */
export const monthDay = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`

/** HH:mm on the Shanghai wall clock, whatever the phone's time zone. */
export const hhmm = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(11, 16)
