import { useCallback, useEffect, useState } from 'react'
import type { ReviewItem } from '@contract'
import { ApiError, call } from '@/api'

type QueueFilter = { contestId: string; status?: ReviewItem['status']; genre?: ReviewItem['genre']; stage?: ReviewItem['stage'] }

/** A paged reviewQueue list with "load more" and in-place updates. */
export function useQueue(filter: QueueFilter | null) {
  const [items, setItems] = useState<ReviewItem[] | undefined>()
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(true)
  const key = JSON.stringify(filter)

  const load = useCallback(async (more: string | null) => {
    if (!filter) return
    setLoading(true)
    try {
      const page = await call('contest', 'reviewQueue', { ...filter, limit: 20, ...(more ? { cursor: more } : {}) })
      setItems((prev) => (more && prev ? [...prev, ...page.items] : page.items))
      setCursor(page.nextCursor)
      setError(null)
    } catch (e) {
      setError(ApiError.from(e))
    } finally {
      setLoading(false)
    }
  }, [key]) // eslint-disable-line react-hooks/exhaustive-deps -- `filter` is a new object each render; `key` is its content
  useEffect(() => { setItems(undefined); void load(null) }, [load])

  const update = (next: ReviewItem) => setItems((cur) => cur?.map((x) => (x.id === next.id ? { ...x, ...next } : x)))
  return { items, cursor, error, loading, load, update }
}

/** Every page of a reviewQueue filter (for rankings). */
export async function fetchAll(filter: QueueFilter): Promise<ReviewItem[]> {
  const out: ReviewItem[] = []
  let cursor: string | null = null
  do {
    const page: { items: ReviewItem[]; nextCursor: string | null } = await call('contest', 'reviewQueue', { ...filter, limit: 50, ...(cursor ? { cursor } : {}) })
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return out
}
