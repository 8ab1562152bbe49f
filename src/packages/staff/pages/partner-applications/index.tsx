import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { PartnerApplication } from '@contract'
import { PARTNER_CATEGORY_LABELS } from '@contract/common'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { ApiError, useAction } from '@/hooks/useApi'
import { usePagedQuery } from '@/hooks/usePagedQuery'
import { ReviewActions } from '../../components/ReviewActions'
import '../../components/ReviewActions/item.scss'

type Status = PartnerApplication['status']
const TABS: Array<{ status: Status; label: string }> = [
  { status: 'pending', label: '待审核' },
  { status: 'approved', label: '已通过' },
  { status: 'rejected', label: '已驳回' },
]
const day = (iso?: string) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '')

function ApplicationItem({ a, onChanged }: { a: PartnerApplication; onChanged: (next: PartnerApplication) => void }) {
  const reviewPartner = useAction('member', 'reviewPartner')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const review = async (approve: boolean, reason?: string): Promise<string | undefined> => {
    setBusy(true)
    setError('')
    try {
      const r = await reviewPartner.run({ applicationId: a.id, approve, ...(reason ? { reason } : {}) })
      onChanged(r.application)
      void Taro.showToast({ title: approve ? '已通过' : '已驳回', icon: 'success' })
      return undefined
    } catch (e) {
      const err = ApiError.from(e)
      if (err.fieldError('reason')) return err.fieldError('reason')
      setError(err.message)
      return undefined
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='review-item partner-app'>
      <View className='review-item__head'>
        <Text className='review-item__name'>{a.name}</Text>
        <Text className='review-item__time'>{day(a.createdAt)}</Text>
      </View>
      <Text className='review-item__line'>{PARTNER_CATEGORY_LABELS[a.category]} · {a.city} · {a.address}</Text>
      <Text className='review-item__strong'>会员优惠：{a.offer}</Text>
      <Text className='review-item__line'>联系人 {a.contactName} · {a.contactPhone}</Text>
      {a.status === 'approved' && <Text className='review-item__done review-item__done--ok'>已通过 · 申请人已成为该单位核销员</Text>}
      {a.status === 'rejected' && <Text className='review-item__done review-item__done--no'>已驳回：{a.reason}</Text>}
      {error && <Text className='review-item__done review-item__done--no'>{error}</Text>}
      {a.status === 'pending' && (
        <ReviewActions busy={busy} onApprove={() => void review(true)} onReject={(reason) => review(false, reason)} approveText='通过并签约' />
      )}
    </View>
  )
}

export default function PartnerApplicationsPage() {
  const [status, setStatus] = useState<Status>('pending')
  const paged = usePagedQuery('member', 'listPartnerApplications', { status, limit: 20 })
  const { cursor, loading } = paged
  usePullDownRefresh(() => void paged.reload().finally(() => Taro.stopPullDownRefresh()))

  return (
    <View className='page partner-apps'>
      <View className='review-tabs' role='tablist'>
        {TABS.map((t) => (
          <View key={t.status} role='tab' className={`review-tabs__tab ${status === t.status ? 'review-tabs__tab--on' : ''}`} onClick={() => setStatus(t.status)}>
            <Text>{t.label}</Text>
          </View>
        ))}
      </View>
      <PageState
        query={paged.query}
        isEmpty={(d) => d.length === 0}
        emptyTitle={status === 'pending' ? '没有待审核的合作申请' : '暂无记录'}
      >
        {(list) => (
          <>
            <Text className='review-count'>已加载 {list.length} 条</Text>
            {list.map((a) => (
              <ApplicationItem key={a.id} a={a} onChanged={(next) => paged.update((cur) => cur.map((x) => (x.id === next.id ? next : x)))} />
            ))}
            {cursor && <BigButton type='default' loading={loading} onClick={() => void paged.loadMore()}>加载更多</BigButton>}
          </>
        )}
      </PageState>
    </View>
  )
}
