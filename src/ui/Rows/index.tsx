import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import './index.scss'

/** Label on the left, value on the right, a hairline under it (a result, a summary before sending). */
export function Row({ label, children, className, valueClassName }: { label: ReactNode; children: ReactNode; className?: string; valueClassName?: string }) {
  return (
    <View className={`ui-row ${className ?? ''}`}>
      <Text className='ui-row__label'>{label}</Text>
      <Text className={`ui-row__value ${valueClassName ?? ''}`}>{children}</Text>
    </View>
  )
}

/** A block of rows; `rows` draws one Row per [label, value]. */
export function Rows({ className, rows, children }: { className?: string; rows?: ReadonlyArray<readonly [string, ReactNode]>; children?: ReactNode }) {
  return (
    <View className={`ui-rows ${className ?? ''}`}>
      {rows?.map(([k, v]) => <Row key={k} label={k}>{v}</Row>)}
      {children}
    </View>
  )
}
