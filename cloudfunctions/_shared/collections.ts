/**
 * Every collection the functions use, with the fields they are queried by.
 * The sqlite adapter creates tables and expression indexes from this; the CloudBase deploy
 * creates the same collections, indexes and security rules (see README).
 */
export interface CollectionSpec {
  indexes?: string[][]
  /** Field holding { lat, lng }: kept in an R*Tree (sqlite) / 2dsphere index (CloudBase). */
  geo?: string
  /**
   * Fields that are unique besides `_id` (documents without the field are not indexed): an insert that
   * repeats a value throws DuplicateKey like a repeated `_id`. On CloudBase a unique index; existing
   * documents must hold distinct values before it is created (see docs/DEPLOY.md).
   */
  unique?: string[]
}

export const COLLECTIONS: Record<string, CollectionSpec> = {
  roles: {},
  members: { indexes: [['status', 'appliedAt'], ['city'], ['industry']] },
  partners: { indexes: [['city', 'category']], geo: 'location' },
  partner_applications: { indexes: [['status', 'createdAt'], ['applicant']] },
  benefit_uses: { indexes: [['partnerId', 'day'], ['openid']] },
  /** One counter per partner and day (`${day}_${partnerId}`), kept in the same transaction as the use. */
  benefit_daily: { indexes: [['day']] },
  campaigns: { indexes: [['endDate']] },
  campaign_days: { indexes: [['campaignId', 'day']] },
  /** campaign_days: `<campaignId>_<day>` day ledgers (claimed count + grants); vouchers: deterministic ids per grant. */
  /** `rk`: the claim's (holder, requestId), unique: one requestId never yields two vouchers (claim.ts). */
  vouchers: { indexes: [['owner', 'claimedAt'], ['campaignId', 'day', 'industry', 'status']], unique: ['rk'] },
  contests: {},
  entries: { indexes: [['contestId', 'status', 'genre', 'stage'], ['owner']] },
  scores: { indexes: [['entryId', 'stage'], ['contestId', 'stage']] },
  votes: { indexes: [['voter', 'day'], ['entryId']] },
  stations: { indexes: [['city']], geo: 'location' },
  checkins: { indexes: [['stationId', 'day'], ['openid'], ['city', 'day'], ['day'], ['claim']] },
  /** One per (station, person): the last counted check-in and the claim that guards the 2-hour window. */
  station_visitors: {},
  ratings: { indexes: [['stationId']] },
  evaluations: { indexes: [['stationId', 'at']] },
  requests: {},
  /** One counter per (action, person, minute), see _shared/ratelimit.ts; `until` serves a TTL clean-up. */
  rate_limits: { indexes: [['until']] },
  meta: {},
}
