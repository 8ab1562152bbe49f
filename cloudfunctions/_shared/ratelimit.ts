import { AppError, isDuplicateKey } from './errors'
import type { Ctx } from './runtime'
import { aliasOf } from './alias'
import { C } from './collections'
import { perStore } from './per-store'

/**
 * Per-person rate limits, shared by every area:
 *
 *   await rateLimit(ctx, 'claim', { perMinute: 20 })   // counts this call; RATE_LIMITED when over
 *
 * One counter document per (name, person, minute of ctx.now) in `rate_limits`, bumped with the
 * conditional update `updateOne({ _id, n: { $lt: perMinute } }, { $inc: { n: 1 } })`: the check and the
 * count are one atomic step, so the limit holds under concurrent requests and across containers.
 * The first call of a minute creates the counter (a racing creator's DuplicateKey falls back to the
 * conditional $inc). Cost: one database operation per counted call (two when another container created
 * the counter this minute).
 *
 * A container that has seen a person over a limit remembers it until that minute ends, so a client
 * that keeps hammering costs no database operation there (`assertNotLimited` checks only that memory,
 * for actions that count only some of their calls). Counter documents carry `until` for a TTL
 * clean-up (a TTL index on CloudBase; locally they are small and one per active person-minute).
 */
export interface RateLimitOptions { perMinute: number }

const MINUTE = 60_000

/** Keys over their limit this minute (key → minute). */
const blockedOf = perStore<number>()
/** Counter documents this container knows exist (created or met here): bumped at once, else created first. */
const existingOf = perStore<number>()
/** Counter creations running in this container. */
const creatingOf = perStore<Promise<void>>()

function keyOf(ctx: Ctx, name: string): { key: string; minute: number } {
  const minute = Math.floor(ctx.now.getTime() / MINUTE)
  // The person's alias, not the openid: counters outlive an erasure by up to a minute and name nobody.
  return { key: `${name}_${aliasOf(ctx.deps.config.TOKEN_SECRET, ctx.me())}_${minute}`, minute }
}

function limited(minute: number, ctx: Ctx): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(((minute + 1) * MINUTE - ctx.now.getTime()) / 1000))
  return new AppError('RATE_LIMITED', `操作太频繁，请 ${retryAfterSeconds} 秒后再试`, { retryAfterSeconds })
}

/** Throws RATE_LIMITED when this container already saw the caller over `name`'s limit this minute. No database operation. */
export function assertNotLimited(ctx: Ctx, name: string): void {
  const { key, minute } = keyOf(ctx, name)
  if (blockedOf(ctx.deps.store).has(key)) throw limited(minute, ctx)
}

/** Counts one call of `name` by the caller; throws RATE_LIMITED when the caller is over `perMinute` this minute. */
export async function rateLimit(ctx: Ctx, name: string, { perMinute }: RateLimitOptions): Promise<void> {
  const { key, minute } = keyOf(ctx, name)
  const blocked = blockedOf(ctx.deps.store)
  if (blocked.has(key)) throw limited(minute, ctx)
  const coll = ctx.deps.store.collection(C.rate_limits)
  const bump = () => coll.updateOne({ _id: key, n: { $lt: perMinute } }, { $inc: { n: 1 } })
  // A person's first counted call of a minute usually finds no counter: create it first (one operation,
  // not a failed bump and an insert); a racing creator's DuplicateKey falls back to the bump.
  // Calls of this container that arrive together (a person's taps in flight at once) wait for the one
  // creation running here instead of each failing on DuplicateKey; a failed creation lets the next try.
  const existing = existingOf(ctx.deps.store)
  const creating = creatingOf(ctx.deps.store)
  while (!existing.has(key)) {
    const running = creating.get(key)
    if (running) { await running.then(() => {}, () => {}); continue }
    if (existing.size > 10_000) for (const [k, m] of existing) if (m < minute) existing.delete(k)
    const p = coll.insert({ _id: key, n: 1, name, until: new Date((minute + 1) * MINUTE).toISOString() })
    creating.set(key, p)
    try {
      await p
      existing.set(key, minute)
      return
    } catch (e) {
      if (!isDuplicateKey(e)) throw e
      existing.set(key, minute)
    } finally {
      creating.delete(key)
    }
  }
  if ((await bump()) === 1) return
  if (blocked.size > 10_000) for (const [k, m] of blocked) if (m < minute) blocked.delete(k)
  blocked.set(key, minute)
  throw limited(minute, ctx)
}

const localOf = perStore<number>()

/**
 * Counts one call of `name` by the caller in this container's memory only: for calls answered without
 * any database operation (a repeat answered from memory), where counting in the database would cost
 * more than the call. Same limit and answer as rateLimit, per container.
 */
export function rateLimitLocal(ctx: Ctx, name: string, { perMinute }: RateLimitOptions): void {
  const { key, minute } = keyOf(ctx, name)
  const blocked = blockedOf(ctx.deps.store)
  if (blocked.has(key)) throw limited(minute, ctx)
  const counts = localOf(ctx.deps.store)
  if (counts.size > 10_000) counts.clear()
  const n = (counts.get(key) ?? 0) + 1
  counts.set(key, n)
  if (n <= perMinute) return
  blocked.set(key, minute)
  throw limited(minute, ctx)
}
