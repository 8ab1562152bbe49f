import { View, Text } from '@tarojs/components'
import './index.scss'

/** One row: its label and one value per series (one series: `[n]`). */
export interface BarRow { label: string; values: number[] }

export interface BarsProps {
  rows: BarRow[]
  /** The series' names, shown as a legend (two series: claimed / redeemed); none for one series. */
  legend?: string[]
  /** After each value (' 人', '人次'). */
  unit?: string
  /** Said instead of the chart when there are no rows. */
  empty?: string
  /** The colours: default red, `ui-bars--cool` (blue and green series), `ui-bars--green`. */
  className?: string
}

/** A horizontal bar chart from plain Views (widths in %): the same on weapp and H5, no canvas or chart library. */
export function Bars({ rows, legend, unit = '', empty, className }: BarsProps) {
  const max = Math.max(1, ...rows.flatMap((r) => r.values))
  if (!rows.length && empty) return <Text className='ui-bars__empty'>{empty}</Text>
  return (
    <View className={`ui-bars ${className ?? ''}`} role='list'>
      {legend && (
        <View className='ui-bars__legend'>
          {legend.map((l, i) => <Text key={l} className={`ui-bars__key ui-bars__key--${i}`}>{l}</Text>)}
        </View>
      )}
      {rows.map((r) => (
        <View key={r.label} className='ui-bars__row' role='listitem'
          ariaLabel={`${r.label} ${r.values.map((v, i) => `${legend ? `${legend[i]} ` : ''}${v}${unit}`).join(' ')}`}>
          <Text className='ui-bars__label'>{r.label}</Text>
          <View className='ui-bars__tracks'>
            {r.values.map((v, i) => (
              <View key={i} className='ui-bars__track'>
                <View className='ui-bars__bar'>
                  <View className={`ui-bars__fill ui-bars__fill--${i}`} style={{ width: `${v > 0 ? Math.max(2, (v / max) * 100) : 0}%` }} />
                </View>
                <Text className='ui-bars__value'>{v}{unit}</Text>
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  )
}
