import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Contest, ReviewItem, Stage } from '@contract'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { ApiError, useAction, useAsync } from '@/hooks/useApi'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { Tabs } from '@/ui/Tabs'
import { Field } from '@/ui/Field'
import { Notice } from '@/ui/Notice'
import { GENRE_LABELS, STAGE_LABELS } from '../../lib'
import { fetchAll } from '../../staff'
import { ContestPage } from '../../components/ContestPage'
import '../../components/contest.scss'

/** The same order as the function: mean score (scored entries only), then the earlier sign-up. */
function ranked(list: ReviewItem[]): ReviewItem[] {
  return list.filter((e) => typeof e.meanScore === 'number').sort((a, b) =>
    (b.meanScore as number) - (a.meanScore as number) || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))
}

function Advance({ c }: { c: Contest }) {
  const advance = useAction('contest', 'advance', { exclusive: false })
  const movable = c.stages.slice(0, -1).filter((s) => s.id !== 'showcase')
  const [from, setFrom] = useState<Stage>((movable.find((s) => !s.settled) ?? movable[0])?.id ?? 'prelim')
  const [perGenre, setPerGenre] = useState('5')
  const [result, setResult] = useState<string[] | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const st = c.stages.find((s) => s.id === from)
  const next = c.stages[c.stages.findIndex((s) => s.id === from) + 1]
  const settled = !!st?.settled || !!result
  // Before: the standings in this stage. After: who went through (the entries now in the next stage).
  const shown: Stage = settled && next ? next.id : from
  const q = useAsync(() => fetchAll({ contestId: c.id, status: 'approved', stage: shown }), `advance:${c.id}:${shown}:${result ? 'done' : ''}`)
  const n = Number(perGenre)

  const run = async () => {
    if (!Number.isInteger(n) || n < 1) { setError('每个剧种晋级人数应为正整数'); return }
    const ok = await Taro.showModal({ title: '确认晋级', content: `按评委平均分，每个剧种前 ${n} 名由${STAGE_LABELS[from]}晋级${next ? STAGE_LABELS[next.id] : ''}。每个赛段只能晋级一次，确认后不能撤销。` })
    if (!ok.confirm) return
    setBusy(true)
    setError('')
    try {
      const r = await advance.run({ contestId: c.id, fromStage: from as 'prelim' | 'semi' | 'final', perGenre: n })
      setResult(r.promoted)
    } catch (e) {
      const a = ApiError.from(e)
      setError(a.fieldError('perGenre') ?? a.message)
    } finally {
      setBusy(false)
    }
  }

  if (!movable.length || !st) return <Notice kind='info' title='本大赛只有一个赛段，无需晋级' />
  return (
    <>
      <Tabs className='ui-tabs--chips ui-tabs--opera c-tabs--from' value={from} onChange={(v) => { setFrom(v); setResult(null); setError('') }} options={movable.map((s) => ({ value: s.id, label: `${STAGE_LABELS[s.id]}${s.settled ? '（已晋级）' : ''}` }))} />
      {result && <Notice kind='success' title={`已晋级 ${result.length} 人`} className='advance__done'><Text>入选作品已进入{next ? STAGE_LABELS[next.id] : '下一赛段'}。</Text></Notice>}
      {!result && st.settled && <Notice kind='info' title={`${STAGE_LABELS[from]}已完成晋级`}><Text>每个赛段只晋级一次。</Text></Notice>}
      <PageState query={q} isEmpty={(d) => d.length === 0} emptyTitle='暂无作品' emptyDescription={`${STAGE_LABELS[from]}没有通过审核的作品`}>
        {(list) => (
          <>
            {!settled && (
              <Section title={`${STAGE_LABELS[from]} → ${next ? STAGE_LABELS[next.id] : ''}`}>
                <Field label='每个剧种晋级人数' name='perGenre' type='number' value={perGenre} onChange={(v) => { setPerGenre(v); setError('') }} error={error} maxlength={3} />
                <BigButton type='primary' loading={busy} className='advance__run' onClick={() => void run()}>确认晋级</BigButton>
              </Section>
            )}
            {settled && c.genres.map((g) => (
              <Section key={g} title={`${GENRE_LABELS[g]} · 晋级${next ? STAGE_LABELS[next.id] : ''}名单`} className={`advance__promoted advance__promoted--${g}`}>
                {list.filter((e) => e.genre === g).length === 0 && <Text className='c-muted'>无</Text>}
                {list.filter((e) => e.genre === g).map((e, i) => (
                  <View key={e.id} className='c-rank c-rank--in'>
                    <Text className='c-rank__no'>{i + 1}</Text>
                    <Text className='c-rank__name'>{e.name} · {e.pieceTitle}</Text>
                  </View>
                ))}
              </Section>
            ))}
            {!settled && c.genres.map((g) => {
              const rows = ranked(list.filter((e) => e.genre === g))
              const unscored = list.filter((e) => e.genre === g && typeof e.meanScore !== 'number').length
              return (
                <Section key={g} title={`${GENRE_LABELS[g]} · 评委平均分排名`} className={`advance__genre advance__genre--${g}`}>
                  {rows.length === 0 && <Text className='c-muted'>还没有评分</Text>}
                  {rows.map((e, i) => (
                    <View key={e.id} className={`c-rank ${i < n ? 'c-rank--in' : ''}`}>
                      <Text className='c-rank__no'>{i + 1}</Text>
                      <Text className='c-rank__name'>{e.name} · {e.pieceTitle}（{e.scoreCount} 位评委）</Text>
                      <Text className='c-rank__value'>{(e.meanScore as number).toFixed(2)}</Text>
                    </View>
                  ))}
                  {unscored > 0 && <Text className='c-muted'>另有 {unscored} 个作品尚无评分，不参加晋级</Text>}
                </Section>
              )
            })}
          </>
        )}
      </PageState>
      <BigButton type='default' onClick={() => void go(`${ROUTES.contest.awards}?id=${c.id}`)}>查看获奖名单</BigButton>
    </>
  )
}

export default function AdvancePage() {
  return <ContestPage className='contest-advance'>{(contest) => <Advance c={contest} />}</ContestPage>
}
