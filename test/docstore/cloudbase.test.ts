/**
 * The CloudBase DocStore against the real @cloudbase/node-sdk, pointed at a local capture server
 * (init `serviceUrl`). Checks what each port call sends (action, collection, translated query,
 * update operators, transaction id) and how CloudBase-shaped answers are mapped back.
 * No request leaves 127.0.0.1.
 */
import { CloudbaseDocStore, isDuplicateWrite, throttleKind } from '../../cloudfunctions/_shared/docstore/cloudbase'
import { hasCloudbaseCredentials, lazyCloudbaseApp } from '../../cloudfunctions/_shared/cloudbase-app'
import { AppError, DuplicateKeyError, isBusy } from '../../cloudfunctions/_shared/errors'
import { haversineM, type AnyDoc, type Doc, type Filter } from '../../cloudfunctions/_shared/ports'
import { startCaptureServer, type CaptureServer, type Captured, type Reply } from '../support/capture-server'
import { WUHAN } from './contract'
import { destination } from '../support/geo'

// The SDK probes a cloud metadata host before each request when it does not know where it runs;
// this tells it "Tencent Cloud" so the probe is skipped (it changes no request this file checks).
const savedTencentCloud = process.env.TENCENTCLOUD
process.env.TENCENTCLOUD = 'true'

// The SDK's own EJSON codec (bson, as @cloudbase/database resolves it).
const { EJSON } = require(require.resolve('bson', { paths: [require.resolve('@cloudbase/database')] })) as { EJSON: { parse(s: string): any; stringify(v: unknown, o?: object): string } }

const TX = 'tx-0001'
let cs: CaptureServer
let store: CloudbaseDocStore
let replies: Partial<Record<string, (r: Captured) => Reply>>

/** What the SDK sent, with its EJSON strings decoded to plain values. */
interface Sent { action: string; collection?: string; query?: any; data?: any; order?: any; raw: Record<string, any> }
const decode = (r: Captured): Sent => {
  const b = r.body
  const parse = (v: unknown) => (typeof v === 'string' ? EJSON.parse(v) : v)
  return {
    action: r.action.replace(/^database\./, ''),
    collection: b.collectionName,
    query: parse(b.query),
    data: Array.isArray(b.data) ? b.data.map(parse) : parse(b.data),
    order: parse(b.order),
    raw: b,
  }
}
const sent = () => cs.requests.map(decode)
const lastSent = () => decode(cs.requests[cs.requests.length - 1])
/** A document as CloudBase returns it in `data.list`: one EJSON string each. */
const wire = (d: object) => EJSON.stringify(d, { relaxed: false })

const DEFAULTS: Record<string, (r: Captured) => Reply> = {
  'database.insertDocument': (r) => ({ requestId: 'q', data: { insertedIds: [EJSON.parse(r.body.data[0])._id] } }),
  'database.getDocument': () => ({ requestId: 'q', data: { list: [] } }),
  'database.calculateDocument': () => ({ requestId: 'q', data: { total: 0 } }),
  'database.modifyDocument': () => ({ requestId: 'q', data: { updated: 1, upsert_id: null } }),
  'database.removeDocument': () => ({ requestId: 'q', data: { deleted: 1 } }),
  'database.startTransaction': () => ({ requestId: 'q', transactionId: TX }),
  'database.commitTransaction': () => ({ requestId: 'q' }),
  'database.abortTransaction': () => ({ requestId: 'q' }),
}

beforeAll(async () => {
  cs = await startCaptureServer()
  cs.reply = (r) => (replies[r.action] ?? DEFAULTS[r.action] ?? (() => ({ code: 'UNEXPECTED', message: r.action })))(r)
  store = new CloudbaseDocStore({
    init: { env: 'test-env', secretId: 'test-id', secretKey: 'test-key', serviceUrl: `${cs.url}/admin`, keepalive: false, timeout: 5000 },
  })
})
afterAll(async () => {
  await store.close()
  await cs.close()
  if (savedTencentCloud === undefined) delete process.env.TENCENTCLOUD
  else process.env.TENCENTCLOUD = savedTencentCloud
})
beforeEach(() => { cs.requests.length = 0; replies = {} })

const d = (x: AnyDoc): Doc => x

describe('start-up', () => {
  it('sends nothing until the first port call, then talks to the configured endpoint and env', async () => {
    const lazy = new CloudbaseDocStore({ init: { env: 'test-env', secretId: 'a', secretKey: 'b', serviceUrl: `${cs.url}/admin`, keepalive: false } })
    lazy.collection('members')
    expect(cs.requests).toHaveLength(0)
    expect(lazy.ops.count).toBe(0)
    await lazy.collection('members').get('x')
    expect(cs.requests).toHaveLength(1)
    expect(cs.requests[0].body.envName).toBe('test-env')
    expect(cs.requests[0].query.get('env')).toBe('test-env')
  })

  it('without credentials the first call rejects with a clear error instead of crashing, and nothing is sent', async () => {
    const noCreds = new CloudbaseDocStore({ app: lazyCloudbaseApp({ env: 'test-env', serviceUrl: `${cs.url}/admin` }, {}) })
    await expect(noCreds.collection('members').get('x')).rejects.toThrow('CloudBase 凭证缺失')
    await expect(noCreds.runTransaction(async () => 1)).rejects.toThrow('CloudBase 凭证缺失')
    expect(cs.requests).toHaveLength(0)
  })

  it('finds credentials where the SDK looks for them', () => {
    expect(hasCloudbaseCredentials({}, {})).toBe(false)
    expect(hasCloudbaseCredentials({ secretId: 'a' }, {})).toBe(false)
    expect(hasCloudbaseCredentials({ secretId: 'a', secretKey: 'b' }, {})).toBe(true)
    expect(hasCloudbaseCredentials({}, { TENCENTCLOUD_SECRETID: 'a', TENCENTCLOUD_SECRETKEY: 'b' })).toBe(true)
    expect(hasCloudbaseCredentials({}, { TENCENTCLOUD_SECRETID: 'a' })).toBe(false)
    expect(hasCloudbaseCredentials({}, { CLOUDBASE_APIKEY: 'k' })).toBe(true)
  })

  it('refuses unknown collections', async () => {
    expect(() => store.collection('nope')).toThrow('unknown collection')
    await expect(store.runTransaction((tx) => tx.get('nope', 'x'))).rejects.toThrow('unknown collection')
  })
})

describe('insert', () => {
  it('adds the document with its own _id', async () => {
    await store.collection('members').insert({ _id: 'm1', name: '张三', n: 3, x: 1.5, tags: ['a'], nested: { ok: true, none: null } })
    const s = lastSent()
    expect(s).toMatchObject({ action: 'insertDocument', collection: 'members' })
    expect(s.raw.transactionId).toBeUndefined()
    expect(s.data).toEqual([{ _id: 'm1', name: '张三', n: 3, x: 1.5, tags: ['a'], nested: { ok: true, none: null } }])
  })

  it('stores {lat,lng} of a geo collection as a GeoJSON point (lng first), other collections as given', async () => {
    await store.collection('stations').insert({ _id: 's1', location: { lat: 30.5, lng: 114.3 } })
    expect(lastSent().data[0].location).toEqual({ type: 'Point', coordinates: [114.3, 30.5] })
    await store.collection('members').insert({ _id: 'm2', location: { lat: 30.5, lng: 114.3 } })
    expect(lastSent().data[0].location).toEqual({ lat: 30.5, lng: 114.3 })
  })

  it('refuses an invalid location before sending', async () => {
    await expect(store.collection('stations').insert({ _id: 's2', location: { lat: 91, lng: 0 } })).rejects.toThrow('invalid location')
    await expect(store.collection('stations').insert({ _id: 's2', location: 'here' })).rejects.toThrow('invalid location')
    expect(cs.requests).toHaveLength(0)
  })

  it.each([
    ['DATABASE_DUPLICATE_WRITE', { code: 'DATABASE_DUPLICATE_WRITE', message: 'duplicate write', requestId: 'q' }],
    ['E11000 inside DATABASE_REQUEST_FAILED', { code: 'DATABASE_REQUEST_FAILED', message: 'E11000 duplicate key error collection: x.members index: _id_ dup key: { _id: "m1" }', requestId: 'q' }],
  ])('maps %s to DuplicateKeyError', async (_t, body) => {
    replies['database.insertDocument'] = () => body
    const err = await store.collection('members').insert({ _id: 'm1' }).catch((e) => e)
    expect(err).toBeInstanceOf(DuplicateKeyError)
    expect(err).toMatchObject({ collection: 'members', id: 'm1' })
  })

  it('passes other errors on unchanged', async () => {
    replies['database.insertDocument'] = () => ({ code: 'DATABASE_PERMISSION_DENIED', message: 'no', requestId: 'q' })
    const err = await store.collection('members').insert({ _id: 'm1' }).catch((e) => e)
    expect(err).not.toBeInstanceOf(DuplicateKeyError)
    expect(err.code).toBe('DATABASE_PERMISSION_DENIED')
  })

  it('recognises duplicate writes by code or by MongoDB text only', () => {
    expect(isDuplicateWrite({ code: 'DATABASE_DUPLICATE_WRITE' })).toBe(true)
    expect(isDuplicateWrite({ errCode: 11000 })).toBe(true)
    expect(isDuplicateWrite({ code: 'DATABASE_REQUEST_FAILED', message: 'duplicate value' })).toBe(false)
    expect(isDuplicateWrite(new Error('E11000 duplicate key error'))).toBe(true)
    expect(isDuplicateWrite(null)).toBe(false)
  })
})

describe('get', () => {
  it('reads one document by id and turns a stored GeoJSON point back into {lat,lng}', async () => {
    replies['database.getDocument'] = () => ({ requestId: 'q', data: { list: [wire({ _id: 's1', name: '驿站', visits: 7, location: { type: 'Point', coordinates: [114.3, 30.5] } })] } })
    expect(await store.collection('stations').get('s1')).toEqual({ _id: 's1', name: '驿站', visits: 7, location: { lat: 30.5, lng: 114.3 } })
    expect(lastSent()).toMatchObject({ action: 'getDocument', collection: 'stations', query: { _id: 's1' } })
    expect(lastSent().raw.queryType).toBe('DOC')
  })

  it('answers null when the list is empty', async () => {
    expect(await store.collection('members').get('none')).toBeNull()
  })
})

describe('filter translation (what find, count, updateMany and remove send)', () => {
  const cases: Array<[string, Filter, unknown]> = [
    ['empty', {}, {}],
    ['equality', { s: 'x' }, { s: { $eq: 'x' } }],
    ['dotted path and _id', { _id: 'a', 'nested.k': 2 }, { _id: { $eq: 'a' }, 'nested.k': { $eq: 2 } }],
    ['null is $eq null (null or missing)', { n: null }, { n: { $eq: null } }],
    ['$ne null', { n: { $ne: null } }, { n: { $ne: null } }],
    ['comparisons', { n: { $gt: 1 }, m: { $lte: 2.5 }, s: { $lt: 'b' }, t: { $gte: 'a' } }, { n: { $gt: 1 }, m: { $lte: 2.5 }, s: { $lt: 'b' }, t: { $gte: 'a' } }],
    ['two operators on one path go under $and', { n: { $gte: 1, $lt: 10 } }, { $and: [{ n: { $gte: 1 } }, { n: { $lt: 10 } }] }],
    ['$in, $nin (with null), $all, $exists', { a: { $in: [1, 'x'] }, b: { $nin: [null, 2] }, tags: { $all: ['p', 'q'] }, c: { $exists: false } },
      { a: { $in: [1, 'x'] }, b: { $nin: [null, 2] }, tags: { $all: ['p', 'q'] }, c: { $exists: false } }],
    ['booleans', { flag: true, other: { $ne: false } }, { flag: { $eq: true }, other: { $ne: false } }],
    ['$or', { $or: [{ a: 1 }, { b: { $gt: 2 } }] }, { $or: [{ a: { $eq: 1 } }, { b: { $gt: 2 } }] }],
    ['fields next to $or', { s: 'x', $or: [{ a: 1 }, { b: 2 }] }, { $and: [{ s: { $eq: 'x' } }, { $or: [{ a: { $eq: 1 } }, { b: { $eq: 2 } }] }] }],
    ['$and of $or', { $and: [{ $or: [{ a: 1 }] }, { b: 2 }] }, { $and: [{ $or: [{ a: { $eq: 1 } }] }, { b: { $eq: 2 } }] }],
    ['an empty $or matches nothing', { $or: [] }, { _id: { $in: [] } }],
    ['an empty $and matches all', { $and: [] }, {}],
    ['undefined conditions are dropped', { a: undefined, b: 1 }, { b: { $eq: 1 } }],
  ]
  it.each(cases)('%s', async (_t, filter, expected) => {
    await store.collection('members').find(filter)
    expect(lastSent().query).toEqual(expected)
    await store.collection('members').count(filter)
    expect(lastSent()).toMatchObject({ action: 'calculateDocument', collection: 'members', query: expected })
    await store.collection('members').remove(filter)
    expect(lastSent()).toMatchObject({ action: 'removeDocument', query: expected })
  })

  it.each([['__proto__'], ['$where'], ['a..b'], ['a b']])('refuses the path %j without sending anything', async (path) => {
    await expect(store.collection('members').find({ [path]: 1 })).rejects.toThrow()
    await expect(store.collection('members').count({ $or: [{ [path]: 1 }] })).rejects.toThrow()
    await expect(store.collection('members').remove({ [path]: { $exists: true } })).rejects.toThrow()
    expect(cs.requests).toHaveLength(0)
  })

  it('refuses conditions outside the subset without sending anything', async () => {
    await expect(store.collection('members').find({ a: { b: 1 } } as unknown as Filter)).rejects.toThrow()
    await expect(store.collection('members').find({ a: { $regex: 'x' } } as unknown as Filter)).rejects.toThrow()
    await expect(store.collection('members').find({ $where: 'x' } as unknown as Filter)).rejects.toThrow()
    expect(cs.requests).toHaveLength(0)
  })
})

describe('find', () => {
  it('sends orderBy, skip and limit and maps the list back', async () => {
    replies['database.getDocument'] = () => ({ requestId: 'q', data: { list: [wire({ _id: 'b', n: 5 }), wire({ _id: 'a', n: 1 })] } })
    const docs = await store.collection('members').find({ s: 'x' }, { orderBy: [['n', 'desc'], ['_id', 'asc']], skip: 20, limit: 10 })
    expect(docs).toEqual([{ _id: 'b', n: 5 }, { _id: 'a', n: 1 }])
    const s = lastSent()
    expect(s).toMatchObject({ action: 'getDocument', collection: 'members', query: { s: { $eq: 'x' } }, order: { n: -1, _id: 1 } })
    expect(s.raw).toMatchObject({ queryType: 'WHERE', offset: 20, limit: 10 })
  })

  it('asks for 1000 when no limit is given (the SDK would default to 100) and never more', async () => {
    await store.collection('members').find({})
    expect(lastSent().raw.limit).toBe(1000)
    await store.collection('members').find({}, { limit: 5000 })
    expect(lastSent().raw.limit).toBe(1000)
    expect(lastSent().raw.offset).toBeUndefined()
  })

  it('sends nothing for limit 0', async () => {
    expect(await store.collection('members').find({}, { limit: 0 })).toEqual([])
    expect(cs.requests).toHaveLength(0)
  })

  it('checks orderBy paths', async () => {
    await expect(store.collection('members').find({}, { orderBy: [['__proto__', 'asc']] })).rejects.toThrow()
    expect(cs.requests).toHaveLength(0)
  })

  it('count answers the total', async () => {
    replies['database.calculateDocument'] = () => ({ requestId: 'q', data: { total: 42 } })
    expect(await store.collection('members').count({ status: 'active' })).toBe(42)
  })
})

describe('updateOne, updateMany, remove', () => {
  it('updateOne is one conditional where({ _id, ...rest }).update(), operators as db.command, fields not wrapped in data', async () => {
    const n = await store.collection('members').updateOne(
      { _id: 'm1', status: 'pending', version: { $lt: 3 } },
      { $set: { 'profile.city': '汕头', card: { no: 'A1' }, _id: 'ignored' }, $inc: { version: 1, 'stats.n': -2 }, $unset: { reason: true }, $push: { log: { at: 't', v: [1, 2] } } },
    )
    expect(n).toBe(1)
    const s = lastSent()
    expect(s).toMatchObject({ action: 'modifyDocument', collection: 'members' })
    expect(s.raw).toMatchObject({ queryType: 'WHERE', multi: false, merge: true, upsert: false })
    expect(s.raw.transactionId).toBeUndefined()
    expect(s.query).toEqual({ _id: { $eq: 'm1' }, status: { $eq: 'pending' }, version: { $lt: 3 } })
    expect(s.data).toEqual({
      $set: { 'profile.city': '汕头', card: { no: 'A1' } },
      $inc: { version: 1, 'stats.n': -2 },
      $unset: { reason: '' },
      $push: { log: { $each: [{ at: 't', v: [1, 2] }] } },
    })
  })

  it('pushes an array value as one element', async () => {
    await store.collection('members').updateOne({ _id: 'm1' }, { $push: { tags: ['a', 'b'] } })
    expect(lastSent().data).toEqual({ $push: { tags: { $each: [['a', 'b']] } } })
  })

  it('answers 0 when CloudBase changed nothing and the document does not match', async () => {
    replies['database.modifyDocument'] = () => ({ requestId: 'q', data: { updated: 0 } })
    replies['database.calculateDocument'] = () => ({ requestId: 'q', data: { total: 0 } })
    expect(await store.collection('members').updateOne({ _id: 'm1', status: 'pending' }, { $set: { status: 'active' } })).toBe(0)
    expect(sent().map((x) => x.action)).toEqual(['modifyDocument', 'calculateDocument'])
  })

  it('answers 1 (matched) when CloudBase changed nothing because the document already holds the values', async () => {
    replies['database.modifyDocument'] = () => ({ requestId: 'q', data: { updated: 0 } })
    replies['database.calculateDocument'] = () => ({ requestId: 'q', data: { total: 1 } })
    const n = await store.collection('stations').updateOne(
      { _id: 's1', city: '武汉' },
      { $set: { name: '驿站', hours: { open: '08:00' }, phone: null, location: { lat: 30, lng: 114 } }, $unset: { intro: '' }, $inc: { zero: 0 } },
    )
    expect(n).toBe(1)
    const check = lastSent()
    expect(check).toMatchObject({ action: 'calculateDocument', collection: 'stations' })
    expect(check.query).toEqual({ $and: [
      { _id: { $eq: 's1' }, city: { $eq: '武汉' } },
      { zero: { $exists: true } },
      { name: { $eq: '驿站' } },
      { hours: { $eq: { open: '08:00' } } },
      { phone: { $eq: null } },
      { phone: { $exists: true } },
      { location: { $eq: { type: 'Point', coordinates: [114, 30] } } },
      { intro: { $exists: false } },
    ] })
  })

  it('never asks again after an update that always changes a matching document ($inc, $push)', async () => {
    replies['database.modifyDocument'] = () => ({ requestId: 'q', data: { updated: 0 } })
    expect(await store.collection('rate_limits').updateOne({ _id: 'k', n: { $lt: 5 } }, { $inc: { n: 1 } })).toBe(0)
    expect(await store.collection('members').updateOne({ _id: 'm1' }, { $set: { a: 1 }, $push: { log: 'x' } })).toBe(0)
    expect(sent().map((x) => x.action)).toEqual(['modifyDocument', 'modifyDocument'])
  })

  it('sets the geo field as a GeoJSON point and refuses half of it', async () => {
    await store.collection('stations').updateOne({ _id: 's1' }, { $set: { location: { lat: 30.6, lng: 114.2 }, name: 'n' } })
    expect(lastSent().data).toEqual({ $set: { location: { type: 'Point', coordinates: [114.2, 30.6] }, name: 'n' } })
    await expect(store.collection('stations').updateOne({ _id: 's1' }, { $set: { 'location.lat': 1 } })).rejects.toThrow()
  })

  it('refuses bad updates and filters without _id before sending', async () => {
    const c = store.collection('members')
    await expect(c.updateOne({ status: 'x' } as unknown as Filter & { _id: string }, { $set: { a: 1 } })).rejects.toThrow('_id')
    await expect(c.updateOne({ _id: 'm1' }, { $set: { '__proto__.x': 1 } })).rejects.toThrow()
    await expect(c.updateOne({ _id: 'm1' }, { $rename: { a: 'b' } } as never)).rejects.toThrow()
    await expect(c.updateOne({ _id: 'm1' }, { $set: { a: 1 }, $inc: { a: 1 } })).rejects.toThrow()
    await expect(c.updateMany({}, { $inc: { a: 'x' as unknown as number } })).rejects.toThrow()
    expect(cs.requests).toHaveLength(0)
  })

  it('updateMany updates every match and answers CloudBase\'s count', async () => {
    replies['database.modifyDocument'] = () => ({ requestId: 'q', data: { updated: 7 } })
    expect(await store.collection('vouchers').updateMany({ status: 'unused', expiresAt: { $lt: '2025-01-01' } }, { $set: { status: 'expired' } })).toBe(7)
    const s = lastSent()
    expect(s.raw).toMatchObject({ multi: true, merge: true })
    expect(s.query).toEqual({ status: { $eq: 'unused' }, expiresAt: { $lt: '2025-01-01' } })
    expect(s.data).toEqual({ $set: { status: 'expired' } })
  })

  it('remove answers deleted', async () => {
    replies['database.removeDocument'] = () => ({ requestId: 'q', data: { deleted: 3 } })
    expect(await store.collection('votes').remove({ day: { $lt: '2025-01-01' } })).toBe(3)
    expect(lastSent().raw).toMatchObject({ queryType: 'WHERE', multi: true })
  })
})

describe('geoNear', () => {
  const at = (m: number, bearing: number) => destination(WUHAN, m, bearing)
  const point = (p: { lat: number; lng: number }) => ({ type: 'Point', coordinates: [p.lng, p.lat] })

  it('sends $nearSphere on location with the filter beside it and maps, cuts and orders the answer', async () => {
    // The server measures on a larger sphere, so it may send one just beyond our radius, and ties in any order.
    replies['database.getDocument'] = () => ({
      requestId: 'q',
      data: {
        list: [
          wire({ _id: 's-b', services: ['water'], location: point(at(400, 90)) }),
          wire({ _id: 's-a', services: ['water'], location: point(at(400, 90)) }),
          wire({ _id: 's-near', services: ['water'], location: point(at(120, 0)) }),
          wire({ _id: 's-edge', services: ['water'], location: point(at(1000.6, 180)) }),
        ],
      },
    })
    const hits = await store.collection('stations').geoNear({ center: WUHAN, maxDistanceM: 1000, limit: 10, filter: { city: '武汉', services: { $all: ['water'] } } })
    expect(hits.map((h) => [h._id, h.distanceM])).toEqual([['s-near', 120], ['s-a', 400], ['s-b', 400]])
    expect(hits[0].location).toEqual(at(120, 0))
    for (const h of hits) expect(h.distanceM).toBe(Math.round(haversineM(WUHAN, h.location as { lat: number; lng: number })))

    const s = lastSent()
    expect(s).toMatchObject({ action: 'getDocument', collection: 'stations' })
    expect(s.raw.limit).toBe(10)
    expect(s.raw.order).toBeUndefined()
    const near = s.query.location.$nearSphere
    expect(near.$geometry).toEqual({ type: 'Point', coordinates: [WUHAN.lng, WUHAN.lat] })
    expect(near.$maxDistance).toBeGreaterThan(1000 * 6_378_100 / 6_371_008.8)
    expect(near.$maxDistance).toBeLessThan(1003)
    expect(s.query.city).toEqual({ $eq: '武汉' })
    expect(s.query.services).toEqual({ $all: ['water'] })
  })

  it('keeps $nearSphere directly under the top-level $and when the filter needs $and', async () => {
    await store.collection('stations').geoNear({ center: WUHAN, maxDistanceM: 500, limit: 5, filter: { $or: [{ city: 'a' }, { city: 'b' }] } })
    const q = lastSent().query
    expect(Object.keys(q)).toEqual(['$and'])
    expect(q.$and[0].location.$nearSphere.$maxDistance).toBeGreaterThan(500)
    expect(q.$and[1]).toEqual({ $or: [{ city: { $eq: 'a' } }, { city: { $eq: 'b' } }] })
  })

  it('refuses a collection without a geo field, sending nothing', async () => {
    await expect(store.collection('members').geoNear({ center: WUHAN, maxDistanceM: 10, limit: 1 })).rejects.toThrow()
    expect(cs.requests).toHaveLength(0)
  })
})

describe('runTransaction', () => {
  it('sends start, every step by document id carrying the transaction id, then commit', async () => {
    replies['database.getDocument'] = (r) => ({
      requestId: 'q',
      data: { list: EJSON.parse(r.body.query)._id === 'c1' ? [wire({ _id: 'c1', left: 5 })] : [] },
    })
    const out = await store.runTransaction(async (tx) => {
      const day = await tx.get<AnyDoc & { left: number }>('campaign_days', 'c1')
      const none = await tx.get('campaign_days', 'c2')
      await tx.insert('vouchers', d({ _id: 'v1', owner: 'o' }))
      await tx.set('stations', d({ _id: 's1', location: { lat: 30, lng: 114 } }))
      await tx.update('campaign_days', 'c1', { $inc: { left: -1 }, $push: { grants: 'v1' } })
      await tx.remove('requests', 'r1')
      return { left: day!.left, none }
    })
    expect(out).toEqual({ left: 5, none: null })
    const steps = sent()
    expect(steps.map((s) => [s.action, s.collection])).toEqual([
      ['startTransaction', undefined],
      ['getDocument', 'campaign_days'],
      ['getDocument', 'campaign_days'],
      ['insertDocument', 'vouchers'],
      ['modifyDocument', 'stations'],
      ['modifyDocument', 'campaign_days'],
      ['removeDocument', 'requests'],
      ['commitTransaction', undefined],
    ])
    for (const s of steps.slice(1)) expect(s.raw.transactionId).toBe(TX)
    expect(steps[1].query).toEqual({ _id: 'c1' })
    expect(steps[3].data).toEqual([{ _id: 'v1', owner: 'o' }])
    expect(steps[4].raw).toMatchObject({ upsert: true, merge: false, queryType: 'DOC' })
    expect(steps[4].query).toEqual({ _id: 's1' })
    expect(steps[4].data).toEqual({ location: { type: 'Point', coordinates: [114, 30] } })
    expect(steps[5].raw).toMatchObject({ merge: true, upsert: false, queryType: 'DOC' })
    expect(steps[5].data).toEqual({ $inc: { left: -1 }, $push: { grants: { $each: ['v1'] } } })
    expect(steps[6].query).toEqual({ _id: 'r1' })
  })

  it('reads a geo document back as {lat,lng} inside a transaction', async () => {
    replies['database.getDocument'] = () => ({ requestId: 'q', data: { list: [wire({ _id: 's1', location: { type: 'Point', coordinates: [114.1, 30.2] } })] } })
    const got = await store.runTransaction((tx) => tx.get('stations', 's1'))
    expect(got).toEqual({ _id: 's1', location: { lat: 30.2, lng: 114.1 } })
  })

  it('aborts and passes the error on when the function throws; nothing is committed', async () => {
    const boom = new Error('boom')
    await expect(store.runTransaction(async (tx) => { await tx.remove('votes', 'v'); throw boom })).rejects.toBe(boom)
    expect(sent().map((s) => s.action)).toEqual(['startTransaction', 'removeDocument', 'abortTransaction'])
    expect(lastSent().raw.transactionId).toBe(TX)
  })

  it('a duplicate insert aborts with DuplicateKeyError, also when the function catches it', async () => {
    replies['database.insertDocument'] = () => ({ code: 'DATABASE_DUPLICATE_WRITE', message: 'dup', requestId: 'q' })
    const err = await store.runTransaction(async (tx) => { await tx.insert('vouchers', d({ _id: 'v1' })); await tx.set('vouchers', d({ _id: 'v2' })) }).catch((e) => e)
    expect(err).toBeInstanceOf(DuplicateKeyError)
    expect(err).toMatchObject({ collection: 'vouchers', id: 'v1' })
    expect(sent().map((s) => s.action)).toEqual(['startTransaction', 'insertDocument', 'abortTransaction'])

    cs.requests.length = 0
    const swallowed = await store.runTransaction(async (tx) => {
      try { await tx.insert('vouchers', d({ _id: 'v1' })) } catch { /* ignored on purpose */ }
      return 'done'
    }).catch((e) => e)
    expect(swallowed).toBeInstanceOf(DuplicateKeyError)
    expect(sent().map((s) => s.action)).toEqual(['startTransaction', 'insertDocument', 'abortTransaction'])
  })

  it('runs the function again after a write conflict, then commits', async () => {
    let commits = 0
    replies['database.commitTransaction'] = () => (++commits === 1 ? { code: 'DATABASE_TRANSACTION_CONFLICT', message: 'conflict', requestId: 'q' } : { requestId: 'q' })
    let runs = 0
    const out = await store.runTransaction(async (tx) => { runs++; await tx.update('meta', 'x', { $inc: { n: 1 } }); return runs })
    expect(out).toBe(2)
    expect(sent().map((s) => s.action)).toEqual([
      'startTransaction', 'modifyDocument', 'commitTransaction', 'abortTransaction',
      'startTransaction', 'modifyDocument', 'commitTransaction',
    ])
  })

  it('gives up after the configured retries and passes the conflict on', async () => {
    replies['database.modifyDocument'] = () => ({ code: 'DATABASE_TRANSACTION_CONFLICT', message: 'conflict', requestId: 'q' })
    const s2 = new CloudbaseDocStore({ app: () => (store as unknown as { app: () => never }).app(), conflictRetries: 1 })
    const err = await s2.runTransaction((tx) => tx.update('meta', 'x', { $inc: { n: 1 } })).catch((e) => e)
    expect(err.code).toBe('DATABASE_TRANSACTION_CONFLICT')
    expect(sent().filter((s) => s.action === 'startTransaction')).toHaveLength(2)
    expect(sent().filter((s) => s.action === 'commitTransaction')).toHaveLength(0)
  })

  it('checks updates before sending a step', async () => {
    await expect(store.runTransaction((tx) => tx.update('meta', 'x', { $set: { 'a..b': 1 } }))).rejects.toThrow()
    expect(sent().map((s) => s.action)).toEqual(['startTransaction', 'abortTransaction'])
  })
})

describe('ops.count: one per request sent', () => {
  const steps: Array<[string, () => Promise<unknown>, number]> = [
    ['insert', () => store.collection('members').insert({ _id: 'o1' }), 1],
    ['get', () => store.collection('members').get('o1'), 1],
    ['find', () => store.collection('members').find({ a: 1 }, { limit: 5 }), 1],
    ['find with limit 0', () => store.collection('members').find({}, { limit: 0 }), 0],
    ['count', () => store.collection('members').count({}), 1],
    ['updateOne', () => store.collection('members').updateOne({ _id: 'o1' }, { $inc: { n: 1 } }), 1],
    ['updateOne that CloudBase reports as changing nothing', () => { replies['database.modifyDocument'] = () => ({ requestId: 'q', data: { updated: 0 } }); return store.collection('members').updateOne({ _id: 'o1' }, { $set: { a: 1 } }) }, 2],
    ['updateMany', () => store.collection('members').updateMany({}, { $set: { a: 1 } }), 1],
    ['remove', () => store.collection('members').remove({ _id: 'o1' }), 1],
    ['geoNear', () => store.collection('stations').geoNear({ center: WUHAN, maxDistanceM: 100, limit: 5 }), 1],
    ['transaction with 3 steps', () => store.runTransaction(async (tx) => { await tx.get('meta', 'a'); await tx.set('meta', d({ _id: 'a' })); await tx.remove('meta', 'b') }), 5],
    ['transaction that throws after 1 step', () => store.runTransaction(async (tx) => { await tx.get('meta', 'a'); throw new Error('x') }).catch(() => undefined), 3],
  ]
  it.each(steps)('%s', async (_t, run, expected) => {
    const before = store.ops.count
    await run()
    expect(store.ops.count - before).toBe(expected)
    expect(cs.requests).toHaveLength(expected)
  })
})

describe('the platform over its limits: RATE_LIMITED (busy) with a retry hint, never a crash', () => {
  // What CloudBase answers (HTTP 200 with a code) and what the SDK itself throws (socket timeouts, non-200 statuses).
  const over: Array<[string, Reply | null, number]> = [
    ['EXCEED_RATELIMIT (QPS over the plan)', { code: 'EXCEED_RATELIMIT', message: '请求频率超出套餐资源限制', requestId: 'q' }, 1000],
    ['RequestLimitExceeded', { code: 'RequestLimitExceeded', message: 'request limit exceeded', requestId: 'q' }, 1000],
    ['LimitExceeded.Qps', { code: 'LimitExceeded.Qps', message: 'qps', requestId: 'q' }, 1000],
    ['DATABASE_TIMEOUT', { code: 'DATABASE_TIMEOUT', message: '数据库请求超时', requestId: 'q' }, 2000],
    ['SERVER_TIMEOUT', { code: 'SERVER_TIMEOUT', message: 'timeout', requestId: 'q' }, 2000],
    ['HTTP 429', { status: 429, body: { message: 'too many' } }, 1000],
    ['HTTP 504', { status: 504, body: { message: 'gateway timeout' } }, 2000],
  ]
  it.each(over)('%s', async (_t, reply, retryAfterMs) => {
    for (const action of ['database.getDocument', 'database.modifyDocument', 'database.insertDocument']) replies[action] = () => reply!
    const direct = new CloudbaseDocStore({ overLimitRetries: 0, init: { env: 'test-env', secretId: 'test-id', secretKey: 'test-key', serviceUrl: `${cs.url}/admin`, keepalive: false, timeout: 5000 } })
    const before = direct.ops.throttled
    for (const call of [
      () => direct.collection('members').get('m1'),
      () => direct.collection('campaign_days').updateOne({ _id: 'd1', claimed: { $lt: 5 } }, { $inc: { claimed: 1 } }),
      () => direct.collection('vouchers').insert({ _id: 'v1' }),
    ]) {
      const err = await call().catch((e) => e)
      expect(err).toBeInstanceOf(AppError)
      expect(isBusy(err)).toBe(true)
      expect(err.toBody()).toEqual({ code: 'RATE_LIMITED', message: '人多，正在排队，请稍候', details: { busy: true, retryAfterMs } })
    }
    expect(direct.ops.throttled - before).toBe(3)
    expect(cs.requests).toHaveLength(3)
  })

  it('over the QPS limit, a request is sent again inside the function (up to 3 times) before the caller hears busy', async () => {
    let refusals = 2
    replies['database.modifyDocument'] = () => (refusals-- > 0 ? { code: 'EXCEED_RATELIMIT', message: '请求频率超出套餐资源限制', requestId: 'q' } : { requestId: 'q', data: { updated: 1 } })
    expect(await store.collection('campaign_days').updateOne({ _id: 'd1', claimed: { $lt: 5 } }, { $inc: { claimed: 1 } })).toBe(1)
    expect(sent().map((x) => x.action)).toEqual(['modifyDocument', 'modifyDocument', 'modifyDocument'])
    // Always refused: 1 + 3 requests, then busy. A timeout is not resent here (the client's keyed retry is).
    cs.requests.length = 0
    replies['database.getDocument'] = () => ({ code: 'EXCEED_RATELIMIT', message: '请求频率超出套餐资源限制', requestId: 'q' })
    expect(isBusy(await store.collection('members').get('m1').catch((e) => e))).toBe(true)
    expect(cs.requests).toHaveLength(4)
    cs.requests.length = 0
    replies['database.getDocument'] = () => ({ code: 'DATABASE_TIMEOUT', message: '数据库请求超时', requestId: 'q' })
    expect(isBusy(await store.collection('members').get('m1').catch((e) => e))).toBe(true)
    expect(cs.requests).toHaveLength(1)
  })

  it('a socket timeout of the SDK is a timeout too; other errors pass unchanged', async () => {
    expect(throttleKind({ code: 'ESOCKETTIMEDOUT' })).toBe('timeout')
    expect(throttleKind({ code: 'ETIMEDOUT' })).toBe('timeout')
    expect(throttleKind({ errCode: -501003 })).toBe('limit')
    expect(throttleKind({ errCode: -501004 })).toBe('limit')
    expect(throttleKind({ errCode: -501002 })).toBe('timeout')
    expect(throttleKind({ code: 'DATABASE_PERMISSION_DENIED' })).toBeNull()
    expect(throttleKind({ code: 500 })).toBeNull()
    expect(throttleKind(null)).toBeNull()
    replies['database.getDocument'] = () => ({ code: 'DATABASE_PERMISSION_DENIED', message: 'no', requestId: 'q' })
    const err = await store.collection('members').get('m1').catch((e) => e)
    expect(isBusy(err)).toBe(false)
    expect(err.code).toBe('DATABASE_PERMISSION_DENIED')
  })

  it('a transaction refused midway is rolled back and answers busy', async () => {
    replies['database.getDocument'] = () => ({ code: 'DATABASE_TIMEOUT', message: '数据库请求超时', requestId: 'q' })
    const err = await store.runTransaction((tx) => tx.get('meta', 'a')).catch((e) => e)
    expect(isBusy(err)).toBe(true)
    expect(sent().map((s) => s.action)).toEqual(['startTransaction', 'getDocument', 'abortTransaction'])
  })
})
