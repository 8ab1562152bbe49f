import { createHmac } from 'node:crypto'

/**
 * A person's alias: HMAC-SHA256(server secret, openid), 16 URL-safe characters (96 bits).
 * It stands for the person wherever an id, a key or a path is seen by others or kept after an
 * erasure (upload folders, voucher slot ids, vote ids, rate-limit keys, ledger entries): without the
 * secret nobody can recompute it from an openid, and it never reveals the openid.
 */
export function aliasOf(secret: string, openid: string): string {
  // A pure function of (secret, openid), computed a few times per request (holder, rate-limit key):
  // remembered for the people seen lately, so the HMAC runs once per person, not per use.
  let m = memo.get(secret)
  if (!m) { m = new Map(); memo.set(secret, m) }
  let a = m.get(openid)
  if (a === undefined) {
    a = createHmac('sha256', secret).update(`alias|${openid}`).digest('base64url').slice(0, 16)
    if (m.size >= MEMO_SIZE) m.clear()
    m.set(openid, a)
  }
  return a
}
const MEMO_SIZE = 50_000
const memo = new Map<string, Map<string, string>>()

/** A keyed hash of some parts (ids derived from a person and something else), `len` URL-safe characters. */
export function keyedId(secret: string, parts: string[], len = 22): string {
  return createHmac('sha256', secret).update(parts.join('|')).digest('base64url').slice(0, len)
}
