import { View, Text } from '@tarojs/components'
import { INDUSTRY_LABELS } from '@contract/common'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { useQuery } from '@/hooks/useApi'
import { monthDay, thresholdText, yuan } from '@/packages/voucher/components/format'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import './index.scss'
import { StaffOnly } from '@/ui/StaffOnly'

const STATE_TEXT = { open: '进行中', upcoming: '未开始', ended: '已结束' } as const

function Campaigns() {
  const list = useQuery('voucher', 'campaigns', {})
  return (
    <>
      <BigButton onClick={() => void go(ROUTES.voucher.edit)}>新建清凉活动</BigButton>
      <PageState query={list} isEmpty={(d) => d.items.length === 0} emptyTitle='还没有进行中或即将开始的活动'>
        {(d) => d.items.map((c) => (
          <View key={c.id} className='v-admin__item'>
            <View className='v-admin__head'>
              <Text className='v-admin__title'>{c.title}</Text>
              <Text className={`v-admin__state v-admin__state--${c.state}`}>{STATE_TEXT[c.state]}</Text>
            </View>
            <Text className='v-admin__meta'>{c.city} · {monthDay(c.startDate)}–{monthDay(c.endDate)} · 每日 {c.dailyStock} 张 · 每人每天 {c.perMemberPerDay} 张</Text>
            <Text className='v-admin__meta'>面值 {yuan(c.faceValue)} 元 · {thresholdText(c.threshold)}{c.state === 'open' ? ` · 今日剩余 ${c.remainingToday} 张` : ''}</Text>
            <Text className='v-admin__meta'>{c.industries.map((i) => INDUSTRY_LABELS[i]).join('、')}</Text>
            <View className='v-admin__actions'>
              <BigButton type='default' className='v-admin__action' onClick={() => void go(`${ROUTES.voucher.edit}?id=${encodeURIComponent(c.id)}`)}>编辑</BigButton>
              <BigButton type='default' className='v-admin__action' onClick={() => void go(`${ROUTES.voucher.stats}?id=${encodeURIComponent(c.id)}`)}>领用数据</BigButton>
            </View>
          </View>
        ))}
      </PageState>
    </>
  )
}

/** Union staff: the cooling campaigns, to create, edit and follow. */
export default function VoucherAdmin() {
  return (
    <StaffOnly className='v-admin' allow={(m) => m.roles.includes('admin')} title='仅限工会工作人员使用' text='清凉活动由工会工作人员设置。'>
      {() => <Campaigns />}
    </StaffOnly>
  )
}
