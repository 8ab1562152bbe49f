import { View } from '@tarojs/components'
import { BackHome } from '@/components/BackHome'
import { Finder } from '@/packages/station/components/finder'

/** The finder, for links from outside the 驿站 tab. */
export default function NearbyPage() {
  return (
    <View className='page'>
      <Finder />
      <BackHome />
    </View>
  )
}
