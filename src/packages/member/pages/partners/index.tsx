import { useMemo, useState } from 'react'
import { locate as currentPlace } from '@/utils/location'
import { View, Text } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { Partner, PartnerCategory } from '@contract'
import { PARTNER_CATEGORIES, PARTNER_CATEGORY_LABELS } from '@contract/common'
import { BigButton } from '@/components/BigButton'
import { usePagedQuery } from '@/hooks/usePagedQuery'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { Chips } from '@/ui/Field'
import { PagedList } from '@/ui/PagedList'
import './index.scss'

type Here = { lat: number; lng: number }
/** Partners per page (加载更多 fetches the next): a first screen of 20 stays within 50 KB of setData. */
const PAGE_SIZE = 20

const CITY_OPTIONS = [{ value: '阜新', label: '阜新' }, { value: 'all', label: '全部城市' }]
const CATEGORY_OPTIONS = [{ value: 'all' as const, label: '全部' }, ...PARTNER_CATEGORIES.map((value) => ({ value, label: PARTNER_CATEGORY_LABELS[value] }))]

/** Haversine distance in metres (the same formula the functions use). */
export function distanceM(a: Here, b: Here): number {
  const R = 6_371_008.8
  const rad = Math.PI / 180
  const s = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(s)))
}
export const formatDistance = (m: number) => (m < 1000 ? `${Math.round(m)} 米` : `${(m / 1000).toFixed(m < 10_000 ? 1 : 0)} 公里`)

function navigate(p: Partner) {
  const { lat, lng } = p.location
  Taro.openLocation({ latitude: lat, longitude: lng, name: p.name, address: p.address, scale: 16 }).catch(() => {
    if (process.env.TARO_ENV === 'h5') {
      // Browsers have no map app to hand over to: open the web map at the same point (GCJ-02).
      window.open(`https://uri.amap.com/marker?position=${lng},${lat}&name=${encodeURIComponent(p.name)}&coordinate=gaode`, '_blank')
    } else {
      void Taro.showToast({ title: '无法打开地图', icon: 'none' })
    }
  })
}

function PartnerItem({ p, here }: { p: Partner; here: Here | null }) {
  return (
    <View className='partner'>
      <View className='partner__head'>
        <Text className='partner__name'>{p.name}</Text>
        <Text className={`partner__cat partner__cat--${p.category}`}>{PARTNER_CATEGORY_LABELS[p.category]}</Text>
      </View>
      <Text className='partner__offer'>{p.offer}</Text>
      <Text className='partner__address'>{p.address}{p.demo ? '（演示数据）' : ''}</Text>
      <View className='partner__foot'>
        <Text className='partner__distance'>{here ? `距您 ${formatDistance(distanceM(here, p.location))}` : ''}</Text>
        <View className='partner__nav' hoverClass='partner__nav--pressed' onClick={() => navigate(p)}>
          <Text>导航</Text>
        </View>
      </View>
    </View>
  )
}

export default function PartnersPage() {
  const [city, setCity] = useState<string>('阜新')
  const [category, setCategory] = useState<PartnerCategory | 'all'>('all')
  const [here, setHere] = useState<Here | null>(null)
  const [locating, setLocating] = useState(false)
  const [locError, setLocError] = useState('')

  const paged = usePagedQuery('member', 'partners', { limit: PAGE_SIZE, ...(city === 'all' ? {} : { city }), ...(category === 'all' ? {} : { category }) })
  const { items, cursor, error, loading } = paged
  usePullDownRefresh(() => void paged.reload().finally(() => Taro.stopPullDownRefresh()))

  const locate = async () => {
    setLocating(true)
    setLocError('')
    try {
      // Shared with the station finder: at most one getLocation per 30 s, GCJ-02 on both builds.
      setHere(await currentPlace())
    } catch {
      setLocError('未能获取位置：请在设置中允许使用位置信息，或稍后再试')
    } finally {
      setLocating(false)
    }
  }

  const sorted = useMemo(() => {
    if (!items || !here) return items
    return [...items].sort((a, b) => distanceM(here, a.location) - distanceM(here, b.location))
  }, [items, here])

  return (
    <View className='page partners'>
      <View className='partners__filters'>
        <Chips name='city' options={CITY_OPTIONS} value={city} onChange={setCity} />
        <Chips name='category' options={CATEGORY_OPTIONS} value={category} onChange={setCategory} />
        {!here && (
          <BigButton type='default' loading={locating} onClick={() => void locate()}>显示距离（使用我的位置）</BigButton>
        )}
        {here && <Text className='partners__hint'>已按距离由近到远排序</Text>}
        {locError && <Text className='partners__hint partners__hint--error'>{locError}</Text>}
      </View>
      <PagedList
        paged={{ ...paged, query: { data: sorted, error, loading, reload: paged.reload } }}
        emptyTitle='暂无该类合作单位'
        emptyDescription='换个类别看看，或推荐身边的商户成为合作单位'
        head={(list) => <Text className='ui-paged__count partners__count'>共 {list.length}{cursor ? '+' : ''} 家</Text>}
        keyOf={(p) => p.id}
      >
        {(p) => <PartnerItem p={p} here={here} />}
      </PagedList>
      <View className='partners__apply'>
        <Text className='partners__hint'>工会正在招募新一批福利项目签约单位</Text>
        <BigButton type='default' onClick={() => void go(ROUTES.member.applyPartner)}>我要成为合作单位</BigButton>
      </View>
    </View>
  )
}
