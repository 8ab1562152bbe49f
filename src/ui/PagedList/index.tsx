import { Fragment, type ReactNode } from 'react'
import { PageState } from '@/components/PageState'
import { BigButton } from '@/components/BigButton'
import type { PagedState } from '@/hooks/usePagedQuery'
import './index.scss'

export interface PagedListProps<T> {
  /** usePagedQuery's answer (or a hook built on it). */
  paged: Pick<PagedState<T>, 'query' | 'cursor' | 'loading' | 'loadMore'>
  emptyTitle: string
  emptyDescription?: string
  /** Above the items, once loaded (a count: `<Text className='ui-paged__count'>已加载 n 条</Text>`). */
  head?: (list: T[]) => ReactNode
  keyOf: (item: T) => string
  children: (item: T) => ReactNode
}

/** A paged list: loading / error / empty through PageState, then a line about it, the items and 加载更多. */
export function PagedList<T>({ paged, emptyTitle, emptyDescription, head, keyOf, children }: PagedListProps<T>) {
  return (
    <PageState query={paged.query} isEmpty={(d) => d.length === 0} emptyTitle={emptyTitle} emptyDescription={emptyDescription}>
      {(list) => (
        <>
          {head?.(list)}
          {list.map((item) => <Fragment key={keyOf(item)}>{children(item)}</Fragment>)}
          {paged.cursor && <BigButton type='default' loading={paged.loading} onClick={() => void paged.loadMore()}>加载更多</BigButton>}
        </>
      )}
    </PageState>
  )
}
