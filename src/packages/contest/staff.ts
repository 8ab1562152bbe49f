import type { ReviewItem } from '@contract'
import { call } from '@/api'
import { usePagedQuery } from '@/hooks/usePagedQuery'

type QueueFilter = { contestId: string; status?: ReviewItem['status']; genre?: ReviewItem['genre']; stage?: ReviewItem['stage'] }

/** A paged reviewQueue list (20 at a time, 加载更多); `update` puts a changed entry in place. */
export function useQueue(filter: QueueFilter) {
  const q = usePagedQuery('contest', 'reviewQueue', { ...filter, limit: 20 })
  const update = (next: ReviewItem) => q.update((cur) => cur.map((x) => (x.id === next.id ? { ...x, ...next } : x)))
  return { ...q, update }
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
