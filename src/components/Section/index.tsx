import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import './index.scss'

export interface SectionProps {
  title?: ReactNode
  /** Right side of the header: a link, a tag. */
  extra?: ReactNode
  children?: ReactNode
  className?: string
  /** No inner padding: for lists of Cells that bring their own. */
  flush?: boolean
}

/** A white card with an optional heading: the block pages are built from. */
export function Section({ title, extra, children, className, flush }: SectionProps) {
  return (
    <View className={`section ${flush ? 'section--flush' : ''} ${className ?? ''}`}>
      {(title || extra) && (
        <View className='section__head'>
          {typeof title === 'string' ? <Text className='section__title'>{title}</Text> : title}
          {extra && <View className='section__extra'>{extra}</View>}
        </View>
      )}
      <View className='section__body'>{children}</View>
    </View>
  )
}

export default Section
