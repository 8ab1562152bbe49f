/** What a poster's code or a pasted text says: the station and its check-in code. */
export interface CheckinTarget { stationId: string; code: string }

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

/**
 * Reads a scanned or pasted text: the poster's path (…checkin/index?stationId=..&code=..), a full URL, a
 * mini-program code's `scene` (s=..&c=..), or a bare code when the station is already known.
 */
export function parseCheckin(text: string, knownStationId?: string): CheckinTarget | null {
  const t = text.trim()
  if (!t) return null
  const hashFree = t.includes('#') && t.indexOf('?') > t.indexOf('#') ? t.slice(t.indexOf('#') + 1) : t
  const q = hashFree.includes('?') ? hashFree.slice(hashFree.indexOf('?') + 1) : hashFree.includes('=') ? hashFree : ''
  if (q) {
    let p = parseQuery(q)
    if (p.scene) p = { ...p, ...parseQuery(p.scene) }
    const stationId = p.stationId ?? p.s ?? knownStationId
    const code = p.code ?? p.c
    return stationId && code ? { stationId, code } : null
  }
  if (knownStationId && /^[A-Za-z0-9_-]{4,64}$/.test(t)) return { stationId: knownStationId, code: t }
  return null
}

/** HH:mm on the Shanghai wall clock. */
export const hhmm = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(11, 16)
