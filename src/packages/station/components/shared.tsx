import { View, Text } from '@tarojs/components'
import { Field as UiField, type FieldProps } from '@/ui/Field'
import './shared.scss'

/** The kit's field; station texts are at most 60 characters unless the page says otherwise. */
export const Field = (p: FieldProps) => <UiField maxlength={60} {...p} />

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
