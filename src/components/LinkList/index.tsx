import { View, Text } from '@tarojs/components'
import { isPage } from '@/routes'
import { go } from '@/utils/nav'
import { Section } from '../Section'
import './index.scss'

export interface LinkItem {
  title: string
  description?: string
  /** Where it leads; it is a link only once that page is registered in src/routes.ts. */
  url?: string
}

export interface LinkListProps {
  items: LinkItem[]
  /** Leave out items whose page is not in the app (for menus); default: show them as plain text (for introductions). */
  hideMissing?: boolean
}

/** What an area offers: tappable rows for pages that exist, plain rows describing the rest. */
export function LinkList({ items, hideMissing }: LinkListProps) {
  const shown = hideMissing ? items.filter((i) => i.url && isPage(i.url)) : items
  return (
    <View className='link-list'>
      {shown.map((item) => {
        const linked = !!item.url && isPage(item.url)
        return (
          <View
            key={item.title}
            className={`link-list__item ${linked ? 'link-list__item--link' : ''}`}
            hoverClass={linked ? 'link-list__item--pressed' : 'none'}
            onClick={linked ? () => void go(item.url as string) : undefined}
          >
            <View className='link-list__text'>
              <Text className='link-list__title'>{item.title}</Text>
              {item.description && <Text className='link-list__desc'>{item.description}</Text>}
            </View>
            {linked && <Text className='link-list__arrow'>›</Text>}
          </View>
        )
      })}
    </View>
  )
}

export default LinkList

/** A titled card holding a LinkList (an area's services, a role's tools). */
export function LinkSection({ title, ...list }: LinkListProps & { title: string }) {
  return (
    <Section title={title} flush>
      <LinkList {...list} />
    </Section>
  )
}
