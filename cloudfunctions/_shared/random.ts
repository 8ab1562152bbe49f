import { randomFillSync } from 'node:crypto'

/**
 * `bytes` fresh random bytes (at most 64) as base64url, from the operating system's CSPRNG.
 *
 * A small `randomBytes(n)` call costs about 10 µs here, mostly the call into the crypto library: on the
 * claim's path (an attempt key per claim) that was 9 % of a claim's CPU time. The bytes are drawn 4 KB at a
 * time instead and each byte handed out once, as Node's own `randomUUID` does with its cache.
 */
export function randomToken(bytes: number): string {
  if (bytes > 64) throw new RangeError('randomToken: at most 64 bytes')
  if (pos + bytes > pool.length) { randomFillSync(pool); pos = 0 }
  const s = pool.toString('base64url', pos, pos + bytes)
  pool.fill(0, pos, pos + bytes)
  pos += bytes
  return s
}
const pool = Buffer.alloc(4096)
let pos = pool.length
