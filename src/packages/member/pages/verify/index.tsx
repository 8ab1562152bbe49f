import { useState } from 'react'
import { Text } from '@tarojs/components'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { useQuery } from '@/hooks/useApi'
import { isVoucherToken, useTillScan } from '@/hooks/useTillScan'
import { Notice } from '@/ui/Notice'
import { PasteBox } from '@/ui/PasteBox'
import './index.scss'
import { Row, Rows } from '@/ui/Rows'
import { StaffOnly } from '@/ui/StaffOnly'

type Redeemed = { cardNo: string; name: string; partnerId: string; usedAt: string; offer?: string }
type Outcome = { ok: true; r: Redeemed } | { ok: false; code: string; message: string; usedAt?: string; codeUsed?: boolean }

/** HH:mm on the Shanghai wall clock, whatever the phone's time zone. */
export const hhmm = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(11, 16)

const OUTCOME_TEXT: Record<string, { title: string; hint: string; kind: 'warning' | 'error' }> = {
  ALREADY_USED: { title: '今日已使用', hint: '每位会员在同一合作单位每天限享受一次优惠。', kind: 'warning' },
  EXPIRED: { title: '二维码已过期', hint: '请会员在会员卡页面点「立即刷新」后重新出示。', kind: 'warning' },
  INVALID_TOKEN: { title: '无效的二维码', hint: '这不是工惠驿站的会员卡二维码，或二维码内容不完整。', kind: 'error' },
  NOT_MEMBER: { title: '会员卡已失效', hint: '请会员联系工会确认会员状态。', kind: 'error' },
}
/** An offline code (made on the member's phone) scanned a second time: the code, not the benefit, was used. */
const CODE_USED = { title: '二维码已用过', hint: '同一个二维码只能扫一次，请会员稍等几秒让二维码更新后再出示。', kind: 'warning' as const }

function OutcomeView({ o }: { o: Outcome }) {
  if (o.ok) {
    return (
      <Notice kind='success' title='核销成功'>
        <Rows className='verify__result'>
          <Row label='会员' valueClassName='verify__member'>{o.r.name}</Row>
          <Row label='会员卡号'>{o.r.cardNo}</Row>
          {o.r.offer && <Row label='优惠'>{o.r.offer}</Row>}
          <Row label='时间'>{hhmm(o.r.usedAt)}</Row>
        </Rows>
      </Notice>
    )
  }
  const t = o.code === 'ALREADY_USED' && o.codeUsed ? CODE_USED : OUTCOME_TEXT[o.code]
  return (
    <Notice kind={t?.kind ?? 'error'} title={t?.title ?? o.message}>
      <Text>{o.code === 'ALREADY_USED' && o.usedAt && !o.codeUsed ? `该会员今天 ${hhmm(o.usedAt)} 已在本店使用过。` : ''}{t?.hint ?? ''}</Text>
    </Notice>
  )
}

function Till() {
  const uses = useQuery('member', 'benefitUses', {})
  const [manual, setManual] = useState(process.env.TARO_ENV !== 'weapp')
  const { outcome, busy, pasted, setPasted, submit: redeem, scan } = useTillScan<Outcome>({
    accept: 'card',
    check: (token) => (!token ? { ok: false, code: 'INVALID_TOKEN', message: '请先扫码或粘贴二维码内容' }
      : isVoucherToken(token) ? { ok: false, code: 'VOUCHER', message: '这是清凉券二维码，请在清凉券核销中使用' }
      : null),
    outcome: (a) => {
      if (a.kind === 'card') return { ok: true, r: a.r }
      const err = a.kind === 'error' ? a.error : null
      return { ok: false, code: err?.code ?? 'INTERNAL', message: err?.message ?? '', usedAt: typeof err?.details?.usedAt === 'string' ? err.details.usedAt : undefined, codeUsed: err?.details?.codeUsed === true }
    },
    onRedeemed: () => void uses.reload(),
  })

  return (
    <>
      {uses.data && <Text className='verify__partner'>{uses.data.partner.name}</Text>}
      {uses.data && <Text className='verify__offer'>会员优惠：{uses.data.partner.offer}</Text>}
      {outcome && <OutcomeView o={outcome} />}
      <Section title='核销会员卡'>
        {process.env.TARO_ENV === 'weapp' && (
          <BigButton loading={busy} onClick={() => void scan()}>扫描会员卡二维码</BigButton>
        )}
        {manual ? (
          <PasteBox label={process.env.TARO_ENV === 'weapp' ? '无法扫码时，粘贴二维码内容' : '粘贴会员卡二维码内容（网页版无法调用摄像头扫码）'}
            placeholder='card.xxxx.xxxx' value={pasted} onChange={setPasted} busy={busy} onSubmit={() => void redeem(pasted)} />
        ) : (
          <Text className='verify__switch' onClick={() => setManual(true)}>无法扫码？手动输入</Text>
        )}
      </Section>
      <Section title={`今日核销${uses.data ? `（${uses.data.items.length}）` : ''}`} extra={<Text className='verify__reload' onClick={() => void uses.reload()}>刷新</Text>}>
        <PageState query={uses} isEmpty={(d) => d.items.length === 0} emptyTitle='今天还没有核销记录'>
          {(d) => (
            <Rows className='verify__list'>
              {d.items.map((u) => <Row key={`${u.cardNo}-${u.usedAt}`} label={hhmm(u.usedAt)}>{u.name} · {u.cardNo}</Row>)}
            </Rows>
          )}
        </PageState>
      </Section>
    </>
  )
}

export default function VerifyPage() {
  return (
    <StaffOnly className='verify' allow={(m) => m.roles.includes('merchant') && !!m.partnerId} title='仅限合作单位核销员使用'
      text='合作单位的工作人员由工会授权后，可在这里扫描会员卡二维码核销会员优惠。'>
      {() => <Till />}
    </StaffOnly>
  )
}
