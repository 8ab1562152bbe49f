import { useCallback, useEffect, useRef, useState } from 'react'
import type { ActionInput, ActionName, ActionOutput, FunctionName } from '@contract'
import { ApiError, call } from '@/api'

/** The item type of a cursor-paged action (`{ items, nextCursor }`). */
export type PageItem<F extends FunctionName, A extends ActionName<F>> = ActionOutput<F, A> extends { items: Array<infer I> } ? I : never

export interface PagedState<T> {
  /** Every item loaded so far (undefined until the first page came). */
  items: T[] | undefined
  /** The next page's cursor, or null at the end (then no 加载更多). */
  cursor: string | null
  error: ApiError | null
  /** True while the first page or 加载更多 is in flight. */
  loading: boolean
  /** The first page again (pull-down refresh, 重试); resolves when done, never rejects. */
  reload: () => Promise<void>
  /** 加载更多: the next page appended; nothing when at the end or while loading. */
  loadMore: () => Promise<void>
  /** Changes loaded items in place (a row approved, a vote counted). */
  update: (change: (items: T[]) => T[]) => void
  /** For <PageState query={…}>. */
  query: { data: T[] | undefined; error: ApiError | null; loading: boolean; reload: () => Promise<void> }
}

/**
 * A cursor list with 加载更多: fetches the first page on mount and whenever `data` (the filters, compared by
 * value) changes, appends the next pages on `loadMore`. Pages pass the filters, never the cursor.
 */
export function usePagedQuery<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  data: Omit<ActionInput<F, A>, 'cursor'>,
): PagedState<PageItem<F, A>> {
  type T = PageItem<F, A>
  const key = JSON.stringify([fn, action, data])
  const [items, setItems] = useState<T[] | undefined>()
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(true)
  const dataRef = useRef(data)
  dataRef.current = data
  const seq = useRef(0)
  const mounted = useRef(true)
  useEffect(() => () => void (mounted.current = false), [])

  const load = useCallback(async (more: string | null) => {
    const mine = ++seq.current
    setLoading(true)
    try {
      const input = { ...dataRef.current, ...(more ? { cursor: more } : {}) } as ActionInput<F, A>
      const page = (await call(fn, action, input)) as unknown as { items: T[]; nextCursor: string | null }
      if (!mounted.current || mine !== seq.current) return
      setItems((prev) => (more && prev ? [...prev, ...page.items] : page.items))
      setCursor(page.nextCursor)
      setError(null)
    } catch (e) {
      if (mounted.current && mine === seq.current) setError(ApiError.from(e))
    } finally {
      if (mounted.current && mine === seq.current) setLoading(false)
    }
  }, [fn, action])

  useEffect(() => { setItems(undefined); void load(null) }, [key, load])

  const reload = useCallback(() => load(null), [load])
  const loadMore = useCallback(async () => { if (cursor) await load(cursor) }, [cursor, load])
  const update = useCallback((change: (items: T[]) => T[]) => setItems((cur) => (cur ? change(cur) : cur)), [])

  return { items, cursor, error, loading, reload, loadMore, update, query: { data: items, error, loading, reload } }
}
