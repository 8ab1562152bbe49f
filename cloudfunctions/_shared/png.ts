import { crc32, deflateSync } from 'node:zlib'

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/** PNG colour types this writer is used with: 0 greyscale (1 byte a pixel), 6 RGBA (4 bytes). */
export type PngColour = 0 | 6

/**
 * A PNG of 8-bit samples. `raw` holds the rows top to bottom, each led by its filter byte (0: none);
 * `level` is zlib's compression level (its default when left out).
 */
export function encodePng(width: number, height: number, colour: PngColour, raw: Buffer, level?: number): Buffer {
  const ihdr = Buffer.alloc(13) // compression, filter and interlace methods: 0
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = colour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, level === undefined ? {} : { level })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
