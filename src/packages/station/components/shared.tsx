import { View, Text, Input, Textarea } from '@tarojs/components'
import { FieldError } from '@/components/FieldError'
import './shared.scss'


export interface FieldProps {
  label: string
  name: string
  value: string
  onChange: (v: string) => void
  error?: string
  placeholder?: string
  type?: 'text' | 'number' | 'digit'
  hint?: string
  maxlength?: number
  multiline?: boolean
}

/** A labelled input, tall enough for a thumb, with its error under it. */
export function Field({ label, name, value, onChange, error, placeholder, type = 'text', hint, maxlength = 60, multiline }: FieldProps) {
  return (
    <View className={`st-field st-field--${name} ${error ? 'st-field--error' : ''}`}>
      <Text className='st-field__label'>{label}</Text>
      {multiline ? (
        <Textarea className='st-field__input st-field__input--multi' value={value} placeholder={placeholder} maxlength={maxlength} onInput={(e) => onChange(e.detail.value)} />
      ) : (
        <Input className='st-field__input' value={value} type={type} placeholder={placeholder} maxlength={maxlength} onInput={(e) => onChange(e.detail.value)} />
      )}
      {hint && !error && <Text className='st-field__hint'>{hint}</Text>}
      <FieldError message={error} />
    </View>
  )
}

/** Five big stars to tap. */
export function StarPicker({ value, onChange }: { value: number; onChange: (n: number) => void }) {
  const words = ['', '很差', '较差', '一般', '不错', '很好']
  return (
    <View className='st-star-picker'>
      <View className='st-star-picker__row'>
        {[1, 2, 3, 4, 5].map((n) => (
          <View key={n} className={`st-star-picker__star st-star-picker__star--${n} ${n <= value ? 'st-star-picker__star--on' : ''}`} ariaLabel={`${n} 星`} onClick={() => onChange(n)}>
            ★
          </View>
        ))}
      </View>
      <Text className='st-star-picker__word'>{value ? `${value} 星 · ${words[value]}` : '点星星打分'}</Text>
    </View>
  )
}

/** Field → first message of a zod parse (the same schema the function uses). */
export function fieldErrorsOf(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const i of issues) out[i.path.map(String).join('.') || '_'] ??= i.message
  return out
}
