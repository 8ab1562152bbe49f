/**
 * Offline codes on the phone (SPEC "Offline codes", types/offline.ts): the rotating QR token computed from a
 * key kept on the device, so a voucher or the card shows a valid code with no network.
 *
 * Lives outside the main package (imported only by the voucher and member subpackages): the SHA-256/HMAC of
 * @noble/hashes (audited, pure JS: the mini-program has no WebCrypto) lands only where codes are shown.
 */
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { offlineMessage, offlineStep, offlineToken, OFFLINE_STEP_MS, type OfflineKind } from '@contract/offline'

/** What the phone keeps per code: the key's ref and validity, and how far its clock was from the server's. */
export interface StoredKey { key: string; ref: string; validUntil: string; offsetMs: number; savedAt: number }

/** UTF-8 bytes without TextEncoder (missing in some mini-program runtimes); keys and messages are ASCII anyway. */
function bytes(s: string): Uint8Array {
  const out: number[] = []
  for (const ch of unescape(encodeURIComponent(s))) out.push(ch.charCodeAt(0))
  return Uint8Array.from(out)
}
function hex(b: Uint8Array): string {
  let s = ''
  for (let i = 0; i < b.length; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16)
  return s
}

/** The token for the step at `nowMs` (the server's time): the same string the till's server computes. */
export function tokenAt(kind: OfflineKind, key: string, ref: string, nowMs: number): string {
  const step = offlineStep(nowMs)
  return offlineToken(kind, ref, step, hex(hmac(sha256, bytes(key), bytes(offlineMessage(kind, ref, step)))))
}

/** When the step of `nowMs` ends (the next token is due). */
export const stepEndsAt = (nowMs: number): number => (offlineStep(nowMs) + 1) * OFFLINE_STEP_MS

/** A key as fetched (`{ key, ref, validUntil, serverTime }`), with the phone's clock offset at `localNow`. */
export function toStored(k: { key: string; ref: string; validUntil: string; serverTime: string }, localNow: number): StoredKey {
  return { key: k.key, ref: k.ref, validUntil: k.validUntil, offsetMs: Date.parse(k.serverTime) - localNow, savedAt: localNow }
}

/** Still good for a code at the phone's `localNow`? */
export const usable = (k: StoredKey | null | undefined, localNow: number): k is StoredKey =>
  !!k && typeof k.key === 'string' && typeof k.ref === 'string' && localNow + (k.offsetMs || 0) < Date.parse(k.validUntil)
