import { View, Text } from '@tarojs/components'
import { go } from '@/utils/nav'
import './index.scss'

export interface EntryCardProps {
  title: string
  /** One line of facts, e.g. 阜新 30 万会员、39 家合作单位 */
  subtitle: string
  description?: string
  url: string
  /** The card's accent colour (left bar and title). */
  color?: string
  badge?: string
}

/** A big tappable card leading into one programme. */
export function EntryCard({ title, subtitle, description, url, color = '#d7261e', badge }: EntryCardProps) {
  return (
    <View className='entry-card' hoverClass='entry-card--pressed' onClick={() => void go(url)} style={{ borderLeftColor: color }}>
      <View className='entry-card__head'>
        <Text className='entry-card__title' style={{ color }}>
          {title}
        </Text>
        {badge && <Text className='entry-card__badge'>{badge}</Text>}
        <Text className='entry-card__arrow'>›</Text>
      </View>
      <Text className='entry-card__subtitle'>{subtitle}</Text>
      {description && <Text className='entry-card__desc'>{description}</Text>}
    </View>
  )
}

export default EntryCard
