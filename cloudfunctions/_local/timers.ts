import type { CloudFunction, Deps } from '../_shared/runtime'

/** The cloud's timer triggers, kept on the same schedule by the local gateway (times on the Shanghai wall clock). */
export const LOCAL_TIMERS: Array<{ fn: string; trigger: string; at: string }> = ['18:00', '18:10', '18:20', '18:30', '18:40', '18:50']
  .map((at) => ({ fn: 'voucher', trigger: 'remind', at }))

const SHANGHAI_OFFSET_MS = 8 * 3600_000
/** Milliseconds from `now` to the next `HH:mm` in Asia/Shanghai (UTC+8, no daylight saving). */
export function msUntilShanghai(at: string, now: Date): number {
  const [h, m] = at.split(':').map(Number)
  const wall = new Date(now.getTime() + SHANGHAI_OFFSET_MS)
  let next = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(), h, m) - SHANGHAI_OFFSET_MS
  if (next <= now.getTime()) next += 86_400_000
  return next - now.getTime()
}

/** Starts every local timer; returns a function that stops them. A failed run is logged, never fatal. */
export function startTimers(registry: Record<string, CloudFunction>, deps: Deps): () => void {
  const handles = new Set<NodeJS.Timeout>()
  let stopped = false
  for (const t of LOCAL_TIMERS) {
    const job = registry[t.fn]?.timers?.[t.trigger]
    if (!job) throw new Error(`no timer ${t.fn}.${t.trigger}`)
    const arm = () => {
      if (stopped) return
      const h = setTimeout(() => {
        handles.delete(h)
        job(deps)
          .catch((e) => deps.log.error({ msg: `timer ${t.fn}.${t.trigger} failed`, err: e instanceof Error ? e.stack : String(e) }))
          .finally(arm)
      }, msUntilShanghai(t.at, new Date()))
      h.unref()
      handles.add(h)
    }
    arm()
  }
  return () => { stopped = true; for (const h of handles) clearTimeout(h); handles.clear() }
}
