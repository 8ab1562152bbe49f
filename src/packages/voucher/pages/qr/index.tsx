import { useCallback, useEffect, useRef, useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro'
import { ApiError, call } from '@/api'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { Countdown } from '@/components/Countdown'
import { MissingParam } from '@/components/MissingParam'
import { QrCode } from '@/components/QrCode'
import { useQuery } from '@/hooks/useApi'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { Notice, VoucherFace } from '../../components/ui'
import './index.scss'

/** A token is valid 60 s; a fresh one is fetched after 50 s so the code on screen never runs out. */
export const REFRESH_MS = 50_000
const VALID_MS = 60_000
const RETRY_MS = 10_000

interface Shown { token: string; refreshAt: number; expiresAt: number }

/** Codes after which no new QR will ever come: the voucher was used, expired, or is not the caller's. */
const FINAL = new Set(['ALREADY_USED', 'EXPIRED', 'NOT_FOUND', 'UNAUTHENTICATED'])

/** The voucher's QR token, refreshed while the page is shown, paused while hidden, stopped once final. */
function useVoucherToken(voucherId: string) {
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
      const t = await call('voucher', 'voucherToken', { voucherId })
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
      const err = e instanceof ApiError ? e : new ApiError('INTERNAL', '系统开小差了，请稍后再试')
      setError(err)
      if (FINAL.has(err.code)) setShown(null)
      else if (visible.current) timers.current.push(setTimeout(() => void refresh(), RETRY_MS))
    } finally {
      setLoading(false)
    }
  }, [voucherId])

  useDidShow(() => {
    if (!visible.current) { visible.current = true; void refresh() }
  })
  useDidHide(() => { visible.current = false; clear() })
  useEffect(() => {
    visible.current = true
    void refresh()
    return () => { visible.current = false; clear() }
  }, [refresh])

  return { shown, error, loading, expired, refresh }
}

/** One voucher's QR for the cashier, with a countdown to the next refresh. */
export default function VoucherQr() {
  const id = decodeURIComponent(useRouter().params.id ?? '')
  if (!id) {
    return (
      <View className='page voucher-qr'>
        <MissingParam what='清凉券' from='「我的清凉券」' url={ROUTES.voucher.wallet} action='去我的清凉券' />
        <BackHome />
      </View>
    )
  }
  return <VoucherQrOf id={id} />
}

function VoucherQrOf({ id }: { id: string }) {
  const { shown, error, loading, expired, refresh } = useVoucherToken(id)
  // The voucher's face: it is among the newest of the wallet (usually today's).
  const mine = useQuery('voucher', 'mine', { limit: 50 }, { refreshOnShow: false })
  const voucher = mine.data?.items.find((v) => v.id === id)
  useEffect(() => {
    if (process.env.TARO_ENV === 'weapp') Taro.setKeepScreenOn({ keepScreenOn: true }).catch(() => undefined)
  }, [])
  // Once the till has redeemed it, say so (the next refresh answers ALREADY_USED).
  useEffect(() => { if (error?.code === 'ALREADY_USED') void mine.reload() }, [error?.code]) // eslint-disable-line react-hooks/exhaustive-deps -- once per new error code; `mine` is a new object each render

  const final = error && FINAL.has(error.code)
  return (
    <View className='page voucher-qr'>
      {voucher && <VoucherFace v={error?.code === 'ALREADY_USED' && voucher.status === 'unused' ? { ...voucher, status: 'used' } : voucher} />}
      {final ? (
        <>
          <Notice kind={error!.code === 'ALREADY_USED' ? 'success' : 'warning'} title={error!.code === 'ALREADY_USED' ? '已核销' : error!.message}>
            <Text>{error!.code === 'ALREADY_USED' ? '这张清凉券已经抵扣，祝您清凉一夏！' : error!.code === 'EXPIRED' ? '清凉券仅限领取当天使用，明天再来领新的。' : '请回到「我的清凉券」重新选择。'}</Text>
          </Notice>
          <BigButton onClick={() => void go(ROUTES.voucher.wallet)}>返回我的清凉券</BigButton>
          <BigButton type='default' onClick={() => void go(ROUTES.cooling)}>去领券</BigButton>
        </>
      ) : (
        <View className='voucher-qr__code'>
          {shown ? (
            <QrCode value={shown.token} size={440} dimmed={expired} caption={expired ? '券码已过期，请刷新' : '请向收银员出示，扫码抵扣'} />
          ) : (
            <View className='voucher-qr__placeholder'><Text>{loading ? '正在生成券码…' : ' '}</Text></View>
          )}
          {shown && !expired && !error && (
            <Countdown key={shown.refreshAt} to={shown.refreshAt} className='voucher-qr__countdown' format={(_t, s) => `${s} 秒后自动刷新`} />
          )}
          {error && <Notice kind='error' title={error.message}><Text>稍后会自动重试。</Text></Notice>}
          <BigButton type='default' loading={loading} onClick={() => void refresh()}>立即刷新</BigButton>
          {shown && process.env.TARO_ENV === 'h5' && (
            <View className='voucher-qr__text'>
              <Text className='voucher-qr__text-label'>券码内容（网页演示版可复制给收银员粘贴）</Text>
              <Text className='voucher-qr__token' userSelect>{shown.token}</Text>
            </View>
          )}
          <Text className='voucher-qr__hint'>券码每分钟更新，截图无效；仅限当天使用，每张只能抵扣一次。</Text>
        </View>
      )}
    </View>
  )
}
