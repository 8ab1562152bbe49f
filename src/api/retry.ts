import { ApiError } from './errors'

/**
 * When and how the app resends a write. Pure (no Taro), so the rush tests drive the very same policy.
 *
 * Two kinds of failure are worth resending, always with the very same data (the same requestId, so the
 * server answers a repeat with the first answer and nothing is doubled):
 *  - NETWORK: no answer at all (weak signal): a few quick retries;
 *  - RATE_LIMITED with `busy` (the platform is at its database limits in a morning rush): the user is
 *    told 人多，正在排队 and the app keeps queueing, with exponential backoff and full jitter on top of the
 *    server's hint, for up to `busyForMs`. Jitter matters: a thousand phones refused in the same second
 *    must not all come back in the same second.
 * A RATE_LIMITED without `busy` is the per-person limit (操作太频繁): not resent.
 */
export interface RetryPolicy {
  /** Resends after NETWORK. */
  networkRetries: number
  /** First backoff step and its cap, in ms. */
  baseMs: number
  capMs: number
  /** How long to keep queueing while the platform answers busy, in ms. */
  busyForMs: number
}

export const RETRY_POLICY: RetryPolicy = { networkRetries: 3, baseMs: 500, capMs: 15_000, busyForMs: 300_000 }

export type RetryReason = 'network' | 'busy'

export const QUEUE_MESSAGE = '人多，正在排队'

export function retryReason(e: unknown): RetryReason | null {
  if (!(e instanceof ApiError)) return null
  if (e.code === 'NETWORK') return 'network'
  if (e.code === 'RATE_LIMITED' && e.details?.busy === true) return 'busy'
  return null
}

/** The server's hint (ms), when it gave one. */
function hintMs(e: unknown): number {
  const v = e instanceof ApiError ? e.details?.retryAfterMs : undefined
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.min(v, 30_000) : 0
}

/** Wait before resend number `attempt` (0-based): the hint plus a uniformly random share of the exponential step. */
export function backoffMs(attempt: number, hint: number, policy: RetryPolicy = RETRY_POLICY, random: () => number = Math.random): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 20))
  return Math.round(hint + random() * step)
}

export interface RetryOptions {
  policy?: Partial<RetryPolicy>
  /** Called before each wait: the page shows 人多，正在排队 for 'busy'. */
  onRetry?: (info: { reason: RetryReason; attempt: number; delayMs: number }) => void
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  now?: () => number
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Runs `send` until it answers, or fails in a way not worth resending, or the policy gives up. */
export async function withRetry<T>(send: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const policy = { ...RETRY_POLICY, ...opts.policy }
  const sleep = opts.sleep ?? realSleep
  const now = opts.now ?? Date.now
  const started = now()
  let networkTries = 0
  for (let attempt = 0; ; attempt++) {
    try {
      return await send()
    } catch (e) {
      const reason = retryReason(e)
      if (!reason) throw e
      if (reason === 'network' && networkTries++ >= policy.networkRetries) throw e
      const delayMs = backoffMs(attempt, hintMs(e), policy, opts.random)
      if (reason === 'busy' && now() - started + delayMs > policy.busyForMs) throw e
      opts.onRetry?.({ reason, attempt, delayMs })
      await sleep(delayMs)
    }
  }
}
