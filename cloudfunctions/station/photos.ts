import { MAX_PHOTO_BYTES, type Station } from '../../types'
import { aliasOf } from '../_shared/alias'
import { AppError } from '../_shared/errors'
import type { Ctx } from '../_shared/runtime'
import { matchesExtension, parseCloudPath } from '../_shared/storage/rules'

const HEAD_BYTES = 64

/**
 * Checks the photos an upsert asks for. A photo the station already shows may stay (a keeper reorders
 * photos staff took); a new one must be the caller's own upload under `station/<alias>/`, exist, be at
 * most 5 MB and be a JPEG, PNG or WebP by its bytes. Errors name the photo's place (`photos.<i>`).
 */
export async function checkPhotos(ctx: Ctx, photos: string[], current: string[]): Promise<string[]> {
  const { storage, config } = ctx.deps
  const alias = aliasOf(config.TOKEN_SECRET, ctx.me())
  const errors: Record<string, string[]> = {}
  const fresh: string[] = []
  for (const [i, fileId] of photos.entries()) {
    if (current.includes(fileId)) continue
    const fail = (m: string) => { errors[`photos.${i}`] = [m] }
    const path = storage.cloudPath(fileId)
    const parsed = path ? parseCloudPath(path) : null
    if (!parsed?.ok || parsed.path.area !== 'station') { fail('照片应上传到驿站照片目录，请重新上传'); continue }
    if (parsed.path.owner !== alias) { fail('只能使用您本人上传的照片，请重新上传'); continue }
    const st = await storage.stat(fileId)
    if (!st) { fail('没有找到上传的照片，请重新上传'); continue }
    if (st.uploader && st.uploader !== alias) { fail('只能使用您本人上传的照片，请重新上传'); continue }
    if (st.size > MAX_PHOTO_BYTES) { fail('每张照片不能超过 5 MB，请压缩后重新上传'); continue }
    if (!matchesExtension(parsed.path.ext, await storage.readRange(fileId, 0, HEAD_BYTES - 1))) { fail('照片应为 JPEG、PNG 或 WebP 格式'); continue }
    fresh.push(fileId)
  }
  if (Object.keys(errors).length) {
    throw new AppError('VALIDATION_FAILED', `填写有误：${Object.values(errors)[0][0]}`, { fieldErrors: errors })
  }
  return fresh
}

/**
 * New photos go to the platform's content check where it has one for images (WeChat's mediaCheckAsync in
 * the cloud; locally staff look at them). A check that cannot be submitted is logged, not fatal: the
 * keeper's edit is kept and the photo waits for a person to look at it.
 */
export async function submitPhotoChecks(ctx: Ctx, fileIds: string[]): Promise<void> {
  for (const fileId of fileIds) {
    try {
      await ctx.deps.media.submit(fileId, await ctx.deps.storage.tempUrl(fileId), ctx.me())
    } catch (e) {
      ctx.deps.log.error({ requestId: ctx.requestId, fn: 'station', action: 'upsert', err: `photo check: ${String(e)}` })
    }
  }
}

/** Photos taken off a station are deleted from storage (nothing else refers to them). */
export async function deletePhotos(ctx: Ctx, fileIds: string[]): Promise<void> {
  for (const fileId of fileIds) {
    await ctx.deps.storage.delete(fileId).catch((e) => ctx.deps.log.error({ requestId: ctx.requestId, fn: 'station', err: `photo delete: ${String(e)}` }))
  }
}

/** The station as `get` answers it: with a URL for each photo. */
export async function withPhotoUrls(ctx: Ctx, s: Station): Promise<Station> {
  if (!s.photos?.length) return s
  return { ...s, photoUrls: await Promise.all(s.photos.map((f) => ctx.deps.storage.tempUrl(f))) }
}
