import { AppError } from '../_shared/errors'
import type { Collection, Doc, Filter, Scalar } from '../_shared/ports'

export const DEFAULT_LIMIT = 20

/**
 * Keyset paging: the cursor holds the sort value and id of the last item, so a page never skips or
 * repeats items when others are added meanwhile (skip/offset would).
 */
export function encodeCursor(value: Scalar, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url')
}

function decodeCursor(cursor: string): [Scalar, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(v) && v.length === 2 && typeof v[1] === 'string' && ['string', 'number'].includes(typeof v[0])) return v as [Scalar, string]
  } catch { /* fall through */ }
  throw new AppError('VALIDATION_FAILED', '翻页标记无效，请刷新后再试', { fieldErrors: { cursor: ['翻页标记无效'] } })
}

export interface PageOpts { cursor?: string; limit?: number; sortBy?: string; desc?: boolean }

/** One page of `filter`, ordered by `sortBy` (then id); `sortBy` omitted orders by id alone. */
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
  const rows = await coll.find(where, { orderBy, limit: limit + 1 })
  const docs = rows.slice(0, limit)
  const last = docs[docs.length - 1]
  const nextCursor = rows.length > limit && last ? encodeCursor(sortBy ? ((last as Record<string, unknown>)[sortBy] as Scalar) ?? null : last._id, last._id) : null
  return { docs, nextCursor }
}

/** Entities leave with `id`, never `_id`. */
export function withId<T extends Doc>(doc: T): Omit<T, '_id'> & { id: string } {
  const { _id, ...rest } = doc
  return { id: _id, ...rest }
}
