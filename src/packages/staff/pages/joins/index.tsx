import { useState } from 'react'
import { Text } from '@tarojs/components'
import type { MemberStatus } from '@contract'
import { INDUSTRY_LABELS } from '@contract/common'
import { useAction } from '@/hooks/useApi'
import { usePagedQuery } from '@/hooks/usePagedQuery'
import { ReviewCard, ReviewList } from '@/ui/ReviewList'

const TABS: Array<{ value: MemberStatus; label: string }> = [
  { value: 'pending', label: '待审核' },
  { value: 'active', label: '已通过' },
  { value: 'rejected', label: '已驳回' },
]

export default function JoinsReviewPage() {
  const [status, setStatus] = useState<MemberStatus>('pending')
  const paged = usePagedQuery('member', 'listJoins', { status, limit: 20 })
  const reviewJoin = useAction('member', 'reviewJoin', { exclusive: false })

  return (
    <ReviewList className='joins' tabs={TABS} status={status} onStatus={setStatus} paged={paged} emptyPending='没有待审核的入会申请'
      countNote={status === 'pending' ? '按提交时间，先到先审' : '最近的在前'} keyOf={(a) => a.openid}>
      {(a) => (
        <ReviewCard className='join-item' name={a.name} at={a.appliedAt} approveText='通过并发卡'
          done={a.status === 'active' ? { ok: true, text: `已通过 · 会员卡号 ${a.cardNo}` } : a.status === 'rejected' ? { ok: false, text: `已驳回：${a.reason}` } : null}
          decide={a.status === 'pending' ? (approve, reason) => reviewJoin.run({ openid: a.openid, approve, ...(reason ? { reason } : {}) })
            .then((next) => paged.update((cur) => cur.map((x) => (x.openid === next.openid ? next : x)))) : undefined}>
          <Text className='ui-review__line'>手机 {a.phone} · {a.city} · {INDUSTRY_LABELS[a.industry]}</Text>
          <Text className='ui-review__line'>{a.employer}</Text>
        </ReviewCard>
      )}
    </ReviewList>
  )
}
