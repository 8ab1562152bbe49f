/**
 * A small, really playable MP4 (H.264 Baseline in an ISO-BMFF file) written without any encoder:
 * every macroblock is coded as I_PCM, i.e. raw YUV 4:2:0 samples, so the "encoder" is a bit writer.
 * Used for the demo entries' audition videos and in tests. 128×96 at 4 fps: about 18 KB per frame.
 */

class Bits {
  private bytes: number[] = []
  private cur = 0
  private n = 0
  u(bits: number, value: number) {
    for (let i = bits - 1; i >= 0; i--) {
      this.cur = (this.cur << 1) | ((value >>> i) & 1)
      if (++this.n === 8) { this.bytes.push(this.cur); this.cur = 0; this.n = 0 }
    }
  }
  /** Exp-Golomb, unsigned. */
  ue(v: number) {
    const x = v + 1
    const len = 32 - Math.clz32(x)
    this.u(len - 1, 0)
    this.u(len, x)
  }
  se(v: number) { this.ue(v <= 0 ? -2 * v : 2 * v - 1) }
  aligned() { return this.n === 0 }
  alignZero() { while (this.n !== 0) this.u(1, 0) }
  byte(b: number) { this.u(8, b) }
  trailing() { this.u(1, 1); this.alignZero() }
  done(): Buffer { return Buffer.from(this.bytes) }
}

/** NAL unit: header byte + RBSP with emulation-prevention bytes (no 00 00 0x with x ≤ 3 inside). */
function nal(refIdc: number, type: number, rbsp: Buffer): Buffer {
  const out: number[] = [(refIdc << 5) | type]
  let zeros = 0
  for (const b of rbsp) {
    if (zeros >= 2 && b <= 3) { out.push(3); zeros = 0 }
    out.push(b)
    zeros = b === 0 ? zeros + 1 : 0
  }
  return Buffer.from(out)
}

const PROFILE = 66 // Baseline
const COMPAT = 0xc0 // constraint_set0 and constraint_set1: Constrained Baseline
const LEVEL = 30

function sps(wMbs: number, hMbs: number): Buffer {
  const b = new Bits()
  b.u(8, PROFILE); b.u(8, COMPAT); b.u(8, LEVEL)
  b.ue(0) // seq_parameter_set_id
  b.ue(0) // log2_max_frame_num_minus4
  b.ue(2) // pic_order_cnt_type 2: output order = decoding order
  b.ue(1) // max_num_ref_frames
  b.u(1, 0) // gaps_in_frame_num_value_allowed_flag
  b.ue(wMbs - 1); b.ue(hMbs - 1)
  b.u(1, 1) // frame_mbs_only_flag
  b.u(1, 1) // direct_8x8_inference_flag
  b.u(1, 0) // frame_cropping_flag
  b.u(1, 0) // vui_parameters_present_flag
  b.trailing()
  return nal(3, 7, b.done())
}

function pps(): Buffer {
  const b = new Bits()
  b.ue(0); b.ue(0) // pps id, sps id
  b.u(1, 0) // CAVLC
  b.u(1, 0) // bottom_field_pic_order_in_frame_present_flag
  b.ue(0) // num_slice_groups_minus1
  b.ue(0); b.ue(0) // num_ref_idx_l0/l1_default_active_minus1
  b.u(1, 0); b.u(2, 0) // weighted_pred_flag, weighted_bipred_idc
  b.se(0); b.se(0); b.se(0) // pic_init_qp/qs_minus26, chroma_qp_index_offset
  b.u(1, 1) // deblocking_filter_control_present_flag
  b.u(1, 0) // constrained_intra_pred_flag
  b.u(1, 0) // redundant_pic_cnt_present_flag
  b.trailing()
  return nal(3, 8, b.done())
}

export interface Yuv { y: Uint8Array; u: Uint8Array; v: Uint8Array }

/** One IDR picture, every macroblock I_PCM. */
function idrSlice(img: Yuv, w: number, h: number, idrId: number): Buffer {
  const b = new Bits()
  b.ue(0) // first_mb_in_slice
  b.ue(7) // slice_type: I (all slices of the picture)
  b.ue(0) // pic_parameter_set_id
  b.u(4, 0) // frame_num
  b.ue(idrId) // idr_pic_id: differs between consecutive IDR pictures
  b.u(1, 0); b.u(1, 0) // dec_ref_pic_marking: no_output_of_prior_pics_flag, long_term_reference_flag
  b.se(0) // slice_qp_delta
  b.ue(1) // disable_deblocking_filter_idc: off (PCM needs none)
  for (let my = 0; my < h / 16; my++) {
    for (let mx = 0; mx < w / 16; mx++) {
      b.ue(25) // mb_type I_PCM
      b.alignZero()
      for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) b.byte(img.y[(my * 16 + y) * w + mx * 16 + x])
      for (const plane of [img.u, img.v]) {
        for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) b.byte(plane[(my * 8 + y) * (w / 2) + mx * 8 + x])
      }
    }
  }
  b.trailing()
  return nal(3, 5, b.done())
}

// ---- ISO-BMFF boxes ----------------------------------------------------------------------
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); return b }
const u16 = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(n & 0xffff); return b }
const u8 = (n: number) => Buffer.from([n & 0xff])
function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts)
  return Buffer.concat([u32(body.length + 8), Buffer.from(type, 'latin1'), body])
}
const full = (type: string, version: number, flags: number, ...parts: Buffer[]) => box(type, u32((version << 24) | flags), ...parts)
const MATRIX = Buffer.concat([0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].map(u32))

/** RGB (0–255) → BT.601 limited-range YUV; never 0, so the raw samples need no escaping. */
export function rgbToYuv(r: number, g: number, b: number): [number, number, number] {
  const y = 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255
  const u = 128 + (-37.797 * r - 74.203 * g + 112 * b) / 255
  const v = 128 + (112 * r - 93.786 * g - 18.214 * b) / 255
  const c = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(x)))
  return [c(y, 16, 235), c(u, 16, 240), c(v, 16, 240)]
}

export interface Mp4Options {
  width?: number
  height?: number
  fps?: number
  frames?: number
  /** Background colour (RGB). */
  color?: [number, number, number]
  /** Brands written in `ftyp` (tests write others). */
  majorBrand?: string
}

/** Frames: the background colour with a light bar sweeping left to right, so playback is visible. */
export function makeMp4(opts: Mp4Options = {}): Buffer {
  const w = opts.width ?? 128
  const h = opts.height ?? 96
  const fps = opts.fps ?? 4
  const n = opts.frames ?? 8
  if (w % 16 || h % 16) throw new Error('width and height must be multiples of 16')
  const [by, bu, bv] = rgbToYuv(...(opts.color ?? [200, 30, 30]))
  const [ly, lu, lv] = rgbToYuv(250, 235, 190)

  const spsNal = sps(w / 16, h / 16)
  const ppsNal = pps()
  const samples: Buffer[] = []
  for (let f = 0; f < n; f++) {
    const img: Yuv = { y: new Uint8Array(w * h).fill(by), u: new Uint8Array((w * h) / 4).fill(bu), v: new Uint8Array((w * h) / 4).fill(bv) }
    const barW = 16
    const x0 = Math.round(((w - barW) * f) / Math.max(1, n - 1))
    for (let y = h / 4; y < (3 * h) / 4; y++) for (let x = x0; x < x0 + barW; x++) img.y[y * w + x] = ly
    for (let y = h / 8; y < (3 * h) / 8; y++) for (let x = x0 / 2; x < (x0 + barW) / 2; x++) { img.u[y * (w / 2) + x] = lu; img.v[y * (w / 2) + x] = lv }
    const slice = idrSlice(img, w, h, f % 2)
    samples.push(Buffer.concat([u32(slice.length), slice]))
  }

  const timescale = 1000
  const delta = Math.round(timescale / fps)
  const duration = delta * n
  const ftyp = box('ftyp', Buffer.from(opts.majorBrand ?? 'isom', 'latin1'), u32(512), Buffer.from('isomiso2avc1mp41', 'latin1'))
  const avcC = box('avcC', u8(1), u8(PROFILE), u8(COMPAT), u8(LEVEL), u8(0xff), u8(0xe1), u16(spsNal.length), spsNal, u8(1), u16(ppsNal.length), ppsNal)
  const avc1 = box('avc1',
    Buffer.alloc(6), u16(1), // reserved, data_reference_index
    Buffer.alloc(16), u16(w), u16(h), u32(0x00480000), u32(0x00480000), u32(0), u16(1),
    Buffer.alloc(32), u16(0x0018), u16(0xffff), avcC)
  const stbl = (chunkOffset: number) => box('stbl',
    full('stsd', 0, 0, u32(1), avc1),
    full('stts', 0, 0, u32(1), u32(n), u32(delta)),
    full('stsc', 0, 0, u32(1), u32(1), u32(n), u32(1)),
    full('stsz', 0, 0, u32(0), u32(n), ...samples.map((s) => u32(s.length))),
    full('stco', 0, 0, u32(1), u32(chunkOffset)))
  const moov = (chunkOffset: number) => box('moov',
    full('mvhd', 0, 0, u32(0), u32(0), u32(timescale), u32(duration), u32(0x00010000), u16(0x0100), Buffer.alloc(10), MATRIX, Buffer.alloc(24), u32(2)),
    box('trak',
      full('tkhd', 0, 3, u32(0), u32(0), u32(1), u32(0), u32(duration), Buffer.alloc(8), u16(0), u16(0), u16(0), u16(0), MATRIX, u32(w << 16), u32(h << 16)),
      box('mdia',
        full('mdhd', 0, 0, u32(0), u32(0), u32(timescale), u32(duration), u16(0x55c4), u16(0)),
        full('hdlr', 0, 0, u32(0), Buffer.from('vide', 'latin1'), Buffer.alloc(12), Buffer.from('VideoHandler\0', 'latin1')),
        box('minf',
          full('vmhd', 0, 1, u16(0), u16(0), u16(0), u16(0)),
          box('dinf', full('dref', 0, 0, u32(1), full('url ', 0, 1))),
          stbl(chunkOffset)))))
  const moovLen = moov(0).length
  const offset = ftyp.length + moovLen + 8
  return Buffer.concat([ftyp, moov(offset), box('mdat', ...samples)])
}
