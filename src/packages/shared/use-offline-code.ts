import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import type { OfflineKey } from '@contract'
import type { OfflineKind } from '@contract/offline'
import { ApiError } from '@/api'
import { OFFLINE_KEY_PREFIX, deviceKey } from '@/hooks/useApi'
import { stepEndsAt, toStored, tokenAt, usable, type StoredKey } from './offline-code'

/** The key is fetched again after this long while the page is shown: it also tells the page when the code was used. */
const KEY_REFRESH_MS = 50_000
/** After a failed fetch (no network, rate limit), try again after this long. */
const RETRY_MS = 10_000
/** An online token (the fallback when no key can be had) lives 60 s; the next is fetched after 50. */
const ONLINE_VALID_MS = 60_000

export interface CodeOptions {
  kind: OfflineKind
  /** Where the key is kept on the device (per voucher, or the card). */
  storageKey: string
  fetchKey: () => Promise<OfflineKey>
  /** The online token, for when no key can be had (an older server): `voucherToken` / `cardToken`. */
  fetchOnline: () => Promise<{ token: string; expiresAt: string }>
  /** Answers after which no code will ever come (the voucher was used, the card is gone): stop, forget the key. */
  final: ReadonlySet<string>
}

export interface CodeState {
  /** What the QR shows now, or null. */
  token: string | null
  /** Local time (ms) when the code on screen changes. */
  changesAt: number | null
  /** The code is made on this phone from the kept key (true), or is a token the server sent (false). */
  local: boolean
  /** The last fetch found no network: the code on screen (if any) is made on the phone. */
  offline: boolean
  /** Local time (ms) until which the kept key makes codes. */
  validUntil: number | null
  error: ApiError | null
  loading: boolean
  refresh: () => Promise<void>
}

const storageName = (k: string) => deviceKey(OFFLINE_KEY_PREFIX, k)
function readKey(name: string): StoredKey | null {
  try {
    const v = Taro.getStorageSync(storageName(name)) as StoredKey | ''
    return v && typeof v === 'object' ? v : null
  } catch {
    return null
  }
}

/**
 * A voucher's or the card's rotating QR code: made on the phone from a key fetched while online and kept on
 * the device, so it shows with no network for the rest of the key's validity (SPEC "Offline codes"). The key
 * is fetched again while the page is shown (that is also how the page learns the code was used); without a
 * key (an older server) the online token is shown instead. Paused while the page is hidden.
 */
export function useOfflineCode({ kind, storageKey, fetchKey, fetchOnline, final }: CodeOptions): CodeState {
  const [key, setKey] = useState<StoredKey | null>(() => readKey(storageKey))
  const [online, setOnline] = useState<{ token: string; changesAt: number } | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [offline, setOffline] = useState(false)
  const [loading, setLoading] = useState(false)
  const [, setTick] = useState(0)
  const timers = useRef<ReturnType<typeof setTimeout>[]>([])
  const visible = useRef(true)
  const opts = useRef({ fetchKey, fetchOnline, final, storageKey })
  opts.current = { fetchKey, fetchOnline, final, storageKey }
  const clear = () => { timers.current.forEach(clearTimeout); timers.current = [] }
  const later = (fn: () => void, ms: number) => { if (visible.current) timers.current.push(setTimeout(fn, ms)) }

  const refresh = useCallback(async () => {
    clear()
    setLoading(true)
    const o = opts.current
    try {
      const k = toStored(await o.fetchKey(), Date.now())
      try { Taro.setStorageSync(storageName(o.storageKey), k) } catch { /* storage refused: the code still shows while open */ }
      setKey(k)
      setOnline(null)
      setError(null)
      setOffline(false)
      later(() => void refresh(), KEY_REFRESH_MS)
    } catch (e) {
      const err = ApiError.from(e)
      setError(err)
      if (o.final.has(err.code)) {
        try { Taro.removeStorageSync(storageName(o.storageKey)) } catch { /* nothing kept */ }
        setKey(null)
        setOnline(null)
        return
      }
      setOffline(err.code === 'NETWORK')
      if (err.code !== 'NETWORK' && err.code !== 'RATE_LIMITED') {
        // No key to be had (a server without offline codes): the server's own token, as before.
        try {
          const t = await o.fetchOnline()
          setOnline({ token: t.token, changesAt: Date.now() + KEY_REFRESH_MS })
          setError(null)
          later(() => void refresh(), KEY_REFRESH_MS)
          return
        } catch (e2) {
          const err2 = e2 instanceof ApiError ? e2 : err
          setError(err2)
          if (o.final.has(err2.code)) { setOnline(null); return }
        }
      }
      later(() => void refresh(), RETRY_MS)
    } finally {
      setLoading(false)
    }
  }, [])

  useDidShow(() => {
    if (!visible.current) { visible.current = true; void refresh() }
  })
  useDidHide(() => { visible.current = false; clear() })
  useEffect(() => {
    visible.current = true
    void refresh()
    return () => { visible.current = false; clear() }
  }, [refresh])

  // The code made on the phone for the current 30-second step (server time = local time + offset).
  const now = Date.now()
  const keyOk = usable(key, now)
  const offset = key?.offsetMs ?? 0
  const token = keyOk ? tokenAt(kind, key.key, key.ref, now + offset) : online && online.changesAt - KEY_REFRESH_MS + ONLINE_VALID_MS > now ? online.token : null
  const changesAt = keyOk ? stepEndsAt(now + offset) - offset : online?.changesAt ?? null
  // Re-render when the step ends, so the next code shows on time.
  useEffect(() => {
    if (!keyOk || changesAt === null) return
    const t = setTimeout(() => setTick((n) => n + 1), Math.max(50, changesAt - Date.now() + 20))
    return () => clearTimeout(t)
  }, [keyOk, changesAt])

  return {
    token,
    changesAt,
    local: keyOk,
    offline,
    validUntil: keyOk ? Date.parse(key.validUntil) - offset : null,
    error,
    loading,
    refresh,
  }
}

/**
 * Fetches and keeps the offline keys of some codes ahead of time (the wallet does it for today's vouchers), so
 * a code opened later with no network still shows. Quietly does nothing for the ones that fail.
 */
export async function keepKeys(items: Array<{ storageKey: string; fetchKey: () => Promise<OfflineKey> }>): Promise<void> {
  for (const it of items) {
    if (usable(readKey(it.storageKey), Date.now())) continue
    try {
      const k = toStored(await it.fetchKey(), Date.now())
      Taro.setStorageSync(storageName(it.storageKey), k)
    } catch { /* offline or refused: the QR page fetches it when opened */ }
  }
}
