import { View, Text } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { EntryCard } from '@/components/EntryCard'
import { Greeting } from '@/components/Greeting'
import { IdentityPicker } from '@/components/IdentityPicker'
import { useMe } from '@/hooks/useMe'
import { useUnreadBadge } from '@/hooks/useSubscribe'
import { PROGRAMMES } from '@/content'
import { ROUTES } from '@/routes'
import './index.scss'

export default function Home() {
  useUnreadBadge()
  const me = useMe()
  usePullDownRefresh(() => void me.reload().finally(() => Taro.stopPullDownRefresh()))

  return (
    <View className='home'>
      <View className='home__header'>
        <Text className='home__brand'>工惠驿站</Text>
        <Text className='home__slogan'>工会服务 · 就在身边</Text>
        <Greeting state={me} />
      </View>

      <View className='home__body'>
        <IdentityPicker variant='bar' />

        {me.isStaff && (
          <EntryCard title='工作台' subtitle='审核、核销、评分、驿站管理' url={ROUTES.staff.index} color='#6b3fa0' badge='工作人员' />
        )}

        <EntryCard title={PROGRAMMES.member.title} subtitle={PROGRAMMES.member.facts} description={PROGRAMMES.member.summary} url={ROUTES.member.index} color='#d7261e' />
        <EntryCard title={PROGRAMMES.cooling.title} subtitle={PROGRAMMES.cooling.facts} description={PROGRAMMES.cooling.summary} url={ROUTES.cooling} color='#0a7cc4' />
        <EntryCard title={PROGRAMMES.contest.title} subtitle={PROGRAMMES.contest.facts} description={PROGRAMMES.contest.summary} url={ROUTES.contest.index} color='#b5651d' />
        <EntryCard title={PROGRAMMES.station.title} subtitle={PROGRAMMES.station.facts} description={PROGRAMMES.station.summary} url={ROUTES.stations} color='#1f8f3a' />
      </View>
    </View>
  )
}
