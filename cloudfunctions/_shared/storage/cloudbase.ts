import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { FileStat, Storage } from '../ports'
import type { CloudbaseApp } from '../cloudbase-app'
import { isCloudPath } from './rules'

/** What a ranged GET of a temporary URL answered. */
export interface RangeResponse { status: number; headers: Record<string, string | undefined>; body: Buffer }
/** GET `url` asking for bytes start..end (inclusive); reads at most `end + 1` bytes whatever the server does. */
export type RangeFetcher = (url: string, start: number, end: number) => Promise<RangeResponse>

export interface CloudbaseStorageOptions {
  app: () => CloudbaseApp
  /** How bytes are read from a temporary URL; node's http(s) by default (CloudBase's Node 16 has no fetch). */
  fetchRange?: RangeFetcher
  /** Lifetime of the temporary URLs handed to clients, in seconds. */
  tempUrlMaxAge?: number
  /** When set, only file ids of this CloudBase environment are accepted. */
  envId?: string
  /** Clock for the URL cache (tests). */
  now?: () => number
}

/** Temporary URLs are reused for half their lifetime: a page of 20 entries should not cost 20 requests each time. */
const URL_CACHE_MAX = 500

/** `cloud://<env>.<bucket>/<path>`: what `Taro.cloud.uploadFile` answers as fileID. */
const FILE_ID = /^cloud:\/\/([A-Za-z0-9-]+)\.([A-Za-z0-9-]+)\/(.+)$/

/**
 * Storage port on CloudBase storage. Clients upload straight to storage (`Taro.cloud.uploadFile`)
 * under `<area>/<openid>/<name>`; the functions only look at what was uploaded:
 * - stat: a temporary URL (getTempFileURL) and a 1-byte ranged GET, whose Content-Range gives the size.
 *   The SDK's getFileInfo would do a HEAD with the global fetch, which CloudBase's Node 16 lacks.
 * - the uploader is the `<openid>` segment of the cloud path (CloudBase keeps no owner we can read);
 *   callers check the path, and the storage rules keep others from writing into it (see docs/DEPLOY.md).
 */
export class CloudbaseStorage implements Storage {
  private readonly fetchRange: RangeFetcher
  private readonly maxAge: number
  private readonly now: () => number
  private readonly urls = new Map<string, { url: string; until: number }>()
  /** Requests sent to CloudBase for temporary URLs. */
  readonly ops = { count: 0 }
  constructor(private readonly opts: CloudbaseStorageOptions) {
    this.fetchRange = opts.fetchRange ?? nodeRangeFetch
    this.maxAge = opts.tempUrlMaxAge ?? 2 * 3600
    this.now = opts.now ?? Date.now
  }

  cloudPath(fileId: string): string | null {
    const m = FILE_ID.exec(fileId)
    if (!m) return null
    const [, env, , path] = m
    if (this.opts.envId && env !== this.opts.envId) return null
    return isCloudPath(path) ? path : null
  }

  /** Erasure: the SDK's deleteFile; a file CloudBase no longer has counts as deleted. */
  async delete(fileId: string): Promise<void> {
    if (!this.cloudPath(fileId)) return
    this.urls.delete(fileId)
    this.ops.count++
    const res = await this.opts.app().deleteFile({ fileList: [fileId] })
    const item = res.fileList?.[0]
    if (item && item.code !== 'SUCCESS' && !/NONEXIST|NOT_EXIST|NOT_FOUND/i.test(String(item.code))) {
      throw new Error(`storage delete failed: ${item.code}`)
    }
  }

  /** The temporary URL of a file, or null when CloudBase says it does not exist. */
  private async urlOf(fileId: string): Promise<string | null> {
    const hit = this.urls.get(fileId)
    if (hit && hit.until > this.now()) return hit.url
    this.ops.count++
    const res = await this.opts.app().getTempFileURL({ fileList: [{ fileID: fileId, maxAge: this.maxAge }] })
    const item = res.fileList?.[0]
    if (!item || item.code !== 'SUCCESS' || !item.tempFileURL) { this.urls.delete(fileId); return null }
    if (this.urls.size >= URL_CACHE_MAX) this.urls.delete(this.urls.keys().next().value as string)
    this.urls.set(fileId, { url: item.tempFileURL, until: this.now() + (this.maxAge * 1000) / 2 })
    return item.tempFileURL
  }

  async stat(fileId: string): Promise<FileStat | null> {
    const path = this.cloudPath(fileId)
    if (!path) return null
    const url = await this.urlOf(fileId)
    if (!url) return null
    const r = await this.fetchRange(url, 0, 0)
    if (r.status === 404) return null
    if (r.status === 416) return { size: 0, uploader: path.split('/')[1], contentType: r.headers['content-type'] }
    if (r.status !== 206 && r.status !== 200) throw new Error(`storage stat failed: HTTP ${r.status}`)
    const total = /\/(\d+)\s*$/.exec(r.headers['content-range'] ?? '')?.[1] ?? (r.status === 200 ? r.headers['content-length'] : undefined)
    if (total === undefined) throw new Error('storage stat: no size in the response')
    return { size: Number(total), uploader: path.split('/')[1], contentType: r.headers['content-type'] }
  }

  async readRange(fileId: string, start: number, endInclusive: number): Promise<Buffer> {
    if (!this.cloudPath(fileId)) throw new Error('not a file id of this storage')
    if (endInclusive < start) return Buffer.alloc(0)
    const url = await this.urlOf(fileId)
    if (!url) throw new Error('file not found')
    const r = await this.fetchRange(url, start, endInclusive)
    if (r.status === 206) return r.body.subarray(0, endInclusive - start + 1)
    if (r.status === 200) return r.body.subarray(start, endInclusive + 1)
    if (r.status === 416) return Buffer.alloc(0)
    throw new Error(`storage read failed: HTTP ${r.status}`)
  }

  async tempUrl(fileId: string): Promise<string> {
    const url = await this.urlOf(fileId)
    if (!url) throw new Error('file not found')
    return url
  }
}

/** A ranged GET over node:http(s) that stops reading once it has what was asked for. */
export const nodeRangeFetch: RangeFetcher = (url, start, end) => new Promise((resolve, reject) => {
  const u = new URL(url)
  const get = u.protocol === 'https:' ? httpsRequest : u.protocol === 'http:' ? httpRequest : null
  if (!get) { reject(new Error(`unsupported URL ${u.protocol}`)); return }
  const want = end + 1 // a server that ignores Range sends from byte 0
  const req = get(u, { method: 'GET', headers: { range: `bytes=${start}-${end}` }, timeout: 15_000 }, (res: IncomingMessage) => {
    const chunks: Buffer[] = []
    let got = 0
    const finish = () => {
      const headers: Record<string, string | undefined> = {}
      for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v
      resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) })
    }
    res.on('data', (c: Buffer) => {
      chunks.push(c)
      got += c.length
      if (got >= want) { res.destroy(); finish() }
    })
    res.on('end', finish)
    res.on('error', reject)
  })
  req.on('timeout', () => req.destroy(new Error('storage request timed out')))
  req.on('error', reject)
  req.end()
})
