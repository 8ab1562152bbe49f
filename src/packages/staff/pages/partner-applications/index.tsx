import { useState } from 'react'
import { Text } from '@tarojs/components'
import type { PartnerApplication } from '@contract'
import { PARTNER_CATEGORY_LABELS } from '@contract/common'
import { useAction } from '@/hooks/useApi'
import { usePagedQuery } from '@/hooks/usePagedQuery'
import { ReviewCard, ReviewList } from '@/ui/ReviewList'

type Status = PartnerApplication['status']
const TABS: Array<{ value: Status; label: string }> = [
  { value: 'pending', label: '待审核' },
  { value: 'approved', label: '已通过' },
  { value: 'rejected', label: '已驳回' },
]

export default function PartnerApplicationsPage() {
  const [status, setStatus] = useState<Status>('pending')
  const paged = usePagedQuery('member', 'listPartnerApplications', { status, limit: 20 })
  const reviewPartner = useAction('member', 'reviewPartner', { exclusive: false })

  return (
    <ReviewList className='partner-apps' tabs={TABS} status={status} onStatus={setStatus} paged={paged} emptyPending='没有待审核的合作申请'
      keyOf={(a) => a.id}>
      {(a) => (
        <ReviewCard className='partner-app' name={a.name} at={a.createdAt} approveText='通过并签约'
          done={a.status === 'approved' ? { ok: true, text: '已通过 · 申请人已成为该单位核销员' } : a.status === 'rejected' ? { ok: false, text: `已驳回：${a.reason}` } : null}
          decide={a.status === 'pending' ? (approve, reason) => reviewPartner.run({ applicationId: a.id, approve, ...(reason ? { reason } : {}) })
            .then((r) => paged.update((cur) => cur.map((x) => (x.id === r.application.id ? r.application : x)))) : undefined}>
          <Text className='ui-review__line'>{PARTNER_CATEGORY_LABELS[a.category]} · {a.city} · {a.address}</Text>
          <Text className='ui-review__strong'>会员优惠：{a.offer}</Text>
          <Text className='ui-review__line'>联系人 {a.contactName} · {a.contactPhone}</Text>
        </ReviewCard>
      )}
    </ReviewList>
  )
}
