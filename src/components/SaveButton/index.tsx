import { useEffect, useRef, useState, type ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import { BigButton } from '@/components/BigButton'
import './index.scss'

export interface SaveButtonProps {
  children: ReactNode
  /** True while the save is in flight. */
  saving: boolean
  onSave: () => void
  className?: string
  type?: 'primary' | 'success' | 'danger'
  /** What a tap during a save is told (the save in flight is not repeated). */
  busyText?: string
}

/**
 * A save button that never swallows a tap: while a save is in flight it stays tappable, and a second tap
 * is answered on the spot ("正在保存…") instead of being dropped without a word or sent twice. The note
 * sits under the button (role=status, read out), never over the form.
 */
export function SaveButton({ children, saving, onSave, className, type = 'primary', busyText = '正在保存，请稍候；这次点击不会重复提交' }: SaveButtonProps) {
  const [busyTap, setBusyTap] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current) }, [])
  useEffect(() => { if (!saving) setBusyTap(false) }, [saving])
  const tap = () => {
    if (!saving) { onSave(); return }
    setBusyTap(true)
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => setBusyTap(false), 3000)
  }
  return (
    <View className={`save-button ${className ?? ''}`}>
      <BigButton type={type} onClick={tap} className={`save-button__button ${saving ? 'save-button__button--saving' : ''}`}>
        {saving ? '保存中…' : children}
      </BigButton>
      <View className='save-button__note' role='status' aria-live='polite'>
        {busyTap && <Text className='save-button__busy'>{busyText}</Text>}
      </View>
    </View>
  )
}

export default SaveButton
