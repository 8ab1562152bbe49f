import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ASPECTS, ASPECT_LABELS, type Aspect } from '@contract/common'
import { starsFromSum } from '@contract/station'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { useAction, useQuery } from '@/hooks/useApi'
import { useMe } from '@/hooks/useMe'
import { Notice, Stars } from '@/pages/stations/ui'
import '../../components/shared.scss'
import './index.scss'

const THRESHOLDS = [
  { stars: 5, min: 80 }, { stars: 4, min: 70 }, { stars: 3, min: 60 }, { stars: 2, min: 45 }, { stars: 1, min: 0 },
]
const day = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10)

function Stepper({ aspect, value, onChange }: { aspect: Aspect; value: number; onChange: (v: number) => void }) {
  const step = (d: number) => onChange(Math.max(0, Math.min(10, value + d)))
  return (
    <View className={`st-eval__row st-eval__row--${aspect}`}>
      <Text className='st-eval__label'>{ASPECT_LABELS[aspect]}</Text>
      <View className='st-eval__stepper'>
        <Text className='st-eval__btn st-eval__btn--minus' onClick={() => step(-0.5)}>−</Text>
        <Text className='st-eval__value'>{value}</Text>
        <Text className='st-eval__btn st-eval__btn--plus' onClick={() => step(0.5)}>＋</Text>
      </View>
    </View>
  )
}

function Evaluation({ stationId, current }: { stationId: string; current: number | null }) {
  const [scores, setScores] = useState<Record<Aspect, number>>(() => Object.fromEntries(ASPECTS.map((a) => [a, 8])) as Record<Aspect, number>)
  const evaluate = useAction('station', 'evaluate')
  const sum = ASPECTS.reduce((s, a) => s + scores[a], 0)
  const stars = starsFromSum(sum)
  const next = THRESHOLDS.find((t) => t.min > sum && t.stars === stars + 1)
  return (
    <>
      <View className='st-eval__live' role='status'>
        <Text className='st-eval__sum'>合计 <Text className='st-eval__sum-num'>{sum}</Text> / 90 分</Text>
        <Stars stars={stars} size='l' />
        <Text className='st-eval__next'>{next ? `再加 ${next.min - sum} 分可评 ${next.stars} 星` : stars === 5 ? '已达最高星级' : ''}</Text>
        <Text className='st-eval__rule'>80 分及以上 5 星 · 70 分 4 星 · 60 分 3 星 · 45 分 2 星 · 其余 1 星{current ? `（现为 ${current} 星）` : ''}</Text>
      </View>
      {evaluate.data && (
        <Notice kind='success' title={`已评定为 ${evaluate.data.stars} 星（${evaluate.data.sum} 分）`}>
          <View className='st-eval__history'>
            {evaluate.data.history.map((h) => (
              <Text key={h.at} className='st-eval__history-row'>{day(h.at)} · {h.sum} 分 · {h.stars} 星</Text>
            ))}
          </View>
        </Notice>
      )}
      {evaluate.error && <Notice kind='error' title={evaluate.error.message} />}
      <Section title='九个方面，每项 0–10 分'>
        {ASPECTS.map((a) => <Stepper key={a} aspect={a} value={scores[a]} onChange={(v) => setScores((s) => ({ ...s, [a]: v }))} />)}
      </Section>
      <BigButton className='st-eval__submit' loading={evaluate.loading} onClick={() => void evaluate.run({ stationId, scores }).catch(() => undefined)}>
        提交评估（{stars} 星）
      </BigButton>
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
        ) : (
          <PageState query={q}>
            {(s) => (
              <>
                <Text className='st-page__title st-eval__name'>{s.name}</Text>
                <Evaluation stationId={s.id} current={s.stars} />
              </>
            )}
          </PageState>
        ))}
      </PageState>
      <BackHome />
    </View>
  )
}
