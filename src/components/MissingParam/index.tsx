import { View, Text } from '@tarojs/components'
import { go } from '@/utils/nav'
import { BigButton } from '../BigButton'
import './index.scss'

export interface MissingParamProps {
  /** What the page needs and did not get, e.g. 驿站, 清凉券. */
  what: string
  /** Where the person picks one, e.g. 「驿站管理」. */
  from: string
  /** The page to pick one on. */
  url: string
  /** The button's label, e.g. 去驿站管理. */
  action: string
}

/**
 * For a page opened without the id it needs (a shortened link, a stale share): says what is missing and
 * where to pick it, instead of a blank page. The page still ends with <BackHome /> (返回上一页 / 回到首页).
 */
export function MissingParam({ what, from, url, action }: MissingParamProps) {
  return (
    <View className='missing-param' role='alert'>
      <View className='missing-param__icon'>?</View>
      <Text className='missing-param__title'>没有指定{what}</Text>
      <Text className='missing-param__hint'>这个页面要先选一个{what}才能打开。请到{from}里点选，或者返回上一页。</Text>
      <BigButton className='missing-param__go' onClick={() => void go(url)}>{action}</BigButton>
    </View>
  )
}

export default MissingParam
