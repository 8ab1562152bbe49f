import { AppError } from './errors'
import type { CloudbaseApp } from './cloudbase-app'
import type { Logger } from './log'
import type { OpenApiCaller } from './media-wechat'
import type { MiniCode } from './ports'

export const GET_UNLIMITED_API = 'wxacode.getUnlimited'

/** Stores bytes at a cloud path and answers the fileId (CloudBase storage's uploadFile in the cloud). */
export type Uploader = (cloudPath: string, bytes: Buffer) => Promise<string>

export interface WechatMiniCodeOptions {
  /** Which version of the mini-program the code opens: release (default), trial or develop. */
  envVersion?: 'release' | 'trial' | 'develop'
  /** Width of the image in px (WeChat allows 280–1280): 430 prints well at A5 and A4. */
  width?: number
  log?: Logger
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47])
const JPEG = Buffer.from([0xff, 0xd8, 0xff])
const isImage = (b: Buffer) => b.subarray(0, 4).equals(PNG) || b.subarray(0, 3).equals(JPEG)

/**
 * The image bytes in an open-API answer. wx-server-sdk answers `{ buffer }`; node-sdk's wx.api answers
 * `{ result }` where a binary body may arrive as a Buffer, its JSON form or a string. An error is JSON
 * with `errcode`.
 */
export function imageBytes(answer: unknown): { bytes: Buffer } | { errcode: number; errmsg: string } {
  let v: unknown = answer
  for (let i = 0; i < 3 && v && typeof v === 'object' && !(v instanceof Uint8Array); i++) {
    const o = v as Record<string, unknown>
    if (typeof o.errcode === 'number' && o.errcode !== 0) return { errcode: o.errcode, errmsg: String(o.errmsg ?? '') }
    if (typeof o.errCode === 'number' && o.errCode !== 0) return { errcode: o.errCode, errmsg: String(o.errMsg ?? '') }
    if (o.type === 'Buffer' && Array.isArray(o.data)) { v = Buffer.from(o.data as number[]); break }
    v = o.result ?? o.buffer ?? o.data
  }
  let bytes: Buffer | null = null
  if (Buffer.isBuffer(v)) bytes = v
  else if (v instanceof Uint8Array) bytes = Buffer.from(v)
  else if (typeof v === 'string') {
    const raw = Buffer.from(v, 'latin1')
    bytes = isImage(raw) ? raw : Buffer.from(v, 'base64')
  }
  if (bytes && isImage(bytes)) return { bytes }
  // A JSON error sent as bytes.
  if (bytes) {
    try {
      const o = JSON.parse(bytes.toString('utf8')) as { errcode?: number; errmsg?: string }
      if (typeof o.errcode === 'number') return { errcode: o.errcode, errmsg: String(o.errmsg ?? '') }
    } catch { /* not JSON */ }
  }
  return { errcode: -1, errmsg: 'answer is not an image' }
}

/**
 * MiniCode on WeChat's wxacode.getUnlimited (云调用; `wxacode.getUnlimited` is listed in the station
 * function's config.json permissions). The image is stored in cloud storage; the caller keeps its fileId
 * and reuses it (the API has a daily quota).
 */
export function wechatMiniCode(call: OpenApiCaller, upload: Uploader, opts: WechatMiniCodeOptions = {}): MiniCode {
  return {
    async create({ scene, page, cloudPath }) {
      let answer: unknown
      try {
        answer = await call(GET_UNLIMITED_API, {
          scene,
          page,
          // The check-in page is in a subpackage; a code made before the first release must still be accepted.
          check_path: false,
          env_version: opts.envVersion ?? 'release',
          width: opts.width ?? 430,
        })
      } catch (e) {
        opts.log?.error({ msg: 'getUnlimited failed', scene, err: e instanceof Error ? e.message : String(e) })
        throw new AppError('INTERNAL', '生成小程序码失败，请稍后再试')
      }
      const r = imageBytes(answer)
      if (!('bytes' in r)) {
        opts.log?.error({ msg: 'getUnlimited refused', scene, errcode: r.errcode, errmsg: r.errmsg })
        throw new AppError('INTERNAL', '生成小程序码失败，请稍后再试')
      }
      return { fileId: await upload(cloudPath, r.bytes) }
    },
  }
}

/** The uploader used in the cloud: node-sdk's uploadFile into the environment's storage. */
export function cloudbaseUploader(app: () => CloudbaseApp): Uploader {
  return async (cloudPath, bytes) => {
    const r = await app().uploadFile({ cloudPath, fileContent: bytes })
    const fileId = (r as { fileID?: string }).fileID
    if (!fileId) throw new Error(`uploadFile answered no fileID (${(r as { code?: string }).code ?? 'no code'})`)
    return fileId
  }
}
