import { randomUUID } from 'node:crypto'
import { ASPECTS, starsFromSum, type Aspect, type Station, type StationInput } from '../../types'
import { AppError, isDuplicateKey } from '../_shared/errors'
import { groupCount } from '../_shared/aggregate'
import { addDays, shanghaiDay, shanghaiTime } from '../_shared/clock'
import type { Doc, Filter } from '../_shared/ports'
import type { Ctx } from '../_shared/runtime'
import type { CheckinDoc } from './checkin'
import { checkPhotos, deletePhotos, submitPhotoChecks, withPhotoUrls } from './photos'
import { assertCanManage, hoursKind, loadStation, toStation, type StationDoc } from './model'
import { assertPublishable } from '../_shared/content/publish'
import { C } from '../_shared/collections'

/** Admins create and edit any station; a keeper edits only the stations in their role (never creates one). */
export async function upsert(data: StationInput, ctx: Ctx): Promise<Station> {
  const role = await assertCanManage(ctx, data.id)
  // Shown to every worker on the map and the station page.
  await assertPublishable(ctx, [
    { field: 'name', label: '驿站名称', text: data.name, scene: 1 },
    { field: 'intro', label: '简介', text: data.intro, scene: 3 },
  ])
  const stations = ctx.deps.store.collection<StationDoc>(C.stations)
  const before = data.id && data.photos ? await stations.get(data.id) : null
  const newPhotos = data.photos ? await checkPhotos(ctx, data.photos, before?.photos ?? []) : []
  const now = ctx.now.toISOString()
  const fields = {
    name: data.name,
    city: data.city,
    address: data.address,
    location: { lat: data.location.lat, lng: data.location.lng },
    services: [...new Set(data.services)],
    openHours: data.openHours,
    hoursKind: hoursKind(data.openHours),
    updatedAt: now,
    ...(data.district ? { district: data.district } : {}),
    ...(data.phone ? { phone: data.phone } : {}),
    ...(data.intro ? { intro: data.intro } : {}),
    ...(data.photos ? { photos: data.photos } : {}),
  }
  const unset: Record<string, ''> = {}
  if (!data.district) unset.district = ''
  if (!data.phone) unset.phone = ''
  if (!data.intro) unset.intro = ''
  const id = data.id ?? `st-${randomUUID().replace(/-/g, '').slice(0, 12)}`
  // The scene of the poster's code finds the station by this ref (see tokens.scene).
  Object.assign(fields, { sceneRef: ctx.deps.tokens.sceneRef('station', id) })
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await stations.updateOne({ _id: id }, { $set: fields, ...(Object.keys(unset).length ? { $unset: unset } : {}) })) {
      await afterPhotos(ctx, newPhotos, (before?.photos ?? []).filter((f) => !data.photos?.includes(f)))
      return withPhotoUrls(ctx, toStation(await loadStation(ctx, id), shanghaiTime(ctx.now)))
    }
    if (role !== 'admin') throw new AppError('NOT_FOUND', '没有找到这个驿站')
    try {
      await stations.insert({ _id: id, ...fields, stars: null, rating: { sum: 0, count: 0 }, visitCount: 0, createdAt: now })
      await afterPhotos(ctx, newPhotos, [])
      return withPhotoUrls(ctx, toStation(await loadStation(ctx, id), shanghaiTime(ctx.now)))
    } catch (e) {
      if (!isDuplicateKey(e)) throw e // created at the same moment by another request: update it instead
    }
  }
  throw new AppError('CONFLICT')
}

async function afterPhotos(ctx: Ctx, added: string[], removed: string[]) {
  await submitPhotoChecks(ctx, added)
  await deletePhotos(ctx, removed)
}

export interface EvaluationDoc extends Doc {
  stationId: string
  at: string
  by: string
  scores: Record<Aspect, number>
  sum: number
  stars: number
}

/** Nine aspects 0–10; the star level follows SPEC's rule on the sum. History and station change together. */
export async function evaluate(data: { stationId: string; scores: Record<Aspect, number> }, ctx: Ctx) {
  const by = ctx.me()
  await loadStation(ctx, data.stationId)
  const sum = ASPECTS.reduce((s, a) => s + data.scores[a], 0)
  const stars = starsFromSum(sum)
  const at = ctx.now.toISOString()
  const ev: EvaluationDoc = { _id: `${data.stationId}-${ctx.now.getTime()}-${randomUUID().slice(0, 8)}`, stationId: data.stationId, at, by, scores: data.scores, sum, stars }
  const { store } = ctx.deps
  await store.runTransaction(async (tx) => {
    const st = await tx.get<StationDoc>(C.stations, data.stationId)
    if (!st) throw new AppError('NOT_FOUND', '没有找到这个驿站')
    await tx.insert(C.evaluations, ev)
    // The latest evaluation decides the level (an older one finishing late does not overwrite it).
    if (!st.evaluatedAt || st.evaluatedAt <= at) await tx.update(C.stations, st._id, { $set: { stars, evaluatedAt: at } })
  })
  const history = await store.collection<EvaluationDoc>(C.evaluations).find({ stationId: data.stationId }, { orderBy: [['at', 'desc']], limit: 20 })
  return { stars, sum, history: history.map((h) => ({ at: h.at, stars: h.stars, sum: h.sum, by: h.by, scores: h.scores })) }
}

/**
 * The latest evaluation's scores (the form starts from them, so one tap cannot silently drop a level) and
 * the history with who evaluated: their member name, else a neutral label (no openid leaves).
 */
export async function evaluations(data: { stationId: string }, ctx: Ctx) {
  const st = await loadStation(ctx, data.stationId)
  const { store } = ctx.deps
  const history = await store.collection<EvaluationDoc>(C.evaluations).find({ stationId: data.stationId }, { orderBy: [['at', 'desc']], limit: 20 })
  const who = [...new Set(history.map((h) => h.by))]
  const names = new Map<string, string>()
  if (who.length) {
    for (const m of await store.collection<{ _id: string; name?: string; deleted?: boolean }>(C.members).find({ _id: { $in: who } }, { limit: who.length })) {
      if (m.name && !m.deleted) names.set(m._id, m.name)
    }
  }
  const [last] = history
  return {
    stationId: st._id,
    stars: st.stars ?? null,
    latest: last ? { at: last.at, sum: last.sum, stars: last.stars, scores: last.scores } : null,
    history: history.map((h) => ({ at: h.at, stars: h.stars, sum: h.sum, byName: names.get(h.by) ?? '工会工作人员' })),
  }
}

export const STATS_DAYS = 30

/** Visits per station per day over the last 30 Shanghai days, counted from the check-in records; total served all time. */
export async function stats(data: { city?: string }, ctx: Ctx) {
  const { store } = ctx.deps
  const today = shanghaiDay(ctx.now)
  const from = addDays(today, -(STATS_DAYS - 1))
  const scope: Filter = data.city ? { city: data.city } : {}
  const records = store.collection<CheckinDoc>(C.checkins)
  // Check-ins per (day, station), counted by the database: one aggregation per 1,000 groups
  // instead of reading every check-in of 30 days.
  const perDay = new Map<string, { stationId: string; day: string; visits: number }>()
  for (const { key: [day, stationId], count } of (await groupCount(records, { ...scope, day: { $gte: from } }, ['day', 'stationId'])).values()) {
    if (typeof day !== 'string' || typeof stationId !== 'string') continue
    perDay.set(`${day}|${stationId}`, { stationId, day, visits: count })
  }
  const ids = [...new Set([...perDay.values()].map((e) => e.stationId))]
  const names = new Map<string, string>()
  for (let i = 0; i < ids.length; i += 500) {
    const docs = await store.collection<StationDoc>(C.stations).find({ _id: { $in: ids.slice(i, i + 500) } }, { limit: 500 })
    for (const d of docs) names.set(d._id, d.name)
  }
  const days = [...perDay.values()]
    .map((e) => ({ ...e, name: names.get(e.stationId) ?? e.stationId }))
    .sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : b.visits - a.visits || (a.stationId < b.stationId ? -1 : 1)))
  const totalServed = await records.count(scope)
  return { totalServed, from, to: today, days }
}
