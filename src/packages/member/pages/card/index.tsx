import { useCallback, useEffect, useRef, useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import type { Member } from '@contract'
import { INDUSTRY_LABELS } from '@contract/common'
import { ApiError, call } from '@/api'
import { BigButton } from '@/components/BigButton'
import { Countdown } from '@/components/Countdown'
import { PageState } from '@/components/PageState'
import { QrCode } from '@/components/QrCode'
import { useMe } from '@/hooks/useMe'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { Notice } from '../../components/form'
import './index.scss'

/** A token is valid 60 s; a fresh one is fetched after 50 s so the code on screen never runs out. */
export const REFRESH_MS = 50_000
const VALID_MS = 60_000
/** After a failed fetch (network, rate limit), try again after this long. */
const RETRY_MS = 10_000

interface Shown { token: string; refreshAt: number; expiresAt: number }

/** GH2109001001 → GH 2109 001001: easier to read out at a till. */
const spaced = (cardNo: string) => cardNo.replace(/^([A-Z]+)(\d{4})(\d+)$/, '$1 $2 $3')

/** The card's QR token, refreshed while the page is shown and paused while it is hidden. */
function useCardToken() {
  const [shown, setShown] = useState<Shown | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(false)
  const [expired, setExpired] = useState(false)
  const timers = useRef<ReturnType<typeof setTimeout>[]>([])
  const visible = useRef(true)
  const clear = () => { timers.current.forEach(clearTimeout); timers.current = [] }

  const refresh = useCallback(async () => {
    clear()
    setLoading(true)
    try {
      const t = await call('member', 'cardToken', {})
      const now = Date.now()
      // Local times: the phone's clock may be off from the server's, the durations are not.
      setShown({ token: t.token, refreshAt: now + REFRESH_MS, expiresAt: now + VALID_MS })
      setExpired(false)
      setError(null)
      if (visible.current) {
        timers.current.push(setTimeout(() => void refresh(), REFRESH_MS))
        timers.current.push(setTimeout(() => setExpired(true), VALID_MS))
      }
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError('INTERNAL', '系统开小差了，请稍后再试'))
      const retryable = e instanceof ApiError && (e.code === 'NETWORK' || e.code === 'RATE_LIMITED' || e.code === 'INTERNAL')
      if (visible.current && retryable) timers.current.push(setTimeout(() => void refresh(), RETRY_MS))
    } finally {
      setLoading(false)
    }
  }, [])

  const start = useCallback(() => {
    visible.current = true
    void refresh()
  }, [refresh])

  useDidShow(() => {
    if (!visible.current) start()
  })
  useDidHide(() => {
    visible.current = false
    clear()
  })
  useEffect(() => () => { visible.current = false; clear() }, [])

  return { shown, error, loading, expired, start, refresh }
}

function CardFace({ member }: { member: Member }) {
  return (
    <View className='card-face'>
      <View className='card-face__head'>
        <Text className='card-face__org'>{member.city}市总工会</Text>
        <Text className='card-face__kind'>工会会员卡</Text>
      </View>
      <Text className='card-face__name'>{member.name}</Text>
      <Text className='card-face__no'>{spaced(member.cardNo ?? '')}</Text>
      <View className='card-face__meta'>
        <Text>{member.city}</Text>
        <Text className='card-face__dot'>·</Text>
        <Text>{INDUSTRY_LABELS[member.industry]}</Text>
      </View>
      <Text className='card-face__employer'>{member.employer}</Text>
    </View>
  )
}

function LiveQr() {
  const { shown, error, loading, expired, start, refresh } = useCardToken()
  useEffect(() => {
    start()
    if (process.env.TARO_ENV === 'weapp') Taro.setKeepScreenOn({ keepScreenOn: true }).catch(() => undefined)
  }, [start])

  return (
    <View className='card-qr'>
      {shown ? (
        <QrCode value={shown.token} size={440} dimmed={expired} caption={expired ? '二维码已过期' : '请向合作单位工作人员出示，扫码核销'} />
      ) : (
        <View className='card-qr__placeholder'><Text>{loading ? '正在生成二维码…' : ' '}</Text></View>
      )}
      {shown && !expired && !error && (
        <Countdown key={shown.refreshAt} to={shown.refreshAt} className='card-qr__countdown' format={(_t, s) => `${s} 秒后自动刷新`} />
      )}
      {error && <Notice kind='error' title={error.message}><Text>{error.code === 'RATE_LIMITED' || error.code === 'NETWORK' ? '稍后会自动重试。' : ''}</Text></Notice>}
      <BigButton type='default' loading={loading} onClick={() => void refresh()}>立即刷新</BigButton>
      <Text className='card-qr__hint'>二维码每分钟更新，截图无效；同一合作单位每天可享受一次优惠。</Text>
    </View>
  )
}

export default function CardPage() {
  const state = useMe()
  return (
    <View className='page card'>
      <PageState query={{ data: state.me, error: state.error, loading: state.loading, reload: state.reload }}>
        {(me) => {
          const m = me?.member
          if (!me) return <Notice kind='info' title='请先登录'><Text>{process.env.TARO_ENV === 'h5' ? '请在「我的」页面选择一个演示身份。' : '请使用微信打开。'}</Text></Notice>
          if (!m || m.status !== 'active') {
            return (
              <>
                <Notice kind={m?.status === 'pending' ? 'warning' : 'info'} title={m?.status === 'pending' ? '入会申请审核中' : m?.status === 'rejected' ? '入会申请未通过' : '您还不是工会会员'}>
                  <Text>{m?.status === 'pending' ? '审核通过后即可使用电子会员卡。' : m?.status === 'rejected' ? `原因：${m.reason || '未填写'}` : '入会后可在合作单位出示电子会员卡享受优惠。'}</Text>
                </Notice>
                <BigButton onClick={() => void go(ROUTES.member.join)}>{m ? '查看入会申请' : '申请入会'}</BigButton>
              </>
            )
          }
          return (
            <>
              <CardFace member={m} />
              <LiveQr />
              <BigButton type='default' onClick={() => void go(ROUTES.member.partners)}>查看合作商户和优惠</BigButton>
            </>
          )
        }}
      </PageState>
    </View>
  )
}
