import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { ASPECTS, ASPECT_LABELS, type Aspect } from '@contract/common'
import { starsFromSum } from '@contract/station'
import { BackHome } from '@/components/BackHome'
import { MissingParam } from '@/components/MissingParam'
import { PageState } from '@/components/PageState'
import { SaveButton } from '@/components/SaveButton'
import { Section } from '@/components/Section'
import { useAction, useQuery } from '@/hooks/useApi'
import { useMe } from '@/hooks/useMe'
import { Stars } from '@/packages/station/components/ui'
import { Notice } from '@/ui/Notice'
import { ROUTES } from '@/routes'
import '../../components/shared.scss'
import './index.scss'

const THRESHOLDS = [
  { stars: 5, min: 80 }, { stars: 4, min: 70 }, { stars: 3, min: 60 }, { stars: 2, min: 45 }, { stars: 1, min: 0 },
]

type Draft = Record<Aspect, number | null>

function Stepper({ aspect, value, onChange }: { aspect: Aspect; value: number | null; onChange: (v: number) => void }) {
  // From empty, the first tap lands on the middle of the scale rather than 0.5 steps from nothing.
  const step = (d: number) => onChange(value === null ? 8 : Math.max(0, Math.min(10, value + d)))
  return (
    <View className={`st-eval__row st-eval__row--${aspect}`}>
      <Text className='st-eval__label'>{ASPECT_LABELS[aspect]}</Text>
      <View className='st-eval__stepper'>
        <Text className='st-eval__btn st-eval__btn--minus' onClick={() => step(-0.5)}>−</Text>
        <Text className={`st-eval__value ${value === null ? 'st-eval__value--empty' : ''}`}>{value === null ? '—' : value}</Text>
        <Text className='st-eval__btn st-eval__btn--plus' onClick={() => step(0.5)}>＋</Text>
      </View>
    </View>
  )
}

const when = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')

function Evaluation({ stationId }: { stationId: string }) {
  const past = useQuery('station', 'evaluations', { stationId }, { refreshOnShow: false })
  // Kept here: after a save the form starts again from the scores just saved, and the result stays said.
  const [result, setResult] = useState<{ stars: number; sum: number } | null>(null)
  return (
    <PageState query={past}>
      {(p) => (
        <>
          {result && <Notice kind='success' title={`已评定为 ${result.stars} 星（${result.sum} 分）`} />}
          <EvaluationForm key={p.latest?.at ?? 'first'} stationId={stationId} past={p}
            onSaved={(r) => { setResult(r); void past.reload() }} onEdit={() => setResult(null)} />
        </>
      )}
    </PageState>
  )
}

function EvaluationForm({ stationId, past, onSaved, onEdit }: {
  stationId: string
  past: { stars: number | null; latest: { at: string; sum: number; stars: number; scores: Record<string, number> } | null; history: Array<{ at: string; sum: number; stars: number; byName: string }> }
  onSaved: (r: { stars: number; sum: number }) => void
  onEdit: () => void
}) {
  // The form starts from the latest scores, so one tap changes one aspect, not all nine.
  const [scores, setScores] = useState<Draft>(() => Object.fromEntries(ASPECTS.map((a) => [a, past.latest?.scores[a] ?? null])) as Draft)
  const [missing, setMissing] = useState(false)
  const evaluate = useAction('station', 'evaluate')
  const filled = ASPECTS.every((a) => scores[a] !== null)
  const sum = ASPECTS.reduce((s, a) => s + (scores[a] ?? 0), 0)
  const stars = starsFromSum(sum)
  const current = past.stars
  const next = THRESHOLDS.find((t) => t.min > sum && t.stars === stars + 1)
  const change = current === null || !filled ? null : stars - current

  const submit = async () => {
    if (!filled) { setMissing(true); return }
    setMissing(false)
    if (current !== null && stars < current) {
      const ok = await Taro.showModal({
        title: '确认降低星级',
        content: `提交后该驿站将由 ${current} 星降为 ${stars} 星（合计 ${sum} 分）。确定提交吗？`,
        confirmText: '确定降级',
        cancelText: '再看看',
      })
      if (!ok.confirm) return
    }
    const r = await evaluate.run({ stationId, scores: scores as Record<Aspect, number> }).catch(() => null)
    if (r) onSaved({ stars: r.stars, sum: r.sum })
  }

  return (
    <>
      <View className='st-eval__live' role='status' aria-live='polite'>
        <Text className='st-eval__sum'>合计 <Text className='st-eval__sum-num'>{filled ? sum : '—'}</Text> / 90 分</Text>
        {filled ? <Stars stars={stars} size='l' /> : <Text className='st-eval__next'>还有 {ASPECTS.filter((a) => scores[a] === null).length} 项未打分</Text>}
        {change !== null && (
          <Text className={`st-eval__change st-eval__change--${change < 0 ? 'down' : change > 0 ? 'up' : 'same'}`}>
            {change === 0 ? `与现在相同（${current} 星）` : `现为 ${current} 星 → 提交后 ${stars} 星（${change > 0 ? '升' : '降'} ${Math.abs(change)} 星）`}
          </Text>
        )}
        {filled && <Text className='st-eval__next'>{next ? `再加 ${next.min - sum} 分可评 ${next.stars} 星` : stars === 5 ? '已达最高星级' : ''}</Text>}
        <Text className='st-eval__rule'>80 分及以上 5 星 · 70 分 4 星 · 60 分 3 星 · 45 分 2 星 · 其余 1 星</Text>
      </View>
      {evaluate.error && <Notice kind='error' title={evaluate.error.message} />}
      {past.latest
        ? <Text className='st-eval__from'>以下为上次评估（{when(past.latest.at)}，{past.latest.sum} 分）的分数，按需修改后提交。</Text>
        : <Notice kind='info' title='首次评估'><Text>这个驿站还没有评估记录，请逐项打分（点 ＋ 从 8 分开始）。</Text></Notice>}
      <Section title='九个方面，每项 0–10 分'>
        {ASPECTS.map((a) => <Stepper key={a} aspect={a} value={scores[a]} onChange={(v) => { setScores((s) => ({ ...s, [a]: v })); onEdit() }} />)}
      </Section>
      {missing && <View role='alert'><Text className='st-eval__missing'>还有未打分的项目：{ASPECTS.filter((a) => scores[a] === null).map((a) => ASPECT_LABELS[a]).join('、')}</Text></View>}
      <SaveButton className='st-eval__submit' saving={evaluate.loading} onSave={() => void submit()}>
        {filled ? `提交评估（${stars} 星）` : '提交评估'}
      </SaveButton>
      <Section title='评估记录'>
        {past.history.length === 0 ? <Text className='st-eval__history-row'>暂无评估记录</Text> : past.history.map((h) => (
          <View key={h.at} className='st-eval__history-row'>
            <Text>{when(h.at)} · {h.byName} · {h.sum} 分 · {h.stars} 星</Text>
          </View>
        ))}
      </Section>
    </>
  )
}

export default function EvaluatePage() {
  const id = useRouter().params.id ?? ''
  const { roles, me, loading, error, reload } = useMe()
  const q = useQuery('station', 'get', { stationId: id }, { enabled: !!id, refreshOnShow: false })
  return (
    <View className='page st-eval'>
      <PageState query={{ data: me, error, loading, reload }}>
        {() => (!roles.includes('admin') ? (
          <Notice kind='info' title='仅限工会工作人员'>
            <Text>驿站星级由工会按管理制度、服务设施、服务对象、工作成效、特色亮点等 9 个方面评价打分评定。</Text>
          </Notice>
        ) : !id ? (
          <MissingParam what='驿站' from='「驿站管理」' url={ROUTES.station.manage} action='去驿站管理' />
        ) : (
          <PageState query={q}>
            {(s) => (
              <>
                <Text className='st-page__title st-eval__name'>{s.name}</Text>
                <Evaluation stationId={s.id} />
              </>
            )}
          </PageState>
        ))}
      </PageState>
      <BackHome />
    </View>
  )
}
