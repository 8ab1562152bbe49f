import { Text, View } from '@tarojs/components'
import './index.scss'

/**
 * Grey blocks shaped like what is about to load, shown in place of it (PageState's `skeleton`), so the page
 * has its final shape at once and nothing jumps when the data arrives.
 *
 *  - campaign: the 清凉 card (face value, title lines, stock bar, the big 领取 button)
 *  - voucher:  a ticket of the wallet (face value on the left, two lines on the right)
 *  - station:  a row of the station finder (name, address, distance, service tags), under the line that counts them
 *  - profile:  a card of 我的 (heading, two lines, a button)
 *  - greeting: the lines under 您好 on 首页 (on the red header)
 */
export type SkeletonVariant = 'campaign' | 'voucher' | 'station' | 'profile' | 'greeting'

export interface SkeletonProps {
  variant: SkeletonVariant
  /** How many items to draw. Default 1 (greeting, profile) or 3. */
  count?: number
}

const Bar = ({ w, h = 'm' }: { w: 20 | 30 | 40 | 50 | 60 | 70 | 90 | 100; h?: 's' | 'm' | 'l' | 'xl' }) => (
  <View className={`skeleton__bar skeleton__bar--w${w} skeleton__bar--${h}`} />
)

function Item({ variant }: { variant: SkeletonVariant }) {
  switch (variant) {
    case 'campaign':
      return (
        <View className='skeleton__card skeleton__campaign'>
          <View className='skeleton__row'>
            <View className='skeleton__block skeleton__face' />
            <View className='skeleton__col'>
              <Bar w={70} h='l' />
              <Bar w={90} h='s' />
            </View>
          </View>
          <Bar w={50} h='s' />
          <View className='skeleton__bar skeleton__progress' />
          <Bar w={60} h='s' />
          <View className='skeleton__button' />
        </View>
      )
    case 'voucher':
      return (
        <View className='skeleton__card skeleton__ticket'>
          <View className='skeleton__block skeleton__ticket-face' />
          <View className='skeleton__col'>
            <Bar w={70} h='l' />
            <Bar w={90} h='s' />
            <Bar w={40} h='s' />
          </View>
        </View>
      )
    case 'station':
      return (
        <View className='skeleton__card skeleton__station'>
          <View className='skeleton__row skeleton__row--between'>
            <Bar w={60} h='l' />
            <Bar w={20} h='s' />
          </View>
          <Bar w={90} h='s' />
          <View className='skeleton__tags'>
            <View className='skeleton__tag' />
            <View className='skeleton__tag' />
            <View className='skeleton__tag' />
          </View>
        </View>
      )
    case 'profile':
      return (
        <View className='skeleton__card skeleton__profile'>
          <Bar w={30} h='l' />
          <Bar w={70} />
          <Bar w={50} />
          <View className='skeleton__button' />
        </View>
      )
    case 'greeting':
      return (
        <View className='skeleton__greeting'>
          <View className='skeleton__bar skeleton__bar--w40 skeleton__bar--l skeleton__bar--on-brand' />
          <View className='skeleton__bar skeleton__bar--w60 skeleton__bar--s skeleton__bar--on-brand' />
        </View>
      )
  }
}

export function Skeleton({ variant, count }: SkeletonProps) {
  const n = count ?? (variant === 'greeting' || variant === 'profile' ? 1 : 3)
  return (
    <View className={`skeleton skeleton--${variant}`} aria-busy='true' aria-label='正在加载'>
      {variant === 'station' && <Text className='skeleton__count'>{'\u00a0'}</Text>}
      {Array.from({ length: n }, (_, i) => <Item key={i} variant={variant} />)}
    </View>
  )
}

export default Skeleton
