import * as z from 'zod'
import { action, Id, text, optionalText, City, Service, Location, TimeOfDay, Limit, Aspect, ASPECTS, Token } from './common'

/** Photos of a station: at most this many, each at most this size (SPEC "Staff actions"). */
export const MAX_STATION_PHOTOS = 6
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024

export const OpenHours = z.union([z.literal('24h'), z.strictObject({ open: TimeOfDay, close: TimeOfDay })], { error: '营业时间格式不正确' })
export type OpenHours = z.infer<typeof OpenHours>

export const Station = z.object({
  id: z.string(),
  name: z.string(),
  city: z.string(),
  district: z.string().optional(),
  address: z.string(),
  location: Location,
  services: z.array(Service),
  openHours: OpenHours,
  phone: z.string().optional(),
  /** A short note shown on the detail page, e.g. 平价餐 9.99 元一份. */
  intro: z.string().optional(),
  /** File ids, in the order shown (what an edit sends back), and their URLs to show them. */
  photos: z.array(z.string()).optional(),
  photoUrls: z.array(z.string()).optional(),
  stars: z.number().nullable(),
  rating: z.object({ average: z.number().nullable(), count: z.number() }),
  visitCount: z.number(),
  openNow: z.boolean().optional(),
  demo: z.boolean().optional(),
  /**
   * `get` only, for a caller with identity: until when the caller may rate this station (7 days after their
   * last check-in here), or null when they have not checked in within 7 days. Absent for guests.
   */
  rateUntil: z.string().nullable().optional(),
})
export type Station = z.infer<typeof Station>
export const NearbyStation = Station.extend({ distanceM: z.number() })
export type NearbyStation = z.infer<typeof NearbyStation>

/** Each aspect 0–10 in half points: half points keep the sum exact (no 79.999… at the 80 threshold). */
const Scores = z.strictObject(
  Object.fromEntries(ASPECTS.map((a) => [a, z.number({ error: '每项 0–10 分' }).min(0, { error: '每项 0–10 分' }).max(10, { error: '每项 0–10 分' }).multipleOf(0.5, { error: '分数以 0.5 分为单位' })])) as Record<Aspect, z.ZodNumber>,
)

export const StationInput = z.strictObject({
  id: Id.optional(),
  name: text(60, '驿站名称'),
  city: City,
  district: optionalText(20, '区'),
  address: text(120, '地址'),
  location: Location,
  services: z.array(Service).max(12),
  openHours: OpenHours,
  phone: z.string().regex(/^[0-9-]{7,20}$/, { error: '电话格式不正确' }).optional(),
  intro: optionalText(200, '简介'),
  /**
   * Photos in the order shown, at most 6, uploaded under `station/<alias>/` (JPEG, PNG or WebP, at most
   * 5 MB each). Left out: the photos stay as they are; [] removes them all.
   */
  photos: z.array(z.string({ error: '照片标识无效' }).min(1, { error: '照片标识无效' }).max(300, { error: '照片标识无效' }), { error: '照片格式不正确' })
    .max(MAX_STATION_PHOTOS, { error: `最多 ${MAX_STATION_PHOTOS} 张照片` })
    .refine((a) => new Set(a).size === a.length, { error: '同一张照片只能放一次' })
    .optional(),
})
export type StationInput = z.infer<typeof StationInput>

/** WeChat's limit for the scene of an unlimited mini-program code (wxacode.getUnlimited). */
export const SCENE_MAX = 32
/**
 * A station scene: `<ref>.<sig>` — a 10-character reference to the station and a 12-character signature,
 * both base64url (23 characters, all in WeChat's allowed set). Only the shape is checked here.
 */
export const SCENE_SHAPE = /^[A-Za-z0-9_-]{10}\.[A-Za-z0-9_-]{12}$/
/**
 * Any text as a scene: its shape and signature are checked by the function, so that a scene too long,
 * malformed or forged is INVALID_TOKEN (what it is), not a form error. Absurd sizes stop here.
 */
const SceneInput = z.string({ error: '缺少签到码' }).max(2048, { error: '签到码无效' })

export const RatingSummary = z.object({ average: z.number().nullable(), count: z.number(), mine: z.object({ stars: z.number(), comment: z.string().optional() }).optional() })

export const stationActions = {
  nearby: action(
    z.strictObject({
      lat: z.number({ error: '纬度应为数字' }).min(-90).max(90),
      lng: z.number({ error: '经度应为数字' }).min(-180).max(180),
      radiusKm: z.number().positive({ error: '半径应大于 0' }).max(50, { error: '半径最多 50 公里' }).optional(),
      services: z.array(Service).max(12).optional(),
      openNow: z.boolean().optional(),
      limit: Limit.optional(),
    }),
    z.object({ items: z.array(NearbyStation) }),
  ),
  get: action(z.strictObject({ stationId: Id }), Station),
  /** By the poster's mini-program code or URL (`scene`), or by the station and its printed code (pasted). */
  checkin: action(
    z.union([z.strictObject({ scene: SceneInput }), z.strictObject({ stationId: Id, code: Token })], { error: '需要签到码：scene，或 stationId 与 code' }),
    z.object({ visitNo: z.number(), checkedInAt: z.string(), stationId: z.string() }),
  ),
  rate: action(
    z.strictObject({ stationId: Id, stars: z.number().int({ error: '请选择 1–5 星' }).min(1).max(5), comment: optionalText(200, '评价') }),
    RatingSummary,
  ),
  upsert: action(StationInput, Station),
  evaluate: action(
    z.strictObject({ stationId: Id, scores: Scores }),
    z.object({
      stars: z.number(),
      sum: z.number(),
      history: z.array(z.object({ at: z.string(), stars: z.number(), sum: z.number(), by: z.string().optional(), scores: z.record(z.string(), z.number()).optional() })),
    }),
  ),
  /** `scene` ≤ 32 characters (WeChat's limit); `path` the check-in page with it; `url` the H5 check-in page with it. */
  qrcode: action(z.strictObject({ stationId: Id }), z.object({ code: z.string(), scene: z.string().max(SCENE_MAX), path: z.string(), url: z.string() })),
  /** The poster's code as an image: a mini-program code in the cloud, a QR of `url` locally. Made once, reused. */
  posterImage: action(z.strictObject({ stationId: Id }), z.object({ fileId: z.string(), scene: z.string() })),
  /** Staff: the latest scores (the evaluation form starts from them) and the history, newest first. */
  evaluations: action(
    z.strictObject({ stationId: Id }),
    z.object({
      stationId: z.string(),
      stars: z.number().nullable(),
      latest: z.object({ at: z.string(), sum: z.number(), stars: z.number(), scores: z.record(z.string(), z.number()) }).nullable(),
      history: z.array(z.object({ at: z.string(), stars: z.number(), sum: z.number(), byName: z.string() })),
    }),
  ),
  stats: action(
    z.strictObject({ city: City.optional() }),
    z.object({
      totalServed: z.number(),
      /** The window of `days` (the last 30 Shanghai days). */
      from: z.string().optional(),
      to: z.string().optional(),
      days: z.array(z.object({ stationId: z.string(), name: z.string(), day: z.string(), visits: z.number() })),
    }),
  ),
}

/** Star level from the nine-aspect sum S (0–90). */
export function starsFromSum(s: number): number {
  if (s >= 80) return 5
  if (s >= 70) return 4
  if (s >= 60) return 3
  if (s >= 45) return 2
  return 1
}

/** The mini-program page a station's poster code opens (with `?scene=..`, or `?stationId=..&code=..`). */
export const CHECKIN_PAGE = 'packages/station/pages/checkin/index'
export const checkinScenePath = (scene: string) => `${CHECKIN_PAGE}?scene=${encodeURIComponent(scene)}`
export const checkinPath = (stationId: string, code: string) => `${CHECKIN_PAGE}?stationId=${encodeURIComponent(stationId)}&code=${encodeURIComponent(code)}`

/** The three shapes of opening hours: around the clock, within one day, or past midnight (close < open). */
export type HoursKind = '24h' | 'day' | 'overnight'
export function hoursKind(h: OpenHours): HoursKind {
  if (h === '24h' || h.open === h.close) return '24h'
  return h.open < h.close ? 'day' : 'overnight'
}
/** Whether a station is open at a Shanghai wall-clock time `HH:mm` (close is exclusive; open === close means all day). */
export function isOpenAt(h: OpenHours, hhmm: string): boolean {
  const kind = hoursKind(h)
  if (kind === '24h' || h === '24h') return true
  return kind === 'day' ? h.open <= hhmm && hhmm < h.close : hhmm >= h.open || hhmm < h.close
}
/** hoursLabel (24 小时, 08:00–20:00, 22:00–06:00（次日）) is in the zod-free ./labels, for the main package. */
export { hoursLabel } from './labels'
