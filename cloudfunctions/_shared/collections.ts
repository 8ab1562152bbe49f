/**
 * Every collection the functions use, with the fields they are queried by: the one source for
 * - the sqlite adapter (tables, expression indexes, an R*Tree per geo field),
 * - the CloudBase bootstrap `npm run cloud:setup` (collections, indexes incl. 2dsphere, rules),
 * - the health check `member.health` (what must exist after a deploy).
 *
 * To add a collection, add one entry here (one line per collection); nothing else lists them.
 */
export interface CollectionSpec {
  /** Compound ascending indexes, each a list of fields (dotted paths allowed). */
  indexes?: readonly (readonly string[])[]
  /** Field holding { lat, lng }: kept in an R*Tree (sqlite) / 2dsphere index (CloudBase). */
  geo?: string
  /**
   * Fields that are unique besides `_id` (documents without the field are not indexed): an insert that
   * repeats a value throws DuplicateKey like a repeated `_id`. On CloudBase a unique index; existing
   * documents must hold distinct values before it is created (see docs/DEPLOY.md).
   */
  unique?: string[]
}

const SPECS = {
  roles: {},
  /** `cardNo`: an offline card code names the card, not the person (member/card.ts). */
  members: { indexes: [['status', 'appliedAt'], ['city'], ['industry'], ['cardNo']] },
  partners: { indexes: [['city', 'category']], geo: 'location' },
  partner_applications: { indexes: [['status', 'createdAt'], ['applicant']] },
  benefit_uses: { indexes: [['partnerId', 'day'], ['openid']] },
  /** One counter per partner and day (`${day}_${partnerId}`), kept in the same transaction as the use. */
  benefit_daily: { indexes: [['day']] },
  /** One per offline card code spent (keyed id of card and step), written with its benefit use; `until` serves a TTL clean-up. */
  code_uses: { indexes: [['until']] },
  campaigns: { indexes: [['endDate']] },
  campaign_days: { indexes: [['campaignId', 'day']] },
  /** campaign_days: `<campaignId>_<day>` day ledgers (claimed count + grants); vouchers: deterministic ids per grant. */
  /** `rk`: the claim's (holder, requestId), unique: one requestId never yields two vouchers (claim.ts). */
  vouchers: { indexes: [['owner', 'claimedAt'], ['campaignId', 'day', 'industry', 'status']], unique: ['rk'] },
  contests: {},
  entries: { indexes: [['contestId', 'status', 'genre', 'stage'], ['owner']] },
  scores: { indexes: [['entryId', 'stage'], ['contestId', 'stage']] },
  votes: { indexes: [['voter', 'day'], ['entryId']] },
  stations: { indexes: [['city'], ['sceneRef']], geo: 'location' },
  checkins: { indexes: [['stationId', 'day'], ['openid'], ['city', 'day'], ['day'], ['claim']] },
  /** One per (station, person): the last counted check-in and the claim that guards the 2-hour window. */
  station_visitors: {},
  ratings: { indexes: [['stationId']] },
  evaluations: { indexes: [['stationId', 'at']] },
  requests: {},
  /** One counter per (action, person, minute), see _shared/ratelimit.ts; `until` serves a TTL clean-up. */
  rate_limits: { indexes: [['until']] },
  meta: {},
  /** One per event (keyed hash of the event), see _shared/notify.ts. */
  messages: { indexes: [['to', 'sentAt'], ['to', 'read']] },
  /** One-time subscribe-message subscriptions: a counter per (person, topic), keyed hash id. */
  subscriptions: { indexes: [['openid']] },
} as const satisfies Record<string, CollectionSpec>

export type CollectionName = keyof typeof SPECS
export const COLLECTIONS: Readonly<Record<CollectionName, CollectionSpec>> = SPECS

/**
 * The collection names as typed constants: `store.collection(C.members)`, `tx.insert(C.vouchers, doc)`.
 * Code names collections only this way (test/platform/cloud-layers.test.ts refuses a name as a string literal).
 */
export const C = Object.freeze(Object.fromEntries(Object.keys(COLLECTIONS).map((k) => [k, k]))) as { readonly [K in CollectionName]: K }

export const collectionNames = (): CollectionName[] => Object.keys(COLLECTIONS) as CollectionName[]

export function isCollection(name: string): name is CollectionName {
  return Object.prototype.hasOwnProperty.call(COLLECTIONS, name)
}

/** One index as CloudBase (MongoDB) holds it. Names follow MongoDB's convention (`field_1_other_1`, `location_2dsphere`). */
export interface CloudIndex {
  name: string
  keys: Array<{ name: string; direction: '1' | '2dsphere' }>
  unique: boolean
}

export const indexName = (fields: readonly string[]): string => fields.map((f) => `${f}_1`).join('_')

/** Every index a collection needs in CloudBase, the geo one last. */
export function cloudIndexes(spec: CollectionSpec): CloudIndex[] {
  const out: CloudIndex[] = (spec.indexes ?? []).map((fields) => ({
    name: indexName(fields),
    keys: fields.map((f) => ({ name: f, direction: '1' as const })),
    unique: false,
  }))
  for (const f of spec.unique ?? []) out.push({ name: `${f}_1_unique`, keys: [{ name: f, direction: '1' }], unique: true })
  if (spec.geo) out.push({ name: `${spec.geo}_2dsphere`, keys: [{ name: spec.geo, direction: '2dsphere' }], unique: false })
  return out
}

/**
 * Access from clients: none. The mini-program never reads or writes the database; everything goes
 * through the functions, whose server SDK is not bound by these rules. CloudBase's ADMINONLY is
 * "仅管理端可读写" (the console's `{ "read": false, "write": false }`).
 */
export const DATABASE_PERMISSION = 'ADMINONLY' as const

/**
 * The storage rule. Uploads land under `<area>/<alias>/…`; the uploader may write and read back
 * their own files (the contest form previews the uploaded video from `cloud://…`); nobody else
 * reads them directly: players and galleries get temporary URLs from the functions.
 */
export const STORAGE_RULE = {
  read: 'resource.openid == auth.openid',
  write: 'resource.openid == auth.openid',
} as const
