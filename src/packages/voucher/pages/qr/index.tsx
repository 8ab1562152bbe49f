import { useEffect } from 'react'
import { View, Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { MissingParam } from '@/components/MissingParam'
import { useQuery } from '@/hooks/useApi'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { FINAL_CODES, useRotatingToken } from '@/hooks/useRotatingToken'
import { VoucherFace } from '../../components/ui'
import { Notice } from '@/ui/Notice'
import { TokenQr } from '@/ui/TokenQr'
import './index.scss'

const pad = (n: number) => String(n).padStart(2, '0')
const hhmm = (ms: number) => `${pad(new Date(ms).getHours())}:${pad(new Date(ms).getMinutes())}`

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
  // Made on the phone every 30 s from the voucher's offline key (kept on the device, so it shows in a basement
  // with no signal), or the server's token when no key can be had.
  const code = useRotatingToken({ kind: 'voucher', voucherId: id })
  const { token, error } = code
  // The voucher's face: it is among the newest of the wallet (usually today's); kept on the device for offline.
  const mine = useQuery('voucher', 'mine', { limit: 50 }, { refreshOnShow: false, cacheKey: 'voucher-faces' })
  const voucher = mine.data?.items.find((v) => v.id === id)
  // Once the till has redeemed it, say so (the next refresh answers ALREADY_USED).
  useEffect(() => { if (error?.code === 'ALREADY_USED') void mine.reload() }, [error?.code]) // eslint-disable-line react-hooks/exhaustive-deps -- once per new error code; `mine` is a new object each render

  const final = error && FINAL_CODES.voucher.has(error.code)
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
        <TokenQr code={code} word='券码' caption='请向收银员出示，扫码抵扣' cool
          offlineText={(validUntil) => `现在没有网络，券码由手机生成，收银员照常扫码即可${validUntil ? `（${hhmm(validUntil)} 前有效）` : ''}。`}
          noKeyText='这张券还没有存到手机上：请在有网的地方打开一次，之后没网也能出示。'
          errorHint='稍后会自动重试。'
          hint='券码每 30 秒更新，截图无效；没网也能出示；仅限当天使用，每张只能抵扣一次。'>
          {token && process.env.TARO_ENV === 'h5' && (
            <View className='voucher-qr__text'>
              <Text className='voucher-qr__text-label'>券码内容（网页演示版可复制给收银员粘贴）</Text>
              <Text className='voucher-qr__token' userSelect>{token}</Text>
            </View>
          )}
        </TokenQr>
      )}
    </View>
  )
}
