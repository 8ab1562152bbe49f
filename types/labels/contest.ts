// Opera contest: genres and stages (types/labels: the contract's zod-free labels; see index.ts).

export const GENRES = ['jingju', 'pingju', 'hebei_bangzi'] as const
export const GENRE_LABELS: Record<(typeof GENRES)[number], string> = { jingju: '京剧', pingju: '评剧', hebei_bangzi: '河北梆子' }

export const STAGES = ['prelim', 'semi', 'final', 'showcase'] as const
export const STAGE_LABELS: Record<(typeof STAGES)[number], string> = { prelim: '预赛', semi: '复赛', final: '决赛', showcase: '汇报展演' }
