import { hoursKind, isOpenAt, type HoursKind, type OpenHours, type Station, type Service } from '../../types'
import type { Doc, Filter } from '../_shared/ports'
import { AppError } from '../_shared/errors'
import type { Ctx } from '../_shared/runtime'
import { C } from '../_shared/collections'

/** A station as stored. `hoursKind` is derived from openHours on every write so that "open now" is a filter. */
export interface StationDoc extends Doc {
  name: string
  city: string
  district?: string
  address: string
  location: { lat: number; lng: number }
  services: Service[]
  openHours: OpenHours
  hoursKind: HoursKind
  phone?: string
  intro?: string
  photos?: string[]
  /** Star level from the latest evaluation; null until evaluated. */
  stars: number | null
  evaluatedAt?: string
  /** Sum and count of the current ratings (one per person); kept in step with `ratings` in one transaction. */
  rating: { sum: number; count: number }
  /** Counted visits; every number 1..visitCount has a checkin record (see checkin.ts). */
  visitCount: number
  demo?: boolean
  /** Finds the station from the scene of its poster's code (a keyed hash of the id, see tokens.scene). */
  sceneRef?: string
  /** The poster's code image, made once for this scene and reused. */
  poster?: { scene: string; fileId: string }
  createdAt: string
  updatedAt: string
}

/** Visitor windows and ratings: one per (station, person), see _shared/keys.ts. */
export { pairKey } from '../_shared/keys'
/** A check-in record's key is its number: a visit number can be stored once only. */
export const checkinKey = (stationId: string, visitNo: number) => `${stationId}-${visitNo}`

export function average(r: { sum: number; count: number }): number | null {
  return r.count > 0 ? Math.round((r.sum / r.count) * 10) / 10 : null
}

/** The public shape: `id`, rating average, openNow at the given Shanghai wall-clock time. */
export function toStation(d: StationDoc, hhmm: string): Station {
  return {
    id: d._id,
    name: d.name,
    city: d.city,
    ...(d.district ? { district: d.district } : {}),
    address: d.address,
    location: { lat: d.location.lat, lng: d.location.lng },
    services: d.services,
    openHours: d.openHours,
    ...(d.phone ? { phone: d.phone } : {}),
    ...(d.intro ? { intro: d.intro } : {}),
    ...(d.photos?.length ? { photos: d.photos } : {}),
    stars: d.stars ?? null,
    rating: { average: average(d.rating ?? { sum: 0, count: 0 }), count: d.rating?.count ?? 0 },
    visitCount: d.visitCount ?? 0,
    openNow: isOpenAt(d.openHours, hhmm),
    ...(d.demo ? { demo: true } : {}),
  }
}

/**
 * "Open at hhmm" in the DocStore's filter subset, from the derived `hoursKind`:
 * 24h; or open ≤ t < close within a day; or t ≥ open or t < close past midnight. HH:mm compares as text.
 */
export function openAtFilter(hhmm: string): Filter {
  return {
    $or: [
      { hoursKind: '24h' },
      { hoursKind: 'day', 'openHours.open': { $lte: hhmm }, 'openHours.close': { $gt: hhmm } },
      { hoursKind: 'overnight', $or: [{ 'openHours.open': { $lte: hhmm } }, { 'openHours.close': { $gt: hhmm } }] },
    ],
  }
}

export { hoursKind }

export async function loadStation(ctx: Ctx, stationId: string): Promise<StationDoc> {
  const s = await ctx.deps.store.collection<StationDoc>(C.stations).get(stationId)
  if (!s) throw new AppError('NOT_FOUND', '没有找到这个驿站')
  return s
}

/** Admins may act on every station; a keeper only on the stations in their role document. */
export async function assertCanManage(ctx: Ctx, stationId: string | undefined): Promise<'admin' | 'keeper'> {
  const info = await ctx.roles()
  if (info.roles.includes('admin')) return 'admin'
  if (info.roles.includes('keeper') && stationId && (info.stationIds ?? []).includes(stationId)) return 'keeper'
  throw new AppError('FORBIDDEN', stationId ? '只能管理自己负责的驿站' : '只有工会工作人员可以新建驿站')
}
