import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import type { Me } from '@contract'
import { PageState } from '@/components/PageState'
import { useMe } from '@/hooks/useMe'
import { Notice } from '../Notice'

export interface StaffOnlyProps {
  /** The page's class (`page <className>`). */
  className: string
  /** Who may use the page (a role, a partner to redeem for). */
  allow: (me: Me) => boolean
  /** Said to anyone else: 仅限…使用, and what the page is for. */
  title: string
  text?: string
  /** Under that notice (a way back). */
  otherwise?: ReactNode
  /** The page, once the caller is known and allowed. */
  children: (me: Me) => ReactNode
  /** After the page's content, for everyone (BackHome). */
  footer?: ReactNode
}

/** A page for staff of some role: loads the caller, then the page or a notice saying who it is for. */
export function StaffOnly({ className, allow, title, text, otherwise, children, footer }: StaffOnlyProps) {
  const me = useMe()
  return (
    <View className={`page ${className}`}>
      <PageState query={me.query}>
        {(m) => (m && allow(m) ? children(m) : (
          <>
            <Notice kind='info' title={title}>{text && <Text>{text}</Text>}</Notice>
            {otherwise}
          </>
        ))}
      </PageState>
      {footer}
    </View>
  )
}
