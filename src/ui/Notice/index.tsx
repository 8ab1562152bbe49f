import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import './index.scss'

export type NoticeKind = 'success' | 'warning' | 'error' | 'info'

/** A result or state said in place (under a form, at the top of a page): a title, and a body when there is more to
 *  say. An error is read out at once (`role="alert"`), the others when the reader gets there (`status`). */
export function Notice({ kind, title, children, className }: { kind: NoticeKind; title: string; children?: ReactNode; className?: string }) {
  return (
    <View className={`ui-notice ui-notice--${kind}${className ? ` ${className}` : ''}`} role={kind === 'error' ? 'alert' : 'status'}>
      <Text className='ui-notice__title'>{title}</Text>
      {children && <View className='ui-notice__body'>{children}</View>}
    </View>
  )
}
