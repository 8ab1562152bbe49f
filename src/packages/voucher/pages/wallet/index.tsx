import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { Voucher, VoucherStatus } from '@contract'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { Skeleton } from '@/components/Skeleton'
import { ApiError, useAction, useQuery } from '@/hooks/useApi'
import { keepVoucherKeys } from '@/hooks/useRotatingToken'
import { ROUTES } from '@/routes'
import { preloadPage } from '@/utils/preloadPage'
import { go } from '@/utils/nav'
import { Tabs } from '@/ui/Tabs'
import { VoucherFace } from '../../components/ui'
import './index.scss'

const TABS: Array<{ status: VoucherStatus; label: string; empty: string }> = [
  { status: 'unused', label: '未使用', empty: '没有可用的清凉券' },
  { status: 'used', label: '已使用', empty: '还没有用过清凉券' },
  { status: 'expired', label: '已过期', empty: '没有过期的清凉券' },
]

/** 我的清凉券: unused / used / expired, newest first; an unused one opens its QR for the till. */
export default function Wallet() {
  const [status, setStatus] = useState<VoucherStatus>('unused')
  const first = useQuery('voucher', 'mine', { status }, { cacheKey: `wallet-${status}` })
  const mine = useAction('voucher', 'mine', { exclusive: false })
  const [more, setMore] = useState<{ items: Voucher[]; cursor: string | null } | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<string | null>(null)
  useEffect(() => { setMore(null); setMoreError(null) }, [status, first.data])

  const cursor = more ? more.cursor : first.data?.nextCursor ?? null
  const loadMore = async () => {
    if (!cursor || loadingMore) return
    setLoadingMore(true)
    setMoreError(null)
    try {
      const page = await mine.run({ status, cursor })
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], cursor: page.nextCursor }))
    } catch (e) {
      setMoreError(e instanceof ApiError ? e.message : '加载失败，请重试')
    } finally {
      setLoadingMore(false)
    }
  }
  // Today's vouchers keep their offline keys on the phone, so their codes show later with no network.
  useEffect(() => {
    if (first.offlineAt || status !== 'unused' || !first.data) return
    const unused = first.data.items.filter((v) => v.status === 'unused').slice(0, 5)
    void keepVoucherKeys(unused.map((v) => v.id))
    // H5 only: load the QR page's code now, so it opens with no network (the mini-program has it on the phone).
    if (unused.length) preloadPage(ROUTES.voucher.qr)
  }, [first.data, first.offlineAt, status])
  const tab = TABS.find((t) => t.status === status)!

  return (
    <View className='page wallet'>
      <Tabs className='ui-tabs--cool wallet__tabs' options={TABS.map((t) => ({ value: t.status, label: t.label }))} value={status} onChange={setStatus} />
      <PageState
        query={first}
        skeleton={<Skeleton variant='voucher' count={2} />}
        isEmpty={(d) => d.items.length === 0}
        emptyTitle={tab.empty}
        emptyAction={status === 'unused' ? <BigButton onClick={() => void go(ROUTES.cooling)}>去领今天的清凉券</BigButton> : undefined}
      >
        {(d) => (
          <View className='wallet__list'>
            {[...d.items, ...(more?.items ?? [])].map((v) => (
              <VoucherFace key={v.id} v={v} onClick={() => void go(`${ROUTES.voucher.qr}?id=${encodeURIComponent(v.id)}`)} />
            ))}
            {status === 'unused' && <Text className='wallet__hint'>点一张券，出示券码给收银员扫码抵扣</Text>}
            {moreError && <Text className='wallet__error'>{moreError}</Text>}
            {cursor && <BigButton type='default' loading={loadingMore} onClick={() => void loadMore()}>加载更多</BigButton>}
          </View>
        )}
      </PageState>
    </View>
  )
}
