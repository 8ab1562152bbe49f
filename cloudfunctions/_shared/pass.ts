import { AppError } from './errors'
import type { Tokens } from './tokens'

/**
 * The eligibility pass: what a claim needs to know about the caller's membership, signed by the server,
 * so that a warm claim skips reading the member document (one database operation of three).
 *
 * `voucher.campaigns` hands one to an active member with the list (the list is what the client loads
 * before it claims); `claim` sends it back. The runtime accepts it for a 'member' action instead of the
 * member read when its signature holds, it names the caller (`sub` is the caller's openid: a pass is
 * useless to anyone else) and it has not expired; otherwise it reads the member document as before.
 *
 * Staleness, by design: for at most PASS_TTL_MS after it was issued, a pass says "active member of <city>,
 * <industry>" even if the membership was revoked, the account deleted or the city or industry changed in
 * the meantime. A revoked member can then still claim during those minutes, within every other rule
 * (stock, one per day). Five minutes is the price of one operation per claim; it bounds the damage to a
 * claim or two, where a membership revocation is a rare staff decision and takes effect at the next list.
 */
export const PASS_KIND = 'elig'
export const PASS_TTL_MS = 5 * 60_000

export interface Eligibility {
  openid: string
  city: string
  industry: string
  /** When the pass stops being accepted (ms). */
  exp: number
}

export function issuePass(tokens: Tokens, m: { _id: string; city: string; industry: string }, nowMs: number): { pass: string; exp: number } {
  const exp = nowMs + PASS_TTL_MS
  return { pass: tokens.sign(PASS_KIND, { sub: m._id, exp, c: m.city, i: m.industry }), exp }
}

/** The pass's facts when it is ours, unexpired and the caller's; null otherwise (the caller falls back to the read). */
export function readPass(tokens: Tokens, pass: unknown, openid: string, nowMs: number): Eligibility | null {
  if (typeof pass !== 'string' || !pass) return null
  try {
    const p = tokens.verify(PASS_KIND, pass, nowMs)
    if (p.sub !== openid || typeof p.c !== 'string' || typeof p.i !== 'string') return null
    return { openid, city: p.c, industry: p.i, exp: p.exp }
  } catch (e) {
    if (e instanceof AppError) return null
    throw e
  }
}
