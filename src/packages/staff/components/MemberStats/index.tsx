import { View, Text } from '@tarojs/components'
import type { Industry } from '@contract'
import { INDUSTRY_LABELS } from '@contract/common'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { useQuery } from '@/hooks/useApi'
import { Bars, type BarRow } from '@/ui/Bars'
import './index.scss'

const STATUS_LABELS = { active: '已入会', pending: '待审核', rejected: '未通过' } as const

const byValue = (r: Record<string, number>, label: (k: string) => string = (k) => k): BarRow[] =>
  Object.entries(r).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).map(([k, v]) => ({ label: label(k), values: [v] }))

/** Member card figures for the evaluation: members by status, city and industry; benefit uses per day and per venue. */
export function MemberStats() {
  const q = useQuery('member', 'stats', {})
  return (
    <PageState query={q}>
      {(s) => {
        const perDay = new Map<string, number>()
        const perPartner = new Map<string, number>()
        for (const u of s.benefitUses) {
          perDay.set(u.day, (perDay.get(u.day) ?? 0) + u.count)
          perPartner.set(u.partnerName, (perPartner.get(u.partnerName) ?? 0) + u.count)
        }
        const totalUses = [...perDay.values()].reduce((a, b) => a + b, 0)
        const days = [...perDay.entries()].sort((a, b) => b[0].localeCompare(a[0])).map(([d, v]) => ({ label: d.slice(5), values: [v] }))
        const venues = [...perPartner.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([n, v]) => ({ label: n, values: [v] }))
        return (
          <>
            <Section title='会员'>
              <View className='member-stats__tiles'>
                <View className='member-stats__tile'><Text className='member-stats__num'>{s.members.total}</Text><Text className='member-stats__cap'>申请总数</Text></View>
                {(['active', 'pending', 'rejected'] as const).map((k) => (
                  <View key={k} className={`member-stats__tile member-stats__tile--${k}`}>
                    <Text className='member-stats__num'>{s.members.byStatus[k] ?? 0}</Text>
                    <Text className='member-stats__cap'>{STATUS_LABELS[k]}</Text>
                  </View>
                ))}
              </View>
            </Section>
            <Section title='按城市'>
              <Bars rows={byValue(s.members.byCity)} unit=' 人' empty='暂无数据' />
            </Section>
            <Section title='按行业'>
              <Bars rows={byValue(s.members.byIndustry, (k) => INDUSTRY_LABELS[k as Industry] ?? k)} unit=' 人' empty='暂无数据' />
            </Section>
            <Section title='会员优惠使用（近 30 天）' extra={<Text>共 {totalUses} 次</Text>}>
              <Text className='member-stats__sub'>按日</Text>
              <Bars rows={days} unit=' 次' empty='近 30 天没有使用记录' />
              <Text className='member-stats__sub'>按合作单位（前 15）</Text>
              <Bars rows={venues} unit=' 次' empty='近 30 天没有使用记录' />
            </Section>
          </>
        )
      }}
    </PageState>
  )
}

export default MemberStats
