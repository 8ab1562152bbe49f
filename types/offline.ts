/**
 * Offline codes (SPEC "Offline codes"): the phone keeps a per-voucher / per-card key fetched while online
 * and computes the rotating QR token itself, in 30-second steps, with no network.
 *
 * Token: `<prefix>.<ref>.<step>.<mac>`
 *  - prefix `OV1` (voucher) or `OC1` (card): the till's server tells offline tokens from online ones
 *    (`voucher.…` / `card.…`) by it;
 *  - ref: what the key belongs to, as the server handed it out with the key (the voucher id; for a card
 *    `<cardNo>.<issue day>`), so the server re-derives the key from the ref alone: nothing is stored per key;
 *  - step: floor(unix ms / 30 000) on the phone's clock, corrected by the offset to the server's clock
 *    measured when the key was fetched;
 *  - mac: the first 20 hex digits (80 bits) of HMAC-SHA256(key, `<prefix>.<ref>.<step>`), key as its UTF-8 text.
 *
 * Pure functions and constants only (no zod, no crypto): the server computes the HMAC with node:crypto,
 * the phone with a small pure-JS SHA-256 in the subpackages that show codes. Imported as `types/offline`
 * (`@contract/offline`), not through the index, so the subpackages that show no codes do not carry it.
 */
export const OFFLINE_STEP_MS = 30_000
/** Steps of clock difference accepted either way (±1 minute). */
export const OFFLINE_SKEW_STEPS = 2
export const OFFLINE_MAC_HEX = 20
export const OFFLINE_PREFIX = { voucher: 'OV1', card: 'OC1' } as const
export type OfflineKind = keyof typeof OFFLINE_PREFIX

export const offlineStep = (ms: number): number => Math.floor(ms / OFFLINE_STEP_MS)
export const offlineMessage = (kind: OfflineKind, ref: string, step: number): string => `${OFFLINE_PREFIX[kind]}.${ref}.${step}`
export const offlineToken = (kind: OfflineKind, ref: string, step: number, macHex: string): string =>
  `${offlineMessage(kind, ref, step)}.${macHex.slice(0, OFFLINE_MAC_HEX)}`

const TOKEN = /^(OV1|OC1)\.([A-Za-z0-9_.-]{1,64})\.(\d{1,12})\.([0-9a-f]{20})$/

export interface ParsedOfflineToken { kind: OfflineKind; ref: string; step: number; mac: string; message: string }

/** The parts of a well-formed offline token, else null (an online token, or not ours). */
export function parseOfflineToken(token: string): ParsedOfflineToken | null {
  const m = TOKEN.exec(token.trim())
  if (!m) return null
  const kind: OfflineKind = m[1] === OFFLINE_PREFIX.voucher ? 'voucher' : 'card'
  const step = Number(m[3])
  return { kind, ref: m[2], step, mac: m[4], message: offlineMessage(kind, m[2], step) }
}

/** Does this look like an offline token (any kind)? The till's paste box uses it to say what it got. */
export const isOfflineToken = (token: string): boolean => /^O[VC]1\./.test(token.trim())
