import { Text } from '@tarojs/components'
import { INDUSTRY_LABELS } from '@contract/common'
import { Section } from '@/components/Section'
import { PROGRAMMES } from '@/content'
import { ROUTES } from '@/routes'
import { AreaLanding } from '@/ui/AreaLanding'

const INDUSTRIES = (['courier', 'ride_hailing', 'truck', 'taxi', 'sanitation', 'construction'] as const).map((i) => INDUSTRY_LABELS[i])

export default function VoucherHome() {
  const p = PROGRAMMES.cooling
  return (
    <AreaLanding
      hero={p} tone='cool' linksTitle='清凉券' aboutTitle='活动介绍'
      links={[
        { title: '今日领券', description: '每天限领，当日有效，数量有限先到先得', url: ROUTES.voucher.campaigns },
        { title: '我的清凉券', description: '未使用、已使用、已过期的券；出示券码给收银员核销', url: ROUTES.voucher.wallet },
      ]}
    >
      <Section title='谁可以领'>
        <Text>{INDUSTRIES.join('、')}等六大行业的工会会员。</Text>
      </Section>
    </AreaLanding>
  )
}
