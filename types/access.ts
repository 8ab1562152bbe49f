import type { Role, FunctionName } from './common'

/**
 * Who may call each action. The runtime enforces it from this table; a test checks every cell.
 *  - 'any':    everyone, also without an identity
 *  - 'user':   any caller with an identity (a worker)
 *  - 'member': an active union member (NOT_MEMBER otherwise)
 *  - Role[]:   callers holding one of these roles (FORBIDDEN otherwise); object-level checks follow in the handler
 */
export type Access = 'any' | 'user' | 'member' | readonly Role[]

export const ACCESS: { [F in FunctionName]: Record<string, Access> } = {
  member: {
    me: 'user',
    join: 'user',
    listJoins: ['admin'],
    reviewJoin: ['admin'],
    cardToken: 'member',
    offlineKey: 'member',
    partners: 'any',
    redeemBenefit: ['merchant'],
    benefitUses: ['merchant'],
    applyPartner: 'user',
    listPartnerApplications: ['admin'],
    reviewPartner: ['admin'],
    grantRole: ['admin'],
    search: ['admin'],
    revokeRole: ['admin'],
    stats: ['admin'],
    exportMine: 'user',
    deleteMine: 'user',
    subscribe: 'user',
    subscribeTemplates: 'any',
    messages: 'user',
    readMessages: 'user',
    health: ['admin'],
  },
  voucher: {
    campaigns: 'any',
    claim: 'member',
    mine: 'user',
    voucherToken: 'user',
    offlineKey: 'user',
    redeem: ['merchant'],
    upsertCampaign: ['admin'],
    remind: ['admin'],
    endCampaign: ['admin'],
    stats: ['admin'],
  },
  contest: {
    list: 'any',
    get: 'any',
    signup: 'user',
    mine: 'user',
    entries: 'any',
    reviewQueue: ['admin', 'judge'],
    review: ['admin'],
    vote: 'user',
    score: ['judge'],
    advance: ['admin'],
    awards: 'any',
    upsertContest: ['admin'],
    withdraw: ['admin'],
  },
  station: {
    nearby: 'any',
    get: 'any',
    checkin: 'user',
    rate: 'user',
    upsert: ['admin', 'keeper'],
    evaluate: ['admin'],
    evaluations: ['admin'],
    qrcode: ['admin', 'keeper'],
    posterImage: ['admin', 'keeper'],
    stats: ['admin'],
  },
}
