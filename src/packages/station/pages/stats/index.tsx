import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { BackHome } from '@/components/BackHome'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { useQuery } from '@/hooks/useApi'
import { useMe } from '@/hooks/useMe'
import { Chip } from '@/packages/station/components/ui'
import { Bars } from '@/ui/Bars'
import { Notice } from '@/ui/Notice'
import '../../components/shared.scss'
import './index.scss'

const CITY_CHOICES = ['全部', '武汉', '北京']

function Stats({ city }: { city: string }) {
  const q = useQuery('station', 'stats', city === '全部' ? {} : { city })
  return (
    <PageState query={q}>
      {(d) => {
        const perDay = new Map<string, number>()
        const perStation = new Map<string, { name: string; visits: number }>()
        for (const r of d.days) {
          perDay.set(r.day, (perDay.get(r.day) ?? 0) + r.visits)
          const s = perStation.get(r.stationId) ?? { name: r.name, visits: 0 }
          s.visits += r.visits
          perStation.set(r.stationId, s)
        }
        const days = [...perDay.entries()].sort((a, b) => (a[0] < b[0] ? 1 : -1)).slice(0, 14).map(([day, value]) => ({ label: day.slice(5), values: [value] }))
        const top = [...perStation.values()].sort((a, b) => b.visits - a.visits).slice(0, 10).map((s) => ({ label: s.name, values: [s.visits] }))
        const windowTotal = d.days.reduce((s, r) => s + r.visits, 0)
        return (
          <>
            <View className='st-stats__total'>
              <Text className='st-stats__total-num'>{d.totalServed}</Text>
              <Text className='st-stats__total-label'>累计服务职工（人次）</Text>
              <Text className='st-stats__window'>近 30 天 {windowTotal} 人次{d.from ? `（${d.from} 至 ${d.to}）` : ''}</Text>
            </View>
            <Section title='每天签到人次'>
              <Bars rows={days} unit='人次' empty='这段时间还没有签到' className='ui-bars--green' />
            </Section>
            <Section title='签到最多的驿站（近 30 天）'>
              <Bars rows={top} unit='人次' empty='这段时间还没有签到' className='ui-bars--green' />
            </Section>
          </>
        )
      }}
    </PageState>
  )
}

export default function StatsPage() {
  const { roles, me, loading, error, reload } = useMe()
  const [city, setCity] = useState('全部')
  return (
    <View className='page st-stats'>
      <PageState query={{ data: me, error, loading, reload }}>
        {() => (!roles.includes('admin') ? (
          <Notice kind='info' title='仅限工会工作人员' />
        ) : (
          <>
            <View className='st-stats__cities'>
              {CITY_CHOICES.map((c, i) => <Chip key={c} className={`st-stats__city st-stats__city--${i}`} on={c === city} onClick={() => setCity(c)}>{c}</Chip>)}
            </View>
            <Stats city={city} />
          </>
        ))}
      </PageState>
      <BackHome />
    </View>
  )
}
