import { MAX_VIDEO_BYTES } from '../../types'
import { AppError } from '../_shared/errors'
import type { Storage } from '../_shared/ports'
import { aliasOf } from '../_shared/alias'
import { SNIFF_BYTES, sniffVideo } from '../_shared/storage/rules'

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
