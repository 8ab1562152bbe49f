import { AppError } from './errors'
import type { Collection, Doc, Filter, Scalar } from './ports'

/**
 * Keyset paging, the one way the functions page a list: the cursor holds the sort value and id of the
 * last item, so a page never skips or repeats items when others are added meanwhile (skip/offset would).
 * Lists: member joins, partner applications, partners, messages; voucher wallet; contest gallery and review queue.
 */

export const DEFAULT_LIMIT = 20

/** The cursor after an item: base64url of `[sort value, id]`. */
export function encodeCursor(value: Scalar, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url')
}

/** What a cursor that was not made here gets (edited, truncated, from another list). */
export const invalidCursor = () => new AppError('VALIDATION_FAILED', '翻页标记无效，请刷新后再试', { fieldErrors: { cursor: ['翻页标记无效'] } })

/** A cursor made by encodeCursor; anything else is VALIDATION_FAILED. */
export function decodeCursor(cursor: string): [string | number, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(v) && v.length === 2 && typeof v[1] === 'string' && (typeof v[0] === 'string' || (typeof v[0] === 'number' && Number.isFinite(v[0])))) {
      return v as [string | number, string]
    }
  } catch { /* fall through */ }
  throw invalidCursor()
}

export interface PageOpts {
  cursor?: string
  /** Items per page (default DEFAULT_LIMIT). */
  limit?: number
  /** The field the list is ordered by, then by id; omitted: by id alone. */
  sortBy?: string
  desc?: boolean
}

/** One page of `filter`, ordered by `sortBy` (then id), and the cursor of the next page (null on the last). */
export async function findPage<T extends Doc>(coll: Collection<T>, filter: Filter, opts: PageOpts): Promise<{ docs: T[]; nextCursor: string | null }> {
  const limit = opts.limit ?? DEFAULT_LIMIT
  const dir = opts.desc ? 'desc' : 'asc'
  const after = opts.desc ? '$lt' : '$gt'
  const sortBy = opts.sortBy
  let where: Filter = filter
  if (opts.cursor) {
    const [v, id] = decodeCursor(opts.cursor)
    const keyset: Filter = sortBy
      ? { $or: [{ [sortBy]: { [after]: v } }, { [sortBy]: v, _id: { [after]: id } }] }
      : { _id: { [after]: id } }
    where = { $and: [filter, keyset] }
  }
  const orderBy: Array<[string, 'asc' | 'desc']> = sortBy ? [[sortBy, dir], ['_id', dir]] : [['_id', dir]]
  // One more than the page: whether it exists says whether there is a next page, without a count.
  const rows = await coll.find(where, { orderBy, limit: limit + 1 })
  const docs = rows.slice(0, limit)
  const last = docs[docs.length - 1]
  const nextCursor = rows.length > limit && last ? encodeCursor(sortBy ? ((last as Record<string, unknown>)[sortBy] as Scalar) ?? null : last._id, last._id) : null
  return { docs, nextCursor }
}

/** The most a find returns (the DocStore port's limit). */
const FIND_LIMIT = 1000

/** Every document matching `filter`, in id order, read page by page (for exports and erasure, not for lists). */
export async function findAll<T extends Doc>(coll: Collection<T>, filter: Filter): Promise<T[]> {
  const out: T[] = []
  for (;;) {
    const last = out[out.length - 1]
    const batch = await coll.find(last ? { $and: [filter, { _id: { $gt: last._id } }] } : filter, { orderBy: [['_id', 'asc']], limit: FIND_LIMIT })
    out.push(...batch)
    if (batch.length < FIND_LIMIT) return out
  }
}

/** Entities leave with `id`, never `_id`. */
export function withId<T extends Doc>(doc: T): Omit<T, '_id'> & { id: string } {
  const { _id, ...rest } = doc
  return { id: _id, ...rest }
}
