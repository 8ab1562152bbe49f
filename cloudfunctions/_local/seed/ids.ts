/** Ids of demo data that other seeds and the demo identities refer to. */
export const DEMO = {
  courier: 'demo-courier',
  opera: 'demo-opera',
  driver: 'demo-driver',
  merchant: 'demo-merchant',
  /** The till of a Shantou supermarket: where the Shantou cooling vouchers are spent. */
  cashier: 'demo-cashier',
  keeper: 'demo-keeper',
  judge: 'demo-judge',
  admin: 'demo-admin',
  /** The partner venue demo-merchant verifies for (seeded by seed/member.ts). */
  partnerId: 'fuxin-p01',
  /** The stations demo-keeper keeps (seeded by seed/station.ts). */
  stationIds: ['bj-shangdong-didi', 'wh-wuchang-jian'],
  campaignId: 'shantou-zhisong-qingliang',
  /** The Shantou supermarket of demo-cashier (seeded by seed/voucher.ts). */
  shantouPartnerId: 'shantou-p01',
  contestId: 'hebei-opera-1',
} as const
