import { defineFunction, withTimers } from '../_shared/runtime'
import { claim } from './claim'
import { campaigns, mine, voucherToken, offlineKey, redeem } from './wallet'
import { upsertCampaign, endCampaign, stats } from './admin'
import { remind, runRemind } from './remind'

export const voucherFunction = withTimers(defineFunction('voucher', {
  campaigns,
  claim,
  mine,
  voucherToken,
  offlineKey,
  redeem,
  upsertCampaign,
  endCampaign,
  stats,
  remind,
}), {
  /** Daily from 18:00 Asia/Shanghai, resumed every 10 minutes until done (cloudbaserc.json; the local gateway keeps the same schedule). */
  remind: (deps) => runRemind(deps, deps.clock.now(), { timer: true }),
})
