import { View, Text, Textarea } from '@tarojs/components'
import { BigButton } from '@/components/BigButton'
import './index.scss'

export interface PasteBoxProps {
  label: string
  placeholder: string
  value: string
  onChange: (v: string) => void
  busy: boolean
  onSubmit: () => void
}

/** A till's paste box: the QR's text when the camera cannot be used (the web build, a broken camera), then 核销. */
export function PasteBox({ label, placeholder, value, onChange, busy, onSubmit }: PasteBoxProps) {
  return (
    <View className='ui-paste'>
      <Text className='ui-paste__label'>{label}</Text>
      <Textarea className='ui-paste__input' value={value} placeholder={placeholder} maxlength={512} onInput={(e) => onChange(e.detail.value)} />
      <BigButton className='ui-paste__submit' type={process.env.TARO_ENV === 'weapp' ? 'default' : 'primary'} loading={busy} onClick={onSubmit}>核销</BigButton>
    </View>
  )
}
