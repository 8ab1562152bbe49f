import { useMemo } from 'react'
import Taro from '@tarojs/taro'
import { View, Image, Text } from '@tarojs/components'
import qrcode from 'qrcode-generator'
import './index.scss'

export interface QrCodeProps {
  /** The text to encode (a token, a URL). */
  value: string
  /** Rendered width and height in rpx (750-wide design). Default 480. */
  size?: number
  /** Shown under the code, e.g. 请向商户出示. */
  caption?: string
  /** Greys the code out, e.g. when its token has expired. */
  dimmed?: boolean
}

/** Encodes `value` as a QR code, as a GIF data URL: no canvas, so it renders the same in the mini-program and on H5. */
export function qrDataUrl(value: string): string {
  const qr = qrcode(0, 'M')
  qr.addData(value, 'Byte')
  qr.make()
  // ~8 px per module keeps the GIF sharp when scaled to 480rpx; 4 modules of quiet zone for scanners.
  return qr.createDataURL(8, 32)
}

export function QrCode({ value, size = 480, caption, dimmed }: QrCodeProps) {
  const src = useMemo(() => (value ? qrDataUrl(value) : ''), [value])
  const side = Taro.pxTransform(size)
  return (
    <View className={`qr-code ${dimmed ? 'qr-code--dimmed' : ''}`}>
      {/*
        A square box with a square image filling it (scaleToFill). Not aspectFit: Taro's H5 Image positions an
        aspectFit image absolutely without a left offset, so in a centred box it slid right and was clipped.
      */}
      {src && <Image className='qr-code__image' src={src} style={{ width: side, height: side }} mode='scaleToFill' />}
      {caption && <Text className='qr-code__caption'>{caption}</Text>}
    </View>
  )
}

export default QrCode
