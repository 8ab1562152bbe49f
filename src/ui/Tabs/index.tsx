import { View, Text } from '@tarojs/components'
import './index.scss'

export interface TabsProps<T extends string> {
  options: ReadonlyArray<{ value: T; label: string }>
  value: T
  onChange: (v: T) => void
  /** The page's own class for the row (its tests and any colour of its own, e.g. `ui-tabs--cool`). */
  className?: string
}

/** A row of tabs across the page's width, the chosen one underlined (a status filter, a role to grant). */
export function Tabs<T extends string>({ options, value, onChange, className }: TabsProps<T>) {
  return (
    <View className={`ui-tabs ${className ?? ''}`} role='tablist'>
      {options.map((o) => (
        <View key={o.value} role='tab' className={`ui-tabs__tab ${value === o.value ? 'ui-tabs__tab--on' : ''}`} onClick={() => onChange(o.value)}>
          <Text>{o.label}</Text>
        </View>
      ))}
    </View>
  )
}
