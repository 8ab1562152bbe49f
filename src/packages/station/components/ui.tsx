import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import type { NearbyStation, Service, Station } from '@contract'
import { SERVICE_LABELS, hoursLabel } from '@contract/labels'
import { distanceText } from '@/utils/location'
import './ui.scss'

/** One glyph per service, next to its name (the name is always written out: icons alone are guesses). */
export const SERVICE_ICONS: Record<Service, string> = {
  water: '💧', microwave: '🍱', rest: '🛋️', charging: '🔌', toilet: '🚻', aircon: '❄️', medicine: '💊',
  meal: '🍚', parking: '🅿️', legal: '⚖️', counseling: '💬', wifi: '📶',
}

export function ServiceTags({ services, highlight = [], size = 'm' }: { services: Service[]; highlight?: Service[]; size?: 'm' | 'l' }) {
  return (
    <View className={`st-services st-services--${size}`}>
      {/* One node per service (icon and name in one text): a list of 20 stations stays light to render. */}
      {services.map((s) => (
        <Text key={s} className={`st-service st-service--${s} ${highlight.includes(s) ? 'st-service--hit' : ''}`}>
          {`${SERVICE_ICONS[s]} ${SERVICE_LABELS[s]}`}
        </Text>
      ))}
    </View>
  )
}

/** The star level of the nine-aspect evaluation. */
export function Stars({ stars, size = 'm' }: { stars: number | null; size?: 'm' | 'l' }) {
  if (!stars) return <Text className='st-stars st-stars--none'>尚未评星</Text>
  return (
    <View className={`st-stars st-stars--${size}`} ariaLabel={`${stars} 星驿站`}>
      <Text className='st-stars__on'>{'★'.repeat(stars)}</Text>
      <Text className='st-stars__off'>{'★'.repeat(5 - stars)}</Text>
      <Text className='st-stars__text'> {stars} 星</Text>
    </View>
  )
}

export function RatingText({ rating }: { rating: Station['rating'] }) {
  if (!rating.count || rating.average == null) return <Text className='st-rating st-rating--none'>暂无评价</Text>
  return <Text className='st-rating'>评分 {rating.average.toFixed(1)} · {rating.count} 人评价</Text>
}

export function OpenBadge({ open }: { open?: boolean }) {
  return <Text className={`st-open ${open ? 'st-open--yes' : 'st-open--no'}`}>{open ? '营业中' : '休息中'}</Text>
}

/** One station in a list: name, distance, open now, stars, rating, services. */
export function StationRow({ s, onClick, highlight, extra }: { s: Station | NearbyStation; onClick?: () => void; highlight?: Service[]; extra?: ReactNode }) {
  const d = 'distanceM' in s ? s.distanceM : undefined
  return (
    <View className='st-row' hoverClass={onClick ? 'st-row--pressed' : 'none'} onClick={onClick}>
      <View className='st-row__head'>
        <Text className='st-row__name'>{s.name}</Text>
        {d !== undefined && <Text className='st-row__distance'>{distanceText(d)}</Text>}
      </View>
      <View className='st-row__meta'>
        <OpenBadge open={s.openNow} />
        <Text className='st-row__hours'>{hoursLabel(s.openHours)}</Text>
        <Stars stars={s.stars} />
      </View>
      <Text className='st-row__address'>{s.address}</Text>
      <ServiceTags services={s.services} highlight={highlight} />
      <View className='st-row__foot'>
        <RatingText rating={s.rating} />
        <Text className='st-row__visits'>已服务 {s.visitCount} 人次</Text>
        {s.demo && <Text className='st-row__demo'>演示数据</Text>}
      </View>
      {extra}
    </View>
  )
}

/** Big toggling chips. */
export function Chip({ on, onClick, children, className }: { on: boolean; onClick: () => void; children: ReactNode; className?: string }) {
  return (
    <View className={`st-chip ${on ? 'st-chip--on' : ''} ${className ?? ''}`} onClick={onClick}>
      <Text>{children}</Text>
    </View>
  )
}
