import { useRef, useState } from 'react'
import { View, Text, Video } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { MAX_VIDEO_BYTES } from '@contract'
import { fileUrl, useUpload } from '@/hooks/useUpload'
import { BigButton } from '@/components/BigButton'
import { FieldError } from '@/components/FieldError'
import { formatSize } from '../../lib'
import '@/ui/Field/index.scss'

export interface PickedVideo { fileId: string; name: string; size: number }

const EXT = /\.(mp4|mov)$/i
const extOf = (name: string) => (name.match(EXT)?.[1] ?? 'mp4').toLowerCase()

/** Client-side first look, so nobody waits for an upload that will be refused; the function checks the content. */
function precheck(name: string, size: number, type?: string): string | null {
  if (size > MAX_VIDEO_BYTES) return `视频 ${formatSize(size)}，超过 100 MB，请剪短或压缩后再选`
  if (!EXT.test(name) && !/^video\/(mp4|quicktime)$/.test(type ?? '')) return '请选择 MP4 或 MOV 格式的视频'
  return null
}

/**
 * Picks a video and uploads it straight to storage under the caller's `uploadDir` (contest/<alias>/ from
 * member.me: no openid in any path; Taro.cloud.uploadFile in
 * the mini-program; a file input posting to /storage/upload on H5), with progress. The limits are
 * stated before anyone picks.
 */
export function VideoPicker({ uploadDir, value, onChange, error }: { uploadDir: string; value: PickedVideo | null; onChange: (v: PickedVideo | null) => void; error?: string }) {
  const { percent, upload: send } = useUpload()
  const [problem, setProblem] = useState<string | null>(null)
  const [name, setName] = useState('')
  // The picked file on the phone, shown in place of the uploaded copy: the preview needs no read
  // access to storage and no download. Kept only for this visit (temporary paths expire).
  const [preview, setPreview] = useState<{ fileId: string; path: string } | null>(null)
  const input = useRef<HTMLInputElement | null>(null)

  const upload = async (file: string | Blob, fileName: string, size: number) => {
    setProblem(null)
    setName(fileName)
    try {
      const fileId = await send(`${uploadDir}${Date.now()}.${extOf(fileName)}`, file)
      setPreview(typeof file === 'string' ? { fileId, path: file } : null)
      onChange({ fileId, name: fileName, size })
    } catch (e) {
      setProblem((e as { message?: string }).message ?? '上传失败，请重试')
    }
  }

  const pickWeapp = async () => {
    try {
      const r = await Taro.chooseMedia({ count: 1, mediaType: ['video'], sourceType: ['album', 'camera'], maxDuration: 60, camera: 'back' })
      const f = r.tempFiles[0]
      if (!f) return
      const fileName = f.tempFilePath.split('/').pop() ?? 'video.mp4'
      const bad = precheck(fileName, f.size)
      if (bad) { setProblem(bad); return }
      await upload(f.tempFilePath, fileName, f.size)
    } catch (e) {
      const msg = (e as { errMsg?: string }).errMsg ?? ''
      if (!/cancel/.test(msg)) setProblem('没能打开相册，请重试')
    }
  }

  const onFile = (files: FileList | null) => {
    const f = files?.[0]
    if (input.current) input.current.value = ''
    if (!f) return
    const bad = precheck(f.name, f.size, f.type)
    if (bad) { setProblem(bad); return }
    void upload(f, f.name, f.size)
  }

  const uploading = percent !== null
  return (
    <View className={`ui-field ui-field--videoFileId ${error || problem ? 'ui-field--error' : ''}`}>
      <Text className='ui-field__label'>参赛视频</Text>
      <View className='c-upload'>
        <Text className='c-upload__limits'>MP4 或 MOV，不超过 100 MB；建议横屏拍摄一段完整唱段，声音清晰。</Text>
        {value && !uploading && (
          <>
            <Video className='c-upload__video' src={preview?.fileId === value.fileId ? preview.path : fileUrl(value.fileId)} controls objectFit='contain' />
            <Text className='c-upload__done signup__video-done'>已上传：{value.name}（{formatSize(value.size)}）</Text>
          </>
        )}
        {uploading && (
          <>
            <Text className='c-upload__file'>{name}</Text>
            <View className='c-upload__progress'><View className='c-upload__bar' style={{ width: `${percent}%` }} /></View>
            <Text className='c-upload__pct signup__progress'>正在上传 {percent}%</Text>
          </>
        )}
        {process.env.TARO_ENV === 'h5' ? (
          <>
            <input ref={input} className='c-upload__input signup__file' type='file' accept='video/mp4,video/quicktime,.mp4,.mov'
              onChange={(e) => onFile(e.target.files)} />
            <BigButton type={value ? 'default' : 'primary'} loading={uploading} onClick={() => input.current?.click()}>{value ? '重新选择视频' : '选择视频'}</BigButton>
          </>
        ) : (
          <BigButton type={value ? 'default' : 'primary'} loading={uploading} onClick={() => void pickWeapp()}>{value ? '重新选择视频' : '拍摄或选择视频'}</BigButton>
        )}
      </View>
      <FieldError message={problem ?? error} />
    </View>
  )
}
