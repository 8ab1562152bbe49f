import { MAX_VIDEO_BYTES } from '../../types'
import { AppError } from '../_shared/errors'
import type { Storage } from '../_shared/ports'
import { aliasOf } from '../_shared/alias'

/** ISO-BMFF brands of video files (MP4 and QuickTime), as written in the `ftyp` box. */
export const VIDEO_BRANDS = new Set(['isom', 'iso2', 'mp41', 'mp42', 'avc1', 'M4V ', 'qt  '])
/** Audio-only MP4 flavours: they list mp42/isom as compatible, but hold no picture. */
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B '])
/** Bytes read from the start of the file: the ftyp box is small (8 + 8 + 4 per compatible brand). */
export const SNIFF_BYTES = 256

export type Sniff = { ok: true; brand: string } | { ok: false; reason: string }

/**
 * Whether a file starts like an MP4 or QuickTime video: an `ftyp` box at offset 4 whose major brand,
 * or one of its compatible brands, is a video brand. The name and the declared type are not trusted.
 */
export function sniffVideo(head: Buffer): Sniff {
  if (head.length < 16) return { ok: false, reason: 'too short' }
  if (head.toString('latin1', 4, 8) !== 'ftyp') return { ok: false, reason: 'no ftyp box' }
  const boxSize = head.readUInt32BE(0)
  if (boxSize < 16 || (boxSize - 16) % 4 !== 0) return { ok: false, reason: 'bad ftyp size' }
  const major = head.toString('latin1', 8, 12)
  if (AUDIO_BRANDS.has(major)) return { ok: false, reason: `audio brand ${major}` }
  if (VIDEO_BRANDS.has(major)) return { ok: true, brand: major }
  for (let off = 16; off + 4 <= Math.min(boxSize, head.length); off += 4) {
    const b = head.toString('latin1', off, off + 4)
    if (VIDEO_BRANDS.has(b)) return { ok: true, brand: b }
  }
  return { ok: false, reason: `brand ${major}` }
}

const bad = (message: string): never => {
  throw new AppError('VALIDATION_FAILED', message, { fieldErrors: { videoFileId: [message] } })
}

/**
 * The checks of SPEC on an uploaded audition video. Ownership is read from the cloud path
 * (contest/<alias>/…, which the storage rules and the gateway only let that person write) and,
 * where the adapter knows it, from the recorded uploader (also the alias).
 */
export async function checkVideo(storage: Storage, fileId: string, openid: string, secret: string): Promise<void> {
  const alias = aliasOf(secret, openid)
  const path = storage.cloudPath(fileId)
  if (!path || !path.startsWith(`contest/${alias}/`)) return bad('只能使用您本人上传的参赛视频，请重新上传')
  const st = await storage.stat(fileId)
  if (!st) return bad('没有找到上传的视频，请重新上传')
  if (st.uploader && st.uploader !== alias) return bad('只能使用您本人上传的参赛视频，请重新上传')
  if (st.size > MAX_VIDEO_BYTES) return bad('视频不能超过 100 MB，请剪短或压缩后重新上传')
  const head = await storage.readRange(fileId, 0, SNIFF_BYTES - 1)
  if (!sniffVideo(head).ok) return bad('文件不是 MP4 或 MOV 格式的视频，请重新选择')
}
