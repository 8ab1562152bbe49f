import { useRef, useState } from 'react'
import { View, Text, Image } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { MAX_PHOTO_BYTES, MAX_STATION_PHOTOS } from '@contract/station'
import { fileUrl, uploadFile, uuid } from '@/api'
import { BigButton } from '@/components/BigButton'
import { FieldError } from '@/components/FieldError'

export interface StationPhoto { fileId: string; url: string }

/** Longest side after resizing: enough for a phone screen, well under 5 MB as JPEG. */
const MAX_SIDE = 1600

/**
 * H5: draws the picked image on a canvas at most 1600 px on its longest side and encodes it as JPEG
 * (quality 0.8), so a 12-megapixel phone photo becomes a few hundred KB before it is sent.
 */
async function resizeOnCanvas(file: File): Promise<Blob> {
  const url = URL.createObjectURL(file)
  try {
    const img = await new Promise<HTMLImageElement>((resolve, reject) => {
      const el = new window.Image()
      el.onload = () => resolve(el)
      el.onerror = () => reject(new Error('not an image'))
      el.src = url
    })
    const scale = Math.min(1, MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight))
    const canvas = document.createElement('canvas')
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale))
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale))
    canvas.getContext('2d')!.drawImage(img, 0, 0, canvas.width, canvas.height)
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode failed'))), 'image/jpeg', 0.8))
  } finally {
    URL.revokeObjectURL(url)
  }
}

/**
 * A station's photos: add (resized on the phone first — Taro.compressImage in the mini-program, a canvas
 * on H5 — then uploaded under `station/<alias>/`), move earlier or later, remove. At most 6, 5 MB each.
 * Changes are kept in the form and saved with the station.
 */
export function PhotoEditor({ uploadDir, value, onChange, error }: { uploadDir: string; value: StationPhoto[]; onChange: (v: StationPhoto[]) => void; error?: string }) {
  const [busy, setBusy] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const input = useRef<HTMLInputElement | null>(null)
  const dir = uploadDir.replace(/^[^/]+\//, 'station/')
  const room = MAX_STATION_PHOTOS - value.length

  const send = async (body: string | Blob, size: number) => {
    if (size > MAX_PHOTO_BYTES) throw new Error('照片压缩后仍超过 5 MB，请换一张')
    const fileId = await uploadFile(`${dir}${uuid()}.jpg`, body)
    return { fileId, url: fileUrl(fileId) }
  }

  const addWeapp = async () => {
    setProblem(null)
    let picked: Taro.chooseMedia.SuccessCallbackResult
    try {
      picked = await Taro.chooseMedia({ count: room, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] })
    } catch (e) {
      if (!/cancel/.test((e as { errMsg?: string }).errMsg ?? '')) setProblem('没能打开相册，请重试')
      return
    }
    const added: StationPhoto[] = []
    try {
      for (const [i, f] of picked.tempFiles.slice(0, room).entries()) {
        setBusy(`正在上传第 ${i + 1} 张…`)
        const small = await Taro.compressImage({ src: f.tempFilePath, quality: 70, compressedWidth: MAX_SIDE } as Taro.compressImage.Option)
        const size = await Taro.getFileInfo({ filePath: small.tempFilePath }).then((r) => ('size' in r ? r.size : f.size), () => f.size)
        added.push(await send(small.tempFilePath, size))
      }
    } catch (e) {
      setProblem((e as { message?: string }).message ?? '上传失败，请重试')
    } finally {
      setBusy(null)
      if (added.length) onChange([...value, ...added])
    }
  }

  const onFiles = async (files: FileList | null) => {
    const list = Array.from(files ?? []).slice(0, room)
    if (input.current) input.current.value = ''
    if (!list.length) return
    setProblem(null)
    const added: StationPhoto[] = []
    try {
      for (const [i, f] of list.entries()) {
        if (!/^image\//.test(f.type)) throw new Error('请选择照片（JPEG、PNG 或 WebP）')
        setBusy(`正在压缩并上传第 ${i + 1} 张…`)
        const small = await resizeOnCanvas(f)
        added.push(await send(small, small.size))
      }
    } catch (e) {
      setProblem((e as { message?: string }).message ?? '上传失败，请重试')
    } finally {
      setBusy(null)
      if (added.length) onChange([...value, ...added])
    }
  }

  const move = (i: number, d: number) => {
    const next = [...value]
    const [p] = next.splice(i, 1)
    next.splice(i + d, 0, p)
    onChange(next)
  }

  return (
    <View className={`st-photos ${error || problem ? 'st-photos--error' : ''}`}>
      <Text className='st-photos__limits'>最多 {MAX_STATION_PHOTOS} 张，每张不超过 5 MB，上传前会自动压缩。第一张作为封面。</Text>
      {value.length === 0 && <Text className='st-photos__empty'>还没有照片。拍一张门口和室内，职工更容易找到。</Text>}
      {value.map((p, i) => (
        <View key={p.fileId} className='st-photos__item'>
          <Image className='st-photos__img' src={p.url} mode='aspectFill' />
          <View className='st-photos__actions'>
            <Text className='st-photos__no'>第 {i + 1} 张{i === 0 ? '（封面）' : ''}</Text>
            {i > 0 && <BigButton type='default' className='st-photos__up' onClick={() => move(i, -1)}>往前</BigButton>}
            {i < value.length - 1 && <BigButton type='default' className='st-photos__down' onClick={() => move(i, 1)}>往后</BigButton>}
            <BigButton type='default' className='st-photos__remove' onClick={() => onChange(value.filter((x) => x.fileId !== p.fileId))}>移除</BigButton>
          </View>
        </View>
      ))}
      <View role='status'>{busy && <Text className='st-photos__busy'>{busy}</Text>}</View>
      {room > 0 && (process.env.TARO_ENV === 'h5' ? (
        <>
          <input ref={input} className='st-photos__input' type='file' accept='image/jpeg,image/png,image/webp' multiple style={{ display: 'none' }}
            onChange={(e) => void onFiles(e.target.files)} />
          <BigButton type='success' className='st-photos__add' loading={!!busy} onClick={() => input.current?.click()}>添加照片（还可加 {room} 张）</BigButton>
        </>
      ) : (
        <BigButton type='success' className='st-photos__add' loading={!!busy} onClick={() => void addWeapp()}>拍照或选择照片（还可加 {room} 张）</BigButton>
      ))}
      <FieldError message={problem ?? error} />
    </View>
  )
}
