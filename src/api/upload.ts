import Taro from '@tarojs/taro'
import { ApiError } from './errors'
import { unwrap } from './client'
import { getDemoOpenid } from './identity'

export type UploadProgress = (percent: number) => void

/**
 * Uploads a file straight to storage and resolves to its opaque fileId.
 * `cloudPath` must start with `<area>/<caller's openid>/` (e.g. `contest/<openid>/audition.mp4`).
 * `file`: the temp file path from chooseMedia in the mini-program; a Blob/File (or a blob: URL) on H5.
 */
export function uploadFile(cloudPath: string, file: string | Blob, onProgress?: UploadProgress): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') {
    return new Promise<string>((resolve, reject) => {
      const task = Taro.cloud.uploadFile({
        cloudPath,
        filePath: file as string,
        success: (res) => resolve(res.fileID),
        fail: (err) => reject(ApiError.network(err)),
      })
      task?.onProgressUpdate?.((p) => onProgress?.(p.progress))
    })
  }
  return uploadOverHttp(cloudPath, file, onProgress)
}

async function uploadOverHttp(cloudPath: string, file: string | Blob, onProgress?: UploadProgress): Promise<string> {
  let body: Blob
  if (typeof file === 'string') {
    try {
      body = await (await fetch(file)).blob()
    } catch (e) {
      throw ApiError.network(e)
    }
  } else {
    body = file
  }
  const result = await new Promise<unknown>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/storage/upload')
    xhr.setRequestHeader('content-type', body.type || 'application/octet-stream')
    xhr.setRequestHeader('x-cloud-path', cloudPath)
    const openid = getDemoOpenid()
    if (openid) xhr.setRequestHeader('x-openid', openid)
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) onProgress?.(Math.round((ev.loaded / ev.total) * 100))
    }
    xhr.onload = () => {
      try {
        resolve(JSON.parse(xhr.responseText))
      } catch (e) {
        reject(ApiError.network(e))
      }
    }
    xhr.onerror = () => reject(ApiError.network())
    xhr.ontimeout = () => reject(ApiError.network())
    xhr.send(body)
  })
  return unwrap<{ fileId: string }>(result).fileId
}

/** A URL an <Image>/<Video> can load for a stored fileId. */
export function fileUrl(fileId: string): string {
  if (process.env.TARO_ENV === 'weapp') return fileId // cloud:// ids load directly in the mini-program
  return `/storage/${encodeURIComponent(fileId)}`
}
