/**
 * The DocStore contract: what every adapter must do, as ports.ts documents it. Each adapter's test
 * file calls runDocStoreContract with a factory that returns a fresh, empty store.
 *
 * Results of `find` without orderBy come back in no promised order, so those checks compare sorted ids.
 */
import { DuplicateKeyError, isDuplicateKey } from '../../cloudfunctions/_shared/errors'
import { destination } from '../support/geo'
import { haversineM, type AnyDoc, type Doc, type DocStore, type Filter, type Update } from '../../cloudfunctions/_shared/ports'

const ids = (docs: Array<{ _id: string }>) => docs.map((d) => d._id)
const sortedIds = (docs: Array<{ _id: string }>) => ids(docs).sort()
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** Tx takes `Doc`; fixtures carry more fields than `_id`. */
const doc = (d: AnyDoc): Doc => d

/** Five documents that exercise types, nesting, arrays, null and missing fields. */
export const FIXTURE: AnyDoc[] = [
  { _id: 'a', n: 1, s: 'x', tags: ['p', 'q'], nested: { k: 1, deep: { z: 'u' } }, flag: true, maybeNull: null },
  { _id: 'b', n: 5, s: 'y', tags: ['q'], nested: { k: 2 }, flag: false },
  { _id: 'c', n: 10, s: 'z', tags: [], nested: {} },
  { _id: 'd', n: 'str', s: 'x' },
  { _id: 'e', s: '中文' },
]

export const WUHAN = { lat: 30.5928, lng: 114.3055 }

export function runDocStoreContract(name: string, makeStore: () => Promise<DocStore>): void {
  describe(`DocStore contract: ${name}`, () => {
    let store: DocStore
    beforeEach(async () => { store = await makeStore() })
    afterEach(async () => { await store.close() })

    const seed = async (coll = 'members', docs: AnyDoc[] = FIXTURE) => {
      for (const d of docs) await store.collection(coll).insert(structuredClone(d))
    }

    describe('insert and get', () => {
      it('stores a document and returns it by id, with nested values, arrays, null, booleans and unicode intact', async () => {
        const doc = { _id: 'm1', name: '张三', n: 3.25, big: 2 ** 40, neg: -7, ok: false, none: null, list: [1, 'two', { three: 3 }], nested: { a: { b: [true] } } }
        await store.collection('members').insert(structuredClone(doc))
        expect(await store.collection('members').get('m1')).toEqual(doc)
      })

      it('answers null for a missing id', async () => {
        expect(await store.collection('members').get('nope')).toBeNull()
      })

      it('a unique field (vouchers.rk) refuses a repeated value with DuplicateKey; documents without it are not constrained', async () => {
        const v = store.collection('vouchers')
        await v.insert({ _id: 'v1', rk: 'h_r1', campaignId: 'a' })
        const err = await v.insert({ _id: 'v2', rk: 'h_r1', campaignId: 'b' }).catch((e) => e)
        expect(isDuplicateKey(err)).toBe(true)
        expect(await v.get('v2')).toBeNull()
        await v.insert({ _id: 'v3', rk: 'h_r2' })
        await v.insert({ _id: 'v4' })
        await v.insert({ _id: 'v5' })
        expect((await v.find({ rk: 'h_r1' })).map((d) => d._id)).toEqual(['v1'])
      })

      it('rejects a second insert with the same _id with DuplicateKeyError and keeps the first', async () => {
        await store.collection('members').insert({ _id: 'dup', v: 1 })
        const err = await store.collection('members').insert({ _id: 'dup', v: 2 }).catch((e) => e)
        expect(err).toBeInstanceOf(DuplicateKeyError)
        expect(err).toMatchObject({ collection: 'members', id: 'dup' })
        expect(await store.collection('members').get('dup')).toEqual({ _id: 'dup', v: 1 })
      })

      it('rejects a document without a string _id', async () => {
        await expect(store.collection('members').insert({ v: 1 } as unknown as AnyDoc)).rejects.toThrow()
        await expect(store.collection('members').insert({ _id: '' })).rejects.toThrow()
      })

      it('keeps collections apart: the same _id may exist in two collections', async () => {
        await store.collection('members').insert({ _id: 'same', where: 'members' })
        await store.collection('roles').insert({ _id: 'same', where: 'roles' })
        expect(await store.collection('members').get('same')).toEqual({ _id: 'same', where: 'members' })
        expect(await store.collection('roles').get('same')).toEqual({ _id: 'same', where: 'roles' })
      })

      it('hands out copies: changing a returned document does not change the stored one', async () => {
        await store.collection('members').insert({ _id: 'c1', nested: { v: 1 } })
        const got = (await store.collection('members').get('c1'))!
        ;(got.nested as { v: number }).v = 99
        expect(await store.collection('members').get('c1')).toEqual({ _id: 'c1', nested: { v: 1 } })
      })
    })

    describe('find: the filter subset', () => {
      beforeEach(() => seed())
      const cases: Array<[string, Filter, string[]]> = [
        ['empty filter matches all', {}, ['a', 'b', 'c', 'd', 'e']],
        ['undefined conditions are ignored', { s: undefined }, ['a', 'b', 'c', 'd', 'e']],
        ['equality', { s: 'x' }, ['a', 'd']],
        ['equality on _id', { _id: 'b' }, ['b']],
        ['equality on a dotted path', { 'nested.k': 2 }, ['b']],
        ['equality two levels down', { 'nested.deep.z': 'u' }, ['a']],
        ['equality on true', { flag: true }, ['a']],
        ['equality on false', { flag: false }, ['b']],
        ['a number does not equal its string', { n: '5' }, []],
        ['$eq', { n: { $eq: 5 } }, ['b']],
        ['$ne also matches missing fields', { n: { $ne: 5 } }, ['a', 'c', 'd', 'e']],
        ['$ne true', { flag: { $ne: true } }, ['b', 'c', 'd', 'e']],
        ['$gt compares numbers with numbers only', { n: { $gt: 1 } }, ['b', 'c']],
        ['$gte and $lt together', { n: { $gte: 1, $lt: 10 } }, ['a', 'b']],
        ['$lte', { n: { $lte: 5 } }, ['a', 'b']],
        ['$gt on strings compares strings only (UTF-8 order)', { s: { $gt: 'x' } }, ['b', 'c', 'e']],
        ['$lt on strings does not match numbers', { n: { $lt: 'zzz' } }, ['d']],
        ['$in', { n: { $in: [1, 10] } }, ['a', 'c']],
        ['$in on _id', { _id: { $in: ['a', 'c', 'zz'] } }, ['a', 'c']],
        ['$in with an empty list matches nothing', { n: { $in: [] } }, []],
        ['$nin also matches missing fields', { n: { $nin: [1, 10] } }, ['b', 'd', 'e']],
        ['$nin with an empty list matches all', { n: { $nin: [] } }, ['a', 'b', 'c', 'd', 'e']],
        ['null matches null and missing', { maybeNull: null }, ['a', 'b', 'c', 'd', 'e']],
        ['null matches missing', { n: null }, ['e']],
        ['$eq null is the same as null', { n: { $eq: null } }, ['e']],
        ['$ne null: present and not null', { n: { $ne: null } }, ['a', 'b', 'c', 'd']],
        ['$ne null on a field holding null', { maybeNull: { $ne: null } }, []],
        ['$in with null matches missing too', { n: { $in: [null, 5] } }, ['b', 'e']],
        ['$nin with null excludes missing', { n: { $nin: [null, 5] } }, ['a', 'c', 'd']],
        ['$exists true counts a stored null as present', { maybeNull: { $exists: true } }, ['a']],
        ['$exists false', { n: { $exists: false } }, ['e']],
        ['$exists on a dotted path', { 'nested.k': { $exists: true } }, ['a', 'b']],
        ['$all with one value', { tags: { $all: ['q'] } }, ['a', 'b']],
        ['$all with two values', { tags: { $all: ['p', 'q'] } }, ['a']],
        ['$all with an empty list matches nothing', { tags: { $all: [] } }, []],
        ['$all on a missing field', { nope: { $all: ['p'] } }, []],
        ['$or', { $or: [{ s: 'y' }, { n: 10 }] }, ['b', 'c']],
        ['$or with an empty list matches nothing', { $or: [] }, []],
        ['$and', { $and: [{ s: 'x' }, { n: { $gt: 0 } }] }, ['a']],
        ['$and with an empty list matches all', { $and: [] }, ['a', 'b', 'c', 'd', 'e']],
        ['fields next to $or', { s: 'x', $or: [{ n: 1 }, { n: 'str' }] }, ['a', 'd']],
        ['$or of $and', { $or: [{ $and: [{ s: 'x' }, { n: 1 }] }, { 'nested.k': 2 }] }, ['a', 'b']],
        ['$and of $or', { $and: [{ $or: [{ s: 'x' }, { s: 'y' }] }, { $or: [{ n: 5 }, { n: 'str' }] }] }, ['b', 'd']],
        ['several operators on several fields', { n: { $gte: 1, $lte: 10 }, s: { $in: ['x', 'z'] }, tags: { $exists: true } }, ['a', 'c']],
      ]
      it.each(cases)('%s', async (_title, filter, expected) => {
        expect(sortedIds(await store.collection('members').find(filter))).toEqual(expected)
        expect(await store.collection('members').count(filter)).toBe(expected.length)
      })
    })

    describe('find: orderBy, limit, skip', () => {
      beforeEach(() => seed())
      it('orders ascending and descending', async () => {
        const c = store.collection('members')
        expect(ids(await c.find({ n: { $gte: 0 } }, { orderBy: [['n', 'asc']] }))).toEqual(['a', 'b', 'c'])
        expect(ids(await c.find({ n: { $gte: 0 } }, { orderBy: [['n', 'desc']] }))).toEqual(['c', 'b', 'a'])
      })
      it('orders by several keys, the first one first', async () => {
        const docs = await store.collection('members').find({ s: { $in: ['x', 'y'] } }, { orderBy: [['s', 'asc'], ['_id', 'desc']] })
        expect(ids(docs)).toEqual(['d', 'a', 'b'])
      })
      it('orders by a dotted path, missing values first when ascending', async () => {
        const docs = await store.collection('members').find({}, { orderBy: [['nested.k', 'asc'], ['_id', 'asc']] })
        expect(ids(docs)).toEqual(['c', 'd', 'e', 'a', 'b'])
      })
      it('pages with skip and limit', async () => {
        const c = store.collection('members')
        const all = ids(await c.find({}, { orderBy: [['_id', 'asc']] }))
        expect(all).toEqual(['a', 'b', 'c', 'd', 'e'])
        expect(ids(await c.find({}, { orderBy: [['_id', 'asc']], limit: 2 }))).toEqual(['a', 'b'])
        expect(ids(await c.find({}, { orderBy: [['_id', 'asc']], limit: 2, skip: 2 }))).toEqual(['c', 'd'])
        expect(ids(await c.find({}, { orderBy: [['_id', 'asc']], skip: 4 }))).toEqual(['e'])
        expect(ids(await c.find({}, { orderBy: [['_id', 'asc']], skip: 9 }))).toEqual([])
      })
      it('answers nothing for limit 0', async () => {
        expect(await store.collection('members').find({}, { limit: 0 })).toEqual([])
      })
      it('returns at most 1000 documents per call', async () => {
        await store.runTransaction(async (tx) => {
          for (let i = 0; i < 1005; i++) await tx.insert('meta', doc({ _id: `k${String(i).padStart(4, '0')}`, i }))
        })
        const c = store.collection('meta')
        expect(await c.count({})).toBe(1005)
        expect(await c.find({})).toHaveLength(1000)
        expect(await c.find({}, { limit: 5000 })).toHaveLength(1000)
        expect(ids(await c.find({}, { orderBy: [['i', 'asc']], skip: 1000 }))).toEqual(['k1000', 'k1001', 'k1002', 'k1003', 'k1004'])
      })
    })

    describe('updateOne', () => {
      beforeEach(() => seed())
      const get = (id: string) => store.collection('members').get(id)

      it('applies the update only when the rest of the filter matches, answering 1 or 0', async () => {
        const c = store.collection('members')
        expect(await c.updateOne({ _id: 'a', n: 1 }, { $set: { n: 2 } })).toBe(1)
        expect((await get('a'))!.n).toBe(2)
        expect(await c.updateOne({ _id: 'a', n: 1 }, { $set: { n: 3 } })).toBe(0)
        expect((await get('a'))!.n).toBe(2)
        expect(await c.updateOne({ _id: 'a', n: { $lt: 5 }, s: 'x' }, { $inc: { n: 1 } })).toBe(1)
        expect((await get('a'))!.n).toBe(3)
      })

      it('answers 0 for a missing document and creates nothing', async () => {
        expect(await store.collection('members').updateOne({ _id: 'zz' }, { $set: { v: 1 } })).toBe(0)
        expect(await get('zz')).toBeNull()
      })

      it('needs _id in the filter', async () => {
        await expect(store.collection('members').updateOne({ s: 'x' } as unknown as Filter & { _id: string }, { $set: { v: 1 } })).rejects.toThrow()
        expect((await get('a'))!.v).toBeUndefined()
      })

      it('changes only the matched document', async () => {
        await store.collection('members').updateOne({ _id: 'a' }, { $set: { s: 'changed' } })
        expect((await get('d'))!.s).toBe('x')
      })

      it('$set creates missing nested paths and keeps siblings', async () => {
        const c = store.collection('members')
        await c.updateOne({ _id: 'a' }, { $set: { 'p.q.r': 1, 'nested.k2': 3 } })
        const a = (await get('a'))!
        expect(a.p).toEqual({ q: { r: 1 } })
        expect(a.nested).toEqual({ k: 1, k2: 3, deep: { z: 'u' } })
      })

      it('$set with an object value replaces the whole field', async () => {
        await store.collection('members').updateOne({ _id: 'a' }, { $set: { nested: { x: 1 } } })
        expect((await get('a'))!.nested).toEqual({ x: 1 })
      })

      it('$set stores arrays, null and booleans as given', async () => {
        await store.collection('members').updateOne({ _id: 'b' }, { $set: { tags: ['m', 'n'], flag: true, n: null } })
        expect(await get('b')).toMatchObject({ tags: ['m', 'n'], flag: true, n: null })
      })

      it('$inc adds to a number and starts a missing field from 0, also on dotted paths', async () => {
        const c = store.collection('members')
        await c.updateOne({ _id: 'b' }, { $inc: { n: -2, hits: 1, 'stats.views': 5 } })
        expect(await get('b')).toMatchObject({ n: 3, hits: 1, stats: { views: 5 } })
        await c.updateOne({ _id: 'b' }, { $inc: { n: 0.5, 'stats.views': 1 } })
        expect(await get('b')).toMatchObject({ n: 3.5, stats: { views: 6 } })
      })

      it('$unset removes fields, nested ones too; unsetting a missing field is fine', async () => {
        await store.collection('members').updateOne({ _id: 'a' }, { $unset: { flag: true, 'nested.deep': 1, nothing: '' } })
        const a = (await get('a'))!
        expect('flag' in a).toBe(false)
        expect(a.nested).toEqual({ k: 1 })
      })

      it('$push appends one value, creating the array when missing; an array value is appended as one element', async () => {
        const c = store.collection('members')
        await c.updateOne({ _id: 'a' }, { $push: { tags: 'r' } })
        expect((await get('a'))!.tags).toEqual(['p', 'q', 'r'])
        await c.updateOne({ _id: 'e' }, { $push: { log: { at: 1, what: 'x' } } })
        expect((await get('e'))!.log).toEqual([{ at: 1, what: 'x' }])
        await c.updateOne({ _id: 'c' }, { $push: { tags: ['m', 'n'] } })
        expect((await get('c'))!.tags).toEqual([['m', 'n']])
      })

      it('applies several operators at once', async () => {
        await store.collection('members').updateOne({ _id: 'b' }, { $set: { s: 'w' }, $inc: { n: 1 }, $unset: { flag: 1 }, $push: { tags: 'z' } })
        expect(await get('b')).toEqual({ _id: 'b', n: 6, s: 'w', tags: ['q', 'z'], nested: { k: 2 } })
      })

      it('never changes _id', async () => {
        expect(await store.collection('members').updateOne({ _id: 'a' }, { $set: { _id: 'moved', s: 'w' } })).toBe(1)
        expect((await get('a'))!.s).toBe('w')
        expect(await get('moved')).toBeNull()
      })

      it('rejects operators outside the subset and paths that two operators both touch', async () => {
        const c = store.collection('members')
        await expect(c.updateOne({ _id: 'a' }, { $addToSet: { tags: 'z' } } as unknown as Update)).rejects.toThrow()
        await expect(c.updateOne({ _id: 'a' }, { $rename: { s: 't' } } as unknown as Update)).rejects.toThrow()
        await expect(c.updateOne({ _id: 'a' }, { $set: { n: 1 }, $inc: { n: 1 } })).rejects.toThrow()
        await expect(c.updateOne({ _id: 'a' }, { $set: { 'nested.k': 1 }, $unset: { nested: 1 } })).rejects.toThrow()
        await expect(c.updateOne({ _id: 'a' }, { $inc: { n: 'one' as unknown as number } })).rejects.toThrow()
        expect(await get('a')).toEqual(FIXTURE[0])
      })
    })

    describe('updateMany and remove', () => {
      beforeEach(() => seed())
      it('updateMany updates every match and answers how many', async () => {
        const c = store.collection('members')
        expect(await c.updateMany({ s: 'x' }, { $inc: { hits: 1 }, $set: { seen: true } })).toBe(2)
        expect(sortedIds(await c.find({ hits: 1, seen: true }))).toEqual(['a', 'd'])
        expect(await c.count({ hits: { $exists: true } })).toBe(2)
        expect(await c.updateMany({ s: 'nobody' }, { $set: { v: 1 } })).toBe(0)
      })
      it('remove deletes every match and answers how many', async () => {
        const c = store.collection('members')
        expect(await c.remove({ s: 'x' })).toBe(2)
        expect(await c.get('a')).toBeNull()
        expect(sortedIds(await c.find({}))).toEqual(['b', 'c', 'e'])
        expect(await c.remove({ _id: 'zz' })).toBe(0)
        expect(await c.remove({ _id: 'b' })).toBe(1)
        expect(await c.count({})).toBe(2)
      })
      it('a removed id can be inserted again', async () => {
        const c = store.collection('members')
        await c.remove({ _id: 'a' })
        await c.insert({ _id: 'a', fresh: true })
        expect(await c.get('a')).toEqual({ _id: 'a', fresh: true })
      })
    })

    describe('geoNear', () => {
      const at = (m: number, bearing: number) => destination(WUHAN, m, bearing)
      const STATIONS: AnyDoc[] = [
        { _id: 's-far', city: '武汉', services: ['water'], location: at(10_000, 45) },
        { _id: 's-1000', city: '武汉', services: ['water', 'rest'], location: at(1000, 90) },
        { _id: 's-0', city: '武汉', services: ['water', 'microwave', 'rest'], location: { ...WUHAN } },
        { _id: 's-3000', city: '武汉', services: ['rest'], location: at(3000, 200) },
        { _id: 's-500', city: '北京', services: ['water', 'rest', 'parking'], location: at(500, 0) },
        { _id: 's-none', city: '武汉', services: ['water'] },
      ]
      beforeEach(() => seed('stations', STATIONS))
      const near = (opts: Partial<Parameters<ReturnType<DocStore['collection']>['geoNear']>[0]> = {}) =>
        store.collection('stations').geoNear({ center: WUHAN, maxDistanceM: 5000, limit: 20, ...opts })

      it('answers documents within the radius, nearest first, with distanceM rounded to the metre', async () => {
        const hits = await near()
        expect(ids(hits)).toEqual(['s-0', 's-500', 's-1000', 's-3000'])
        expect(hits.map((h) => h.distanceM)).toEqual([0, 500, 1000, 3000])
        for (const h of hits) expect(h.distanceM).toBe(Math.round(haversineM(WUHAN, h.location as { lat: number; lng: number })))
        expect(hits[1]).toEqual({ ...STATIONS[4], distanceM: 500 })
      })

      it('includes a document exactly on the radius and excludes it just inside', async () => {
        const edge = haversineM(WUHAN, STATIONS[3].location as { lat: number; lng: number })
        expect(ids(await near({ maxDistanceM: edge }))).toContain('s-3000')
        expect(ids(await near({ maxDistanceM: edge - 0.5 }))).not.toContain('s-3000')
      })

      it('applies the limit after ordering', async () => {
        expect(ids(await near({ limit: 2 }))).toEqual(['s-0', 's-500'])
      })

      it('applies a filter, $all on services included', async () => {
        expect(ids(await near({ filter: { services: { $all: ['water', 'rest'] } } }))).toEqual(['s-0', 's-500', 's-1000'])
        expect(ids(await near({ filter: { city: '武汉', services: { $all: ['rest'] } } }))).toEqual(['s-0', 's-1000', 's-3000'])
        expect(ids(await near({ filter: { $or: [{ city: '北京' }, { _id: 's-3000' }] } }))).toEqual(['s-500', 's-3000'])
      })

      it('orders equal distances by _id', async () => {
        await store.collection('stations').insert({ _id: 's-0b', location: { ...WUHAN } })
        await store.collection('stations').insert({ _id: 's-0a', location: { ...WUHAN } })
        expect(ids(await near({ maxDistanceM: 10 }))).toEqual(['s-0', 's-0a', 's-0b'])
      })

      it('follows location changes and removals', async () => {
        const c = store.collection('stations')
        await c.updateOne({ _id: 's-far' }, { $set: { location: at(200, 180) } })
        await c.remove({ _id: 's-0' })
        const hits = await near({ maxDistanceM: 800 })
        expect(ids(hits)).toEqual(['s-far', 's-500'])
        expect(hits[0].distanceM).toBe(200)
        expect((await c.get('s-far'))!.location).toEqual(at(200, 180))
      })

      it('sees documents inserted in a transaction', async () => {
        await store.runTransaction(async (tx) => { await tx.insert('stations', doc({ _id: 's-tx', location: at(100, 270) })) })
        expect(ids(await near({ maxDistanceM: 150 }))).toEqual(['s-0', 's-tx'])
      })

      it('refuses collections without a geo field', async () => {
        await expect(store.collection('members').geoNear({ center: WUHAN, maxDistanceM: 10, limit: 1 })).rejects.toThrow()
      })
    })

    describe('runTransaction', () => {
      beforeEach(() => seed())
      const c = () => store.collection('members')

      it('commits every step and answers what the function returned; the function reads its own writes', async () => {
        const out = await store.runTransaction(async (tx) => {
          const a = await tx.get<AnyDoc & { n: number }>('members', 'a')
          await tx.insert('members', doc({ _id: 'new', from: a!.n }))
          await tx.set('members', doc({ _id: 'b', replaced: true }))
          await tx.update('members', 'c', { $inc: { n: 1 }, $set: { 'nested.t': 1 } })
          await tx.remove('members', 'd')
          const seen = await tx.get('members', 'new')
          const gone = await tx.get('members', 'd')
          return { seen, gone }
        })
        expect(out).toEqual({ seen: { _id: 'new', from: 1 }, gone: null })
        expect(await c().get('new')).toEqual({ _id: 'new', from: 1 })
        expect(await c().get('b')).toEqual({ _id: 'b', replaced: true })
        expect(await c().get('c')).toMatchObject({ n: 11, nested: { t: 1 } })
        expect(await c().get('d')).toBeNull()
      })

      it('set creates a missing document', async () => {
        await store.runTransaction((tx) => tx.set('members', doc({ _id: 'fresh', v: 1 })))
        expect(await c().get('fresh')).toEqual({ _id: 'fresh', v: 1 })
      })

      it('rolls everything back when the function throws, and passes the error on', async () => {
        const boom = new Error('boom')
        await expect(store.runTransaction(async (tx) => {
          await tx.insert('members', doc({ _id: 'new' }))
          await tx.update('members', 'a', { $set: { s: 'changed' } })
          await tx.remove('members', 'b')
          await tx.set('members', doc({ _id: 'c', replaced: true }))
          throw boom
        })).rejects.toBe(boom)
        expect(await c().get('new')).toBeNull()
        expect(sortedIds(await c().find({}))).toEqual(['a', 'b', 'c', 'd', 'e'])
        expect(await c().get('a')).toEqual(FIXTURE[0])
        expect(await c().get('c')).toEqual(FIXTURE[2])
      })

      it('a duplicate insert aborts the transaction with DuplicateKeyError', async () => {
        const err = await store.runTransaction(async (tx) => {
          await tx.set('members', doc({ _id: 'before' }))
          await tx.insert('members', doc({ _id: 'a', again: true }))
          await tx.set('members', doc({ _id: 'after' }))
        }).catch((e) => e)
        expect(err).toBeInstanceOf(DuplicateKeyError)
        expect(await c().get('before')).toBeNull()
        expect(await c().get('after')).toBeNull()
        expect(await c().get('a')).toEqual(FIXTURE[0])
      })

      it('a duplicate insert aborts even when the function catches the error', async () => {
        const err = await store.runTransaction(async (tx) => {
          await tx.set('members', doc({ _id: 'before' }))
          try { await tx.insert('members', doc({ _id: 'a' })) } catch { /* swallowed on purpose */ }
          return 'done'
        }).catch((e) => e)
        expect(err).toBeInstanceOf(DuplicateKeyError)
        expect(await c().get('before')).toBeNull()
      })

      it('concurrent transactions do not lose updates', async () => {
        await c().insert({ _id: 'counter', v: 0 })
        await Promise.all(Array.from({ length: 20 }, () => store.runTransaction(async (tx) => {
          const cur = await tx.get<AnyDoc & { v: number }>('members', 'counter')
          await delay(1)
          await tx.set('members', doc({ _id: 'counter', v: cur!.v + 1 }))
        })))
        expect(await c().get('counter')).toEqual({ _id: 'counter', v: 20 })
      })

      it('a plain update issued during a transaction is not lost', async () => {
        await c().insert({ _id: 'counter', v: 0 })
        let plain: Promise<number> | null = null
        await store.runTransaction(async (tx) => {
          const cur = await tx.get<AnyDoc & { v: number }>('members', 'counter')
          plain = c().updateOne({ _id: 'counter' }, { $inc: { v: 10 } })
          await delay(5)
          await tx.set('members', doc({ _id: 'counter', v: cur!.v + 1 }))
        })
        expect(await plain).toBe(1)
        expect(await c().get('counter')).toEqual({ _id: 'counter', v: 11 })
      })

      it('a plain read never sees writes of a transaction that rolls back', async () => {
        let read: Promise<AnyDoc | null> | null = null
        await store.runTransaction(async (tx) => {
          await tx.set('members', doc({ _id: 'ghost' }))
          await tx.update('members', 'a', { $set: { s: 'dirty' } })
          read = Promise.all([c().get('ghost'), c().get('a')]).then(([g, a]) => ({ _id: 'r', g, a }))
          await delay(5)
          throw new Error('abort')
        }).catch(() => undefined)
        expect(await read).toEqual({ _id: 'r', g: null, a: FIXTURE[0] })
      })

      it('update of a missing document inside a transaction changes nothing', async () => {
        await store.runTransaction((tx) => tx.update('members', 'zz', { $set: { v: 1 } }))
        expect(await c().get('zz')).toBeNull()
      })
    })

    describe('invalid field paths and filters', () => {
      beforeEach(() => seed())
      const c = () => store.collection('members')
      const badPaths = ['__proto__', 'constructor', 'a.__proto__.b', '$where', 'a..b', '.a', 'a.', '', 'a b', "a'b"]

      it.each(badPaths)('filter path %j is refused', async (path) => {
        await expect(c().find({ [path]: 1 })).rejects.toThrow()
        await expect(c().count({ [path]: { $exists: true } })).rejects.toThrow()
        await expect(c().find({ $or: [{ [path]: 1 }] })).rejects.toThrow()
      })

      it.each(badPaths)('update path %j is refused, also when nothing matches', async (path) => {
        await expect(c().updateOne({ _id: 'a' }, { $set: { [path]: 1 } })).rejects.toThrow()
        await expect(c().updateOne({ _id: 'zz' }, { $inc: { [path]: 1 } })).rejects.toThrow()
        await expect(c().updateMany({ s: 'x' }, { $unset: { [path]: 1 } })).rejects.toThrow()
        await expect(store.runTransaction((tx) => tx.update('members', 'a', { $push: { [path]: 1 } }))).rejects.toThrow()
        expect(await c().get('a')).toEqual(FIXTURE[0])
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      })

      it('orderBy paths are checked too', async () => {
        await expect(c().find({}, { orderBy: [['__proto__', 'asc']] })).rejects.toThrow()
        await expect(c().find({}, { orderBy: [['a..b', 'asc']] })).rejects.toThrow()
      })

      it('conditions outside the subset are refused', async () => {
        await expect(c().find({ nested: { k: 1 } } as unknown as Filter)).rejects.toThrow()
        await expect(c().find({ s: { $regex: 'x' } } as unknown as Filter)).rejects.toThrow()
        await expect(c().find({ $where: 'this.n == 1' } as unknown as Filter)).rejects.toThrow()
        await expect(c().find({ $or: { s: 'x' } } as unknown as Filter)).rejects.toThrow()
        await expect(c().find({ n: { $in: 'x' } } as unknown as Filter)).rejects.toThrow()
        await expect(c().remove({ $nor: [{ s: 'x' }] } as unknown as Filter)).rejects.toThrow()
        expect(await c().count({})).toBe(5)
      })
    })

    it('counts operations: every port call adds at least one', async () => {
      const before = store.ops.count
      await store.collection('members').insert({ _id: 'o' })
      const afterInsert = store.ops.count
      await store.collection('members').find({})
      await store.runTransaction(async (tx) => { await tx.get('members', 'o') })
      expect(afterInsert).toBeGreaterThan(before)
      expect(store.ops.count).toBeGreaterThanOrEqual(afterInsert + 2)
    })
  })
}
