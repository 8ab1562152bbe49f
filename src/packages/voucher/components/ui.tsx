import { View, Text } from '@tarojs/components'
import type { Voucher } from '@contract'
import { FieldError } from '@/components/FieldError'
import { hhmm, monthDay, thresholdText, yuan } from '@/packages/voucher/components/format'
import '@/ui/Field/index.scss'
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

/** Several choices out of a few, as big toggling chips. */
export function MultiChips<T extends string>({ label, name, options, value, onChange, error }: {
  label: string; name: string; options: ReadonlyArray<{ value: T; label: string }>; value: T[]; onChange: (v: T[]) => void; error?: string
}) {
  const toggle = (x: T) => onChange(value.includes(x) ? value.filter((y) => y !== x) : [...value, x])
  return (
    <View className={`ui-field ui-field--${name} ${error ? 'ui-field--error' : ''}`}>
      <Text className='ui-field__label'>{label}</Text>
      <View className='ui-chips' role='group'>
        {options.map((o) => (
          <View key={o.value} className={`ui-chip ${value.includes(o.value) ? 'ui-chip--on v-chip--on' : ''}`} onClick={() => toggle(o.value)}>
            <Text>{o.label}</Text>
          </View>
        ))}
      </View>
      <FieldError message={error} />
    </View>
  )
}
