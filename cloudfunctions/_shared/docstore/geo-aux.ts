import { SERVICES } from '../../../types'

/**
 * What the embedded store copies next to each entry of a collection's R*Tree (its auxiliary columns), so
 * that `geoNear` finds, measures and filters candidates without reading their documents: every geo
 * collection keeps its id and exact coordinates there; a collection listed here also keeps
 *  - `bits`: a set-valued field from a closed vocabulary as a bitmask (`$all` on it is one AND), and
 *  - `fields`: scalar fields (strings or numbers) as they are in the document.
 * A geoNear filter on these fields only is answered from the R*Tree alone; any other filter reads the
 * documents as before. Changing a list here rebuilds the R*Tree at the next start (column names carry it).
 * This is an index definition, like collections.ts: it has no effect on CloudBase (a 2dsphere index there).
 */
export interface GeoAux {
  bits?: { field: string; values: readonly string[] }
  fields?: readonly string[]
}

export const GEO_AUX: Readonly<Record<string, GeoAux>> = {
  stations: { bits: { field: 'services', values: SERVICES }, fields: ['hoursKind', 'openHours.open', 'openHours.close'] },
}
