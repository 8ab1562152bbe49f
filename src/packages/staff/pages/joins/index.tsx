import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { Application, MemberStatus } from '@contract'
import { INDUSTRY_LABELS } from '@contract/common'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { ApiError, useAction } from '@/hooks/useApi'
import { usePagedQuery } from '@/hooks/usePagedQuery'
import { ReviewActions } from '../../components/ReviewActions'
import '../../components/ReviewActions/item.scss'

const TABS: Array<{ status: MemberStatus; label: string }> = [
  { status: 'pending', label: '待审核' },
  { status: 'active', label: '已通过' },
  { status: 'rejected', label: '已驳回' },
]

const day = (iso?: string) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '')

function JoinItem({ a, onChanged }: { a: Application; onChanged: (next: Application) => void }) {
  const reviewJoin = useAction('member', 'reviewJoin')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const review = async (approve: boolean, reason?: string): Promise<string | undefined> => {
    setBusy(true)
    setError('')
    try {
      onChanged(await reviewJoin.run({ openid: a.openid, approve, ...(reason ? { reason } : {}) }))
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
    <View className='review-item join-item'>
      <View className='review-item__head'>
        <Text className='review-item__name'>{a.name}</Text>
        <Text className='review-item__time'>{day(a.appliedAt)}</Text>
      </View>
      <Text className='review-item__line'>手机 {a.phone} · {a.city} · {INDUSTRY_LABELS[a.industry]}</Text>
      <Text className='review-item__line'>{a.employer}</Text>
      {a.status === 'active' && <Text className='review-item__done review-item__done--ok'>已通过 · 会员卡号 {a.cardNo}</Text>}
      {a.status === 'rejected' && <Text className='review-item__done review-item__done--no'>已驳回：{a.reason}</Text>}
      {error && <Text className='review-item__done review-item__done--no'>{error}</Text>}
      {a.status === 'pending' && (
        <ReviewActions busy={busy} onApprove={() => void review(true)} onReject={(reason) => review(false, reason)} approveText='通过并发卡' />
      )}
    </View>
  )
}

export default function JoinsReviewPage() {
  const [status, setStatus] = useState<MemberStatus>('pending')
  const paged = usePagedQuery('member', 'listJoins', { status, limit: 20 })
  const { cursor, loading } = paged
  usePullDownRefresh(() => void paged.reload().finally(() => Taro.stopPullDownRefresh()))

  return (
    <View className='page joins'>
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
        emptyTitle={status === 'pending' ? '没有待审核的入会申请' : '暂无记录'}
      >
        {(list) => (
          <>
            <Text className='review-count'>{status === 'pending' ? '按提交时间，先到先审' : '最近的在前'} · 已加载 {list.length} 条</Text>
            {list.map((a) => (
              <JoinItem key={a.openid} a={a} onChanged={(next) => paged.update((cur) => cur.map((x) => (x.openid === next.openid ? next : x)))} />
            ))}
            {cursor && <BigButton type='default' loading={loading} onClick={() => void paged.loadMore()}>加载更多</BigButton>}
          </>
        )}
      </PageState>
    </View>
  )
}
