import { SERVICES, hoursKind, type OpenHours, type Service } from '../../types'
import type { StationDoc } from '../../cloudfunctions/station/model'
import { rng } from '../../cloudfunctions/_local/seed/rng'
import { EARTH_RADIUS_M, destination } from '../support/geo'

/** A seeded generator so that a failing case can be replayed. */
export { rng }
/** The point at a distance and bearing on the sphere (the inverse of haversine). */
export { destination }

/** The reference distance, written out here on its own (SPEC: haversine, R = 6,371,008.8 m). */
export function refDistanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180
  const s = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)))
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
/** The reference "open now", in minutes of the day, written independently of the product's helper. */
export function refOpen(h: OpenHours, hhmm: string): boolean {
  if (h === '24h') return true
  const o = minutes(h.open), c = minutes(h.close), t = minutes(hhmm)
  if (o === c) return true
  return o < c ? t >= o && t < c : t >= o || t < c
}

export function randomHours(r: () => number): OpenHours {
  const x = r()
  if (x < 0.15) return '24h'
  const hh = (n: number) => `${String(n).padStart(2, '0')}:${r() < 0.5 ? '00' : '30'}`
  if (x < 0.2) { const t = hh(Math.floor(r() * 24)); return { open: t, close: t } }
  const a = Math.floor(r() * 24), b = Math.floor(r() * 24)
  return { open: hh(a), close: hh(b === a ? (a + 1) % 24 : b) }
}

export function randomServices(r: () => number): Service[] {
  return SERVICES.filter(() => r() < 0.45)
}

export function stationDoc(id: string, location: { lat: number; lng: number }, services: Service[], openHours: OpenHours, extra: Partial<StationDoc> = {}): StationDoc {
  return {
    _id: id,
    name: `测试驿站 ${id}`,
    city: '武汉',
    address: '测试地址',
    location,
    services,
    openHours,
    hoursKind: hoursKind(openHours),
    stars: null,
    rating: { sum: 0, count: 0 },
    visitCount: 0,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...extra,
  }
}

/** Shanghai wall clock HH:mm of an instant (UTC+8), written out here on its own. */
export const refShanghaiHHMM = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16)

export interface Query { lat: number; lng: number; radiusKm?: number; services?: Service[]; openNow?: boolean; limit?: number }

/** Brute force over every station: the answer `nearby` must equal (set, order, distances, openNow). */
export function bruteNearby(all: StationDoc[], q: Query, now: Date) {
  const t = refShanghaiHHMM(now)
  const max = (q.radiusKm ?? 5) * 1000
  return all
    .map((s) => ({ s, d: refDistanceM(q, s.location) }))
    .filter(({ s, d }) => d <= max && (q.services ?? []).every((x) => s.services.includes(x)) && (!q.openNow || refOpen(s.openHours, t)))
    .sort((a, b) => a.d - b.d || (a.s._id < b.s._id ? -1 : 1))
    .slice(0, q.limit ?? 20)
    .map(({ s, d }) => ({ id: s._id, distanceM: Math.round(d), openNow: refOpen(s.openHours, t) }))
}

/**
 * The real store with network-like latency: every operation waits a random 0–3 ms before it runs and before
 * its answer returns. better-sqlite3 answers synchronously, so without this a whole request runs in one
 * tick and concurrent requests never interleave between their steps — in the cloud every step is a
 * network round trip, and they do. Nothing else changes: the operations are the real ones.
 */
export function withLatency<S extends object>(store: S, seed = 1): S {
  const r = rng(seed)
  const wait = () => new Promise<void>((res) => setTimeout(res, Math.floor(r() * 4)))
  const wrapColl = (c: object) => new Proxy(c, {
    get(target, prop, recv) {
      const v = Reflect.get(target, prop, recv)
      if (typeof v !== 'function') return v
      return async (...args: unknown[]) => { await wait(); const out = await v.apply(target, args); await wait(); return out }
    },
  })
  return new Proxy(store, {
    get(target, prop, recv) {
      const v = Reflect.get(target, prop, recv)
      if (prop === 'collection') return (name: string) => wrapColl((v as (n: string) => object).call(target, name))
      if (prop === 'runTransaction') return async (fn: unknown) => { await wait(); return (v as (f: unknown) => unknown).call(target, fn) }
      return typeof v === 'function' ? v.bind(target) : v
    },
  })
}
