// Station evaluation aspects (types/labels: the contract's zod-free labels; see index.ts). Apart from
// stations.ts: only the staff's evaluation page shows them, the 驿站 tab does not.

export const ASPECTS = ['management', 'facilities', 'people_served', 'results', 'highlights', 'hygiene', 'hours', 'signage', 'safety'] as const
export const ASPECT_LABELS: Record<(typeof ASPECTS)[number], string> = {
  management: '管理制度', facilities: '服务设施', people_served: '服务对象', results: '工作成效', highlights: '特色亮点',
  hygiene: '环境卫生', hours: '开放时间', signage: '标识指引', safety: '安全保障',
}
