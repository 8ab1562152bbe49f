import { useRouter } from '@tarojs/taro'
import { ApiError, call } from '@/api'
import { useAsync } from '@/hooks/useApi'
import type { Contest, Entry, Stage } from '@contract'
import { GENRE_LABELS, STAGE_LABELS } from '@contract/labels'

export { GENRE_LABELS, STAGE_LABELS }

/**
 * The contest a page is about: `?id=` when given, else the one running now (sign-up open or a stage
 * under way), else the most recent.
 */
export async function fetchContest(id?: string): Promise<Contest> {
  if (id) return call('contest', 'get', { contestId: id })
  const { items } = await call('contest', 'list', {})
  const running = items.find((c) => c.signupOpen || c.currentStage) ?? items[0]
  if (!running) throw new ApiError('NOT_FOUND', '暂时没有进行中的大赛')
  return running
}

export function useContest() {
  const id = useRouter().params?.id
  return useAsync(() => fetchContest(id || undefined), `contest:${id ?? ''}`)
}

/** M月D日 from YYYY-MM-DD. */
export const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`
export const range = (a: string, b: string) => (a === b ? md(a) : `${md(a)}–${md(b)}`)
/** A date span, with the year written where it is not this year's (today = YYYY-MM-DD). */
export function span(a: string, b: string, today = ''): string {
  const y = today.slice(0, 4)
  const d = (x: string) => (x.slice(0, 4) === y ? md(x) : `${x.slice(0, 4)}年${md(x)}`)
  return a === b ? d(a) : `${d(a)}–${d(b)}`
}
/** YYYY-MM-DD HH:mm in Shanghai time. */
export const when = (iso?: string) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '')

export type StageState = 'done' | 'now' | 'later'
export function stageState(c: Contest, s: Contest['stages'][number]): StageState {
  const today = c.today ?? ''
  if (s.settled || (today && s.endDate < today)) return 'done'
  if (today && s.startDate <= today && today <= s.endDate) return 'now'
  return 'later'
}

/** One line on where the contest stands today. */
export function standing(c: Contest): string {
  const today = c.today ?? ''
  const parts: string[] = []
  if (c.signupOpen) parts.push(`报名进行中（${md(c.signupEnd)}截止）`)
  else if (today && today < c.signupStart) parts.push(`${md(c.signupStart)}开始报名`)
  if (c.currentStage) parts.push(`${STAGE_LABELS[c.currentStage]}进行中`)
  if (!parts.length) {
    const next = c.stages.find((s) => today && s.startDate > today)
    if (next) parts.push(`报名已截止 · ${STAGE_LABELS[next.id]}将于${md(next.startDate)}开始`)
    else parts.push('大赛已圆满结束')
  }
  return parts.join(' · ')
}

export const genreOptions = (c: Contest) => c.genres.map((g) => ({ value: g, label: GENRE_LABELS[g] }))
export const stageOptions = (c: Contest) => c.stages.map((s) => ({ value: s.id, label: STAGE_LABELS[s.id] }))

export const STATUS_TEXT: Record<Entry['status'], string> = { submitted: '待审核', approved: '已通过', rejected: '未通过', withdrawn: '已撤下' }

/** What an entrant sees for one stage of their entry. */
export function stageLine(c: Contest, e: Entry, stage: Stage): string {
  const r = e.results?.find((x) => x.stage === stage)
  const st = c.stages.find((s) => s.id === stage)
  if (!st) return ''
  if (r?.settled) {
    const score = r.meanScore === null ? '未评分' : `平均分 ${r.meanScore.toFixed(2)}`
    const next = c.stages[c.stages.findIndex((s) => s.id === stage) + 1]
    return `${score} · ${r.advanced ? `晋级${next ? STAGE_LABELS[next.id] : ''}` : '未晋级'}`
  }
  if (e.stage === stage) return stageState(c, st) === 'now' ? '评审中' : `${range(st.startDate, st.endDate)}进行`
  return '—'
}

export const formatSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`)
