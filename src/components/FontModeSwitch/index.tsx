import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { FONT_MODE_EVENT, getFontMode, setFontMode, type FontMode } from '@/utils/fontMode'
import './index.scss'

/** 长辈模式 on or off (in 我的): bigger text and buttons on every page, remembered on this phone. */
export function FontModeSwitch() {
  const [mode, setMode] = useState<FontMode>(getFontMode)
  useEffect(() => {
    const on = (m: FontMode) => setMode(m)
    Taro.eventCenter.on(FONT_MODE_EVENT, on)
    return () => void Taro.eventCenter.off(FONT_MODE_EVENT, on)
  }, [])
  const elder = mode === 'elder'
  const toggle = () => {
    const next: FontMode = elder ? 'standard' : 'elder'
    setFontMode(next)
    setMode(next)
    void Taro.showToast({ title: next === 'elder' ? '已开启长辈模式' : '已关闭长辈模式', icon: 'none' })
  }
  return (
    <View
      className={`font-mode ${elder ? 'font-mode--on' : ''}`}
      role='switch'
      ariaLabel='长辈模式'
      hoverClass='font-mode--pressed'
      onClick={toggle}
    >
      <View className='font-mode__text'>
        <Text className='font-mode__title'>长辈模式</Text>
        <Text className='font-mode__hint'>字更大、按钮更大，只在这台手机上生效</Text>
      </View>
      <View className='font-mode__switch'>
        <Text className='font-mode__state'>{elder ? '已开启' : '已关闭'}</Text>
      </View>
    </View>
  )
}

export default FontModeSwitch
