import { View, Text } from '@tarojs/components'
import { BigButton } from '@/components/BigButton'
import { LinkList } from '@/components/LinkList'
import { Section } from '@/components/Section'
import { PROGRAMMES } from '@/content'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import '@/styles/tab-landing.scss'

export default function Cooling() {
  const p = PROGRAMMES.cooling
  return (
    <View className='page tab-landing'>
      <View className='tab-landing__hero tab-landing__hero--cool'>
        <Text className='tab-landing__title'>{p.title}</Text>
        <Text className='tab-landing__facts'>{p.facts}</Text>
      </View>
      <BigButton onClick={() => void go(ROUTES.voucher.index)}>进入智送清凉</BigButton>
      <Section title='怎么领' flush>
        <LinkList
          items={[
            { title: '今日领券', description: '工会会员每天可领一张冰饮清凉券，先到先得', url: ROUTES.voucher.campaigns },
            { title: '我的清凉券', description: '出示券码，在商超买冷饮时抵扣', url: ROUTES.voucher.wallet },
            { title: '还不是会员？', description: '先申请入会，审核通过即可领券', url: ROUTES.member.index },
          ]}
        />
      </Section>
      <Section title='活动介绍'>
        <Text>{p.intro}</Text>
      </Section>
    </View>
  )
}
