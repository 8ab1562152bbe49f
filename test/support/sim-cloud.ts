/**
 * A simulated CloudBase document database, for the bench and the rush tests: the capture server
 * (the real @cloudbase/node-sdk is pointed at it with `serviceUrl`) answering the database actions
 * from an in-memory SQLite DocStore, with what bounds a rush on the platform:
 *
 *  - a QPS limit per environment (the basic tier allows 30): a token bucket of `qps` requests a second
 *    (burst `qps`); a request over it is refused before it touches anything, with the platform's
 *    over-limit error `{ code: 'EXCEED_RATELIMIT', message: '请求频率超出套餐资源限制' }` (the code of the
 *    CloudBase error-code list; the SDK turns it into a thrown error with that `code`);
 *  - a latency per operation (`latencyMs`, e.g. 15 ms), and writes SERIALISED PER DOCUMENT: two updates
 *    of one ledger document queue behind each other, as on a document store that locks the document;
 *    writes to different documents and all reads run side by side;
 *  - optionally a share of requests answered with `DATABASE_TIMEOUT` after doing nothing (`timeoutRate`).
 *
 * Only the single-document and query actions the DocStore port sends are simulated (insert, get/find,
 * count, update one/many, remove); transactions answer an error. Documents are kept as the SDK sent them
 * (EJSON decoded), so what the adapter writes is what it reads back.
 */
import { isDuplicateKey } from '../../cloudfunctions/_shared/errors'
import { SqliteDocStore } from '../../cloudfunctions/_shared/docstore/sqlite'
import type { AnyDoc, Filter, Update } from '../../cloudfunctions/_shared/ports'
import { startCaptureServer, type CaptureServer, type Captured, type Reply } from './capture-server'

// The SDK's own EJSON codec (bson, as @cloudbase/database resolves it).
const { EJSON } = require(require.resolve('bson', { paths: [require.resolve('@cloudbase/database')] })) as { EJSON: { parse(s: string): any; stringify(v: unknown, o?: object): string } }

export const OVER_LIMIT = { code: 'EXCEED_RATELIMIT', message: '请求频率超出套餐资源限制' } as const
export const TIMEOUT = { code: 'DATABASE_TIMEOUT', message: '数据库请求超时' } as const

export interface SimCloudOptions {
  /** Database requests per second the environment accepts (default: unlimited). */
  qps?: number
  /** Time each operation takes on the server, in ms (default 15). */
  latencyMs?: number
  /** Share of requests answered DATABASE_TIMEOUT without doing anything (default 0). */
  timeoutRate?: number
}

export interface SimCloud {
  /** The `serviceUrl` to init the SDK with. */
  serviceUrl: string
  /** The documents, for seeding and checking (the same store the simulated actions use). */
  store: SqliteDocStore
  capture: CaptureServer
  /** byAction: every request received, per action and collection; served: those answered from the database. */
  stats: { accepted: number; refused: number; timedOut: number; byAction: Record<string, number>; served: Record<string, number> }
  /** Changes the limits while running. */
  set(opts: SimCloudOptions): void
  close(): Promise<void>
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
const ok = (data: unknown): Reply => ({ requestId: 'sim', data })

export async function startSimCloud(opts: SimCloudOptions = {}): Promise<SimCloud> {
  const capture = await startCaptureServer()
  const store = new SqliteDocStore({ file: ':memory:' })
  let { qps = Infinity, latencyMs = 15, timeoutRate = 0 } = opts
  let tokens = qps
  let refilled = Date.now()
  const stats = { accepted: 0, refused: 0, timedOut: 0, byAction: {} as Record<string, number>, served: {} as Record<string, number> }
  // Per document: the tail of its queue of writes.
  const locks = new Map<string, Promise<unknown>>()

  const admit = (): boolean => {
    if (qps === Infinity) return true
    const now = Date.now()
    tokens = Math.min(qps, tokens + ((now - refilled) / 1000) * qps)
    refilled = now
    if (tokens < 1) return false
    tokens -= 1
    return true
  }

  const serialised = async <R>(key: string, f: () => Promise<R>): Promise<R> => {
    const prev = locks.get(key) ?? Promise.resolve()
    const run = prev.then(async () => { await sleep(latencyMs); return f() })
    const tail = run.catch(() => undefined)
    locks.set(key, tail)
    try {
      return await run
    } finally {
      if (locks.get(key) === tail) locks.delete(key)
    }
  }

  const parse = (v: unknown) => (typeof v === 'string' ? EJSON.parse(v) : v ?? {})
  const wire = (d: unknown) => EJSON.stringify(d, { relaxed: false })
  /** `{ _id: 'x' }` or `{ _id: { $eq: 'x' } }` → 'x'. */
  const idOf = (q: Record<string, any>): string | null => {
    const v = q._id
    if (typeof v === 'string') return v
    if (v && typeof v === 'object' && typeof v.$eq === 'string' && Object.keys(v).length === 1) return v.$eq
    return null
  }
  /** The SDK's update document → the port's ($push arrives as { $each: [v] }). */
  const toUpdate = (u: Record<string, any>): Update => {
    const out: Update = {}
    if (u.$set) out.$set = u.$set
    if (u.$inc) out.$inc = u.$inc
    if (u.$unset) out.$unset = Object.fromEntries(Object.keys(u.$unset).map((k) => [k, 1 as const]))
    if (u.$push) out.$push = Object.fromEntries(Object.entries(u.$push).map(([k, v]: [string, any]) => [k, v?.$each?.[0]]))
    return out
  }

  async function answer(r: Captured): Promise<Reply> {
    const b = r.body
    const coll = String(b.collectionName ?? '')
    const q = parse(b.query) as Filter
    const c = store.collection<AnyDoc>(coll)
    switch (r.action) {
      case 'database.insertDocument': {
        const docs = (b.data as string[]).map((d) => parse(d) as AnyDoc)
        const ids: string[] = []
        for (const d of docs) {
          const dup = await serialised(`${coll}/${d._id}`, async () => {
            try { await c.insert(d); return false } catch (e) { if (isDuplicateKey(e)) return true; throw e }
          })
          if (dup) return { code: 'DATABASE_DUPLICATE_WRITE', message: `E11000 duplicate key error collection: ${coll} dup key: { _id: "${d._id}" }` }
          ids.push(d._id)
        }
        return ok({ insertedIds: ids })
      }
      case 'database.getDocument': {
        await sleep(latencyMs)
        const order = parse(b.order) as Record<string, number> | Array<{ field: string; direction: string }>
        const orderBy: Array<[string, 'asc' | 'desc']> = Array.isArray(order)
          ? order.map((o) => [o.field, o.direction === 'desc' ? 'desc' : 'asc'])
          : Object.entries(order ?? {}).map(([k, v]) => [k, v === -1 ? 'desc' : 'asc'])
        const list = await c.find(q, { limit: Math.min(Number(b.limit ?? 100), 1000), skip: Number(b.offset ?? 0), orderBy })
        return ok({ list: list.map(wire) })
      }
      case 'database.calculateDocument': {
        await sleep(latencyMs)
        return ok({ total: await c.count(q) })
      }
      case 'database.modifyDocument': {
        const update = toUpdate(parse(b.data))
        const id = idOf(q as Record<string, any>)
        if (!b.multi && id) {
          const n = await serialised(`${coll}/${id}`, () => c.updateOne({ ...q, _id: id } as Filter & { _id: string }, update))
          return ok({ updated: n, upsert_id: null })
        }
        await sleep(latencyMs)
        if (!b.multi) {
          const [first] = await c.find(q, { limit: 1 })
          return ok({ updated: first ? await c.updateOne({ ...q, _id: first._id } as Filter & { _id: string }, update) : 0, upsert_id: null })
        }
        return ok({ updated: await c.updateMany(q, update), upsert_id: null })
      }
      case 'database.removeDocument': {
        const id = idOf(q as Record<string, any>)
        const n = id ? await serialised(`${coll}/${id}`, () => c.remove(q)) : (await sleep(latencyMs), await c.remove(q))
        return ok({ deleted: n })
      }
      case 'database.aggregateDocuments': {
        // The one pipeline the adapter sends (countBy): $match, $group by fields with a count, $sort, $skip, $limit.
        await sleep(latencyMs)
        const stages = new Map((b.stages as Array<{ stageKey: string; stageValue: string }>).map((st) => [st.stageKey, parse(st.stageValue) as any]))
        const group = stages.get('$group') as { _id: Record<string, string> } | undefined
        if (!group || !c.countBy) return { code: 'INVALID_ACTION', message: 'simulated cloud: only countBy pipelines are simulated' }
        const keys = Object.keys(group._id)
        const fields = keys.map((k) => String(group._id[k]).replace(/^\$/, ''))
        const rows = await c.countBy((stages.get('$match') ?? {}) as Filter, fields, { skip: Number(stages.get('$skip') ?? 0) })
        const limit = Number(stages.get('$limit') ?? rows.length)
        return ok({ list: rows.slice(0, limit).map((row) => JSON.stringify({ _id: Object.fromEntries(keys.map((k, i) => [k, row.key[i]])), n: row.count })) })
      }
      default:
        return { code: 'INVALID_ACTION', message: `simulated cloud: ${r.action} is not simulated` }
    }
  }

  capture.reply = async (r) => {
    const what = `${r.action.replace('database.', '')} ${String(r.body.collectionName ?? '')}`
    stats.byAction[what] = (stats.byAction[what] ?? 0) + 1
    if (!admit()) { stats.refused++; return { ...OVER_LIMIT, requestId: 'sim' } }
    if (timeoutRate > 0 && Math.random() < timeoutRate) {
      stats.timedOut++
      await sleep(latencyMs)
      return { ...TIMEOUT, requestId: 'sim' }
    }
    stats.accepted++
    stats.served[what] = (stats.served[what] ?? 0) + 1
    return answer(r)
  }
  return {
    serviceUrl: `${capture.url}/admin`,
    store,
    capture,
    stats,
    set(o) {
      if (o.qps !== undefined) { qps = o.qps; tokens = Math.min(tokens, qps === Infinity ? Infinity : qps) }
      if (o.latencyMs !== undefined) latencyMs = o.latencyMs
      if (o.timeoutRate !== undefined) timeoutRate = o.timeoutRate
    },
    async close() {
      await capture.close()
      await store.close()
    },
  }
}
