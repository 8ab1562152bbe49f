/**
 * _shared/paging.ts, the one keyset paging of the functions, on the real embedded store: walking the
 * pages gives every matching document once, in order, whatever the page size, ties and direction,
 * also while documents are added in front of the reader; cursors that were not made by it are refused.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { SqliteDocStore } from '../../cloudfunctions/_shared/docstore/sqlite'
import { AppError } from '../../cloudfunctions/_shared/errors'
import { DEFAULT_LIMIT, decodeCursor, encodeCursor, findAll, findPage, withId, type PageOpts } from '../../cloudfunctions/_shared/paging'
import type { Collection, Filter } from '../../cloudfunctions/_shared/ports'

interface Item { _id: string; at: string; n: number; kind: 'a' | 'b' }

const dir = mkdtempSync(join(tmpdir(), 'ghyz-paging-'))
const store = new SqliteDocStore({ file: join(dir, 'db.sqlite') }, { items: { indexes: [['kind', 'at']] } })
afterAll(async () => { await store.close(); rmSync(dir, { recursive: true, force: true }) })

let round = 0
/** The items of one case: one table for all cases, each case under its own id prefix (the filter it returns). */
async function fill(items: Array<Omit<Item, '_id'> & { id: string }>): Promise<{ coll: Collection<Item>; filter: Filter; ids: (i: { id: string }) => string }> {
  const tag = `r${++round}-`
  const coll = store.collection<Item>('items')
  for (const it of items) await coll.insert({ _id: tag + it.id, at: it.at, n: it.n, kind: it.kind })
  return { coll, filter: { _id: { $gte: tag, $lt: `r${round}.` } }, ids: (i) => tag + i.id }
}

/** Every page from the first, following nextCursor. */
async function walk(coll: Collection<Item>, filter: Filter, opts: PageOpts, between?: () => Promise<void>): Promise<{ pages: Item[][]; all: Item[] }> {
  const pages: Item[][] = []
  let cursor: string | undefined
  for (let guard = 0; guard < 1000; guard++) {
    const { docs, nextCursor } = await findPage(coll, filter, { ...opts, cursor })
    pages.push(docs)
    if (!nextCursor) return { pages, all: pages.flat() }
    cursor = nextCursor
    await between?.()
  }
  throw new Error('no last page')
}

const byKey = (sortBy: 'at' | 'n' | undefined, desc: boolean) => (x: Item, y: Item) => {
  const a = sortBy ? x[sortBy] : x._id
  const b = sortBy ? y[sortBy] : y._id
  const c = a < b ? -1 : a > b ? 1 : x._id < y._id ? -1 : x._id > y._id ? 1 : 0
  return desc ? -c : c
}

test('cursors: round trip, and anything else is VALIDATION_FAILED on the cursor field', () => {
  expect(decodeCursor(encodeCursor('2025-07-01T08:00:00.000Z', 'a_1'))).toEqual(['2025-07-01T08:00:00.000Z', 'a_1'])
  expect(decodeCursor(encodeCursor(42, 'x'))).toEqual([42, 'x'])
  const forged = [
    'not base64 json', '', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('["x"]').toString('base64url'),
    Buffer.from('[1,2]').toString('base64url'), Buffer.from('[null,"x"]').toString('base64url'),
    Buffer.from('[{"$gt":""},"x"]').toString('base64url'), Buffer.from('["a","b","c"]').toString('base64url'),
  ]
  for (const c of forged) {
    let err: unknown
    try { decodeCursor(c) } catch (e) { err = e }
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).toBody()).toMatchObject({ code: 'VALIDATION_FAILED', details: { fieldErrors: { cursor: ['翻页标记无效'] } } })
  }
})

test('pages of a sort field with ties, both directions: every document once, in (field, id) order', async () => {
  const items = Array.from({ length: 23 }, (_, i) => ({ id: `i${String(i).padStart(2, '0')}`, at: `2025-07-0${1 + (i % 4)}`, n: i % 3, kind: 'a' as const }))
  const { coll, filter } = await fill(items)
  const docs = await coll.find(filter, { limit: 1000 })
  for (const desc of [false, true]) {
    for (const limit of [1, 4, 5, 22, 23, 24]) {
      const { pages, all } = await walk(coll, filter, { sortBy: 'at', desc, limit })
      expect(all.map((d) => d._id)).toEqual([...docs].sort(byKey('at', desc)).map((d) => d._id))
      expect(pages.slice(0, -1).every((p) => p.length === limit)).toBe(true)
      expect(pages).toHaveLength(Math.max(1, Math.ceil(23 / limit)))
    }
  }
  // Without sortBy: id order; without limit: DEFAULT_LIMIT per page.
  const { pages } = await walk(coll, filter, {})
  expect(pages[0]).toHaveLength(DEFAULT_LIMIT)
  expect(pages.flat().map((d) => d._id)).toEqual(docs.map((d) => d._id).sort())
})

test('the filter holds on every page, and an empty list is one empty page', async () => {
  const items = Array.from({ length: 12 }, (_, i) => ({ id: `k${i}`, at: `2025-08-${String(10 + i).padStart(2, '0')}`, n: i, kind: (i % 2 ? 'a' : 'b') as 'a' | 'b' }))
  const { coll, filter } = await fill(items)
  const { all } = await walk(coll, { $and: [filter, { kind: 'b' }] }, { sortBy: 'at', desc: true, limit: 2 })
  expect(all.map((d) => d.n)).toEqual([10, 8, 6, 4, 2, 0])
  expect(await findPage(coll, { $and: [filter, { kind: 'c' }] }, { limit: 5 })).toEqual({ docs: [], nextCursor: null })
})

test('newest first stays stable while new documents arrive in front of the reader', async () => {
  const items = Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, at: `2025-07-01T08:00:0${i}Z`, n: i, kind: 'a' as const }))
  const { coll, filter, ids } = await fill(items)
  let added = 0
  const { all } = await walk(coll, filter, { sortBy: 'at', desc: true, limit: 3 }, async () => {
    await coll.insert({ _id: ids({ id: `new${added}` }), at: `2025-07-02T00:00:0${added++}Z`, n: 100, kind: 'a' })
  })
  expect(added).toBe(3)
  expect(all.map((d) => d.n)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
})

test('any documents, page size and direction: the pages are the sorted list cut in pieces', async () => {
  await fc.assert(fc.asyncProperty(
    fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z0-9_-]{1,6}$/), n: fc.integer({ min: -3, max: 3 }) }), { selector: (r) => r.id, maxLength: 30 }),
    fc.integer({ min: 1, max: 12 }),
    fc.boolean(),
    fc.constantFrom<'n' | undefined>('n', undefined),
    async (rows, limit, desc, sortBy) => {
      const { coll, filter } = await fill(rows.map((r) => ({ id: r.id, n: r.n, at: '', kind: 'a' as const })))
      const docs = await coll.find(filter, { limit: 1000 })
      const { pages, all } = await walk(coll, filter, { sortBy, desc, limit })
      expect(all.map((d) => d._id)).toEqual([...docs].sort(byKey(sortBy, desc)).map((d) => d._id))
      expect(pages.every((p, i) => p.length === (i < pages.length - 1 ? limit : p.length) && p.length <= limit)).toBe(true)
    },
  ), { numRuns: 40 })
})

test('findAll reads past the store\'s 1000-document page; withId renames _id', async () => {
  const items = Array.from({ length: 2150 }, (_, i) => ({ id: `f${String(i).padStart(5, '0')}`, at: '', n: i, kind: 'a' as const }))
  const { coll, filter } = await fill(items)
  const all = await findAll(coll, filter)
  expect(all).toHaveLength(2150)
  expect(all.map((d) => d.n)).toEqual(items.map((i) => i.n))
  expect(await findAll(coll, { $and: [filter, { n: { $gte: 2000 } }] })).toHaveLength(150)
  expect(withId({ _id: 'x', a: 1 })).toEqual({ id: 'x', a: 1 })
})
