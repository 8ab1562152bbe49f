import { View } from '@tarojs/components'
import { MemberStats } from '../../components/MemberStats'

/**
 * The staff's figures, one block per programme. Each area adds its own block component here
 * (the member card's is MemberStats; Bars draws the charts).
 */
export default function StatsPage() {
  return (
    <View className='page stats'>
      <MemberStats />
    </View>
  )
}
