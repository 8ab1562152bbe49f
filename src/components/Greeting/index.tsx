import { View, Text } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import { ROLE_LABELS } from '@contract/labels'
import type { MeState } from '@/hooks/useMe'
import { Skeleton } from '../Skeleton'
import './index.scss'

const STATUS_TEXT = { active: '工会会员', pending: '入会审核中', rejected: '入会未通过' } as const

/** 您好 + who the caller is: membership and roles (member.me). */
export function Greeting({ state }: { state: MeState }) {
  const { me, loading, error, reload, isGuest } = state
  if (me === undefined) {
    if (error) {
      return (
        <View className='greeting greeting--error' onClick={() => void reload()}>
          <Text className='greeting__hello'>您好！</Text>
          <Text className='greeting__line'>{error.message}，点此重试</Text>
        </View>
      )
    }
    // Loading: the hello line and a grey bar where the name and tags will be (same height: nothing jumps).
    return (
      <View className='greeting greeting--loading' aria-busy={loading}>
        <Text className='greeting__hello'>您好！</Text>
        {loading ? <Skeleton variant='greeting' /> : <Text className='greeting__line' />}
      </View>
    )
  }
  if (isGuest || !me) {
    return (
      <View className='greeting'>
        <Text className='greeting__hello'>您好，游客</Text>
        <Text className='greeting__line'>浏览公开内容无需登录</Text>
      </View>
    )
  }
  const name = me.member?.name
  return (
    <View className='greeting'>
      <Text className='greeting__hello'>{name ? `您好，${name}` : '您好，职工朋友'}</Text>
      <View className='greeting__tags'>
        <Tag type={me.member?.status === 'active' ? 'primary' : 'default'} className='greeting__tag'>
          {me.member ? STATUS_TEXT[me.member.status] : '尚未入会'}
        </Tag>
        {me.roles.map((r) => (
          <Tag key={r} type='warning' className='greeting__tag greeting__role'>
            {ROLE_LABELS[r]}
          </Tag>
        ))}
      </View>
    </View>
  )
}

export default Greeting
