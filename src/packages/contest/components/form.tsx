import { View, Text, Input, Textarea } from '@tarojs/components'
import type { z } from 'zod'
import { FieldError } from '@/components/FieldError'
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

export interface FieldProps {
  label: string
  name: string
  value: string
  onChange: (v: string) => void
  error?: string
  placeholder?: string
  type?: 'text' | 'number' | 'digit'
  maxlength?: number
  multiline?: boolean
  hint?: string
  disabled?: boolean
}

/** A labelled input with its error under it; tall enough to hit with a thumb. */
export function Field({ label, name, value, onChange, error, placeholder, type = 'text', maxlength = 140, multiline, hint, disabled }: FieldProps) {
  return (
    <View className={`c-field c-field--${name} ${error ? 'c-field--error' : ''}`}>
      <Text className='c-field__label'>{label}</Text>
      {multiline ? (
        <Textarea className='c-field__input c-field__input--multi' value={value} placeholder={placeholder} maxlength={maxlength} autoHeight disabled={disabled}
          onInput={(e) => onChange(e.detail.value)} />
      ) : (
        <Input className='c-field__input' value={value} type={type} placeholder={placeholder} maxlength={maxlength} disabled={disabled}
          onInput={(e) => onChange(e.detail.value)} />
      )}
      {hint && !error && <Text className='c-field__hint'>{hint}</Text>}
      <FieldError message={error} />
    </View>
  )
}

export interface ChipsProps<T extends string> {
  label?: string
  name: string
  options: ReadonlyArray<{ value: T; label: string }>
  value: T | undefined
  onChange: (v: T) => void
  error?: string
  small?: boolean
  /** Choices that cannot be taken, each with the reason shown under the chips (e.g. a genre already entered). */
  disabled?: Partial<Record<T, string>>
}

/** One choice out of a few, as big tappable chips. */
export function Chips<T extends string>({ label, name, options, value, onChange, error, small, disabled }: ChipsProps<T>) {
  return (
    <View className={`c-field c-field--${name} ${error ? 'c-field--error' : ''}`}>
      {label && <Text className='c-field__label'>{label}</Text>}
      <View className='c-chips' role='radiogroup'>
        {options.map((o) => (
          <View key={o.value} className={`c-chip ${small ? 'c-chip--small' : ''} ${value === o.value ? 'c-chip--on' : ''} ${disabled?.[o.value] ? 'c-chip--disabled' : ''}`} role='radio'
            aria-disabled={disabled?.[o.value] ? true : undefined}
            onClick={() => { if (!disabled?.[o.value]) onChange(o.value) }}>
            <Text>{o.label}</Text>
          </View>
        ))}
      </View>
      {options.filter((o) => disabled?.[o.value]).map((o) => (
        <Text key={o.value} className={`c-chips__note c-chips__note--${o.value}`}>{o.label}：{disabled?.[o.value]}</Text>
      ))}
      <FieldError message={error} />
    </View>
  )
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
