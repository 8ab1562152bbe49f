import { View, Text } from '@tarojs/components'
import type { Voucher } from '@contract'
import { BigButton } from '@/components/BigButton'
import { Section } from '@/components/Section'
import { useTillScan } from '@/hooks/useTillScan'
import { hhmm, thresholdText, yuan } from '@/packages/voucher/components/format'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { Notice } from '@/ui/Notice'
import { PasteBox } from '@/ui/PasteBox'
import './index.scss'
import { StaffOnly } from '@/ui/StaffOnly'

type Outcome =
  | { kind: 'voucher'; voucher: Voucher; at: string }
  | { kind: 'card'; name: string; cardNo: string; at: string }
  | { kind: 'error'; code: string; message: string; at?: string }

const ERROR_TEXT: Record<string, { title: string; hint: string; tone: 'warning' | 'error' }> = {
  ALREADY_USED: { title: '已经使用过了', hint: '这张券已抵扣过，不能重复使用。', tone: 'warning' },
  EXPIRED: { title: '已过期', hint: '券码一分钟有效，清凉券仅限领取当天使用。请顾客刷新券码后重新出示；若是昨天的券则不能使用。', tone: 'warning' },
  INVALID_TOKEN: { title: '无效的券码', hint: '这不是工惠驿站的清凉券或会员卡二维码，或内容不完整。', tone: 'error' },
  NOT_MEMBER: { title: '会员卡已失效', hint: '请会员联系工会确认会员状态。', tone: 'error' },
  FORBIDDEN: { title: '没有核销权限', hint: '请联系工会为本店开通核销员权限。', tone: 'error' },
}

function OutcomeView({ o }: { o: Outcome }) {
  if (o.kind === 'voucher') {
    return (
      <Notice kind='success' title={`核销成功 · 抵扣 ${yuan(o.voucher.faceValue)} 元`}>
        <View className='redeem__rows'>
          <Text className='redeem__row'>{o.voucher.title}</Text>
          <Text className='redeem__row'>{thresholdText(o.voucher.threshold)} · {hhmm(o.at)} 核销</Text>
        </View>
      </Notice>
    )
  }
  if (o.kind === 'card') {
    return (
      <Notice kind='success' title='会员卡核销成功'>
        <Text className='redeem__row'>{o.name} · {o.cardNo} · {hhmm(o.at)}</Text>
      </Notice>
    )
  }
  const t = ERROR_TEXT[o.code]
  return (
    <Notice kind={t?.tone ?? 'error'} title={t?.title ?? o.message}>
      <Text>{o.code === 'ALREADY_USED' && o.at ? `已于 ${hhmm(o.at)} 核销。` : ''}{t?.hint ?? ''}</Text>
    </Notice>
  )
}

function Till() {
  const { outcome, busy, pasted, setPasted, submit: redeem, scan } = useTillScan<Outcome>({
    accept: 'any',
    check: (token) => (token ? null : { kind: 'error', code: 'INVALID_TOKEN', message: '请先扫码或粘贴券码' }),
    outcome: (a) => {
      // The member card's QR at the same till: the union benefit, not a voucher.
      if (a.kind === 'card') return { kind: 'card', name: a.r.name, cardNo: a.r.cardNo, at: a.r.usedAt }
      if (a.kind === 'voucher') return { kind: 'voucher', voucher: a.r.voucher, at: a.r.redeemedAt }
      const at = a.error.details?.redeemedAt ?? a.error.details?.usedAt
      return { kind: 'error', code: a.error.code, message: a.error.message, at: typeof at === 'string' ? at : undefined }
    },
  })

  const weapp = process.env.TARO_ENV === 'weapp'
  return (
    <>
      {outcome && <OutcomeView o={outcome} />}
      <Section title='扫码核销'>
        {weapp && <BigButton loading={busy} onClick={() => void scan()}>扫描顾客的券码</BigButton>}
        <PasteBox label={weapp ? '无法扫码时，粘贴券码内容' : '粘贴顾客的券码内容（网页版无法调用摄像头扫码）'}
          placeholder='voucher.xxxx.xxxx' value={pasted} onChange={setPasted} busy={busy} onSubmit={() => void redeem(pasted)} />
        <Text className='redeem__hint'>清凉券：每张一次、仅限当天；会员卡：本单位每天一次优惠。</Text>
      </Section>
    </>
  )
}

/** The supermarket till: scan (or paste) a voucher's QR and deduct it; member cards work here too. */
export default function RedeemPage() {
  return (
    <StaffOnly className='redeem' allow={(m) => m.roles.includes('merchant')} title='仅限商户核销员使用'
      text='合作商超的收银员由工会授权后，可在这里扫描清凉券二维码抵扣冷饮。'
      otherwise={<BigButton type='default' onClick={() => void go(ROUTES.cooling)}>返回智送清凉</BigButton>}>
      {() => <Till />}
    </StaffOnly>
  )
}
