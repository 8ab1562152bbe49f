import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import { BackHome } from '@/components/BackHome'
import { LinkSection, type LinkItem } from '@/components/LinkList'
import { Section } from '@/components/Section'
import '@/styles/tab-landing.scss'

export interface AreaLandingProps {
  /** The coloured block on top: the area's name, its facts in a line, a short summary (a programme of `@/content`). */
  hero: { title: string; facts: string; summary?: string; intro?: string }
  tone?: 'cool' | 'green' | 'staff'
  /** The area's pages, as a list titled `linksTitle`. */
  links?: LinkItem[]
  linksTitle?: string
  /** The heading of the closing text, the hero's `intro` (项目介绍). */
  aboutTitle?: string
  /** Anything between the list and the closing text (more links, who may take part). */
  children?: ReactNode
}

/** An area's landing page: hero, the area's pages, what else it says, 返回上一页 / 回到首页. */
export function AreaLanding({ hero, tone, links, linksTitle = '', aboutTitle, children }: AreaLandingProps) {
  return (
    <View className='page tab-landing'>
      <View className={`tab-landing__hero ${tone ? `tab-landing__hero--${tone}` : ''}`}>
        <Text className='tab-landing__title'>{hero.title}</Text>
        <Text className='tab-landing__facts'>{hero.facts}</Text>
        {hero.summary && <Text className='tab-landing__note'>{hero.summary}</Text>}
      </View>
      {links && <LinkSection title={linksTitle} items={links} />}
      {children}
      {aboutTitle && (
        <Section title={aboutTitle}>
          <Text>{hero.intro}</Text>
        </Section>
      )}
      <BackHome />
    </View>
  )
}
