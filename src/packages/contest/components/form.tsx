import { View, Text } from '@tarojs/components'
import type { z } from 'zod'
import './contest.scss'

/** Field → first message, from a zod parse (the same schema the cloud function uses). */
export function validate<S extends z.ZodTypeAny>(schema: S, data: unknown): { ok: true; data: z.output<S> } | { ok: false; errors: Record<string, string> } {
  const r = schema.safeParse(data)
  if (r.success) return { ok: true, data: r.data }
  const errors: Record<string, string> = {}
  for (const issue of r.error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_'
    errors[key] ??= issue.message
  }
  return { ok: false, errors }
}

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
