import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Popup } from '@nutui/nutui-react-taro'
import { DEMO_IDENTITIES, GUEST_LABEL, IDENTITY_EVENT, getDemoOpenid, identityLabel, setDemoOpenid } from '@/api'
import './index.scss'

/** The current H5 demo identity, kept in sync across every mounted picker. */
function useDemoIdentity(): [string | null, (openid: string | null) => void] {
  const [openid, setOpenid] = useState<string | null>(() => getDemoOpenid())
  useEffect(() => {
    const on = (v: string | null) => setOpenid(v ?? null)
    Taro.eventCenter.on(IDENTITY_EVENT, on)
    return () => void Taro.eventCenter.off(IDENTITY_EVENT, on)
  }, [])
  return [openid, setDemoOpenid]
}

const OPTIONS = [...DEMO_IDENTITIES, { openid: '', label: GUEST_LABEL, hint: '不带身份，只能浏览公开内容' }]

function Options({ current, onPick }: { current: string | null; onPick: (openid: string | null) => void }) {
  return (
    <View className='identity-picker__options'>
      {OPTIONS.map((d) => {
        const selected = (current ?? '') === d.openid
        return (
          <View
            key={d.openid || 'guest'}
            className={`identity-option identity-option-${d.openid || 'guest'} ${selected ? 'identity-option--selected' : ''}`}
            hoverClass='identity-option--pressed'
            onClick={() => onPick(d.openid || null)}
          >
            <View className='identity-option__text'>
              <Text className='identity-option__label'>{d.label}</Text>
              <Text className='identity-option__hint'>{d.hint}</Text>
            </View>
            {selected && <Text className='identity-option__check'>当前</Text>}
          </View>
        )
      })}
    </View>
  )
}

export interface IdentityPickerProps {
  /** list: every identity inline (我的); bar: one line with 切换 opening the list (首页). */
  variant?: 'list' | 'bar'
}

/**
 * H5 demo only: choose who the local gateway takes you to be (sent as `x-openid`).
 * Renders nothing in the mini-program, where the identity is WeChat's.
 */
export function IdentityPicker({ variant = 'list' }: IdentityPickerProps) {
  const [current, setCurrent] = useDemoIdentity()
  const [open, setOpen] = useState(false)
  if (process.env.TARO_ENV !== 'h5') return null

  const pick = (openid: string | null) => {
    setCurrent(openid)
    setOpen(false)
    void Taro.showToast({ title: `已切换为${identityLabel(openid)}`, icon: 'none' })
  }

  if (variant === 'list') return <Options current={current} onPick={pick} />
  return (
    <View className='identity-bar'>
      <Text className='identity-bar__text'>
        演示身份：<Text className='identity-bar__current'>{identityLabel(current)}</Text>
      </Text>
      <View className='identity-bar__switch' hoverClass='identity-bar__switch--pressed' onClick={() => setOpen(true)}>
        切换身份
      </View>
      {/* Rendered on <body>: inside the page it would sit under H5's tab bar. */}
      <Popup visible={open} position='bottom' round title='选择演示身份' portal={() => document.body} onClose={() => setOpen(false)}>
        <Options current={current} onPick={pick} />
      </Popup>
    </View>
  )
}

export default IdentityPicker
