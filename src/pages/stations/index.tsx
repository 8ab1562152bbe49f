import { View, Text } from '@tarojs/components'
import { LinkSection } from '@/components/LinkList'
import { Section } from '@/components/Section'
import { PROGRAMMES } from '@/content'
import { ROUTES } from '@/routes'
import { Finder } from '@/packages/station/components/finder'

/** The 驿站 tab: the nearest stations with the services you need, right away. */
export default function Stations() {
  const p = PROGRAMMES.station
  return (
    <View className='page stations'>
      <Finder />
      <LinkSection
        title='到了驿站'
        hideMissing
        items={[
          { title: '扫码签到', description: '扫描驿站张贴的二维码，签到后 7 天内可以评价', url: ROUTES.station.checkin },
          { title: '驿站服务与管理', description: '站长维护驿站、打印签到码；工会评估星级、查看统计', url: ROUTES.station.index },
        ]}
      />
      <Section title='关于爱心驿站'>
        <Text>{p.intro}</Text>
      </Section>
    </View>
  )
}
