import Taro from '@tarojs/taro'

export interface Place { lat: number; lng: number }
export interface Where extends Place {
  /** What to call it: 当前位置, a city, or 地图中心. */
  label: string
  source: 'gps' | 'city' | 'map'
}

/** City centres (GCJ-02) for when the location is not available: the programmes' cities first. */
export const CITIES: Array<{ name: string } & Place> = [
  { name: '武汉', lat: 30.5928, lng: 114.3052 },
  { name: '北京', lat: 39.9087, lng: 116.3975 },
  { name: '石家庄', lat: 38.0421, lng: 114.5143 },
  { name: '汕头', lat: 23.3535, lng: 116.6820 },
  { name: '阜新', lat: 42.0217, lng: 121.6707 },
]

const CITY_KEY = 'station.city'
export const savedCity = (): (typeof CITIES)[number] | undefined => {
  try {
    const name = Taro.getStorageSync(CITY_KEY)
    return CITIES.find((c) => c.name === name)
  } catch {
    return undefined
  }
}
export const saveCity = (name: string) => {
  try { Taro.setStorageSync(CITY_KEY, name) } catch { /* private mode: not remembered */ }
}

// WGS-84 → GCJ-02 (the published "eviltransform" approximation; metre-level inside China, identity outside).
const A = 6378245.0
const EE = 0.006693421622965943
const outsideChina = (lat: number, lng: number) => lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271
function tLat(x: number, y: number) {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3
  return r
}
function tLng(x: number, y: number) {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3
  return r
}
export function wgs84ToGcj02(lat: number, lng: number): Place {
  if (outsideChina(lat, lng)) return { lat, lng }
  let dLat = tLat(lng - 105, lat - 35)
  let dLng = tLng(lng - 105, lat - 35)
  const radLat = (lat / 180) * Math.PI
  let magic = Math.sin(radLat)
  magic = 1 - EE * magic * magic
  const sqrtMagic = Math.sqrt(magic)
  dLat = (dLat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI)
  dLng = (dLng * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI)
  return { lat: lat + dLat, lng: lng + dLng }
}

/** The location permission was refused (weapp: `auth deny`); only the settings page can give it back. */
export class LocationDenied extends Error {
  constructor() { super('定位权限未开启') }
}

/** WeChat answers getLocation once per 30 s at most (later calls fail); so do we, answering the last result. */
export const LOCATE_EVERY_MS = 30_000
let last: { at: number; place?: Place; error?: unknown } | null = null
/** Forget the last answer (after the person changed the permission in settings). */
export const forgetLocation = () => { last = null }

async function askPosition(): Promise<Place> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const r = await Taro.getLocation({ type: 'gcj02' })
      return { lat: r.latitude, lng: r.longitude }
    } catch (e) {
      const msg = String((e as { errMsg?: string })?.errMsg ?? e)
      throw /auth (deny|denied)|authorize:fail|permission/i.test(msg) ? new LocationDenied() : e
    }
  }
  const r = await Taro.getLocation({ type: 'wgs84' })
  return wgs84ToGcj02(r.latitude, r.longitude)
}

/**
 * The person's position in GCJ-02 (what the stations are stored in and what WeChat's maps use).
 * The mini-program answers in GCJ-02 directly; a browser answers WGS-84, converted here.
 * Within 30 s of the last call it answers that call's result (or its failure) without asking again.
 */
export async function locate(now = Date.now()): Promise<Place> {
  if (last && now - last.at < LOCATE_EVERY_MS) {
    if (last.place) return last.place
    throw last.error
  }
  last = { at: now }
  try {
    last.place = await askPosition()
    return last.place
  } catch (e) {
    last.error = e
    throw e
  }
}

/**
 * Opens the mini-program's settings page so the person can allow the location again; true when it is
 * allowed on return (then the next locate() asks afresh).
 */
export async function openLocationSettings(): Promise<boolean> {
  try {
    const r = await Taro.openSetting()
    const allowed = r.authSetting?.['scope.userLocation'] === true
    if (allowed) forgetLocation()
    return allowed
  } catch {
    return false
  }
}

/** Opens navigation to a station: WeChat's map in the mini-program; Amap's web page (GCJ-02 too) elsewhere. */
export async function navigateTo(s: { name: string; address: string; location: Place }): Promise<void> {
  if (process.env.TARO_ENV === 'weapp') {
    await Taro.openLocation({ latitude: s.location.lat, longitude: s.location.lng, name: s.name, address: s.address, scale: 16 })
    return
  }
  const url = `https://uri.amap.com/marker?position=${s.location.lng},${s.location.lat}&name=${encodeURIComponent(s.name)}&coordinate=gaode&callnative=1`
  window.open(url, '_blank')
}

export function distanceText(m: number): string {
  if (m < 1000) return `${m} 米`
  return `${(m / 1000).toFixed(m < 10_000 ? 1 : 0)} 公里`
}
