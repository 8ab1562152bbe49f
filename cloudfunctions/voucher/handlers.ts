import { defineFunction } from '../_shared/runtime'
import { claim } from './claim'
import { campaigns, mine, voucherToken, redeem } from './wallet'
import { upsertCampaign, endCampaign, stats } from './admin'

export const voucherFunction = defineFunction('voucher', {
  campaigns,
  claim,
  mine,
  voucherToken,
  redeem,
  upsertCampaign,
  endCampaign,
  stats,
})
