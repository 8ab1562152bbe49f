import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { CampaignView, Voucher } from '@contract'
import { INDUSTRY_LABELS, type IneligibleReason } from '@contract/labels'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { Skeleton } from '@/components/Skeleton'
import { QUEUE_MESSAGE, retryReason, useAction, useQuery, useRequestIds, type ApiError } from '@/hooks/useApi'
import { useSubscribe, useUnreadBadge } from '@/hooks/useSubscribe'
import { PROGRAMMES } from '@/content'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { hhmm, monthDay, thresholdText, yuan } from '@/packages/voucher/components/format'
import '@/styles/tab-landing.scss'
import './index.scss'

/** `retry`: no definite answer (no network, or still queued when the app stopped waiting): tapping again resends the same request. */
type Outcome = { ok: true; voucher: Voucher } | { ok: false; code: string; message: string; retry: boolean }

/** Where a worker who cannot claim goes next, by reason code (never by the text): never a dead end. */
const NEXT_STEP: Partial<Record<IneligibleReason, { text: string; url: string }>> = {
  SIGN_IN: { text: '去选择身份', url: ROUTES.me },
  NOT_JOINED: { text: '申请入会', url: ROUTES.member.join },
}

/**
 * What to tell a worker who cannot claim, and where to go next. The text is the function's `message`, written
 * from the contract's table (INELIGIBLE_LABELS in types/labels/eligibility.ts): the table stays out of the main
 * package, and a reason this build does not know yet still reads right.
 */
function Ineligible({ c }: { c: CampaignView }) {
  const why = c.ineligible
  const action = why && NEXT_STEP[why.reason]
  return (
    <View className='cool-card__state cool-card__state--muted'>
      <Text className='cool-card__reason'>{why?.message}</Text>
      {action && <BigButton type='default' onClick={() => void go(action.url)}>{action.text}</BigButton>}
    </View>
  )
}

function Claimed({ voucher }: { voucher: Voucher }) {
  return (
    <View className='cool-card__state cool-card__state--success' role='status'>
      <Text className='cool-card__success'>领取成功</Text>
      <View className='cool-ticket'>
        <Text className='cool-ticket__value'>¥{yuan(voucher.faceValue)}</Text>
        <View className='cool-ticket__side'>
          <Text className='cool-ticket__title'>{voucher.title}</Text>
          <Text className='cool-ticket__meta'>{thresholdText(voucher.threshold)} · 今天 {hhmm(voucher.expiresAt)} 前有效</Text>
        </View>
      </View>
      <BigButton onClick={() => void go(`${ROUTES.voucher.qr}?id=${encodeURIComponent(voucher.id)}`)}>出示券码</BigButton>
    </View>
  )
}

function CampaignCard({ c, outcome, busy, queued, onClaim }: { c: CampaignView; outcome?: Outcome; busy: boolean; queued: boolean; onClaim: () => void }) {
  const soldPct = c.dailyStock > 0 ? Math.round(((c.dailyStock - c.remainingToday) / c.dailyStock) * 100) : 100
  const done = c.claimedToday >= c.perMemberPerDay
  let body
  if (outcome?.ok) body = <Claimed voucher={outcome.voucher} />
  else if (c.state !== 'open') {
    body = <View className='cool-card__state cool-card__state--muted'><Text className='cool-card__reason'>{c.state === 'upcoming' ? `${monthDay(c.startDate)}开始，到时再来领` : '活动已结束，感谢参与'}</Text></View>
  } else if (!c.eligible) body = <Ineligible c={c} />
  else if (done) {
    body = (
      <View className='cool-card__state cool-card__state--success'>
        <Text className='cool-card__success'>今天已领取</Text>
        <BigButton type='default' onClick={() => void go(ROUTES.voucher.wallet)}>查看我的清凉券</BigButton>
      </View>
    )
  } else if (c.remainingToday <= 0) {
    body = <View className='cool-card__state cool-card__state--muted'><Text className='cool-card__reason'>今日已领完，明天早点来</Text></View>
  } else {
    body = (
      <View className='cool-card__state'>
        <BigButton className='cool-card__claim' loading={busy} onClick={onClaim}>{busy ? (queued ? `${QUEUE_MESSAGE}…` : '正在领取…') : '领取'}</BigButton>
        {busy && queued
          ? <Text className='cool-card__hint cool-card__queue'>{QUEUE_MESSAGE}，请别离开，轮到您会自动领取</Text>
          : <Text className='cool-card__hint'>每人每天限领 {c.perMemberPerDay} 张，当天有效</Text>}
      </View>
    )
  }
  return (
    <View className={`cool-card cool-card--${c.state}`}>
      <View className='cool-card__head'>
        <Text className='cool-card__face'>¥{yuan(c.faceValue)}</Text>
        <View className='cool-card__titles'>
          <Text className='cool-card__title'>{c.title}</Text>
          <Text className='cool-card__meta'>{c.city} · {thresholdText(c.threshold)} · {monthDay(c.startDate)}–{monthDay(c.endDate)}</Text>
        </View>
      </View>
      {c.state === 'open' && (
        <View className='cool-card__stock'>
          <Text className='cool-card__stock-text'>今日剩余 <Text className='cool-card__stock-num'>{c.remainingToday}</Text> / {c.dailyStock} 张</Text>
          <View className='cool-card__bar'><View className='cool-card__bar-fill' style={{ width: `${soldPct}%` }} /></View>
        </View>
      )}
      <Text className='cool-card__who'>{c.industries.map((i) => INDUSTRY_LABELS[i]).join('、')}</Text>
      {outcome && !outcome.ok && (
        <View className={`cool-card__error cool-card__error--${outcome.retry ? 'network' : 'final'}`} role='alert'>
          <Text>{outcome.message}</Text>
          {outcome.retry && <Text className='cool-card__error-hint'>{outcome.code === 'NETWORK' ? '有网后再点一次「领取」，不会重复领取' : '再点一次「领取」即可，不会重复领取'}</Text>}
        </View>
      )}
      {body}
    </View>
  )
}

/** The 清凉 tab: today's campaigns and one big 领取 button, for a courier at 8 a.m. on a weak signal. */
export default function Cooling() {
  const p = PROGRAMMES.cooling
  const list = useQuery('voucher', 'campaigns', {}, { cacheKey: 'campaigns' })
  const [busy, setBusy] = useState<string | null>(null)
  const [queued, setQueued] = useState(false)
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({})
  // One requestId per claim attempt, kept until the server gives a definite answer: a tap after a network
  // failure resends the same id, so a claim that did land is answered, not repeated.
  const pending = useRequestIds()
  const claimAction = useAction('voucher', 'claim', { retry: true, onRetry: ({ reason }) => { if (reason === 'busy') setQueued(true) } })
  const notices = useSubscribe(['voucher_expiring'])
  useUnreadBadge()

  // A promise chain, not async/await: the main package is compiled to ES5, where each async function costs a state machine.
  const claim = (campaignId: string) => {
    if (busy) return
    const asked = notices.prompt()
    setBusy(campaignId)
    const settled = () => { setBusy(null); setQueued(false) }
    // The eligibility pass from the list spares the server a read; an expired one costs only that read.
    const pass = list.data?.pass
    claimAction.run({ campaignId, requestId: pending.id(campaignId), ...(pass ? { pass } : {}) }).then((voucher) => {
      pending.done(campaignId)
      void notices.record(asked)
      setOutcomes((o) => ({ ...o, [campaignId]: { ok: true, voucher } }))
      settled()
      void list.reload()
    }, (err: ApiError) => {
      const retry = retryReason(err) !== null
      if (!retry) pending.done(campaignId)
      // Offline: said plainly, never queued behind the person's back; the next tap resends the same requestId.
      const message = retryReason(err) === 'busy' ? '人多，还在排队，请稍后再点一次「领取」'
        : err.code === 'NETWORK' ? '领券需要联网：现在没有网络，这次没有领到' : err.message
      setOutcomes((o) => ({ ...o, [campaignId]: { ok: false, code: err.code, message, retry } }))
      settled()
      if (err.code === 'SOLD_OUT' || err.code === 'ALREADY_CLAIMED') void list.reload()
    })
  }

  return (
    <View className='page tab-landing cooling'>
      <View className='tab-landing__hero tab-landing__hero--cool'>
        <Text className='tab-landing__title'>{p.title}</Text>
        <Text className='tab-landing__facts'>{p.facts}</Text>
      </View>
      <PageState query={list} isEmpty={(d) => d.items.length === 0} emptyTitle='暂时没有清凉活动' emptyDescription='活动开始后会在这里显示' skeleton={<Skeleton variant='campaign' count={1} />}>
        {(d) => d.items.map((c) => (
          <CampaignCard key={c.id} c={c} outcome={outcomes[c.id]} busy={busy === c.id} queued={queued && busy === c.id} onClaim={() => void claim(c.id)} />
        ))}
      </PageState>
      <View className='cooling__links'>
        <BigButton type='default' onClick={() => void go(ROUTES.voucher.wallet)}>我的清凉券</BigButton>
      </View>
      <Section title='怎么用'>
        <Text>领券后在商超收银台打开「我的清凉券」出示券码，收银员扫码后冷饮直接抵扣。券仅限领取当天使用。</Text>
      </Section>
      <Section title='活动介绍'>
        <Text>{p.intro}</Text>
      </Section>
    </View>
  )
}
