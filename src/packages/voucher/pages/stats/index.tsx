import { View, Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import type { Industry } from '@contract'
import { INDUSTRY_LABELS } from '@contract/common'
import { BackHome } from '@/components/BackHome'
import { MissingParam } from '@/components/MissingParam'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { useQuery } from '@/hooks/useApi'
import { monthDay } from '@/packages/voucher/components/format'
import { ROUTES } from '@/routes'
import { Bars } from '@/ui/Bars'
import './index.scss'
import { StaffOnly } from '@/ui/StaffOnly'

function Stats({ campaignId }: { campaignId: string }) {
  const q = useQuery('voucher', 'stats', { campaignId })
  return (
    <PageState query={q}>
      {(d) => {
        const claimed = d.days.reduce((s, x) => s + x.claimed, 0)
        const redeemed = d.days.reduce((s, x) => s + x.redeemed, 0)
        const industries = new Map<string, { claimed: number; redeemed: number }>()
        for (const day of d.days) {
          for (const [k, v] of Object.entries(day.byIndustry)) {
            const cur = industries.get(k) ?? { claimed: 0, redeemed: 0 }
            industries.set(k, { claimed: cur.claimed + v.claimed, redeemed: cur.redeemed + v.redeemed })
          }
        }
        const recent = [...d.days].reverse().slice(0, 14)
        return (
          <>
            <View className='v-stats__hero'>
              <Text className='v-stats__title'>{d.campaign.title}</Text>
              <View className='v-stats__totals'>
                <View className='v-stats__total'><Text className='v-stats__num'>{claimed}</Text><Text className='v-stats__label'>累计领取</Text></View>
                <View className='v-stats__total'><Text className='v-stats__num'>{redeemed}</Text><Text className='v-stats__label'>累计核销</Text></View>
                <View className='v-stats__total'><Text className='v-stats__num'>{claimed ? Math.round((redeemed / claimed) * 100) : 0}%</Text><Text className='v-stats__label'>核销率</Text></View>
              </View>
            </View>
            <Section title='每日领取与核销（近 14 天）'>
              {recent.length ? <Bars className='ui-bars--cool' legend={['领取', '核销']} rows={recent.map((x) => ({ label: `${monthDay(x.day)} 余${x.remaining}`, values: [x.claimed, x.redeemed] }))} /> : <Text>活动尚未开始</Text>}
            </Section>
            <Section title='按行业'>
              <Bars className='ui-bars--cool' legend={['领取', '核销']} rows={[...industries].map(([k, v]) => ({ label: INDUSTRY_LABELS[k as Industry] ?? k, values: [v.claimed, v.redeemed] }))} />
            </Section>
          </>
        )
      }}
    </PageState>
  )
}

/** Union staff: per day claimed, redeemed and remaining, and by industry, as bars. */
export default function CampaignStats() {
  const id = decodeURIComponent(useRouter().params.id ?? '')
  return (
    <StaffOnly className='v-stats' allow={(m) => m.roles.includes('admin')} title='仅限工会工作人员使用' footer={!id && <BackHome />}>
      {() => (id ? <Stats campaignId={id} /> : <MissingParam what='活动' from='「清凉券活动」列表' url={ROUTES.voucher.admin} action='去活动列表' />)}
    </StaffOnly>
  )
}
