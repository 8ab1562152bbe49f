/**
 * What may be stored, for both adapters (SPEC "Uploads and served files"): a cloud path is
 * `<area>/<alias>/<name>` with plain, non-empty segments (never `.` or `..`), and the name's extension is
 * one the area allows. The content must be what the extension says, judged by its bytes.
 */
export const AREA_EXTENSIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ['contest', ['mp4', 'mov']],
  ['station', ['jpg', 'jpeg', 'png', 'webp']],
])

/** The content types a stored file may be served as, by what its bytes are. */
export type StoredKind = 'video/mp4' | 'video/quicktime' | 'image/jpeg' | 'image/png' | 'image/webp'
const KIND_OF_EXT: ReadonlyMap<string, readonly StoredKind[]> = new Map([
  ['mp4', ['video/mp4', 'video/quicktime']],
  ['mov', ['video/quicktime', 'video/mp4']],
  ['jpg', ['image/jpeg']],
  ['jpeg', ['image/jpeg']],
  ['png', ['image/png']],
  ['webp', ['image/webp']],
])

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/
const NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,119}$/

export interface CloudPath { area: string; owner: string; name: string; ext: string }

/** Parses a cloud path, or answers why it is not one (a Chinese message for the envelope). */
export function parseCloudPath(path: unknown): { ok: true; path: CloudPath } | { ok: false; reason: string } {
  const bad = (reason: string) => ({ ok: false as const, reason })
  if (typeof path !== 'string' || path.length > 250) return bad('文件路径不正确，应为 <分类>/<目录>/<文件名>')
  const parts = path.split('/')
  if (parts.length !== 3 || parts.some((p) => p === '' || p === '.' || p === '..')) return bad('文件路径不正确，应为 <分类>/<目录>/<文件名>')
  const [area, owner, name] = parts
  const exts = AREA_EXTENSIONS.get(area)
  if (!exts) return bad('不支持的上传分类')
  if (!SEGMENT.test(owner) || !NAME.test(name) || name.endsWith('.')) return bad('文件路径不正确，应为 <分类>/<目录>/<文件名>')
  const dot = name.lastIndexOf('.')
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
  if (!exts.includes(ext)) return bad(`该分类只能上传 ${exts.map((e) => '.' + e).join('、')} 文件`)
  return { ok: true, path: { area, owner, name, ext } }
}

export const isCloudPath = (p: string) => parseCloudPath(p).ok

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

/** What the first bytes of a file are, among the kinds we store; null for anything else (HTML, SVG, script…). */
export function sniffKind(head: Buffer): StoredKind | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg'
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'image/webp'
  const v = sniffVideo(head)
  if (v.ok) return v.brand === 'qt  ' ? 'video/quicktime' : 'video/mp4'
  return null
}

/** Whether the bytes are what the extension says. */
export function matchesExtension(ext: string, head: Buffer): boolean {
  const kind = sniffKind(head)
  return !!kind && (KIND_OF_EXT.get(ext) ?? []).includes(kind)
}
