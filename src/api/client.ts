import Taro from '@tarojs/taro'
import type { ActionInput, ActionName, ActionOutput, Envelope, FunctionName } from '@contract'
import { ApiError, INTERNAL_MESSAGE } from './errors'
import { withRetry, type RetryOptions } from './retry'
import { getDemoOpenid } from './identity'

function isEnvelope(x: unknown): x is Envelope<unknown> {
  if (!x || typeof x !== 'object' || !('ok' in x)) return false
  const e = x as { ok: unknown; error?: { code?: unknown; message?: unknown } }
  return e.ok === true || (e.ok === false && typeof e.error?.code === 'string' && typeof e.error?.message === 'string')
}

/** ok → its data; error → ApiError; anything else is a bug on the other side. */
export function unwrap<T>(body: unknown): T {
  if (!isEnvelope(body)) throw new ApiError('INTERNAL', INTERNAL_MESSAGE)
  if (body.ok) return body.data as T
  const { code, message, details } = body.error
  throw new ApiError(code, message, details)
}

async function send(fn: FunctionName, action: string, data: unknown): Promise<unknown> {
  if (process.env.TARO_ENV === 'weapp') {
    let res: Taro.cloud.CallFunctionResult
    try {
      res = await Taro.cloud.callFunction({ name: fn, data: { action, data } })
    } catch (e) {
      throw ApiError.network(e)
    }
    return res.result
  }
  // H5: the local gateway (or any HTTP front of the same functions) answers POST /api/<fn>.
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  const openid = getDemoOpenid()
  if (openid) headers['x-openid'] = openid
  let res: Response
  try {
    res = await fetch(`/api/${fn}`, { method: 'POST', headers, body: JSON.stringify({ action, data }) })
  } catch (e) {
    throw ApiError.network(e)
  }
  // Error envelopes come with 4xx/5xx statuses; a body that is not JSON means a proxy or the network failed.
  try {
    return await res.json()
  } catch (e) {
    throw ApiError.network(e)
  }
}

/**
 * Calls one action of one cloud function, typed by the contract in types/.
 * Resolves to the action's result; rejects with ApiError (code, Chinese message, field errors).
 */
export function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  data: ActionInput<F, A>,
): Promise<ActionOutput<F, A>> {
  // Promise chains, not async wrappers: the main package is compiled to ES5, where each async function costs a state machine.
  return send(fn, action, data ?? {}).then((body) => unwrap<ActionOutput<F, A>>(body))
}

/**
 * `call`, resent with the very same data when there was no answer (NETWORK) or the platform is at its
 * limits (RATE_LIMITED busy: 人多，正在排队), with backoff and jitter; see ./retry.ts for the policy.
 * For writes that carry a `requestId` (claim, signup): the server answers a repeat with the first answer.
 */
export function callWithRetry<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  data: ActionInput<F, A>,
  opts: RetryOptions = {},
): Promise<ActionOutput<F, A>> {
  return withRetry(() => call(fn, action, data), opts)
}
