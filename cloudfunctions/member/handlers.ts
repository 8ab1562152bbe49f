import { defineFunction } from '../_shared/runtime'
import { me, grantRole, revokeRole } from './roles'
import { search } from './search'
import { join, listJoins, reviewJoin } from './joins'
import { cardToken, offlineKey, redeemBenefit, benefitUses } from './card'
import { partners, applyPartner, listPartnerApplications, reviewPartner } from './partners'
import { stats } from './stats'
import { exportMine, deleteMine } from './privacy'
import { subscribe, subscribeTemplates, messages, readMessages } from './messages'
import { health } from './health'

export const memberFunction = defineFunction('member', {
  me,
  join,
  listJoins,
  reviewJoin,
  cardToken,
  offlineKey,
  partners,
  redeemBenefit,
  benefitUses,
  applyPartner,
  listPartnerApplications,
  reviewPartner,
  grantRole,
  stats,
  exportMine,
  deleteMine,
  subscribe,
  subscribeTemplates,
  messages,
  readMessages,
  health,
  search,
  revokeRole,
})
