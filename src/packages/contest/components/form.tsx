import { View, Text } from '@tarojs/components'
import './contest.scss'

/** Field errors of a failed call (VALIDATION_FAILED), first message per field. */
export function fieldErrorsOf(e: unknown): Record<string, string> {
  const fe = (e as { fieldErrors?: Record<string, string[]> } | null)?.fieldErrors ?? {}
  return Object.fromEntries(Object.entries(fe).map(([k, m]) => [k, m[0]]))
}

/** Tabs as a row of big chips (genre, stage, status filters). */
export function Tabs<T extends string>({ options, value, onChange, name }: { options: ReadonlyArray<{ value: T; label: string }>; value: T; onChange: (v: T) => void; name: string }) {
  return (
    <View className={`c-tabs c-tabs--${name}`} role='tablist'>
      {options.map((o) => (
        <View key={o.value} role='tab' className={`c-tabs__tab ${value === o.value ? 'c-tabs__tab--on' : ''}`} onClick={() => onChange(o.value)}>
          <Text>{o.label}</Text>
        </View>
      ))}
    </View>
  )
}
