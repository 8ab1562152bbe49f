/** Calendar days are Asia/Shanghai days (UTC+8, no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000

export interface Clock {
  now(): Date
}
export const systemClock: Clock = { now: () => new Date() }

/** A clock whose time can be moved, for tests. */
export class ManualClock implements Clock {
  constructor(private t: number = Date.now()) {}
  now() { return new Date(this.t) }
  set(iso: string | number) { this.t = typeof iso === 'number' ? iso : Date.parse(iso) }
  advance(ms: number) { this.t += ms }
}

export function shanghaiDay(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}
/** HH:mm on the Shanghai wall clock. */
export function shanghaiTime(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16)
}
/** The last instant of a Shanghai day, as an ISO string (23:59:59.999+08:00). */
export function endOfShanghaiDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS + 86_400_000 - 1).toISOString()
}
export function startOfShanghaiDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS).toISOString()
}
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
}
