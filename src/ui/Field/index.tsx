import { View, Text, Input, Textarea } from '@tarojs/components'
import { FieldError } from '@/components/FieldError'
import './index.scss'

export interface FieldProps {
  label: string
  /** The field's name: the box gets `ui-field--<name>` (pages and tests find it by that). */
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
    <View className={`ui-field ui-field--${name} ${error ? 'ui-field--error' : ''}`}>
      <Text className='ui-field__label'>{label}</Text>
      {multiline ? (
        <Textarea className='ui-field__input ui-field__input--multi' value={value} placeholder={placeholder} maxlength={maxlength} autoHeight disabled={disabled}
          onInput={(e) => onChange(e.detail.value)} />
      ) : (
        <Input className='ui-field__input' value={value} type={type} placeholder={placeholder} maxlength={maxlength} disabled={disabled}
          onInput={(e) => onChange(e.detail.value)} />
      )}
      {hint && !error && <Text className='ui-field__hint'>{hint}</Text>}
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

/** One choice out of a few, as big tappable chips (a picker needs two taps and a scroll). */
export function Chips<T extends string>({ label, name, options, value, onChange, error, small, disabled }: ChipsProps<T>) {
  return (
    <View className={`ui-field ui-field--${name} ${error ? 'ui-field--error' : ''}`}>
      {label && <Text className='ui-field__label'>{label}</Text>}
      <View className='ui-chips' role='radiogroup'>
        {options.map((o) => (
          <View key={o.value} className={`ui-chip ${small ? 'ui-chip--small' : ''} ${value === o.value ? 'ui-chip--on' : ''} ${disabled?.[o.value] ? 'ui-chip--disabled' : ''}`} role='radio'
            aria-disabled={disabled?.[o.value] ? true : undefined}
            onClick={() => { if (!disabled?.[o.value]) onChange(o.value) }}>
            <Text>{o.label}</Text>
          </View>
        ))}
      </View>
      {options.filter((o) => disabled?.[o.value]).map((o) => (
        <Text key={o.value} className={`ui-chips__note ui-chips__note--${o.value}`}>{o.label}：{disabled?.[o.value]}</Text>
      ))}
      <FieldError message={error} />
    </View>
  )
}

export interface MultiChipsProps<T extends string> {
  label: string
  name: string
  options: ReadonlyArray<{ value: T; label: string }>
  value: T[]
  onChange: (v: T[]) => void
  error?: string
  /** The chosen chips in the 清凉 blue. */
  tone?: 'cool'
}

/** Several choices out of a few, as big toggling chips (the same box and chips as Chips). */
export function MultiChips<T extends string>({ label, name, options, value, onChange, error, tone }: MultiChipsProps<T>) {
  const toggle = (x: T) => onChange(value.includes(x) ? value.filter((y) => y !== x) : [...value, x])
  return (
    <View className={`ui-field ui-field--${name} ${error ? 'ui-field--error' : ''}`}>
      <Text className='ui-field__label'>{label}</Text>
      <View className={`ui-chips ${tone ? `ui-chips--${tone}` : ''}`} role='group'>
        {options.map((o) => (
          <View key={o.value} className={`ui-chip ${value.includes(o.value) ? 'ui-chip--on' : ''}`} onClick={() => toggle(o.value)}>
            <Text>{o.label}</Text>
          </View>
        ))}
      </View>
      <FieldError message={error} />
    </View>
  )
}
