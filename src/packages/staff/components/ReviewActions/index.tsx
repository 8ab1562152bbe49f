import { useState } from 'react'
import { View, Text, Textarea } from '@tarojs/components'
import { BigButton } from '@/components/BigButton'
import { FieldError } from '@/components/FieldError'
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
      <View className='review-actions review-actions--reject'>
        <Text className='review-actions__label'>驳回理由（申请人可见）</Text>
        <Textarea className='review-actions__reason' value={reason} maxlength={200} placeholder='如：工作单位请填写全称' onInput={(e) => { setReason(e.detail.value); setError(undefined) }} />
        <FieldError message={error} />
        <View className='review-actions__row'>
          <BigButton type='default' className='review-actions__btn' onClick={() => { setRejecting(false); setError(undefined) }}>取消</BigButton>
          <BigButton
            type='danger'
            className='review-actions__btn'
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
    <View className='review-actions review-actions__row'>
      <BigButton type='default' className='review-actions__btn review-actions__btn--reject' disabled={busy} onClick={() => setRejecting(true)}>驳回</BigButton>
      <BigButton type='primary' className='review-actions__btn review-actions__btn--approve' loading={busy} onClick={onApprove}>{approveText}</BigButton>
    </View>
  )
}

export default ReviewActions
