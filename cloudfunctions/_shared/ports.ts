/**
 * The narrow ports the domain talks to. Domain code never imports an SDK.
 *
 * Filter subset (both adapters implement exactly this):
 *   { field: scalar }                     equality on a scalar field (dotted paths allowed); null matches missing
 *   { field: { $eq|$ne|$gt|$gte|$lt|$lte: scalar } }
 *   { field: { $in|$nin: scalar[] } }
 *   { field: { $exists: boolean } }
 *   { field: { $all: scalar[] } }        the array field holds every value
 *   { $or: Filter[] }, { $and: Filter[] }
 * Update subset: $set, $inc, $unset, $push (append one value), dotted paths.
 */
export type Scalar = string | number | boolean | null
export type FieldCond =
  | Scalar
  | { $eq?: Scalar; $ne?: Scalar; $gt?: Scalar; $gte?: Scalar; $lt?: Scalar; $lte?: Scalar; $in?: Scalar[]; $nin?: Scalar[]; $exists?: boolean; $all?: Scalar[] }
export type Filter = { [field: string]: FieldCond | Filter[] | undefined; $or?: Filter[]; $and?: Filter[] }

export interface Update {
  $set?: Record<string, unknown>
  $inc?: Record<string, number>
  $unset?: Record<string, true | 1 | ''>
  $push?: Record<string, unknown>
}

export interface Doc { _id: string }
/** A document of unknown shape (the default when a collection is not typed). */
export type AnyDoc = { _id: string; [k: string]: unknown }

export interface FindOptions {
  orderBy?: Array<[string, 'asc' | 'desc']>
  limit?: number
  skip?: number
}

export interface GeoNearOptions {
  center: { lat: number; lng: number }
  maxDistanceM: number
  filter?: Filter
  limit: number
}

export interface Collection<T extends Doc = AnyDoc> {
  insert(doc: T): Promise<void>
  get(id: string): Promise<T | null>
  find(filter: Filter, opts?: FindOptions): Promise<T[]>
  count(filter: Filter): Promise<number>
  /**
   * The atomic primitive: applies `update` when the document with `filter._id` also matches the rest. Returns matched (0|1).
   * `eager`: a match (1) may be answered before it is durable, for a caller whose next step is another write
   * that it awaits (its commit covers this one); no match (0) is answered as usual. The caller marks its
   * request with `wroteEagerly(ctx, collection)` (runtime.ts), so that its answer, whatever it is, waits for
   * this collection's `barrier()`. The embedded store uses it to spare one commit wait; others ignore it.
   */
  updateOne(filter: Filter & { _id: string }, update: Update, opts?: { eager?: boolean }): Promise<number>
  /**
   * Resolves once every write its store answered so far, eagerly too, is committed; rejects when that commit
   * failed. Absent where every answered write is already durable (CloudBase).
   */
  barrier?(): Promise<void>
  updateMany(filter: Filter, update: Update): Promise<number>
  remove(filter: Filter): Promise<number>
  /** Documents whose `location` is within maxDistanceM of center, nearest first, with distanceM (haversine, metres). */
  geoNear(opts: GeoNearOptions): Promise<Array<T & { distanceM: number }>>
  /**
   * The documents matching `filter`, grouped by the values of `fields` (null when missing), counted
   * by the database (CloudBase: one aggregation request; sqlite: GROUP BY), ordered by the key,
   * at most GROUP_LIMIT groups from `skip` on. Optional: use groupCount() in _shared/aggregate.ts,
   * which pages through it and falls back to reading the documents.
   */
  countBy?(filter: Filter, fields: string[], opts?: { skip?: number }): Promise<GroupCount[]>
}

export interface GroupCount { key: Scalar[]; count: number }
export const GROUP_LIMIT = 1000

/** Transactions are limited to operations by document id (CloudBase's own rule). */
export interface Tx {
  get<T extends Doc>(collection: string, id: string): Promise<T | null>
  /** Creates the document; throws DuplicateKeyError (and aborts) when it exists. */
  insert(collection: string, doc: Doc): Promise<void>
  set(collection: string, doc: Doc): Promise<void>
  update(collection: string, id: string, update: Update): Promise<void>
  remove(collection: string, id: string): Promise<void>
}

/**
 * What the database holds for one collection, for the health check. Per index of collections.ts:
 * true present, false missing, null when the adapter cannot tell (CloudBase's server SDK lists no
 * indexes; it can only prove a geo index by using it).
 */
export interface CollectionState { exists: boolean; indexes: Record<string, boolean | null> }

export interface DocStore {
  collection<T extends Doc = AnyDoc>(name: string): Collection<T>
  /** The state of a collection of collections.ts (see CollectionState). */
  inspect?(name: string): Promise<CollectionState>
  runTransaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R>
  /** Operations sent to the database since start (each port call or transaction step is one). */
  readonly ops: { count: number }
  /**
   * After an erasure: makes what was deleted unreadable in the store's own files (the embedded store
   * moves its write-ahead log into the database, whose freed pages are zeroed, and truncates the log).
   * A hosted database has no such files to clean; absent there.
   */
  purge?(): Promise<void>
  close(): Promise<void>
}

export interface FileStat { size: number; uploader?: string; contentType?: string }
export interface Storage {
  /** Where a client-side upload must land, e.g. contest/<openid>/<name>. */
  stat(fileId: string): Promise<FileStat | null>
  readRange(fileId: string, start: number, endInclusive: number): Promise<Buffer>
  /** A URL a client can play or download from. */
  tempUrl(fileId: string): Promise<string>
  /** The cloud path of a fileId (e.g. contest/<alias>/a.mp4), or null if not ours or not a valid path. */
  cloudPath(fileId: string): string | null
  /** For the health check: resolves with what was reached, rejects when storage cannot be used. */
  probe?(): Promise<string>
  /** Removes the file (erasure); a missing file is not an error. */
  delete(fileId: string): Promise<void>
  /**
   * Removes every file under `<area>/<dir>/` (erasure of uploads nothing refers to). The local folder
   * can; CloudBase storage offers no listing to the functions, so there only referenced files are deleted.
   */
  deleteDir?(area: string, dir: string): Promise<void>
}

/** Content-security check of uploaded media (WeChat's security.mediaCheckAsync in the cloud). */
export interface MediaCheck {
  submit(fileId: string, url: string, openid: string): Promise<{ status: 'pending' | 'pass' | 'manual'; traceId?: string }>
}

/**
 * Text content check of what others will read (WeChat's security.msgSecCheck in the cloud, a word
 * list locally). Scenes are WeChat's: 1 资料 (names, profiles), 2 评论 (comments), 3 论坛 (posts,
 * titles), 4 社交日志. `risky` means the text must not be published. When no verdict can be had
 * (the service is down, refuses the call), `check` throws ContentCheckUnavailable: callers fail closed.
 */
export type ContentScene = 1 | 2 | 3 | 4
export interface ContentCheck {
  check(text: string, opts: { openid: string; scene: ContentScene }): Promise<{ verdict: 'pass' | 'risky'; label?: string }>
}
export class ContentCheckUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`content check unavailable: ${reason}`)
    this.name = 'ContentCheckUnavailable'
  }
}

export const EARTH_RADIUS_M = 6_371_008.8
export function haversineM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const toRad = Math.PI / 180
  const dLat = (b.lat - a.lat) * toRad
  const dLng = (b.lng - a.lng) * toRad
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)))
}

/**
 * Subscribe messages (订阅消息). `fields` are the message's named values (subject, result, note, time);
 * the WeChat adapter maps them onto the keywords of the topic's template.
 */
export interface OutgoingMessage { openid: string; topic: string; page: string; fields: Record<string, string> }
/** A refusal is an answer, not an exception: `errcode` is WeChat's (43101 no subscription, 40037/47003 template errors). */
export type SendResult = { ok: true } | { ok: false; errcode: number; errmsg: string }
export interface Notifier {
  send(msg: OutgoingMessage): Promise<SendResult>
  /** Template id per topic, for the client's requestSubscribeMessage; empty when nothing is pushed. */
  templates(): Array<{ topic: string; templateId: string }>
}

/**
 * The image of a code that opens a mini-program page: WeChat's unlimited mini-program code
 * (wxacode.getUnlimited) in the cloud, a QR of the page's web address locally. `cloudPath` says where the
 * image is stored; the answer is its fileId.
 */
export interface MiniCode {
  create(req: { scene: string; page: string; url: string; cloudPath: string }): Promise<{ fileId: string }>
}
