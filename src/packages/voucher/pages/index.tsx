import { View, Text } from '@tarojs/components'
import { INDUSTRY_LABELS } from '@contract/common'
import { BackHome } from '@/components/BackHome'
import { LinkList } from '@/components/LinkList'
import { Section } from '@/components/Section'
import { PROGRAMMES } from '@/content'
import { ROUTES } from '@/routes'
import '@/styles/tab-landing.scss'

const INDUSTRIES = (['courier', 'ride_hailing', 'truck', 'taxi', 'sanitation', 'construction'] as const).map((i) => INDUSTRY_LABELS[i])

export default function VoucherHome() {
  const p = PROGRAMMES.cooling
  return (
    <View className='page tab-landing'>
      <View className='tab-landing__hero tab-landing__hero--cool'>
        <Text className='tab-landing__title'>{p.title}</Text>
        <Text className='tab-landing__facts'>{p.facts}</Text>
        <Text className='tab-landing__note'>{p.summary}</Text>
      </View>
      <Section title='清凉券' flush>
        <LinkList
          items={[
            { title: '今日领券', description: '每天限领，当日有效，数量有限先到先得', url: ROUTES.voucher.campaigns },
            { title: '我的清凉券', description: '未使用、已使用、已过期的券；出示券码给收银员核销', url: ROUTES.voucher.wallet },
          ]}
        />
      </Section>
      <Section title='谁可以领'>
        <Text>{INDUSTRIES.join('、')}等六大行业的工会会员。</Text>
      </Section>
      <Section title='活动介绍'>
        <Text>{p.intro}</Text>
      </Section>
      <BackHome />
    </View>
  )
}
