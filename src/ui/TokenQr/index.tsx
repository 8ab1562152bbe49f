import { useEffect, type ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { BigButton } from '@/components/BigButton'
import { Countdown } from '@/components/Countdown'
import { QrCode } from '@/components/QrCode'
import type { useRotatingToken } from '@/hooks/useRotatingToken'
import { Notice } from '../Notice'
import './index.scss'

export interface TokenQrProps {
  /** useRotatingToken's answer (the page also reads its error for its own final states). */
  code: ReturnType<typeof useRotatingToken>
  /** What the code is called here: 二维码 (the card), 券码 (a voucher). */
  word: string
  /** Under the QR: who to show it to. */
  caption: string
  /** The 离线 notice's text, given how long the kept key lasts. */
  offlineText: (validUntil: number | null) => string
  /** Said when there is neither network nor a kept key. */
  noKeyText: string
  /** Said under a failure's message. */
  errorHint: string
  /** The small print at the bottom. */
  hint: string
  /** The 清凉 blue for the countdown. */
  cool?: boolean
  /** Between 立即刷新 and the small print (the H5 demo's copyable code). */
  children?: ReactNode
}

/**
 * The rotating QR shown at a till (the member card, a voucher): the code with its countdown to the next one,
 * what it means to be offline, 立即刷新. Keeps the mini-program's screen on while shown.
 */
export function TokenQr({ code, word, caption, offlineText, noKeyText, errorHint, hint, cool, children }: TokenQrProps) {
  const { token, changesAt, offline, validUntil, error, loading, refresh } = code
  useEffect(() => {
    if (process.env.TARO_ENV === 'weapp') Taro.setKeepScreenOn({ keepScreenOn: true }).catch(() => undefined)
  }, [])

  return (
    <View className={`ui-token-qr ${cool ? 'ui-token-qr--cool' : ''}`}>
      {token ? (
        <QrCode value={token} size={440} caption={caption} />
      ) : (
        <View className='ui-token-qr__placeholder'><Text>{loading ? `正在生成${word}…` : offline ? '没有网络' : ' '}</Text></View>
      )}
      {token && changesAt !== null && (
        <Countdown key={changesAt} to={changesAt} className='ui-token-qr__countdown' format={(_t, s) => `${s} 秒后自动刷新`} />
      )}
      {token && offline && (
        <Notice kind='info' title={`离线${word}`}><Text>{offlineText(validUntil)}</Text></Notice>
      )}
      {!token && offline && (
        <Notice kind='error' title={`没有网络，无法生成${word}`}><Text>{noKeyText}</Text></Notice>
      )}
      {error && !offline && <Notice kind='error' title={error.message}><Text>{errorHint}</Text></Notice>}
      <BigButton type='default' loading={loading} onClick={() => void refresh()}>立即刷新</BigButton>
      {children}
      <Text className='ui-token-qr__hint'>{hint}</Text>
    </View>
  )
}
