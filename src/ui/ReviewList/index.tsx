import { useRef, useState, type ReactNode } from 'react'
import { View, Text, Textarea } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { BigButton } from '@/components/BigButton'
import { FieldError } from '@/components/FieldError'
import { ApiError } from '@/hooks/useApi'
import type { PagedState } from '@/hooks/usePagedQuery'
import { PagedList } from '../PagedList'
import { Tabs } from '../Tabs'
import './index.scss'

export interface ReviewActionsProps {
  busy?: boolean
  onApprove: () => void
  /** Resolves to an error message for the reason field, or nothing when done. */
  onReject: (reason: string) => Promise<string | undefined>
  approveText?: string
}

/** 通过 / 驳回 for one application; a rejection asks for the reason the applicant will see. */
export function ReviewActions({ busy, onApprove, onReject, approveText = '通过' }: ReviewActionsProps) {
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | undefined>()

  if (rejecting) {
    return (
      <View className='ui-review-actions ui-review-actions--reject'>
        <Text className='ui-review-actions__label'>驳回理由（申请人可见）</Text>
        <Textarea className='ui-review-actions__reason' value={reason} maxlength={200} placeholder='如：工作单位请填写全称' onInput={(e) => { setReason(e.detail.value); setError(undefined) }} />
        <FieldError message={error} />
        <View className='ui-review-actions__row'>
          <BigButton type='default' className='ui-review-actions__btn' onClick={() => { setRejecting(false); setError(undefined) }}>取消</BigButton>
          <BigButton
            type='danger'
            className='ui-review-actions__btn'
            loading={busy}
            onClick={() => {
              if (!reason.trim()) { setError('驳回时请填写理由'); return }
              void onReject(reason.trim()).then((msg) => { if (msg) setError(msg) })
            }}
          >
            确认驳回
          </BigButton>
        </View>
      </View>
    )
  }
  return (
    <View className='ui-review-actions ui-review-actions__row'>
      <BigButton type='default' className='ui-review-actions__btn ui-review-actions__btn--reject' disabled={busy} onClick={() => setRejecting(true)}>驳回</BigButton>
      <BigButton type='primary' className='ui-review-actions__btn ui-review-actions__btn--approve' loading={busy} onClick={onApprove}>{approveText}</BigButton>
    </View>
  )
}

const day = (iso?: string) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '')

/** A settled application's line: 已通过 … in green, 已驳回 … (or a failure) in red. */
export function ReviewDone({ ok, className, children }: { ok: boolean; className?: string; children: ReactNode }) {
  return <Text className={`ui-review__done ui-review__done--${ok ? 'ok' : 'no'} ${className ?? ''}`}>{children}</Text>
}

export interface ReviewCardProps {
  /** The page's own class for the card (its tests find it by that). */
  className: string
  name: string
  /** When it was sent (ISO), shown in Beijing time. */
  at?: string
  /** Its details: `ui-review__line` / `ui-review__strong` texts. */
  children: ReactNode
  /** The outcome, once decided (null while pending). */
  done: { ok: boolean; text: string } | null
  /** Sends the decision and resolves to the updated application (useAction's run). */
  decide?: (approve: boolean, reason?: string) => Promise<unknown>
  approveText: string
}

/**
 * One application in a review queue: who and when, its details, the outcome or 通过 / 驳回 while pending.
 * A refusal's reason comes back to the reason box when the function rejects it; other failures are said on the card.
 */
export function ReviewCard({ className, name, at, children, done, decide, approveText }: ReviewCardProps) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const sending = useRef(false) // a second tap while the decision is on its way sends nothing
  const review = async (approve: boolean, reason?: string): Promise<string | undefined> => {
    if (!decide || sending.current) return undefined
    sending.current = true
    setBusy(true)
    setError('')
    try {
      await decide(approve, reason)
      void Taro.showToast({ title: approve ? '已通过' : '已驳回', icon: 'success' })
      return undefined
    } catch (e) {
      const err = ApiError.from(e)
      if (err.fieldError('reason')) return err.fieldError('reason')
      setError(err.message)
      return undefined
    } finally {
      sending.current = false
      setBusy(false)
    }
  }
  return (
    <View className={`ui-review ${className}`}>
      <View className='ui-review__head'>
        <Text className='ui-review__name'>{name}</Text>
        <Text className='ui-review__time'>{day(at)}</Text>
      </View>
      {children}
      {done && <ReviewDone ok={done.ok}>{done.text}</ReviewDone>}
      {error && <ReviewDone ok={false}>{error}</ReviewDone>}
      {decide && (
        <ReviewActions busy={busy} onApprove={() => void review(true)} onReject={(reason) => review(false, reason)} approveText={approveText} />
      )}
    </View>
  )
}

export interface ReviewListProps<S extends string, T> {
  /** The page's class (`page <className>`). */
  className: string
  tabs: ReadonlyArray<{ value: S; label: string }>
  status: S
  onStatus: (s: S) => void
  paged: PagedState<T>
  /** Said when the pending tab is empty (the others say 暂无记录). */
  emptyPending: string
  /** The line before the count (e.g. 按提交时间，先到先审). */
  countNote?: string
  keyOf: (item: T) => string
  children: (item: T) => ReactNode
}

/** A review queue: status tabs, the loaded applications (the pending tab first), 加载更多, pull to refresh. */
export function ReviewList<S extends string, T>({ className, tabs, status, onStatus, paged, emptyPending, countNote, keyOf, children }: ReviewListProps<S, T>) {
  usePullDownRefresh(() => void paged.reload().finally(() => Taro.stopPullDownRefresh()))
  return (
    <View className={`page ${className}`}>
      <Tabs options={tabs} value={status} onChange={onStatus} />
      <PagedList paged={paged} emptyTitle={status === tabs[0].value ? emptyPending : '暂无记录'} keyOf={keyOf}
        head={(list) => <Text className='ui-paged__count'>{countNote ? `${countNote} · ` : ''}已加载 {list.length} 条</Text>}>
        {children}
      </PagedList>
    </View>
  )
}
