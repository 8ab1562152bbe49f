import { View, Text } from '@tarojs/components'
import type { Member } from '@contract'
import { INDUSTRY_LABELS } from '@contract/common'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { useMe } from '@/hooks/useMe'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { useRotatingToken } from '@/hooks/useRotatingToken'
import { Notice } from '@/ui/Notice'
import { TokenQr } from '@/ui/TokenQr'
import './index.scss'

const pad = (n: number) => String(n).padStart(2, '0')
const dateTime = (ms: number) => { const d = new Date(ms); return `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}` }

/** GH2109001001 → GH 2109 001001: easier to read out at a till. */
const spaced = (cardNo: string) => cardNo.replace(/^([A-Z]+)(\d{4})(\d+)$/, '$1 $2 $3')

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

/**
 * The card's QR: made on the phone every 30 s from the card's offline key (kept on the device for some days,
 * so it shows with no signal), or the server's token when no key can be had.
 */
function LiveQr() {
  const code = useRotatingToken({ kind: 'card' })
  return (
    <TokenQr code={code} word='二维码' caption='请向合作单位工作人员出示，扫码核销'
      offlineText={(validUntil) => `现在没有网络，二维码由手机生成，照常扫码即可${validUntil ? `（${dateTime(validUntil)} 前有效，联网后自动续期）` : ''}。`}
      noKeyText='请在有网的地方打开一次会员卡，之后几天内没网也能出示。'
      errorHint={code.error?.code === 'RATE_LIMITED' ? '稍后会自动重试。' : ''}
      hint='二维码每 30 秒更新，截图无效；没网也能出示；同一合作单位每天可享受一次优惠。' />
  )
}

export default function CardPage() {
  const state = useMe()
  return (
    <View className='page card'>
      <PageState query={state.query}>
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
