/** The earth's radius of SPEC's haversine, in metres. */
export const EARTH_RADIUS_M = 6_371_008.8

/** The point `metres` from `from` along `bearingDeg` on the sphere (the inverse of haversine, same radius). */
export function destination(from: { lat: number; lng: number }, metres: number, bearingDeg: number): { lat: number; lng: number } {
  const rad = Math.PI / 180
  const d = metres / EARTH_RADIUS_M
  const b = bearingDeg * rad
  const lat1 = from.lat * rad
  const lng1 = from.lng * rad
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b))
  const lng2 = lng1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2))
  return { lat: lat2 / rad, lng: lng2 / rad }
}
