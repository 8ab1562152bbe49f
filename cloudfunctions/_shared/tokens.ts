import { createHmac, timingSafeEqual } from 'node:crypto'
import { AppError } from './errors'
import { OFFLINE_MAC_HEX, OFFLINE_SKEW_STEPS, OFFLINE_STEP_MS, offlineStep, parseOfflineToken, type OfflineKind } from '../../types/offline'

/**
 * Short-lived signed tokens shown as QR codes: `<kind>.<base64url payload>.<base64url hmac>`.
 * The payload carries its own expiry; the HMAC covers kind and payload.
 */
export interface TokenPayload { sub: string; exp: number; [k: string]: unknown }

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url')

export class Tokens {
  constructor(private readonly secret: string) {}

  private mac(kind: string, body: string): string {
    return createHmac('sha256', this.secret).update(`${kind}.${body}`).digest('base64url')
  }

  sign(kind: string, payload: TokenPayload): string {
    const body = b64(JSON.stringify(payload))
    return `${kind}.${body}.${this.mac(kind, body)}`
  }

  /** Verifies kind, signature and expiry; INVALID_TOKEN for anything not ours, EXPIRED when past its time. */
  verify(kind: string, token: string, nowMs: number): TokenPayload {
    const parts = token.trim().split('.')
    if (parts.length !== 3 || parts[0] !== kind) throw new AppError('INVALID_TOKEN')
    const [, body, sig] = parts
    const expected = Buffer.from(this.mac(kind, body))
    const given = Buffer.from(sig)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('INVALID_TOKEN')
    let payload: TokenPayload
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
    } catch {
      throw new AppError('INVALID_TOKEN')
    }
    if (typeof payload?.sub !== 'string' || typeof payload.exp !== 'number') throw new AppError('INVALID_TOKEN')
    if (payload.exp < nowMs) throw new AppError('EXPIRED')
    return payload
  }

  /** A deterministic code for something printed (a station poster): HMAC of the id, no expiry. */
  staticCode(kind: string, id: string): string {
    return createHmac('sha256', this.secret).update(`${kind}:${id}`).digest('base64url').slice(0, 16)
  }
  checkStaticCode(kind: string, id: string, code: string): boolean {
    const a = Buffer.from(this.staticCode(kind, id))
    const b = Buffer.from(code.trim())
    return a.length === b.length && timingSafeEqual(a, b)
  }

  /**
   * A station's scene for its poster (≤ 32 characters, WeChat's limit): `<ref>.<sig>`. The ref is a keyed
   * hash of the station id (10 characters, stored on the station to find it), the sig a keyed hash of the
   * ref (12 characters): a scene cannot be made up or changed without the secret.
   */
  sceneRef(kind: string, id: string): string {
    return createHmac('sha256', this.secret).update(`${kind}-ref:${id}`).digest('base64url').slice(0, 10)
  }
  scene(kind: string, id: string): string {
    const ref = this.sceneRef(kind, id)
    return `${ref}.${this.sceneSig(kind, ref)}`
  }
  /** The ref of a well-formed scene with a valid signature, else null. */
  checkScene(kind: string, scene: string): string | null {
    const m = /^([A-Za-z0-9_-]{10})\.([A-Za-z0-9_-]{12})$/.exec(scene)
    if (!m) return null
    const a = Buffer.from(this.sceneSig(kind, m[1]))
    const b = Buffer.from(m[2])
    return a.length === b.length && timingSafeEqual(a, b) ? m[1] : null
  }
  private sceneSig(kind: string, ref: string): string {
    return createHmac('sha256', this.secret).update(`${kind}-scene:${ref}`).digest('base64url').slice(0, 12)
  }

  /**
   * The offline key of a voucher or card ref (SPEC "Offline codes", types/offline.ts): a keyed hash of the ref
   * with the server secret, so the till's server re-derives it from the token and nothing is stored per key.
   */
  offlineKey(kind: OfflineKind, ref: string): string {
    return createHmac('sha256', this.secret).update(`offline|${kind}|${ref}`).digest('base64url')
  }

  /**
   * Checks an offline token of `kind`: well-formed, made with the ref's key, and its step within ±2 steps of
   * `nowMs`. INVALID_TOKEN for anything not ours or from a clock far ahead, EXPIRED for an old step.
   * The caller checks what the ref names (voucher used or expired, card's key period, once-only use).
   */
  verifyOffline(kind: OfflineKind, token: string, nowMs: number): { ref: string; step: number; stepStartMs: number } {
    const t = parseOfflineToken(token)
    if (!t || t.kind !== kind) throw new AppError('INVALID_TOKEN')
    const expected = Buffer.from(createHmac('sha256', this.offlineKey(kind, t.ref)).update(t.message).digest('hex').slice(0, OFFLINE_MAC_HEX))
    const given = Buffer.from(t.mac)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('INVALID_TOKEN')
    const now = offlineStep(nowMs)
    if (t.step < now - OFFLINE_SKEW_STEPS) throw new AppError('EXPIRED', '二维码已过期，请让对方刷新后再扫')
    if (t.step > now + OFFLINE_SKEW_STEPS) throw new AppError('INVALID_TOKEN', '二维码的时间不对，请对方把手机时间设为自动后再出示')
    return { ref: t.ref, step: t.step, stepStartMs: t.step * OFFLINE_STEP_MS }
  }
}
