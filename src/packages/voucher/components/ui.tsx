import { View, Text } from '@tarojs/components'
import type { Voucher } from '@contract'
import { hhmm, monthDay, thresholdText, yuan } from '@/packages/voucher/components/format'
import './ui.scss'

const STATUS_TEXT = { unused: '未使用', used: '已使用', expired: '已过期' } as const

/** The voucher as a ticket: face value, title, validity, status. */
export function VoucherFace({ v, onClick }: { v: Voucher; onClick?: () => void }) {
  return (
    <View className={`v-face v-face--${v.status}`} onClick={onClick}>
      <View className='v-face__value'>
        <Text className='v-face__yuan'>¥{yuan(v.faceValue)}</Text>
        <Text className='v-face__threshold'>{thresholdText(v.threshold)}</Text>
      </View>
      <View className='v-face__main'>
        <Text className='v-face__title'>{v.title}</Text>
        <Text className='v-face__meta'>
          {v.status === 'used' && v.redeemedAt ? `${monthDay(v.day)} ${hhmm(v.redeemedAt)} 已使用` : `${monthDay(v.day)} ${hhmm(v.expiresAt)} 前有效`}
        </Text>
      </View>
      <Text className={`v-face__status v-face__status--${v.status}`}>{STATUS_TEXT[v.status]}</Text>
    </View>
  )
}
