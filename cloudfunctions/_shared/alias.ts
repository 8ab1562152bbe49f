import { createHmac } from 'node:crypto'

/**
 * A person's alias: HMAC-SHA256(server secret, openid), 16 URL-safe characters (96 bits).
 * It stands for the person wherever an id, a key or a path is seen by others or kept after an
 * erasure (upload folders, voucher slot ids, vote ids, rate-limit keys, ledger entries): without the
 * secret nobody can recompute it from an openid, and it never reveals the openid.
 */
export function aliasOf(secret: string, openid: string): string {
  return createHmac('sha256', secret).update(`alias|${openid}`).digest('base64url').slice(0, 16)
}

/** A keyed hash of some parts (ids derived from a person and something else), `len` URL-safe characters. */
export function keyedId(secret: string, parts: string[], len = 22): string {
  return createHmac('sha256', secret).update(parts.join('|')).digest('base64url').slice(0, len)
}
