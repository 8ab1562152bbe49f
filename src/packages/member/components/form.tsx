import { View, Text, Input, Textarea } from '@tarojs/components'
import type { z } from 'zod'
import { FieldError } from '@/components/FieldError'
import './form.scss'

/** Field → first message, from a zod parse (the same schema the function uses). */
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
}

/** A labelled input with its error under it; tall enough to hit with a thumb. */
export function Field({ label, name, value, onChange, error, placeholder, type = 'text', maxlength = 140, multiline, hint }: FieldProps) {
  return (
    <View className={`m-field m-field--${name} ${error ? 'm-field--error' : ''}`}>
      <Text className='m-field__label'>{label}</Text>
      {multiline ? (
        <Textarea
          className='m-field__input m-field__input--multi'
          value={value}
          placeholder={placeholder}
          maxlength={maxlength}
          autoHeight
          onInput={(e) => onChange(e.detail.value)}
        />
      ) : (
        <Input
          className='m-field__input'
          value={value}
          type={type}
          placeholder={placeholder}
          maxlength={maxlength}
          onInput={(e) => onChange(e.detail.value)}
        />
      )}
      {hint && !error && <Text className='m-field__hint'>{hint}</Text>}
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
}

/** One choice out of a few, as big tappable chips (a picker needs two taps and a scroll). */
export function Chips<T extends string>({ label, name, options, value, onChange, error }: ChipsProps<T>) {
  return (
    <View className={`m-field m-field--${name} ${error ? 'm-field--error' : ''}`}>
      {label && <Text className='m-field__label'>{label}</Text>}
      <View className='m-chips' role='radiogroup'>
        {options.map((o) => (
          <View
            key={o.value}
            className={`m-chip ${value === o.value ? 'm-chip--on' : ''}`}
            role='radio'
            onClick={() => onChange(o.value)}
          >
            <Text>{o.label}</Text>
          </View>
        ))}
      </View>
      <FieldError message={error} />
    </View>
  )
}

