import { writeFileSync } from 'node:fs'
import qrcode from 'qrcode-generator'
import { encodePng } from './png'
import type { MiniCode } from './ports'
import type { LocalStorage } from './storage/local'

/**
 * A QR code of `text` as a greyscale PNG: `scale` px per module and a quiet zone of 4 modules.
 * qrcode-generator (already used by the app) makes the matrix.
 */
export function qrPng(text: string, scale = 12): Buffer {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  const n = qr.getModuleCount()
  const margin = 4
  const side = (n + 2 * margin) * scale
  const raw = Buffer.alloc((side + 1) * side, 0xff)
  for (let y = 0; y < side; y++) {
    raw[y * (side + 1)] = 0 // filter: none
    const r = Math.floor(y / scale) - margin
    for (let x = 0; x < side; x++) {
      const c = Math.floor(x / scale) - margin
      if (r >= 0 && r < n && c >= 0 && c < n && qr.isDark(r, c)) raw[y * (side + 1) + 1 + x] = 0
    }
  }
  return encodePng(side, side, 0, raw)
}

/** MiniCode at the local gateway: a QR of the H5 check-in address, so any phone camera opens it. */
export function localMiniCode(storage: LocalStorage): MiniCode {
  return {
    async create({ url, cloudPath }) {
      writeFileSync(storage.prepare(cloudPath), qrPng(url))
      storage.writeMeta(cloudPath, { uploader: 'system', contentType: 'image/png' })
      return { fileId: storage.fileIdOf(cloudPath) }
    },
  }
}
