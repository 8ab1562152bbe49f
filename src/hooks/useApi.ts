import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import type { ActionInput, ActionName, ActionOutput, FunctionName } from '@contract'
import { ApiError, IDENTITY_EVENT, call, callWithRetry, getDemoOpenid, uuid, type RetryReason } from '@/api'

export interface AsyncState<T> {
  data: T | undefined
  error: ApiError | null
  /** True while a request is in flight (the first one or a reload). */
  loading: boolean
  /** Fetches again; resolves when done (never rejects: read `error`). */
  reload: () => Promise<void>
  /**
   * With `cacheKey`: set when the network failed and `data` is the last answer kept on the device, saved at
   * this time (ms); `<PageState>` then says 「离线 · 更新于 HH:mm」. null otherwise.
   */
  offlineAt: number | null
}

export interface QueryOptions {
  /** false: do not fetch (yet), e.g. while a parameter is missing. Default true. */
  enabled?: boolean
  /** Fetch again when the page is shown again (back from a subpage, tab switch). Default true. */
  refreshOnShow?: boolean
  /**
   * Keep the last answer on the device under this name (per identity) and show it when the network fails
   * (`offlineAt`); fetched again as soon as the network returns. For what a worker needs outdoors: the
   * campaigns, the wallet, the station list.
   */
  cacheKey?: string
}

/** Device storage of the last answers (see QueryOptions.cacheKey); erased with the account (member/privacy). */
export const QUERY_CACHE_PREFIX = 'query-cache:'
/** Device storage of the offline keys of voucher and card codes (src/packages/shared/use-offline-code.ts). */
export const OFFLINE_KEY_PREFIX = 'offline-key:'
/** A device storage name under `prefix`, per identity on H5 (where demo identities share one browser). */
export const deviceKey = (prefix: string, key: string) => `${prefix}${(process.env.TARO_ENV === 'h5' && getDemoOpenid()) || 'me'}:${key}`
const cacheName = (key: string) => deviceKey(QUERY_CACHE_PREFIX, key)
function readCache<T>(name: string): { data: T; savedAt: number } | null {
  try {
    const v = Taro.getStorageSync(name) as { data?: T; savedAt?: unknown } | ''
    return v && typeof v === 'object' && v.data !== undefined && typeof v.savedAt === 'number' ? { data: v.data, savedAt: v.savedAt } : null
  } catch {
    return null
  }
}
function writeCache(name: string, data: unknown): void {
  try { Taro.setStorageSync(name, { data, savedAt: Date.now() }) } catch { /* storage full or refused: nothing kept */ }
}

/** Calls `back` when the device gets its network back (H5: the window's online event; mini-program: WeChat's). */
function onNetworkBack(back: () => void): () => void {
  if (process.env.TARO_ENV === 'h5') {
    if (typeof window === 'undefined') return () => undefined
    window.addEventListener('online', back)
    return () => window.removeEventListener('online', back)
  }
  const onChange = (r: { isConnected?: boolean }) => { if (r.isConnected) back() }
  try {
    Taro.onNetworkStatusChange(onChange)
    return () => { try { Taro.offNetworkStatusChange?.(onChange) } catch { /* older base library */ } }
  } catch {
    return () => undefined
  }
}

/**
 * Runs `fetcher` on mount and whenever `key` changes; keeps the last good data while reloading.
 * Also refetches when the H5 demo identity changes, and on page re-show unless told not to.
 */
export function useAsync<T>(fetcher: () => Promise<T>, key: string, { enabled = true, refreshOnShow = true, cacheKey }: QueryOptions = {}): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | null; loading: boolean; offlineAt: number | null }>({
    data: undefined,
    error: null,
    loading: enabled,
    offlineAt: null,
  })
  const cacheRef = useRef(cacheKey)
  cacheRef.current = cacheKey
  const offline = useRef(false)
  const fetcherRef = useRef(fetcher)
  fetcherRef.current = fetcher
  const seq = useRef(0)
  const mounted = useRef(true)
  useEffect(() => () => void (mounted.current = false), [])

  // A promise chain, not async/await: this module is in the main package, compiled to ES5, where each async
  // function costs a state machine.
  const reload = useCallback((): Promise<void> => {
    const mine = ++seq.current
    setState((s) => ({ ...s, loading: true }))
    // Named before the request: an identity switched meanwhile (H5) must not get this answer.
    const cached = cacheRef.current ? cacheName(cacheRef.current) : null
    return new Promise<T>((resolve) => resolve(fetcherRef.current())).then((data) => {
      if (cached) writeCache(cached, data)
      offline.current = false
      if (mounted.current && mine === seq.current) setState({ data, error: null, loading: false, offlineAt: null })
    }, (e: unknown) => {
      const error = ApiError.from(e)
      // No network: the last answer kept on the device, said to be one (never an error over it).
      const kept = error.code === 'NETWORK' && cached ? readCache<T>(cached) : null
      offline.current = error.code === 'NETWORK'
      if (!mounted.current || mine !== seq.current) return
      if (kept) setState({ data: kept.data, error: null, loading: false, offlineAt: kept.savedAt })
      else setState((s) => ({ ...s, error, loading: false }))
    })
  }, [])

  useEffect(() => {
    if (enabled) void reload()
  }, [key, enabled, reload])

  useEffect(() => {
    if (!enabled) return
    const onIdentity = () => void reload()
    Taro.eventCenter.on(IDENTITY_EVENT, onIdentity)
    return () => void Taro.eventCenter.off(IDENTITY_EVENT, onIdentity)
  }, [enabled, reload])

  useEffect(() => {
    if (!enabled || !cacheKey) return
    return onNetworkBack(() => { if (offline.current) void reload() })
  }, [enabled, cacheKey, reload])

  const shownOnce = useRef(false)
  useDidShow(() => {
    if (!shownOnce.current) {
      shownOnce.current = true
      return
    }
    if (enabled && refreshOnShow) void reload()
  })

  return { ...state, reload }
}

/** One read action, with loading / error / reload. `data` is compared by value, so inline objects are fine. */
export function useQuery<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  data: ActionInput<F, A>,
  options?: QueryOptions,
): AsyncState<ActionOutput<F, A>> {
  const key = JSON.stringify([fn, action, data ?? null])
  return useAsync(() => call(fn, action, data), key, options)
}

export interface ActionState<F extends FunctionName, A extends ActionName<F>> {
  /** Calls the action; resolves to its result or rejects with ApiError (also kept in `error`). */
  run: (data: ActionInput<F, A>) => Promise<ActionOutput<F, A>>
  data: ActionOutput<F, A> | undefined
  error: ApiError | null
  loading: boolean
  /** Field → first message, from a VALIDATION_FAILED answer. */
  fieldErrors: Record<string, string | undefined>
  reset: () => void
}

export interface ActionOptions {
  /**
   * Resend with the very same data after no answer (NETWORK) or a busy platform (RATE_LIMITED busy), with
   * backoff and jitter (src/api/retry.ts). For writes that carry a `requestId` (claim, signup, upsertCampaign):
   * the server answers a repeat with the first answer. Keep the requestId with `useRequestId`.
   */
  retry?: boolean
  /** With `retry`: called before each wait ('busy': the page says 人多，正在排队). */
  onRetry?: (info: { reason: RetryReason; attempt: number; delayMs: number }) => void
  /**
   * true (default): a second `run` while one is in flight returns the first one's promise (a double tap sends
   * one request). false: every `run` sends (one hook for several rows, each with its own busy flag).
   */
  exclusive?: boolean
}

/**
 * A write action (join, claim, signup…) or any call a page makes on a tap (load more, approve, vote).
 * Ignores a second `run` while one is in flight, so a double tap sends one request (see `exclusive`).
 */
export function useAction<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  { retry = false, onRetry, exclusive = true }: ActionOptions = {},
): ActionState<F, A> {
  const [state, setState] = useState<{ data: ActionOutput<F, A> | undefined; error: ApiError | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: false,
  })
  const inFlight = useRef<Promise<ActionOutput<F, A>> | null>(null)
  const onRetryRef = useRef(onRetry)
  onRetryRef.current = onRetry
  const mounted = useRef(true)
  useEffect(() => () => void (mounted.current = false), [])

  const run = useCallback(
    (data: ActionInput<F, A>) => {
      if (exclusive && inFlight.current) return inFlight.current
      setState((s) => ({ ...s, loading: true, error: null }))
      const sent = retry ? callWithRetry(fn, action, data, { onRetry: (info) => onRetryRef.current?.(info) }) : call(fn, action, data)
      const p = sent.then(
        (result) => {
          if (inFlight.current === p) inFlight.current = null
          if (mounted.current) setState({ data: result, error: null, loading: false })
          return result
        },
        (e: unknown) => {
          if (inFlight.current === p) inFlight.current = null
          const error = ApiError.from(e)
          if (mounted.current) setState((s) => ({ ...s, error, loading: false }))
          throw error
        },
      )
      inFlight.current = p
      return p
    },
    [fn, action, retry, exclusive],
  )

  const reset = useCallback(() => setState({ data: undefined, error: null, loading: false }), [])
  return { ...state, run, fieldErrors: firstFieldErrors(state.error), reset }
}

/** Field → first message, from a failed call (VALIDATION_FAILED); empty for anything else. */
export function firstFieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, m] of Object.entries((e as { fieldErrors?: Record<string, string[]> } | null)?.fieldErrors ?? {})) out[k] = m[0]
  return out
}

/**
 * requestIds of writes, one per intended write (per key: a campaign, a form), kept until the server gives a
 * definite answer: a retry after a network failure resends the same id, so a write that did land is
 * answered, not repeated. `id(key)` gives the kept id (or a new one); `done(key)` forgets it (after a
 * success, or an answer not worth resending: `retryReason(e) === null`).
 */
export function useRequestIds(): { id: (key?: string) => string; done: (key?: string) => void } {
  const ids = useRef<Record<string, string>>({})
  return useRef({
    id: (key = '') => (ids.current[key] ??= uuid()),
    done: (key = '') => void delete ids.current[key],
  }).current
}

/** For pages: what they need of the client's error and retry vocabulary, without importing the client. */
export { ApiError, QUEUE_MESSAGE, retryReason, uuid as newRequestId } from '@/api'
