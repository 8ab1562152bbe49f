import { View, Text } from '@tarojs/components'
import type { AwardItem } from '@contract'
import { BackHome } from '@/components/BackHome'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { useAction, useAsync } from '@/hooks/useApi'
import { useRouter } from '@tarojs/taro'
import { Notice } from '@/ui/Notice'
import { GENRE_LABELS, fetchContest } from '../../lib'
import '../../components/contest.scss'
import '@/ui/Field/index.scss'

function AwardList({ title, items, unit, className }: { title: string; items: AwardItem[]; unit: 'score' | 'votes'; className: string }) {
  return (
    <View className={className}>
      <Text className='ui-field__label'>{title}</Text>
      {items.length === 0 && <Text className='c-muted'>暂无</Text>}
      {items.map((a, i) => (
        <View key={a.entryId} className='c-rank c-rank--in'>
          <Text className='c-rank__no'>{i + 1}</Text>
          <Text className='c-rank__name'>{a.name} · {a.pieceTitle}</Text>
          <Text className='c-rank__value'>{unit === 'score' ? `${a.value.toFixed(2)} 分` : `${a.value} 票`}</Text>
        </View>
      ))}
    </View>
  )
}

export default function AwardsPage() {
  const awards = useAction('contest', 'awards', { exclusive: false })
  const id = useRouter().params?.id
  const q = useAsync(async () => {
    const c = await fetchContest(id || undefined)
    return { c, a: await awards.run({ contestId: c.id }) }
  }, `contest.awards:${id ?? ''}`)
  return (
    <View className='page contest-awards'>
      <PageState query={q}>
        {({ c, a }) => (
          <>
            {a.provisional
              ? <Notice kind='info' title='决赛尚未结束' className='awards__provisional'><Text>以下为根据已有评分和投票的实时排名，最终结果以决赛结束后公布为准。</Text></Notice>
              : <Notice kind='success' title='获奖名单'><Text>{c.title}</Text></Notice>}
            {c.genres.map((g) => {
              const lists = a.genres[g] ?? { mingpiao: [], fengcai: [], renqi: [] }
              return (
                <Section key={g} title={GENRE_LABELS[g]} className={`awards__genre awards__genre--${g}`}>
                  <AwardList title='燕赵职工名票（决赛平均分前 5 名）' items={lists.mingpiao} unit='score' className='awards__mingpiao' />
                  <View className='c-gap' />
                  <AwardList title='最佳风采奖（决赛平均分第 6–10 名）' items={lists.fengcai} unit='score' className='awards__fengcai' />
                  <View className='c-gap' />
                  <AwardList title='最佳人气奖（决赛选手得票前 5 名）' items={lists.renqi} unit='votes' className='awards__renqi' />
                </Section>
              )
            })}
          </>
        )}
      </PageState>
      <BackHome />
    </View>
  )
}
