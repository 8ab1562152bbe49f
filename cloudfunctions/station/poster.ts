import { CHECKIN_PAGE, checkinScenePath } from '../../types'
import { AppError } from '../_shared/errors'
import type { Ctx } from '../_shared/runtime'
import { assertCanManage, loadStation, type StationDoc } from './model'
import { C } from '../_shared/collections'

/** The H5 check-in page carrying a scene, on the configured public address (hash router). */
export function checkinUrl(base: string | undefined, scene: string): string {
  if (!base) return ''
  return `${base.replace(/\/+$/, '')}/#/${checkinScenePath(scene)}`
}

/** The station's scene; stores its ref on the station when an older document lacks it. */
async function sceneOf(ctx: Ctx, station: StationDoc): Promise<string> {
  const ref = ctx.deps.tokens.sceneRef('station', station._id)
  if (station.sceneRef !== ref) await ctx.deps.store.collection<StationDoc>(C.stations).updateOne({ _id: station._id }, { $set: { sceneRef: ref } })
  return ctx.deps.tokens.scene('station', station._id)
}

/** The codes printed on the station's poster: the code to type, the scene, the mini-program path and the H5 address. */
export async function qrcode(data: { stationId: string }, ctx: Ctx) {
  const station = await loadStation(ctx, data.stationId)
  await assertCanManage(ctx, data.stationId)
  const scene = await sceneOf(ctx, station)
  return {
    code: ctx.deps.tokens.staticCode('station', data.stationId),
    scene,
    path: checkinScenePath(scene),
    url: checkinUrl(ctx.deps.config.PUBLIC_URL, scene),
  }
}

/** The poster's code image: made once per scene through the MiniCode port, then reused. */
export async function posterImage(data: { stationId: string }, ctx: Ctx) {
  const station = await loadStation(ctx, data.stationId)
  await assertCanManage(ctx, data.stationId)
  const scene = await sceneOf(ctx, station)
  if (station.poster?.scene === scene && (await ctx.deps.storage.stat(station.poster.fileId))) {
    return { fileId: station.poster.fileId, scene }
  }
  const { fileId } = await ctx.deps.miniCode.create({
    scene,
    page: CHECKIN_PAGE,
    url: checkinUrl(ctx.deps.config.PUBLIC_URL, scene),
    cloudPath: `station/posters/${scene.replace('.', '-')}.png`,
  })
  await ctx.deps.store.collection<StationDoc>(C.stations).updateOne({ _id: station._id }, { $set: { poster: { scene, fileId } } })
  return { fileId, scene }
}

/** The station a scene names: INVALID_TOKEN when it is too long, malformed or not signed by us. */
export async function stationOfScene(ctx: Ctx, raw: string): Promise<StationDoc> {
  let scene = raw.trim()
  // WeChat hands the scene over URL-encoded; a scanned or pasted one may be too.
  if (scene.includes('%')) {
    try { scene = decodeURIComponent(scene) } catch { /* malformed: rejected below */ }
  }
  const ref = scene.length <= 32 ? ctx.deps.tokens.checkScene('station', scene) : null
  if (!ref) throw new AppError('INVALID_TOKEN', '这不是驿站的签到码，请扫描驿站张贴的二维码')
  const [station, other] = await ctx.deps.store.collection<StationDoc>(C.stations).find({ sceneRef: ref }, { limit: 2 })
  if (!station || other) throw new AppError('NOT_FOUND', '没有找到这个驿站，二维码可能已经停用')
  return station
}
