import { View, Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { BackHome } from '@/components/BackHome'
import './index.scss'

/**
 * Where an unknown address lands (app.tsx redirects here on the router's page-not-found): an old shared link,
 * a typo in the address bar. Says so, instead of leaving the previous page on screen, and offers the way back.
 */
export default function NotFoundPage() {
  const path = decodeURIComponent(useRouter().params.path ?? '')
  return (
    <View className='page not-found'>
      <View className='not-found__box' role='alert'>
        <View className='not-found__icon'>?</View>
        <Text className='not-found__title'>页面不存在</Text>
        <Text className='not-found__hint'>这个链接可能已经过期，或者地址有误。</Text>
        {path && <Text className='not-found__path'>{path}</Text>}
      </View>
      <BackHome />
    </View>
  )
}
