import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { back, goHome } from '@/utils/nav'
import { BigButton } from '../BigButton'

/** The way out at the foot of every non-tab page: back when there is a page behind, and home. */
export function BackHome() {
  const canGoBack = Taro.getCurrentPages().length > 1
  return (
    <View className='back-home'>
      {canGoBack && (
        <BigButton type='default' onClick={() => void back()}>
          返回上一页
        </BigButton>
      )}
      <BigButton type='default' fill='outline' onClick={() => void goHome()}>
        回到首页
      </BigButton>
    </View>
  )
}

export default BackHome
