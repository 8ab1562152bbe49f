import { View, Text } from '@tarojs/components'
import { BigButton } from '@/components/BigButton'
import { LinkList } from '@/components/LinkList'
import { Section } from '@/components/Section'
import { PROGRAMMES } from '@/content'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import '@/styles/tab-landing.scss'

export default function Stations() {
  const p = PROGRAMMES.station
  return (
    <View className='page tab-landing'>
      <View className='tab-landing__hero tab-landing__hero--green'>
        <Text className='tab-landing__title'>{p.title}</Text>
        <Text className='tab-landing__facts'>{p.facts}</Text>
        <Text className='tab-landing__note'>{p.summary}</Text>
      </View>
      <BigButton type='success' onClick={() => void go(ROUTES.station.index)}>
        进入爱心驿站
      </BigButton>
      <Section title='驿站能帮您' flush>
        <LinkList
          items={[
            { title: '找附近驿站', description: '按距离排序，可筛选饮水、热饭、休息、充电、停车等服务', url: ROUTES.station.nearby },
            { title: '扫码签到', description: '到站后扫描驿站张贴的二维码', url: ROUTES.station.checkin },
            { title: '评价驿站', description: '签到后 7 天内可以给驿站打分', url: ROUTES.station.index },
          ]}
        />
      </Section>
      <Section title='关于爱心驿站'>
        <Text>{p.intro}</Text>
      </Section>
    </View>
  )
}
