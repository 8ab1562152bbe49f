import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DuplicateKeyError } from '../errors'
import { cloudIndexes, COLLECTIONS, type CollectionSpec } from '../collections'
import {
  haversineM, EARTH_RADIUS_M, type AnyDoc,
  GROUP_LIMIT, type Collection, type CollectionState, type Doc, type GroupCount, type DocStore, type Filter, type FindOptions, type GeoNearOptions, type Scalar, type Tx, type Update,
} from '../ports'
import { applyUpdate, assertFilter, assertUpdate, getPath, isOperatorObject, splitPath } from './query'
import { GEO_AUX } from './geo-aux'
import { createHash } from 'node:crypto'

type Param = string | number | null
/** Prepares (or finds prepared) a statement on one connection. */
type Q = (sql: string) => Database.Statement

/** Page cache per connection, KiB (SQLite's default is 2 MB). */
const CACHE_KIB = 64 * 1024
/** Log pages (4 KiB) after which a commit checkpoints (SQLite's default is 1,000). */
const WAL_AUTOCHECKPOINT_PAGES = 10_000

const NAME = /^[a-z][a-z0-9_]{0,40}$/
const sqliteIndexName = (collection: string, fields: readonly string[]) => `ix_${collection}_${fields.join('_').replace(/[^a-z0-9_]/gi, '')}`
const SIMPLE = /^[A-Za-z_][A-Za-z0-9_]*$/

/** The SQL text for a field; the same text is used in indexes so that SQLite matches them. */
function jsonPath(field: string): string {
  let j = paths.get(field)
  if (j === undefined) {
    j = '$' + splitPath(field).map((p) => (SIMPLE.test(p) ? `.${p}` : `."${p}"`)).join('')
    // Checked and converted once per path; paths with random keys (a ledger's `g.<attempt key>`) churn it.
    if (paths.size >= 10_000) paths.clear()
    paths.set(field, j)
  }
  return j
}
const paths = new Map<string, string>()
function fieldExpr(field: string): string {
  return field === '_id' ? 'id' : `json_extract(doc, '${jsonPath(field)}')`
}
function bindable(v: Scalar): Param {
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('non-finite number in filter')
  if (v !== null && typeof v !== 'string' && typeof v !== 'number') throw new Error('unsupported value in filter')
  return v
}

/**
 * Builds a WHERE clause, pushing parameters in the order their `?` appear in the text.
 * Paths of indexed fields are written into the SQL (SQLite matches an expression index only on the
 * same text); every other path is bound as a parameter, so that paths built from ids (`g.<openid>_1`)
 * do not make a new statement per id.
 */
/**
 * One comparison of an expression with a value, as SQL with MongoDB's semantics: `$eq`, `$ne`, the ranges
 * (within one type), `$in`, `$nin`. `x` gives the expression, `sameType` the test that it has the type of a
 * value, `val` binds a value; each pushes its parameters when called, and they are called in the order they
 * appear in the SQL. Null when `val` refuses a value; undefined for another operator.
 */
function comparison(op: string, v: unknown, x: () => string, sameType: (v: Scalar) => string, val: (v: Scalar) => string | null): string | null | undefined {
  switch (op) {
    case '$eq': {
      if (v === null) return `${x()} IS NULL`
      const e = x()
      const q = val(v as Scalar)
      return q === null ? null : `${e} = ${q}`
    }
    case '$ne': {
      if (v === null) return `${x()} IS NOT NULL`
      const a = x()
      const b = x()
      const q = val(v as Scalar)
      return q === null ? null : `(${a} IS NULL OR ${b} != ${q})`
    }
    case '$gt': case '$gte': case '$lt': case '$lte': {
      // MongoDB: $gte/$lte null match null and missing, $gt/$lt null match nothing.
      if (v === null) return op === '$gte' || op === '$lte' ? `${x()} IS NULL` : '0'
      const sym = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op]
      const t = sameType(v as Scalar)
      const e = x()
      const q = val(v as Scalar)
      return q === null ? null : `(${t} AND ${e} ${sym} ${q})`
    }
    case '$in': case '$nin': {
      const arr = v as Scalar[]
      if (!Array.isArray(arr)) throw new Error(`${op} needs an array`)
      // null in the list stands for null and missing (SQL's `x IN (NULL)` is never true).
      const withNull = arr.some((a) => a === null)
      const vals = arr.filter((a) => a !== null)
      const parts: string[] = []
      if (withNull) parts.push(`${x()} IS ${op === '$in' ? '' : 'NOT '}NULL`)
      if (vals.length) {
        const a = x()
        const b = op === '$in' ? '' : x()
        const qs = vals.map(val)
        if (qs.includes(null)) return null
        parts.push(op === '$in' ? `${a} IN (${qs.join(',')})` : `(${a} IS NULL OR ${b} NOT IN (${qs.join(',')}))`)
      }
      return parts.length ? `(${parts.join(op === '$in' ? ' OR ' : ' AND ')})` : op === '$in' ? '0' : '1'
    }
    default:
      return undefined
  }
}

export function filterToSql(filter: Filter, params: Param[], indexed: ReadonlySet<string> = new Set()): string {
  const path = (key: string): string => {
    if (indexed.has(key)) return `'${jsonPath(key)}'`
    params.push(jsonPath(key))
    return '?'
  }
  const x = (key: string): string => (key === '_id' ? 'id' : `json_extract(doc, ${path(key)})`)
  const val = (v: Scalar): string => { params.push(bindable(v)); return '?' }
  /** Range operators compare within one type, as MongoDB does (SQLite orders every TEXT after every number). */
  const sameType = (key: string, v: Scalar): string => {
    if (key === '_id') return typeof v === 'string' ? '1' : '0'
    const t = typeof v === 'number' ? `IN ('integer', 'real')` : typeof v === 'string' ? `= 'text'` : `IN ('true', 'false')`
    return `json_type(doc, ${path(key)}) ${t}`
  }
  const clauses: string[] = []
  for (const [key, cond] of Object.entries(filter)) {
    if (cond === undefined) continue
    if (key === '$or' || key === '$and') {
      const subs = (cond as Filter[]).map((f) => `(${filterToSql(f, params, indexed)})`)
      clauses.push(subs.length ? `(${subs.join(key === '$or' ? ' OR ' : ' AND ')})` : key === '$or' ? '0' : '1')
      continue
    }
    const cmp = (op: string, v: unknown) => comparison(op, v, () => x(key), (w) => sameType(key, w), val)
    if (!isOperatorObject(cond)) {
      clauses.push(cmp('$eq', cond) as string)
      continue
    }
    for (const [op, v] of Object.entries(cond)) {
      const c = cmp(op, v)
      if (c) { clauses.push(c); continue }
      switch (op) {
        case '$exists':
          clauses.push(key === '_id' ? (v ? '1' : '0') : `json_type(doc, ${path(key)}) IS ${v ? 'NOT ' : ''}NULL`)
          break
        case '$all': {
          const arr = v as Scalar[]
          if (!Array.isArray(arr)) throw new Error('$all needs an array')
          if (arr.length === 0) clauses.push('0') // as MongoDB: an empty $all matches nothing
          for (const a of arr) {
            const p = path(key)
            clauses.push(`EXISTS (SELECT 1 FROM json_each(doc, ${p}) WHERE value = ${val(a)})`)
          }
          break
        }
      }
    }
  }
  return clauses.length ? clauses.join(' AND ') : '1'
}

function orderSql(opts?: FindOptions): string {
  if (!opts?.orderBy?.length) return 'ORDER BY rid'
  return 'ORDER BY ' + opts.orderBy.map(([f, d]) => `${fieldExpr(f)} ${d === 'desc' ? 'DESC' : 'ASC'}`).join(', ') + ', rid'
}

/**
 * The auxiliary columns of a geo collection's R*Tree (see geo-aux.ts): the id and exact coordinates, and
 * the listed fields. Column names carry the definition (the bitmask's vocabulary by a hash), so a changed
 * definition shows as other columns and the R*Tree is rebuilt.
 */
interface AuxLayout {
  columns: string[]
  bits: { field: string; col: string; index: Map<string, number> } | null
  fields: Map<string, string>
}
function auxLayout(name: string): AuxLayout {
  const spec = Object.prototype.hasOwnProperty.call(GEO_AUX, name) ? GEO_AUX[name] : {}
  const columns = ['xid', 'xlat', 'xlng']
  let bits: AuxLayout['bits'] = null
  if (spec.bits) {
    if (spec.bits.values.length > 52) throw new Error('a geo bitmask holds at most 52 values')
    splitPath(spec.bits.field)
    const col = `b_${createHash('sha256').update(`${spec.bits.field}|${spec.bits.values.join(',')}`).digest('hex').slice(0, 10)}`
    bits = { field: spec.bits.field, col, index: new Map(spec.bits.values.map((v, i) => [v, i])) }
    columns.push(col)
  }
  const fields = new Map<string, string>()
  for (const f of spec.fields ?? []) {
    const col = `f_${splitPath(f).join('_')}`
    fields.set(f, col)
    columns.push(col)
  }
  return { columns, bits, fields }
}

/** A field's value in an auxiliary column as json_extract gives it (booleans 1/0, objects and arrays as JSON text). */
function auxValue(v: unknown): Param {
  if (v === undefined || v === null) return null
  if (typeof v === 'string') return v
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'boolean') return v ? 1 : 0
  return JSON.stringify(v)
}

/**
 * A geoNear filter over the auxiliary columns only (`g.<col>`), or null when it names anything else or uses
 * an operator kept to the documents' path ($exists, booleans, values outside the bitmask's vocabulary).
 * Same semantics as filterToSql on the documents for the scalar fields these columns hold.
 */
function auxFilterToSql(filter: Filter, params: Param[], aux: AuxLayout): string | null {
  const clauses: string[] = []
  const val = (v: Scalar): string | null => {
    if (typeof v === 'boolean' || (typeof v === 'number' && !Number.isFinite(v))) return null
    if (v !== null && typeof v !== 'string' && typeof v !== 'number') return null
    params.push(v)
    return '?'
  }
  for (const [key, cond] of Object.entries(filter)) {
    if (cond === undefined) continue
    if (key === '$or' || key === '$and') {
      const subs: string[] = []
      for (const f of cond as Filter[]) {
        const sub = auxFilterToSql(f, params, aux)
        if (sub === null) return null
        subs.push(`(${sub})`)
      }
      clauses.push(subs.length ? `(${subs.join(key === '$or' ? ' OR ' : ' AND ')})` : key === '$or' ? '0' : '1')
      continue
    }
    if (aux.bits && key === aux.bits.field) {
      // Only `$all` of vocabulary values: the bitmask holds which of them the document's array has.
      if (!isOperatorObject(cond) || Object.keys(cond).length !== 1 || !Array.isArray(cond.$all)) return null
      if (cond.$all.length === 0) { clauses.push('0'); continue }
      let mask = 0
      for (const v of cond.$all) {
        const i = typeof v === 'string' ? aux.bits.index.get(v) : undefined
        if (i === undefined) return null
        if (Math.floor(mask / 2 ** i) % 2 === 0) mask += 2 ** i
      }
      params.push(mask, mask)
      clauses.push(`(g.${aux.bits.col} & ?) = ?`)
      continue
    }
    const col = aux.fields.get(key)
    if (!col) return null
    // Typed columns hold the values as json_extract gives them: the type test is SQLite's typeof.
    const cmp = (op: string, v: unknown) => comparison(op, v, () => `g.${col}`,
      (w) => `typeof(g.${col}) ${typeof w === 'number' ? `IN ('integer', 'real')` : `= 'text'`}`, val)
    if (!isOperatorObject(cond)) {
      const c = cmp('$eq', cond)
      if (!c) return null
      clauses.push(c)
      continue
    }
    for (const [op, v] of Object.entries(cond)) {
      // Other operators ($exists, $all) stay on the documents' path.
      const c = cmp(op, v)
      if (!c) return null
      clauses.push(c)
    }
  }
  return clauses.length ? clauses.join(' AND ') : '1'
}

const has = (db: Database.Database, table: string) => Boolean(db.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(table))

/** `sql` prepared on `db`, kept in `cache` for the next call. */
function prepared(db: Database.Database, cache: Map<string, Database.Statement>, sql: string): Database.Statement {
  let s = cache.get(sql)
  if (!s) {
    // Statements differ only by shape (values and most paths are bound), but cap the cache anyway.
    if (cache.size >= 1000) cache.clear()
    s = db.prepare(sql)
    cache.set(sql, s)
  }
  return s
}

function toDoc<T>(row: { id: string; doc: string }): T {
  const d = JSON.parse(row.doc)
  d._id = row.id
  return d as T
}

/** JSON with `_id` kept in its own column. */
function serialize(doc: Doc): string {
  const { _id, ...rest } = doc
  void _id
  return JSON.stringify(rest)
}

export interface SqliteOptions { file: string }

/**
 * The embedded DocStore: one table per collection (rid, id UNIQUE, doc JSON), expression indexes
 * from COLLECTIONS, an R*Tree per geo collection (with auxiliary columns, geo-aux.ts). better-sqlite3 is
 * synchronous, so each port call is atomic with respect to the others in this process; transactions hold
 * an async lock so no other write interleaves between their awaits. Two connections to the file: `db`
 * writes (and reads inside transactions), a second one serves the other reads (see `run` and `read`).
 */
export class SqliteDocStore implements DocStore {
  readonly db: Database.Database
  /** The connection for reads outside transactions (none for ':memory:', where reads use `db`). */
  private readonly reader: Database.Database | null = null
  readonly ops = { count: 0 }
  private lock: Promise<void> | null = null
  private readonly colls = new Map<string, SqliteCollection<Doc>>()
  private readonly stmtCache = new Map<string, Database.Statement>()
  private readonly readCache = new Map<string, Database.Statement>()
  private readonly specs: Readonly<Record<string, CollectionSpec>>

  constructor(opts: SqliteOptions, specs: Readonly<Record<string, CollectionSpec>> = COLLECTIONS) {
    this.specs = specs
    if (opts.file !== ':memory:') mkdirSync(dirname(opts.file), { recursive: true })
    this.db = new Database(opts.file)
    this.db.pragma('journal_mode = WAL')
    // NORMAL keeps every committed transaction across a process crash (SIGKILL); only a power
    // loss can drop the last ones. That is the failure model of a local gateway.
    this.db.pragma('synchronous = NORMAL')
    this.db.pragma('busy_timeout = 5000')
    // Deleted and overwritten content is zeroed in the file, not left in free pages (erasure, SPEC).
    this.db.pragma('secure_delete = ON')
    // A larger page cache (an upper bound, filled on demand) keeps the indexes a claim touches in memory,
    // and checkpoints every ~40 MB of log instead of 4 MB: a hot page (a day ledger, an index leaf) written
    // by thousands of commits is copied back once per checkpoint, and the checkpoint's two fsyncs are paid
    // ten times less often (see docs/PERFORMANCE.md). Durability is unchanged: commits are in the log.
    this.db.pragma(`cache_size = -${CACHE_KIB}`)
    this.db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`)
    for (const [name, spec] of Object.entries(specs)) this.ensure(name, spec)
    // Reads outside a transaction go to a second connection, which sees committed data only: their answer
    // needs no commit to wait for, and they stay out of the write batch (see run / read below).
    if (opts.file !== ':memory:') {
      this.reader = new Database(opts.file)
      this.reader.pragma('busy_timeout = 5000')
      this.reader.pragma(`cache_size = -${CACHE_KIB}`)
      this.reader.pragma('query_only = ON')
    }
  }

  private ensure(name: string, spec: CollectionSpec): void {
    if (!NAME.test(name)) throw new Error(`invalid collection name ${name}`)
    this.db.exec(`CREATE TABLE IF NOT EXISTS c_${name} (rid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, doc BLOB NOT NULL)`)
    for (const fields of spec.indexes ?? []) {
      const ixName = sqliteIndexName(name, fields)
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${ixName} ON c_${name} (${fields.map(fieldExpr).join(', ')})`)
    }
    for (const field of spec.unique ?? []) {
      const expr = fieldExpr(field)
      this.db.exec(`CREATE UNIQUE INDEX IF NOT EXISTS ux_${name}_${field.replace(/[^a-z0-9_]/gi, '')} ON c_${name} (${expr}) WHERE ${expr} IS NOT NULL`)
    }
    const coll = new SqliteCollection(this, name, spec)
    if (spec.geo) {
      const cols = auxLayout(name).columns
      const g = `g_${name}`
      const present = has(this.db, g) ? this.db.prepare(`SELECT * FROM ${g} LIMIT 0`).columns().map((c) => c.name) : null
      const wanted = ['rid', 'minLat', 'maxLat', 'minLng', 'maxLng', ...cols]
      if (!present || present.join() !== wanted.join()) {
        // New, or made by an older version (no or other auxiliary columns): (re)built from the documents.
        this.db.transaction(() => {
          if (present) this.db.exec(`DROP TABLE ${g}`)
          this.db.exec(`CREATE VIRTUAL TABLE ${g} USING rtree(rid, minLat, maxLat, minLng, maxLng, ${cols.map((c) => `+${c}`).join(', ')})`)
          coll.reindexGeo()
        })()
      }
    }
    this.colls.set(name, coll)
  }

  stmt(sql: string): Database.Statement {
    return prepared(this.db, this.stmtCache, sql)
  }

  /** A statement on the read connection (committed data only); on `db` when there is none. */
  readStmt(sql: string): Database.Statement {
    return this.reader ? prepared(this.reader, this.readCache, sql) : this.stmt(sql)
  }

  collection<T extends Doc = AnyDoc>(name: string): Collection<T> {
    const c = this.colls.get(name)
    if (!c) throw new Error(`unknown collection ${name}`)
    return c as unknown as Collection<T>
  }

  /**
   * Group commit. Port calls are synchronous underneath and each is atomic on its own (a statement, or a
   * savepoint for read-modify-write), so the writing calls of one turn of the event loop share one
   * transaction, committed on the next turn; each call's promise settles — with its result or its error —
   * only after that commit. A caller is never told of a write that a crash could take back, and one WAL
   * commit serves a whole burst of requests. Reads outside transactions (get, find, count, countBy,
   * geoNear) go to the read connection instead (`read`): they see committed data only, so they are
   * answered at once and never see a write that nobody has been told of yet.
   */
  private batchOpen = false
  /** Set when a commit failed: every later write throws it. */
  private broken: Error | null = null
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = []
  private flushScheduled = false

  async run<R>(f: () => R, eager?: (r: R) => boolean): Promise<R> {
    while (this.lock) await this.lock
    if (this.broken) throw this.broken
    this.ops.count++
    if (!this.batchOpen) { this.db.exec('BEGIN IMMEDIATE'); this.batchOpen = true }
    // A failure waits for the commit too: a DuplicateKey or a refused condition can reveal a write of
    // this batch, and whoever learns of a write must be able to read it (reads see committed data only).
    let r: R | undefined
    let failure: { e: unknown } | null = null
    try { r = f() } catch (e) { failure = { e } }
    // An eager success is answered now (see Collection.updateOne): its caller's next write waits for a
    // commit, which covers this one, and its request's answer waits for barrier(); if this batch's commit
    // fails, the store refuses every later write.
    if (!failure && eager?.(r as R)) {
      this.scheduleFlush()
      return r as R
    }
    await this.commitOfBatch()
    if (failure) throw failure.e
    return r as R
  }

  /** Settles once the open batch has committed (rejects if the commit fails). */
  private commitOfBatch(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject })
      this.scheduleFlush()
    })
  }

  private scheduleFlush(): void {
    if (!this.flushScheduled) { this.flushScheduled = true; setImmediate(() => this.flush()) }
  }

  /**
   * A read outside a transaction. On the read connection it sees committed data only, so it is answered
   * at once: nothing it returns can be taken back by a crash, and a caller's own writes, awaited before,
   * are committed. Without a read connection (':memory:') it joins the write batch like any call.
   */
  async read<R>(f: (q: (sql: string) => Database.Statement) => R): Promise<R> {
    if (!this.reader) return this.run(() => f((sql) => this.stmt(sql)))
    this.ops.count++
    return f((sql) => this.readStmt(sql))
  }

  barrier(): Promise<void> {
    if (this.broken) return Promise.reject(this.broken)
    if (!this.batchOpen) return Promise.resolve()
    return this.commitOfBatch()
  }

  private flush(): void {
    this.flushScheduled = false
    const waiters = this.waiters
    this.waiters = []
    if (this.batchOpen) {
      this.batchOpen = false
      try {
        this.db.exec('COMMIT')
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK')
        // Writes answered eagerly were in this batch and are lost: a later write must not commit without
        // them (a voucher without its unit of stock). The store takes no more writes (restart the gateway).
        this.broken = e instanceof Error ? e : new Error(String(e))
        for (const w of waiters) w.reject(e)
        return
      }
    }
    for (const w of waiters) w.resolve()
  }

  async runTransaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R> {
    while (this.lock) await this.lock
    let release!: () => void
    this.lock = new Promise<void>((r) => { release = r })
    this.flush()
    const c = (name: string) => this.colls.get(name) ?? (() => { throw new Error(`unknown collection ${name}`) })()
    // A duplicate insert aborts the transaction even if the function catches it (as on CloudBase).
    let duplicate: DuplicateKeyError | null = null
    const tx: Tx = {
      get: async <T extends Doc>(coll: string, id: string) => { this.ops.count++; return c(coll).getSync(id) as T | null },
      insert: async (coll, doc) => {
        this.ops.count++
        try { c(coll).insertSync(doc) } catch (e) { if (e instanceof DuplicateKeyError) duplicate = e; throw e }
      },
      set: async (coll, doc) => { this.ops.count++; c(coll).setSync(doc) },
      update: async (coll, id, update) => { this.ops.count++; c(coll).updateOneSync({ _id: id }, update) },
      remove: async (coll, id) => { this.ops.count++; c(coll).removeSync({ _id: id }) },
    }
    try {
      this.db.exec('BEGIN IMMEDIATE')
      try {
        const r = await fn(tx)
        if (duplicate) throw duplicate
        this.db.exec('COMMIT')
        return r
      } catch (e) {
        this.db.exec('ROLLBACK')
        throw e
      }
    } finally {
      this.lock = null
      release()
    }
  }

  /** Tables, expression indexes and R*Trees as sqlite_master lists them, under CloudBase's index names. */
  async inspect(name: string): Promise<CollectionState> {
    const spec = Object.prototype.hasOwnProperty.call(this.specs, name) ? this.specs[name] : undefined
    const has = (type: 'table' | 'index', n: string) => Boolean(this.db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').get(type, n))
    const exists = has('table', `c_${name}`)
    const indexes: Record<string, boolean | null> = {}
    for (const ix of spec ? cloudIndexes(spec) : []) {
      indexes[ix.name] = exists && (ix.keys[0].direction === '2dsphere' ? has('table', `g_${name}`)
        : has('index', ix.unique ? `ux_${name}_${ix.keys[0].name.replace(/[^a-z0-9_]/gi, '')}` : sqliteIndexName(name, ix.keys.map((k) => k.name))))
    }
    return { exists, indexes }
  }

  /**
   * The WAL keeps old page images (a deleted name) until a checkpoint copies the pages back; TRUNCATE
   * then empties the log file. With secure_delete the database file holds no freed content either.
   */
  async purge(): Promise<void> {
    while (this.lock) await this.lock
    this.flush()
    this.db.pragma('wal_checkpoint(TRUNCATE)')
  }

  async close(): Promise<void> {
    while (this.lock) await this.lock
    this.flush()
    if (this.reader?.open) this.reader.close()
    if (this.db.open) this.db.close()
  }
}

class SqliteCollection<T extends Doc> implements Collection<T> {
  private readonly t: string
  private readonly g: string | null
  private readonly geoField: string | null
  private readonly txn: <A extends unknown[], R>(f: (...a: A) => R) => (...a: A) => R
  private readonly indexed: ReadonlySet<string>
  /** Statements on the writing connection (inside transactions and for read-modify-write). */
  private readonly w: Q

  /** The R*Tree's auxiliary columns, and every field whose change must reach the R*Tree. */
  private readonly aux: AuxLayout | null
  private readonly geoFields: string[] | null

  constructor(private readonly s: SqliteDocStore, readonly name: string, spec: CollectionSpec) {
    this.w = (sql) => s.stmt(sql)
    this.aux = spec.geo ? auxLayout(name) : null
    this.geoFields = spec.geo && this.aux ? [spec.geo, ...(this.aux.bits ? [this.aux.bits.field] : []), ...this.aux.fields.keys()] : null
    this.indexed = new Set((spec.indexes ?? []).flat())
    this.t = `c_${name}`
    this.g = spec.geo ? `g_${name}` : null
    this.geoField = spec.geo ?? null
    this.txn = (f) => s.db.transaction(f) as never
  }

  // ---- synchronous core (also used inside transactions) ----
  getSync(id: string, q: Q = this.w): T | null {
    const row = q(`SELECT id, json(doc) AS doc FROM ${this.t} WHERE id = ?`).get(id) as { id: string; doc: string } | undefined
    return row ? toDoc<T>(row) : null
  }

  private syncGeo(rid: number | bigint, doc: Doc): void {
    if (!this.g || !this.geoField || !this.aux) return
    this.s.stmt(`DELETE FROM ${this.g} WHERE rid = ?`).run(rid)
    const loc = (doc as unknown as Record<string, unknown>)[this.geoField] as { lat?: unknown; lng?: unknown } | undefined
    if (loc && typeof loc.lat === 'number' && typeof loc.lng === 'number') {
      const { bits, fields, columns } = this.aux
      const values: Param[] = [doc._id, loc.lat, loc.lng]
      if (bits) {
        const v = getPath(doc, bits.field)
        let mask = 0
        for (const x of Array.isArray(v) ? v : [v]) {
          const i = typeof x === 'string' ? bits.index.get(x) : undefined
          if (i !== undefined && Math.floor(mask / 2 ** i) % 2 === 0) mask += 2 ** i
        }
        values.push(mask)
      }
      for (const f of fields.keys()) values.push(auxValue(getPath(doc, f)))
      this.s.stmt(`INSERT INTO ${this.g} (rid, minLat, maxLat, minLng, maxLng, ${columns.join(', ')}) VALUES (?, ?, ?, ?, ?, ${columns.map(() => '?').join(', ')})`)
        .run(rid, loc.lat, loc.lat, loc.lng, loc.lng, ...values)
    }
  }

  /** Fills the (new, empty) R*Tree from every document. */
  reindexGeo(): void {
    for (const row of this.s.db.prepare(`SELECT rid, id, json(doc) AS doc FROM ${this.t}`).all() as Array<{ rid: number; id: string; doc: string }>) {
      this.syncGeo(row.rid, toDoc<Doc>(row))
    }
  }

  insertSync(doc: Doc): void {
    if (typeof doc._id !== 'string' || !doc._id) throw new Error('insert needs a string _id')
    try {
      const r = this.s.stmt(`INSERT INTO ${this.t} (id, doc) VALUES (?, jsonb(?))`).run(doc._id, serialize(doc))
      this.syncGeo(r.lastInsertRowid, doc)
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new DuplicateKeyError(this.name, doc._id)
      throw e
    }
  }

  setSync(doc: Doc): void {
    const r = this.s.stmt(`INSERT INTO ${this.t} (id, doc) VALUES (?, jsonb(?)) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc RETURNING rid`).get(doc._id, serialize(doc)) as { rid: number }
    this.syncGeo(r.rid, doc)
  }

  private selectRows(filter: Filter, opts?: FindOptions, q: Q = this.w): Array<{ rid: number; id: string; doc: string }> {
    assertFilter(filter)
    const params: Param[] = []
    const where = filterToSql(filter, params, this.indexed)
    const limit = Math.min(opts?.limit ?? 1000, 1000)
    const skip = Math.max(0, opts?.skip ?? 0)
    return q(`SELECT rid, id, json(doc) AS doc FROM ${this.t} WHERE ${where} ${orderSql(opts)} LIMIT ? OFFSET ?`).all(...params, limit, skip) as never
  }

  private updateRows(filter: Filter, update: Update, max: number): number {
    assertUpdate(update)
    if (!this.movesGeo(update)) return this.updateRowsInSql(filter, update, max)
    // A geo update also moves the R*Tree entry: read, apply, write.
    const rows = this.selectRows(filter, { limit: max })
    for (const row of rows) {
      const next = applyUpdate(toDoc<T>(row), update, true)
      this.s.stmt(`UPDATE ${this.t} SET doc = jsonb(?) WHERE rid = ?`).run(serialize(next), row.rid)
      this.syncGeo(row.rid, next)
    }
    return rows.length
  }

  /**
   * The update as one SQL statement on the JSONB document: SQLite edits the binary document in place of
   * a parse / copy / serialise round trip in JavaScript, which matters for large documents (a day ledger).
   * Semantics as applyUpdate: $inc on a missing or non-numeric field starts from 0; $push onto a missing
   * field makes an array; missing parents of a dotted path are created.
   */
  private updateRowsInSql(filter: Filter, update: Update, max: number): number {
    const setParams: Param[] = []
    let expr = 'doc'
    const p = (path: string) => { setParams.push(jsonPath(path)); return '?' }
    for (const [k, v] of Object.entries(update.$set ?? {})) {
      if (k === '_id') continue
      if (v === undefined) { expr = `jsonb_remove(${expr}, ${p(k)})`; continue }
      const a = p(k)
      setParams.push(JSON.stringify(v))
      expr = `jsonb_set(${expr}, ${a}, jsonb(?))`
    }
    for (const [k, n] of Object.entries(update.$inc ?? {})) {
      const a = p(k); const b = p(k); const c = p(k)
      setParams.push(n)
      expr = `jsonb_set(${expr}, ${a}, (CASE WHEN json_type(doc, ${b}) IN ('integer', 'real') THEN json_extract(doc, ${c}) ELSE 0 END) + ?)`
    }
    for (const k of Object.keys(update.$unset ?? {})) {
      if (k === '_id') continue
      expr = `jsonb_remove(${expr}, ${p(k)})`
    }
    for (const [k, v] of Object.entries(update.$push ?? {})) {
      const at = p(k); const isArr = p(k); const cur = p(k)
      setParams.push(JSON.stringify(v ?? null))
      expr = `jsonb_set(${expr}, ${at}, jsonb_insert(COALESCE(CASE WHEN json_type(doc, ${isArr}) = 'array' THEN jsonb_extract(doc, ${cur}) END, jsonb_array()), '$[#]', jsonb(?)))`
    }
    assertFilter(filter)
    const whereParams: Param[] = []
    const where = filterToSql(filter, whereParams, this.indexed)
    // By id (every updateOne): the unique index finds the row; an ORDER BY rid subquery would scan.
    if (max === 1 && typeof filter._id === 'string') {
      return this.s.stmt(`UPDATE ${this.t} SET doc = ${expr} WHERE ${where}`).run(...setParams, ...whereParams).changes
    }
    const sql = `UPDATE ${this.t} SET doc = ${expr} WHERE rid IN (SELECT rid FROM ${this.t} WHERE ${where} ORDER BY rid LIMIT ?)`
    return this.s.stmt(sql).run(...setParams, ...whereParams, max).changes
  }

  updateOneSync(filter: Filter & { _id: string }, update: Update): number {
    if (typeof filter._id !== 'string') throw new Error('updateOne needs _id in its filter')
    // One UPDATE statement is atomic on its own; only the geo path (read, write, R*Tree) needs a savepoint.
    if (!this.movesGeo(update)) { assertUpdate(update); return this.updateRowsInSql(filter, update, 1) }
    return this.txn(() => this.updateRows(filter, update, 1))()
  }

  /** The update changes what the R*Tree holds (the location or an auxiliary field): read, apply, write. */
  private movesGeo(update: Update): boolean {
    return !!this.geoFields && this.geoFields.some((f) => touches(update, f))
  }

  removeSync(filter: Filter): number {
    return this.txn(() => {
      const rows = this.selectRows(filter, { limit: 1000 })
      for (const row of rows) {
        this.s.stmt(`DELETE FROM ${this.t} WHERE rid = ?`).run(row.rid)
        if (this.g) this.s.stmt(`DELETE FROM ${this.g} WHERE rid = ?`).run(row.rid)
      }
      return rows.length
    })()
  }

  // ---- the port ----
  insert(doc: T): Promise<void> { return this.s.run(() => this.insertSync(doc)) }
  get(id: string): Promise<T | null> { return this.s.read((q) => this.getSync(id, q)) }
  find(filter: Filter, opts?: FindOptions): Promise<T[]> { return this.s.read((q) => this.selectRows(filter, opts, q).map((r) => toDoc<T>(r))) }
  count(filter: Filter): Promise<number> {
    return this.s.read((q) => {
      assertFilter(filter)
      const params: Param[] = []
      const where = filterToSql(filter, params, this.indexed)
      return (q(`SELECT count(*) AS n FROM ${this.t} WHERE ${where}`).get(...params) as { n: number }).n
    })
  }
  countBy(filter: Filter, fields: string[], opts: { skip?: number } = {}): Promise<GroupCount[]> {
    return this.s.read((q) => {
      assertFilter(filter)
      if (!fields.length) throw new Error('countBy needs at least one field')
      for (const f of fields) if (f !== '_id') splitPath(f)
      const params: Param[] = []
      const where = filterToSql(filter, params, this.indexed)
      const cols = fields.map(fieldExpr)
      const rows = q(`SELECT ${cols.map((c, i) => `${c} AS k${i}`).join(', ')}, count(*) AS n FROM ${this.t} WHERE ${where} GROUP BY ${cols.join(', ')} ORDER BY ${cols.map((_, i) => `k${i}`).join(', ')} LIMIT ${GROUP_LIMIT} OFFSET ?`).all(...params, Math.max(0, Math.floor(opts.skip ?? 0))) as Array<Record<string, Scalar>>
      return rows.map((r) => ({ key: fields.map((_, i) => r[`k${i}`] ?? null), count: Number(r.n) }))
    })
  }
  barrier(): Promise<void> { return this.s.barrier() }
  updateOne(filter: Filter & { _id: string }, update: Update, opts?: { eager?: boolean }): Promise<number> {
    return this.s.run(() => this.updateOneSync(filter, update), opts?.eager ? (n) => n === 1 : undefined)
  }
  updateMany(filter: Filter, update: Update): Promise<number> { return this.s.run(() => this.txn(() => this.updateRows(filter, update, 1000))()) }
  remove(filter: Filter): Promise<number> { return this.s.run(() => this.removeSync(filter)) }

  geoNear(opts: GeoNearOptions): Promise<Array<T & { distanceM: number }>> {
    return this.s.read((q) => {
      if (!this.g || !this.geoField) throw new Error(`${this.name} has no geo index`)
      const { center, maxDistanceM } = opts
      const limit = Math.min(opts.limit, 1000)
      const aux = this.aux!
      if (opts.filter) assertFilter(opts.filter)
      // The R*Tree stores float32 boxes (rounded outward): it only narrows. Exact coordinates and the id are
      // in its auxiliary columns, and so are the fields a filter may name (geo-aux.ts): such a filter is
      // applied to the R*Tree's rows alone; any other one reads the documents.
      const inBox = (radiusM: number) => {
        const dLat = (radiusM / EARTH_RADIUS_M) * (180 / Math.PI) * 1.0001 + 1e-6
        const cosLat = Math.cos((Math.min(89.9, Math.abs(center.lat) + dLat) * Math.PI) / 180)
        const dLng = Math.min(180, dLat / Math.max(cosLat, 1e-6))
        const params: Param[] = [center.lat - dLat, center.lat + dLat, center.lng - dLng, center.lng + dLng]
        const box = 'g.maxLat >= ? AND g.minLat <= ? AND g.maxLng >= ? AND g.minLng <= ?'
        const onAux = opts.filter ? auxFilterToSql(opts.filter, params, aux) : '1'
        if (onAux !== null) {
          return q(`SELECT g.rid AS rid, g.xlat AS lat, g.xlng AS lng, g.xid AS id FROM ${this.g} g WHERE ${box} AND ${onAux}`)
            .all(...params) as Array<{ rid: number; lat: number; lng: number; id: string }>
        }
        params.length = 4
        const extra = filterToSql(opts.filter!, params, this.indexed)
        return q(
          `SELECT g.rid AS rid, g.xlat AS lat, g.xlng AS lng, g.xid AS id
           FROM ${this.g} g JOIN ${this.t} c ON c.rid = g.rid
           WHERE ${box} AND ${extra}`,
        ).all(...params) as Array<{ rid: number; lat: number; lng: number; id: string }>
      }
      // Nearest first, in growing circles: when the circle of radius r already holds `limit` matches, they are
      // the nearest within maxDistanceM too (everything else is farther than r), so a large radius costs
      // what its nearest `limit` cost, not a read of every document in it.
      let r = Math.min(maxDistanceM, 1000)
      let hits: Array<{ rid: number; id: string; d: number }>
      for (;;) {
        hits = []
        for (const row of inBox(r)) {
          const d = haversineM(center, row)
          if (d <= r && d <= maxDistanceM) hits.push({ rid: row.rid, id: row.id, d })
        }
        if (hits.length >= limit || r >= maxDistanceM) break
        const grow = hits.length ? Math.sqrt((1.5 * limit) / hits.length) : 4
        r = Math.min(maxDistanceM, r * Math.min(4, Math.max(1.5, grow)))
      }
      hits.sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      const top = hits.slice(0, limit)
      const get = q(`SELECT id, json(doc) AS doc FROM ${this.t} WHERE rid = ?`)
      return top.map((h) => ({ ...toDoc<T>(get.get(h.rid) as { id: string; doc: string }), distanceM: Math.round(h.d) }))
    })
  }
}

/** The update writes `field`, inside it or one of its parents. */
function touches(update: Update, field: string): boolean {
  const keys = [update.$set, update.$unset, update.$inc, update.$push].flatMap((o) => Object.keys(o ?? {}))
  return keys.some((k) => k === field || k.startsWith(`${field}.`) || field.startsWith(`${k}.`))
}
