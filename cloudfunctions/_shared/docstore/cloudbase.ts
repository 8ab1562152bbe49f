import { DuplicateKeyError, busy } from '../errors'
import { cloudIndexes, COLLECTIONS, type CollectionSpec } from '../collections'
import {
  haversineM, GROUP_LIMIT,
  type AnyDoc, type Collection, type CollectionState, type Doc, type DocStore, type Filter, type FindOptions, type GeoNearOptions, type GroupCount, type Scalar, type Tx, type Update,
} from '../ports'
import { assertFilter, assertUpdate, isOperatorObject, splitPath } from './query'
import { lazyCloudbaseApp, type CloudbaseApp, type CloudbaseInit } from '../cloudbase-app'

/*
 * The slice of @cloudbase/database this adapter uses, typed structurally (the package's own
 * typings are mostly `any`). Every method that returns a Promise sends exactly one request.
 */
type Cmd = object
interface Command {
  eq(v: unknown): Cmd; neq(v: unknown): Cmd; gt(v: unknown): Cmd; gte(v: unknown): Cmd; lt(v: unknown): Cmd; lte(v: unknown): Cmd
  in(v: unknown[]): Cmd; nin(v: unknown[]): Cmd; all(v: unknown[]): Cmd; exists(v: boolean): Cmd
  and(v: object[]): Cmd; or(v: object[]): Cmd
  set(v: unknown): Cmd; inc(v: number): Cmd; remove(): Cmd; push(v: unknown[]): Cmd
  geoNear(o: { geometry: object; maxDistance?: number; minDistance?: number }): Cmd
}
interface Query {
  where(q: object): Query
  orderBy(field: string, dir: 'asc' | 'desc'): Query
  skip(n: number): Query
  limit(n: number): Query
  options(o: { multiple?: boolean }): Query
  get(): Promise<{ data: RawDoc[] }>
  count(): Promise<{ total: number }>
  update(data: object): Promise<{ updated: number }>
  remove(): Promise<{ deleted: number }>
}
interface DocRef {
  get(): Promise<{ data: RawDoc[] | RawDoc | null }>
  create(data: object): Promise<unknown>
  set(data: object): Promise<unknown>
  update(data: object): Promise<{ updated: number }>
  remove(): Promise<{ deleted: number }>
}
interface CollRef extends Query {
  add(data: object): Promise<{ id?: string }>
  doc(id: string): DocRef
}
interface Transaction {
  collection(name: string): CollRef
  commit(): Promise<unknown>
  rollback(): Promise<unknown>
  getTransactionId(): string
}
interface Aggregate {
  match(cond: object): Aggregate
  group(spec: object): Aggregate
  sort(spec: object): Aggregate
  skip(n: number): Aggregate
  limit(n: number): Aggregate
  end(): Promise<{ data: RawDoc[] }>
}
interface Db {
  command: Command
  Geo: { Point: new (lng: number, lat: number) => object }
  collection(name: string): CollRef
  startTransaction(): Promise<Transaction>
}
type RawDoc = Record<string, unknown>

/** Server-side ids of the errors we map (https://docs.cloudbase.net/error-code/). */
const DUPLICATE_CODE = 'DATABASE_DUPLICATE_WRITE'
const MISSING_COLLECTION = 'DATABASE_COLLECTION_NOT_EXIST'

/** CloudBase's answer to an operation on a collection that was never created. */
export function isMissingCollection(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false
  const { code, errCode, message } = e as { code?: unknown; errCode?: unknown; message?: unknown }
  return code === MISSING_COLLECTION || errCode === MISSING_COLLECTION || (typeof message === 'string' && message.includes(MISSING_COLLECTION))
}
const CONFLICT_CODE = 'DATABASE_TRANSACTION_CONFLICT'

/**
 * A duplicate `_id`: CloudBase answers DATABASE_DUPLICATE_WRITE; some paths (wx-server-sdk,
 * older gateways) wrap MongoDB's own E11000 in DATABASE_REQUEST_FAILED, so the text counts too.
 */
export function isDuplicateWrite(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false
  const { code, errCode, message, errMsg } = e as { code?: unknown; errCode?: unknown; message?: unknown; errMsg?: unknown }
  const text = `${typeof message === 'string' ? message : ''} ${typeof errMsg === 'string' ? errMsg : ''}`
  return code === DUPLICATE_CODE || errCode === DUPLICATE_CODE || code === 11000 || errCode === 11000
    || /\bE11000 duplicate key\b/.test(text) || text.includes(DUPLICATE_CODE)
}

/**
 * The platform's answers for "over the environment's limits" (https://docs.cloudbase.net/error-code/):
 * EXCEED_RATELIMIT (request rate over the plan's quota), RequestLimitExceeded / LimitExceeded (the
 * Tencent Cloud API names), HTTP 429 (the SDK puts a non-200 status in `code`), and wx-server-sdk's
 * -501003 (requests over the environment's quota) and -501004 (concurrent requests over it).
 */
const OVER_LIMIT_CODES = new Set<unknown>(['EXCEED_RATELIMIT', 'RequestLimitExceeded', 'LimitExceeded', 429, -501003, -501004])
/**
 * Timeouts under load: DATABASE_TIMEOUT and SERVER_TIMEOUT from the platform, -501002 from wx-server-sdk,
 * 503/504 from a gateway in front, and the SDK's own socket timeouts (ESOCKETTIMEDOUT, ETIMEDOUT).
 * A timed-out write may still have landed; every write this app retries is keyed (deterministic ids,
 * requestIds, attempt keys), so resending it cannot double it.
 */
const TIMEOUT_CODES = new Set<unknown>(['DATABASE_TIMEOUT', 'SERVER_TIMEOUT', 'ESOCKETTIMEDOUT', 'ETIMEDOUT', 503, 504, -501002])
/** How long a client should wait before resending: the QPS quota is counted per second. */
export const OVER_LIMIT_RETRY_MS = 1000
export const TIMEOUT_RETRY_MS = 2000
/** Mean wait before resending a request refused for QPS inside the function: ×1, ×2, ×3 … jittered ±50 %. */
export const OVER_LIMIT_WAIT_MS = 250

/** 'limit' | 'timeout' when the platform refused or dropped the request for load, else null. */
export function throttleKind(e: unknown): 'limit' | 'timeout' | null {
  if (!e || typeof e !== 'object') return null
  const { code, errCode } = e as { code?: unknown; errCode?: unknown }
  const codes = [code, errCode]
  if (codes.some((c) => OVER_LIMIT_CODES.has(c) || (typeof c === 'string' && c.startsWith('LimitExceeded')))) return 'limit'
  if (codes.some((c) => TIMEOUT_CODES.has(c))) return 'timeout'
  return null
}

export function isTransactionConflict(e: unknown): boolean {
  return !!e && typeof e === 'object' && ((e as { code?: unknown }).code === CONFLICT_CODE || (e as { errCode?: unknown }).errCode === CONFLICT_CODE)
}

/**
 * MongoDB measures $nearSphere on a sphere of 6,378,100 m; the port measures with R = 6,371,008.8 m.
 * The server is asked for a slightly larger radius and the exact cut is made here with haversineM,
 * so both adapters agree on what lies on the edge. Ordering is the same on either sphere.
 */
const MONGO_EARTH_RADIUS_M = 6_378_100
const NEAR_SLACK = MONGO_EARTH_RADIUS_M / 6_371_008.8 + 1e-6

const MAX_LIMIT = 1000

export interface CloudbaseDocStoreOptions {
  /** The SDK app, created on first use (see lazyCloudbaseApp); or `init` options to create one. */
  app?: () => CloudbaseApp
  init?: CloudbaseInit
  specs?: Record<string, CollectionSpec>
  /** How often a transaction is retried after DATABASE_TRANSACTION_CONFLICT (default 3). */
  conflictRetries?: number
  /** How often a request refused for the QPS limit is sent again inside the function (default 3). */
  overLimitRetries?: number
}

/**
 * DocStore on CloudBase's document database through @cloudbase/node-sdk.
 *
 * Requests per port call (all counted in `ops.count`): insert, get, find, count, updateMany, remove,
 * geoNear = 1 each (find with limit 0 sends none); updateOne = 1, plus 1 count when CloudBase reports
 * nothing changed for a $set/$unset-only update (see updateOne); a transaction = 1 start + 1 per
 * step + 1 commit (or 1 abort), and again per retry after a write conflict.
 *
 * Known CloudBase traps this adapter steers around:
 * - transactions only see operations addressed by document id: `where(...).update()/count()/remove()`
 *   on a transaction's collection run outside it, so Tx only offers id operations;
 * - node-sdk's update takes the fields directly (wx-server-sdk wraps them in `data`);
 * - `_.set(point)` would store the Point's JS fields; a Geo.Point must be passed bare to be stored as GeoJSON;
 * - `updated` is MongoDB's modified count: an update that changes nothing answers 0 (updateOne
 *   corrects for it; updateMany answers the number changed).
 */
export class CloudbaseDocStore implements DocStore {
  readonly ops = { count: 0, throttled: 0 }
  private readonly app: () => CloudbaseApp
  private dbInstance: Db | null = null
  private readonly specs: Record<string, CollectionSpec>
  private readonly colls = new Map<string, CloudbaseCollection<Doc>>()
  private readonly conflictRetries: number
  private readonly overLimitRetries: number

  constructor(opts: CloudbaseDocStoreOptions = {}) {
    this.app = opts.app ?? lazyCloudbaseApp(opts.init)
    this.specs = opts.specs ?? COLLECTIONS
    this.conflictRetries = opts.conflictRetries ?? 3
    this.overLimitRetries = opts.overLimitRetries ?? 3
  }

  /** The database handle, created on first use (never at import or construction). */
  get db(): Db {
    return (this.dbInstance ??= this.app().database() as unknown as Db)
  }

  spec(name: string): CollectionSpec {
    const s = this.specs[name]
    if (!s) throw new Error(`unknown collection ${name}`)
    return s
  }

  /**
   * Whether the collection exists (a count: CloudBase answers DATABASE_COLLECTION_NOT_EXIST) and,
   * for a geo collection, whether its 2dsphere index works (a nearby query fails without it). The
   * server SDK cannot list ordinary indexes: they are reported as null (`npm run cloud:setup -- --check` lists them).
   */
  async inspect(name: string): Promise<CollectionState> {
    const spec = Object.prototype.hasOwnProperty.call(this.specs, name) ? this.specs[name] : undefined
    let exists = true
    try {
      await this.collection(name).count({})
    } catch (e) {
      if (!isMissingCollection(e)) throw e
      exists = false
    }
    const indexes: Record<string, boolean | null> = {}
    for (const ix of spec ? cloudIndexes(spec) : []) {
      if (!exists) { indexes[ix.name] = false; continue }
      if (ix.keys[0].direction !== '2dsphere') { indexes[ix.name] = null; continue }
      try {
        await this.collection(name).geoNear({ center: { lat: 0, lng: 0 }, maxDistanceM: 1, limit: 1 })
        indexes[ix.name] = true
      } catch {
        indexes[ix.name] = false
      }
    }
    return { exists, indexes }
  }

  collection<T extends Doc = AnyDoc>(name: string): Collection<T> {
    let c = this.colls.get(name)
    if (!c) {
      this.spec(name)
      c = new CloudbaseCollection(this, name)
      this.colls.set(name, c)
    }
    return c as unknown as Collection<T>
  }

  /**
   * Sends one request through `f`, counted. A request refused for being over the environment's QPS is
   * sent again after a short jittered wait, up to `overLimitRetries` times: a claim refused halfway would
   * otherwise be started again by the client and spend its first operations twice. Then, and for
   * timeouts (a timed-out write may have landed; the caller's keyed retry settles it), the platform's
   * answer becomes RATE_LIMITED (busy, with a retry hint): the caller is told to queue, never INTERNAL.
   */
  async send<R>(f: (db: Db) => Promise<R>): Promise<R> {
    const db = this.db
    for (let attempt = 0; ; attempt++) {
      this.ops.count++
      try {
        return await f(db)
      } catch (e) {
        const kind = throttleKind(e)
        if (!kind) throw e
        this.ops.throttled++
        if (kind === 'limit' && attempt < this.overLimitRetries) {
          await new Promise((r) => setTimeout(r, OVER_LIMIT_WAIT_MS * (attempt + 1) * (0.5 + Math.random())))
          continue
        }
        throw busy(kind === 'limit' ? OVER_LIMIT_RETRY_MS : TIMEOUT_RETRY_MS)
      }
    }
  }

  async runTransaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      const t = await this.send((db) => db.startTransaction())
      let duplicate: DuplicateKeyError | null = null
      const coll = (name: string) => { this.spec(name); return t.collection(name) }
      const tx: Tx = {
        get: async <T extends Doc>(c: string, id: string) => {
          const ref = coll(c).doc(checkId(id))
          const res = await this.send(() => ref.get())
          const raw = Array.isArray(res.data) ? res.data[0] : res.data
          return raw ? (fromWire(this.spec(c), raw) as unknown as T) : null
        },
        insert: async (c, doc) => {
          const { _id, body } = toWireDoc(this.db, this.spec(c), doc)
          const ref = coll(c).doc(_id)
          try {
            await this.send(() => ref.create(body))
          } catch (e) {
            if (!isDuplicateWrite(e)) throw e
            duplicate = new DuplicateKeyError(c, _id)
            throw duplicate
          }
        },
        set: async (c, doc) => {
          const { _id, body } = toWireDoc(this.db, this.spec(c), doc)
          const ref = coll(c).doc(_id)
          await this.send(() => ref.set(body))
        },
        update: async (c, id, update) => {
          const data = toWireUpdate(this.db, this.spec(c), update)
          const ref = coll(c).doc(checkId(id))
          if (Object.keys(data).length) await this.send(() => ref.update(data))
        },
        remove: async (c, id) => {
          const ref = coll(c).doc(checkId(id))
          await this.send(() => ref.remove())
        },
      }
      try {
        const out = await fn(tx)
        // The server has aborted a transaction whose insert hit a duplicate, even if fn caught it.
        if (duplicate) throw duplicate
        await this.send(() => t.commit())
        return out
      } catch (e) {
        // Best effort: after a failed step or commit the server may have aborted it already.
        await this.send(() => t.rollback()).catch(() => undefined)
        if (isTransactionConflict(e) && attempt < this.conflictRetries) {
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)))
          continue
        }
        throw e
      }
    }
  }

  async close(): Promise<void> {
    // Nothing to release: the SDK keeps no connection that outlives a request.
  }
}

class CloudbaseCollection<T extends Doc> implements Collection<T> {
  private readonly spec: CollectionSpec
  constructor(private readonly s: CloudbaseDocStore, readonly name: string) {
    this.spec = s.spec(name)
  }

  private where(filter: Filter): Query {
    assertFilter(filter)
    return this.s.db.collection(this.name).where(translateFilter(this.s.db.command, filter))
  }

  async insert(doc: T): Promise<void> {
    const { _id, body } = toWireDoc(this.s.db, this.spec, doc)
    try {
      await this.s.send((db) => db.collection(this.name).add({ _id, ...body }))
    } catch (e) {
      if (isDuplicateWrite(e)) throw new DuplicateKeyError(this.name, _id)
      throw e
    }
  }

  async get(id: string): Promise<T | null> {
    const ref = this.s.db.collection(this.name).doc(checkId(id))
    const res = await this.s.send(() => ref.get())
    const raw = Array.isArray(res.data) ? res.data[0] : res.data
    return raw ? (fromWire(this.spec, raw) as unknown as T) : null
  }

  async find(filter: Filter, opts: FindOptions = {}): Promise<T[]> {
    const limit = pageLimit(opts.limit)
    const skip = Math.max(0, Math.floor(opts.skip ?? 0))
    let q = this.where(filter)
    for (const [field, dir] of opts.orderBy ?? []) {
      if (field !== '_id') splitPath(field)
      q = q.orderBy(field, dir === 'desc' ? 'desc' : 'asc')
    }
    if (limit === 0) return []
    if (skip) q = q.skip(skip)
    q = q.limit(limit)
    const res = await this.s.send(() => q.get())
    return res.data.map((raw) => fromWire(this.spec, raw) as unknown as T)
  }

  /** One `aggregate().match().group().sort().skip().limit().end()` request (database.aggregateDocuments). */
  async countBy(filter: Filter, fields: string[], opts: { skip?: number } = {}): Promise<GroupCount[]> {
    assertFilter(filter)
    if (!fields.length) throw new Error('countBy needs at least one field')
    for (const f of fields) if (f !== '_id') splitPath(f)
    const db = this.s.db
    const sum = (db.command as unknown as { aggregate: { sum(x: unknown): unknown } }).aggregate.sum
    const agg = (db.collection(this.name) as unknown as { aggregate(): Aggregate }).aggregate()
      .match(translateFilter(db.command, filter))
      .group({ _id: Object.fromEntries(fields.map((f, i) => [`k${i}`, `$${f}`])), n: sum(1) })
      .sort(Object.fromEntries(fields.map((_, i) => [`_id.k${i}`, 1])))
      .skip(Math.max(0, Math.floor(opts.skip ?? 0)))
      .limit(GROUP_LIMIT)
    const res = await this.s.send(() => agg.end())
    return (res.data ?? []).map((row) => {
      const id = (row._id ?? {}) as Record<string, unknown>
      return { key: fields.map((_, i) => (id[`k${i}`] ?? null) as Scalar), count: Number(row.n) }
    })
  }

  async count(filter: Filter): Promise<number> {
    const q = this.where(filter)
    const res = await this.s.send(() => q.count())
    return res.total
  }

  /**
   * The conditional update: one `where({ _id, ...rest }).update()` request, atomic on the server.
   * CloudBase answers how many documents it *changed*, the port how many *matched*: when it answers 0
   * to an update that could leave a matching document unchanged ($set/$unset only), one count asks
   * whether the document matches the filter and already holds what the update writes. If it does,
   * the update is a no-op on it now, so answering 1 is what running it at that moment would answer.
   */
  async updateOne(filter: Filter & { _id: string }, update: Update): Promise<number> {
    if (typeof filter?._id !== 'string' || !filter._id) throw new Error('updateOne needs _id in its filter')
    const db = this.s.db
    const data = toWireUpdate(db, this.spec, update)
    const q = this.where(filter).options({ multiple: false })
    if (!Object.keys(data).length) return this.s.send(() => q.count()).then((r) => Math.min(1, r.total))
    const res = await this.s.send(() => q.update(data))
    if (res.updated > 0) return 1
    const unchanged = noOpConditions(db, this.spec, update)
    if (!unchanged) return 0
    const check = db.collection(this.name).where(db.command.and([translateFilter(db.command, filter), ...unchanged]))
    const n = await this.s.send(() => check.count())
    return n.total > 0 ? 1 : 0
  }

  async updateMany(filter: Filter, update: Update): Promise<number> {
    const data = toWireUpdate(this.s.db, this.spec, update)
    const q = this.where(filter)
    if (!Object.keys(data).length) return this.s.send(() => q.count()).then((r) => r.total)
    const res = await this.s.send(() => q.update(data))
    return res.updated
  }

  async remove(filter: Filter): Promise<number> {
    const q = this.where(filter)
    const res = await this.s.send(() => q.remove())
    return res.deleted
  }

  async geoNear(opts: GeoNearOptions): Promise<Array<T & { distanceM: number }>> {
    const field = this.spec.geo
    if (!field) throw new Error(`${this.name} has no geo field`)
    const { center, maxDistanceM } = opts
    checkLatLng(center)
    if (!(maxDistanceM >= 0)) throw new Error('maxDistanceM must be a number ≥ 0')
    const limit = pageLimit(opts.limit)
    if (limit === 0) return []
    const db = this.s.db
    const _ = db.command
    const near = { [field]: _.geoNear({ geometry: new db.Geo.Point(center.lng, center.lat), maxDistance: maxDistanceM * NEAR_SLACK + 1, minDistance: 0 }) }
    let where: object = near
    if (opts.filter) {
      assertFilter(opts.filter)
      const rest = translate(_, opts.filter)
      // $nearSphere must stay at the top level or directly under the top-level $and.
      where = rest.map && !(field in rest.map) ? { ...rest.map, ...near } : _.and([near, rest.map ?? rest.cmd])
    }
    const q = db.collection(this.name).where(where).limit(limit)
    const res = await this.s.send(() => q.get())
    const hits: Array<{ doc: T; d: number }> = []
    for (const raw of res.data) {
      const doc = fromWire(this.spec, raw) as unknown as T & Record<string, unknown>
      const loc = doc[field] as { lat: number; lng: number } | undefined
      if (!loc || typeof loc.lat !== 'number') continue
      const d = haversineM(center, loc)
      if (d <= maxDistanceM) hits.push({ doc, d })
    }
    hits.sort((a, b) => a.d - b.d || (a.doc._id < b.doc._id ? -1 : a.doc._id > b.doc._id ? 1 : 0))
    return hits.map(({ doc, d }) => ({ ...doc, distanceM: Math.round(d) }))
  }
}

// ---- translation between the port and the SDK ----

function checkId(id: string): string {
  if (typeof id !== 'string' || !id) throw new Error('document id must be a non-empty string')
  return id
}

function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return MAX_LIMIT
  if (!Number.isFinite(limit) || limit < 0) throw new Error('limit must be a number ≥ 0')
  return Math.min(Math.floor(limit), MAX_LIMIT)
}

function checkLatLng(p: unknown): asserts p is { lat: number; lng: number } {
  const { lat, lng } = (p ?? {}) as { lat?: unknown; lng?: unknown }
  if (typeof lat !== 'number' || typeof lng !== 'number' || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
    throw new Error(`invalid location ${JSON.stringify(p)}`)
  }
}

/**
 * Port filter → db.command query. Each condition becomes `{ path: _.op(value) }`; conditions on
 * distinct paths are merged into one object, anything else (two operators on one path, $or, $and)
 * is combined with `_.and`. `null` keeps MongoDB's meaning (null or missing) through `_.eq(null)`.
 */
export function translateFilter(_: Command, filter: Filter): object {
  const t = translate(_, filter)
  return t.map ?? t.cmd
}

type Translated = { map: Record<string, Cmd>; cmd?: undefined } | { map?: undefined; cmd: Cmd }

function translate(_: Command, filter: Filter): Translated {
  const parts: Array<{ path: string; cmd: Cmd } | { logic: Cmd }> = []
  for (const [key, cond] of Object.entries(filter)) {
    if (cond === undefined) continue
    if (key === '$or' || key === '$and') {
      const subs = (cond as Filter[]).map((f) => translateFilter(_, f))
      if (key === '$and') { if (subs.length) parts.push({ logic: _.and(subs) }) } else {
        // MongoDB refuses an empty $or; the port says it matches nothing.
        parts.push(subs.length ? { logic: _.or(subs) } : { path: '_id', cmd: _.in([]) })
      }
      continue
    }
    if (!isOperatorObject(cond)) { parts.push({ path: key, cmd: _.eq(cond as Scalar) }); continue }
    for (const [op, v] of Object.entries(cond)) {
      if (v !== undefined) parts.push({ path: key, cmd: opCommand(_, op, v) })
    }
  }
  const paths = parts.flatMap((p) => ('path' in p ? [p.path] : []))
  if (paths.length === parts.length && new Set(paths).size === paths.length) {
    return { map: Object.fromEntries(parts.map((p) => [(p as { path: string }).path, (p as { cmd: Cmd }).cmd])) }
  }
  const objs = parts.map((p) => ('path' in p ? { [p.path]: p.cmd } : p.logic))
  return { cmd: objs.length === 1 ? objs[0] : _.and(objs) }
}

function opCommand(_: Command, op: string, v: unknown): Cmd {
  const list = (x: unknown) => { if (!Array.isArray(x)) throw new Error(`${op} needs an array`); return x as Scalar[] }
  switch (op) {
    case '$eq': return _.eq(v)
    case '$ne': return _.neq(v)
    case '$gt': return _.gt(v)
    case '$gte': return _.gte(v)
    case '$lt': return _.lt(v)
    case '$lte': return _.lte(v)
    case '$in': return _.in(list(v))
    case '$nin': return _.nin(list(v))
    case '$all': return _.all(list(v))
    case '$exists': return _.exists(Boolean(v))
    default: throw new Error(`unsupported operator ${op}`)
  }
}

/** Port update → node-sdk update object (fields directly, not wrapped in `data`). `_id` never changes. */
export function toWireUpdate(db: Db, spec: CollectionSpec, update: Update): Record<string, Cmd | object> {
  assertUpdate(update)
  const _ = db.command
  const out: Record<string, Cmd | object> = {}
  const geo = spec.geo
  for (const [path, v] of Object.entries(update.$set ?? {})) {
    if (path === '_id' || v === undefined) continue
    if (geo && path.startsWith(`${geo}.`)) throw new Error(`${geo} can only be set as a whole`)
    out[path] = geo && path === geo && v !== null ? toPoint(db, v) : _.set(v)
  }
  for (const [path, v] of Object.entries(update.$inc ?? {})) if (path !== '_id') out[path] = _.inc(v)
  for (const path of Object.keys(update.$unset ?? {})) if (path !== '_id') out[path] = _.remove()
  // `_.push(value)` would spread an array value; `_.push([value])` appends exactly one element.
  for (const [path, v] of Object.entries(update.$push ?? {})) if (path !== '_id') out[path] = _.push([v])
  return out
}

/**
 * Conditions under which `update` leaves a document as it is, or null when it always changes a
 * matching document ($push, or $inc by anything but 0).
 */
function noOpConditions(db: Db, spec: CollectionSpec, update: Update): object[] | null {
  const _ = db.command
  if (Object.keys(update.$push ?? {}).some((p) => p !== '_id')) return null
  const out: object[] = []
  for (const [path, v] of Object.entries(update.$inc ?? {})) {
    if (path === '_id') continue
    if (v !== 0) return null
    out.push({ [path]: _.exists(true) })
  }
  for (const [path, v] of Object.entries(update.$set ?? {})) {
    if (path === '_id' || v === undefined) continue
    if (v === null) out.push({ [path]: _.eq(null) }, { [path]: _.exists(true) })
    else out.push({ [path]: _.eq(spec.geo === path ? toPoint(db, v) : v) })
  }
  for (const path of Object.keys(update.$unset ?? {})) if (path !== '_id') out.push({ [path]: _.exists(false) })
  return out
}

function toPoint(db: Db, v: unknown): object {
  checkLatLng(v)
  return new db.Geo.Point(v.lng, v.lat)
}

/** The document body to write: `_id` apart, `{lat,lng}` in the geo field as a Geo.Point. */
export function toWireDoc(db: Db, spec: CollectionSpec, doc: Doc): { _id: string; body: RawDoc } {
  const { _id, ...rest } = doc as AnyDoc
  checkId(_id)
  const body: RawDoc = { ...rest }
  const geo = spec.geo
  if (geo && body[geo] !== undefined && body[geo] !== null) body[geo] = toPoint(db, body[geo])
  return { _id, body }
}

/** A document as the SDK hands it back → the port's shape (`{lat,lng}` in the geo field). */
export function fromWire(spec: CollectionSpec, raw: RawDoc): AnyDoc {
  const doc = { ...raw } as AnyDoc
  const geo = spec.geo
  if (geo && doc[geo] && typeof doc[geo] === 'object') {
    const p = doc[geo] as { latitude?: number; longitude?: number; type?: string; coordinates?: number[] }
    if (typeof p.latitude === 'number' && typeof p.longitude === 'number') doc[geo] = { lat: p.latitude, lng: p.longitude }
    else if (p.type === 'Point' && Array.isArray(p.coordinates)) doc[geo] = { lat: p.coordinates[1], lng: p.coordinates[0] }
  }
  return doc
}
