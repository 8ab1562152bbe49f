/** Table tests of the voucher function's input schemas: what is accepted, what is refused and on which field. */
import { voucherActions, CampaignInput } from '../../types/voucher'
import { schemaTableTests, type SchemaRow } from '../support/schema-table'

const UUID = '2b1e4c8a-7d3f-4a5b-9c6d-0e1f2a3b4c5d'
const campaign = {
  title: '智送清凉', city: '汕头', industries: ['courier', 'sanitation'], startDate: '2026-07-01', endDate: '2026-09-30',
  dailyStock: 2000, perMemberPerDay: 1, faceValue: 300, threshold: 0,
}

const table: Record<string, SchemaRow[]> = {
  upsertCampaign: [
    ['a new campaign', campaign, true, ''],
    ['an edit by id', { ...campaign, id: 'shantou-zhisong-qingliang' }, true, ''],
    ['a one-day campaign', { ...campaign, endDate: '2026-07-01' }, true, ''],
    ['title missing', { ...campaign, title: undefined }, false, 'title'],
    ['title blank', { ...campaign, title: '   ' }, false, 'title'],
    ['title too long', { ...campaign, title: '清'.repeat(41) }, false, 'title'],
    ['city that is only 市', { ...campaign, city: '市' }, false, 'city'],
    ['city with 市 (stored without it)', { ...campaign, city: '汕头市' }, true, ''],
    ['no industry', { ...campaign, industries: [] }, false, 'industries'],
    ['unknown industry', { ...campaign, industries: ['pilot'] }, false, 'industries.0'],
    ['bad date', { ...campaign, startDate: '2026-02-30' }, false, 'startDate'],
    ['date in another format', { ...campaign, endDate: '2026/09/30' }, false, 'endDate'],
    ['end before start', { ...campaign, startDate: '2026-09-30', endDate: '2026-07-01' }, false, 'endDate'],
    ['zero stock', { ...campaign, dailyStock: 0 }, false, 'dailyStock'],
    ['fractional stock', { ...campaign, dailyStock: 10.5 }, false, 'dailyStock'],
    ['stock as text', { ...campaign, dailyStock: '2000' }, false, 'dailyStock'],
    ['11 a day per member', { ...campaign, perMemberPerDay: 11 }, false, 'perMemberPerDay'],
    ['face value 0', { ...campaign, faceValue: 0 }, false, 'faceValue'],
    ['face value in yuan', { ...campaign, faceValue: 2.5 }, false, 'faceValue'],
    ['negative threshold', { ...campaign, threshold: -1 }, false, 'threshold'],
    ['id with a dot', { ...campaign, id: 'a.b' }, false, 'id'],
    ['id with $', { ...campaign, id: '$where' }, false, 'id'],
    ['an unknown field', { ...campaign, remaining: 5 }, false, ''],
    ['with a requestId', { ...campaign, requestId: UUID }, true, ''],
    ['requestId not a UUID', { ...campaign, requestId: 'tap-1' }, false, 'requestId'],
    ['stock over 4 shards', { ...campaign, shards: 4 }, true, ''],
    ['0 shards', { ...campaign, shards: 0 }, false, 'shards'],
    ['65 shards', { ...campaign, shards: 65 }, false, 'shards'],
    ['half a shard', { ...campaign, shards: 2.5 }, false, 'shards'],
  ],
  endCampaign: [
    ['a campaign', { campaignId: 'shantou-zhisong-qingliang' }, true, ''],
    ['none', {}, false, 'campaignId'],
    ['an operator', { campaignId: { $ne: '' } }, false, 'campaignId'],
    ['an unknown field', { campaignId: 'c1', endDate: '2026-07-01' }, false, ''],
  ],
  claim: [
    ['campaign and requestId', { campaignId: 'shantou-zhisong-qingliang', requestId: UUID }, true, ''],
    ['no requestId', { campaignId: 'c1' }, false, 'requestId'],
    ['requestId not a UUID', { campaignId: 'c1', requestId: 'retry-1' }, false, 'requestId'],
    ['campaignId as an operator', { campaignId: { $gt: '' }, requestId: UUID }, false, 'campaignId'],
    ['campaignId too long', { campaignId: 'x'.repeat(65), requestId: UUID }, false, 'campaignId'],
    ['openid smuggled in', { campaignId: 'c1', requestId: UUID, openid: 'someone-else' }, false, ''],
    ['with an eligibility pass', { campaignId: 'c1', requestId: UUID, pass: 'elig.eyJzdWIiOiJtIn0.c2ln' }, true, ''],
    ['a pass that is not one', { campaignId: 'c1', requestId: UUID, pass: 'card.eyJ9.x' }, false, 'pass'],
    ['a pass as an object', { campaignId: 'c1', requestId: UUID, pass: { sub: 'm' } }, false, 'pass'],
    ['a pass far too long', { campaignId: 'c1', requestId: UUID, pass: `elig.${'a'.repeat(1000)}.b` }, false, 'pass'],
  ],
  mine: [
    ['nothing', {}, true, ''],
    ['status and limit', { status: 'expired', limit: 50 }, true, ''],
    ['unknown status', { status: 'lost' }, false, 'status'],
    ['limit over 50', { limit: 51 }, false, 'limit'],
    ['limit 0', { limit: 0 }, false, 'limit'],
    ['huge cursor', { cursor: 'x'.repeat(201) }, false, 'cursor'],
  ],
  voucherToken: [
    ['a voucher id', { voucherId: 'dKVMXw_bkeJVpiWtbwyDuU' }, true, ''],
    ['missing', {}, false, 'voucherId'],
    ['path-like', { voucherId: '../x' }, false, 'voucherId'],
  ],
  offlineKey: [
    ['a voucher id', { voucherId: 'dKVMXw_bkeJVpiWtbwyDuU' }, true, ''],
    ['missing', {}, false, 'voucherId'],
    ['path-like', { voucherId: '../x' }, false, 'voucherId'],
    ['an extra field', { voucherId: 'dKVMXw_bkeJVpiWtbwyDuU', key: 'k' }, false, ''],
  ],
  redeem: [
    ['a token', { token: 'voucher.abc.def' }, true, ''],
    ['an offline token', { token: 'OV1.dKVMXw_bkeJVpiWtbwyDuU.59000000.0123456789abcdef0123' }, true, ''],
    ['empty', { token: '' }, false, 'token'],
    ['too long', { token: 'v'.repeat(513) }, false, 'token'],
    ['a number', { token: 42 }, false, 'token'],
  ],
  stats: [
    ['a campaign', { campaignId: 'shantou-zhisong-qingliang' }, true, ''],
    ['none', {}, false, 'campaignId'],
  ],
  remind: [
    ['nothing', {}, true, ''],
    ['a day', { day: '2026-07-15' }, false, ''],
  ],
  campaigns: [
    ['nothing', {}, true, ''],
    ['anything else', { city: '汕头' }, false, ''],
  ],
}

schemaTableTests('voucher', voucherActions, table)

test('the form and the function share one schema: the parsed campaign is trimmed', () => {
  const r = CampaignInput.parse({ ...campaign, title: '  智送清凉  ' })
  expect(r.title).toBe('智送清凉')
})

test('each refusal of a number says what is wrong with it', () => {
  const msg = (over: object) => {
    const r = CampaignInput.safeParse({ ...campaign, ...over })
    return r.success ? null : r.error.issues.map((i) => i.message)
  }
  expect(msg({ dailyStock: 0 })).toEqual(['每日库存至少 1 张'])
  expect(msg({ dailyStock: 1.5 })).toEqual(['每日库存应为整数'])
  expect(msg({ perMemberPerDay: 11 })).toEqual(['每人每日最多限领 10 张'])
  expect(msg({ perMemberPerDay: 0 })).toEqual(['每人每日至少可领 1 张'])
})
