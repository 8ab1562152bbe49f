import { withPhotoUrls } from './photos'
import type { NearbyStation, Service, Station } from '../../types'
import { shanghaiTime } from '../_shared/clock'
import type { Filter } from '../_shared/ports'
import type { Ctx } from '../_shared/runtime'
import { checkinKey, loadStation, openAtFilter, pairKey, toStation, type StationDoc } from './model'
import type { VisitorDoc } from './checkin'
import { RATE_AFTER_CHECKIN_MS } from './rating'
import { C } from '../_shared/collections'

export interface NearbyInput { lat: number; lng: number; radiusKm?: number; services?: Service[]; openNow?: boolean; limit?: number }

/**
 * Stations within the radius, nearest first, from one `geoNear` (R*Tree locally, a geo index on CloudBase).
 * Both the services and the open-now conditions go into the geoNear filter, so the store's limit applies to
 * the right set and the answer equals the brute-force one without over-fetching.
 */
export async function nearby(data: NearbyInput, ctx: Ctx): Promise<{ items: NearbyStation[] }> {
  const hhmm = shanghaiTime(ctx.now)
  const parts: Filter[] = []
  const services = [...new Set(data.services ?? [])]
  if (services.length) parts.push({ services: { $all: services } })
  if (data.openNow) parts.push(openAtFilter(hhmm))
  const filter: Filter | undefined = parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : { $and: parts }
  const rows = await ctx.deps.store.collection<StationDoc>(C.stations).geoNear({
    center: { lat: data.lat, lng: data.lng },
    maxDistanceM: (data.radiusKm ?? 5) * 1000,
    filter,
    limit: data.limit ?? 20,
  })
  return { items: rows.map((r) => ({ ...toStation(r, hhmm), distanceM: r.distanceM })) }
}

export async function get(data: { stationId: string }, ctx: Ctx): Promise<Station> {
  const s = await loadStation(ctx, data.stationId)
  const station = await withPhotoUrls(ctx, toStation(await repairVisitCount(ctx, s), shanghaiTime(ctx.now)))
  if (!ctx.openid) return station
  // The rating page shows 签到后才能评价 before the form when the caller cannot rate yet (same rule as `rate`).
  const visit = await ctx.deps.store.collection<VisitorDoc>(C.station_visitors).get(pairKey(s._id, ctx.openid))
  const until = visit?.lastAt ? Date.parse(visit.lastAt) + RATE_AFTER_CHECKIN_MS : NaN
  return { ...station, rateUntil: until >= ctx.now.getTime() ? new Date(until).toISOString() : null }
}

/**
 * A check-in that stopped between storing its record and advancing the counter leaves the counter one
 * behind its records (see checkin.ts). Reading the station rolls it forward, as the next check-in would.
 */
export async function repairVisitCount(ctx: Ctx, s: StationDoc): Promise<StationDoc> {
  const next = (s.visitCount ?? 0) + 1
  if (!(await ctx.deps.store.collection(C.checkins).get(checkinKey(s._id, next)))) return s
  await ctx.deps.store.collection<StationDoc>(C.stations).updateOne({ _id: s._id, visitCount: next - 1 }, { $set: { visitCount: next } })
  return loadStation(ctx, s._id)
}
