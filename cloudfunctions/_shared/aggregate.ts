import { GROUP_LIMIT, type Collection, type Doc, type Filter, type Scalar } from './ports'

/** Pages of documents read by the fallback (adapters without countBy). */
const PAGE = 1000

/**
 * Counts of the documents matching `filter` per combination of `fields`, keyed by the values
 * joined with '|'. Uses the database's aggregation (Collection.countBy) when the adapter has it,
 * page by page; otherwise reads the matching documents by _id pages and counts them here.
 */
export async function groupCount<T extends Doc>(coll: Collection<T>, filter: Filter, fields: string[]): Promise<Map<string, { key: Scalar[]; count: number }>> {
  const out = new Map<string, { key: Scalar[]; count: number }>()
  const add = (key: Scalar[], n: number) => {
    const k = key.map((v) => String(v)).join('|')
    const e = out.get(k)
    if (e) e.count += n
    else out.set(k, { key, count: n })
  }
  if (coll.countBy) {
    for (let skip = 0; ; skip += GROUP_LIMIT) {
      const page = await coll.countBy(filter, fields, { skip })
      for (const g of page) add(g.key, g.count)
      if (page.length < GROUP_LIMIT) return out
    }
  }
  let after = ''
  for (;;) {
    const page = await coll.find({ ...filter, _id: { $gt: after } }, { orderBy: [['_id', 'asc']], limit: PAGE })
    for (const d of page) {
      const r = d as unknown as Record<string, unknown>
      add(fields.map((f) => (r[f] ?? null) as Scalar), 1)
    }
    if (page.length < PAGE) return out
    after = page[page.length - 1]._id
  }
}
