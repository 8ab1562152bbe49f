/** What a poster's code or a pasted text says: the poster's scene, or the station and its printed code. */
export type CheckinTarget = { scene: string } | { stationId: string; code: string }

function parseQuery(q: string): Record<string, string> {
  // Keys come from a scanned text: no prototype, so `__proto__=` or `toString=` are plain keys.
  const out: Record<string, string> = Object.create(null)
  for (const part of q.split('&')) {
    const i = part.indexOf('=')
    if (i <= 0) continue
    try {
      out[decodeURIComponent(part.slice(0, i))] = decodeURIComponent(part.slice(i + 1))
    } catch {
      // a broken escape: skip that part
    }
  }
  return out
}

/** A scene as WeChat or a URL hands it over (URL-encoded once), as the function wants it. */
export function sceneOf(raw: string): string {
  try { return decodeURIComponent(raw).trim() } catch { return raw.trim() }
}

/**
 * Reads a scanned or pasted text: the poster's web address or mini-program path (…checkin/index?scene=..),
 * a bare scene, an older path with stationId and code, or a bare code when the station is already known.
 * The function checks the scene; here only its outline matters.
 */
export function parseCheckin(text: string, knownStationId?: string): CheckinTarget | null {
  const t = text.trim()
  if (!t) return null
  // H5 addresses carry the page and its query after the hash: …/#/packages/…/checkin/index?scene=..
  const hashFree = t.includes('#') && t.indexOf('?') > t.indexOf('#') ? t.slice(t.indexOf('#') + 1) : t
  const q = hashFree.includes('?') ? hashFree.slice(hashFree.indexOf('?') + 1) : hashFree.includes('=') ? hashFree : ''
  if (q) {
    const p = parseQuery(q)
    if (p.scene) return { scene: p.scene.trim() }
    const stationId = p.stationId ?? knownStationId
    return stationId && p.code ? { stationId, code: p.code } : null
  }
  if (/^[A-Za-z0-9_-]{10}\.[A-Za-z0-9_-]{12}$/.test(t)) return { scene: t }
  if (knownStationId && /^[A-Za-z0-9_-]{4,64}$/.test(t)) return { stationId: knownStationId, code: t }
  return null
}

/** HH:mm on the Shanghai wall clock. */
export const hhmm = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(11, 16)
