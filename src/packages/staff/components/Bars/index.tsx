import { View, Text } from '@tarojs/components'
import './index.scss'

export interface Bar { label: string; value: number; note?: string }

/** A horizontal bar chart from plain Views (widths in %): renders the same on weapp and H5, no canvas. */
export function Bars({ items, unit = '', empty = '暂无数据' }: { items: Bar[]; unit?: string; empty?: string }) {
  const max = Math.max(0, ...items.map((i) => i.value))
  if (items.length === 0) return <Text className='bars__empty'>{empty}</Text>
  return (
    <View className='bars' role='list'>
      {items.map((i) => (
        <View key={i.label} className='bars__row' role='listitem' ariaLabel={`${i.label} ${i.value}${unit}`}>
          <Text className='bars__label'>{i.label}</Text>
          <View className='bars__track'>
            <View className='bars__fill' style={{ width: `${max > 0 ? Math.max(2, (i.value / max) * 100) : 0}%` }} />
          </View>
          <Text className='bars__value'>{i.value}{unit}</Text>
        </View>
      ))}
    </View>
  )
}

export default Bars
