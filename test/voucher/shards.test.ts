/**
 * Sharded day stock (model.ts: K ledgers per campaign-day) through the gateway on the real sqlite store:
 * every guarantee of the single ledger holds with K = 4 — never more than dailyStock, never more per member
 * than perMemberPerDay, every granted voucher stored, SOLD_OUT only when every shard is empty, stats add
 * the shards, a crash between the ledger update and the voucher insert is repaired.
 */
import { randomUUID } from 'node:crypto'
import { ManualClock } from '../../cloudfunctions/_shared/clock'
import type { Deps } from '../../cloudfunctions/_shared/runtime'
import { voucherFunction } from '../../cloudfunctions/voucher/handlers'
import { shardStock, voucherId, type CampaignDoc } from '../../cloudfunctions/voucher/model'
import { startGateway, type TestGateway } from '../support/gateway'
import { ADMIN, addMembers, campaignData, claim, crashingOnVoucherInsert, createCampaign, holder, vouchersOf } from './helpers'

const clock = new ManualClock(Date.parse('2026-07-15T00:30:00.000Z'))
const DAY = '2026-07-15'
let gw: TestGateway
beforeAll(async () => { gw = await startGateway({ clock }) })
afterAll(async () => { await gw.close() })

type Shard = { _id: string; shard: number; claimed: number; g: Record<string, { o: string; s: number; r: string }>; ind?: Record<string, number> }
const shardsOf = async (campaignId: string) =>
  ((await gw.deps.store.collection('campaign_days').find({ campaignId, day: DAY })) as unknown as Shard[]).sort((a, b) => a.shard - b.shard)
const campaignDoc = async (id: string) => (await gw.deps.store.collection('campaigns').get(id)) as unknown as CampaignDoc

test('300 members × 3 racing attempts on a stock of 100 over 4 shards → exactly 100 vouchers, one per member, all stored', async () => {
  const c = await createCampaign(gw, { dailyStock: 100, shards: 4, startDate: '2026-07-01' })
  const members = await addMembers(gw, 300, { tag: 'shard-rush' })
  const attempts = members.flatMap((m) => [0, 1, 2].map(() => ({ m, requestId: randomUUID() })))
  const answers = await Promise.all(attempts.map(async (a) => ({ ...a, r: await claim(gw, a.m, c, a.requestId) })))

  const granted = answers.filter((a) => a.r.status === 200)
  expect(granted).toHaveLength(100)
  expect(new Set(answers.filter((a) => a.r.status !== 200).map((a) => a.r.body.error.code))).toEqual(new Set(['SOLD_OUT', 'ALREADY_CLAIMED']))
  expect(new Set(granted.map((a) => a.m)).size).toBe(100)
  const stored = await vouchersOf(gw, c)
  expect(stored).toHaveLength(100)
  const byId = new Map(stored.map((v) => [v._id, v]))
  for (const a of granted) expect(byId.get(a.r.body.data.id)?.requestId).toBe(a.requestId)

  // Four ledgers of 25, each full, none over its share.
  const doc = await campaignDoc(c)
  const shards = await shardsOf(c)
  expect(shards.map((s) => s._id)).toEqual([`${c}_${DAY}`, `${c}_${DAY}-s1`, `${c}_${DAY}-s2`, `${c}_${DAY}-s3`])
  expect(shards.map((s) => s.claimed)).toEqual([0, 1, 2, 3].map((k) => shardStock(doc, k)))
  // Stats add the shards (after settling every shard), and the list says none left.
  const st = await gw.call('voucher', 'stats', { campaignId: c }, ADMIN)
  const today = st.body.data.days.find((d: { day: string }) => d.day === DAY)
  expect([today.claimed, today.remaining, today.byIndustry.courier.claimed]).toEqual([100, 0, 100])
  expect((await shardsOf(c)).every((s) => Object.keys(s.g).length === 0)).toBe(true)
  const view = await gw.call('voucher', 'campaigns', {}, members[0])
  expect(view.body.data.items.find((x: { id: string }) => x.id === c).remainingToday).toBe(0)
})

test('SOLD_OUT only when every shard is empty: 10 units over 4 shards (3, 3, 2, 2) all go, one by one', async () => {
  const c = await createCampaign(gw, { dailyStock: 10, shards: 4 })
  const members = await addMembers(gw, 12)
  const codes: string[] = []
  for (const m of members) {
    const r = await claim(gw, m, c)
    codes.push(r.status === 200 ? 'ok' : r.body.error.code)
  }
  // A claim whose random shard is empty tries the others: nobody hears SOLD_OUT while any unit is left.
  expect(codes).toEqual([...Array(10).fill('ok'), 'SOLD_OUT', 'SOLD_OUT'])
  expect((await shardsOf(c)).map((s) => s.claimed)).toEqual([3, 3, 2, 2])
})

test('more shards than units: the empty shards only send claims on to the others', async () => {
  const c = await createCampaign(gw, { dailyStock: 2, shards: 4 })
  const members = await addMembers(gw, 5)
  const answers = await Promise.all(members.map((m) => claim(gw, m, c)))
  expect(answers.filter((a) => a.status === 200)).toHaveLength(2)
  expect(answers.filter((a) => a.status !== 200).map((a) => a.body.error.code)).toEqual(['SOLD_OUT', 'SOLD_OUT', 'SOLD_OUT'])
  expect((await shardsOf(c)).map((s) => s.claimed)).toEqual([1, 1, 0, 0])
})

test('perMemberPerDay 2 over 4 shards: five racing claims of one member give exactly two vouchers; twins give one', async () => {
  const c = await createCampaign(gw, { dailyStock: 50, perMemberPerDay: 2, shards: 4 })
  const [m, t] = await addMembers(gw, 2)
  const answers = await Promise.all(Array.from({ length: 5 }, () => claim(gw, m, c)))
  expect(answers.filter((a) => a.status === 200)).toHaveLength(2)
  expect(answers.filter((a) => a.status !== 200).map((a) => a.body.error.code)).toEqual(['ALREADY_CLAIMED', 'ALREADY_CLAIMED', 'ALREADY_CLAIMED'])
  const requestId = randomUUID()
  const twins = await Promise.all(Array.from({ length: 8 }, () => claim(gw, t, c, requestId)))
  expect(new Set(twins.map((a) => JSON.stringify(a.body))).size).toBe(1)
  expect(twins[0].status).toBe(200)
  expect(await vouchersOf(gw, c)).toHaveLength(3)
  // Units taken by attempts that lost their slot are released: once settled, the shards add up to the vouchers.
  await gw.call('voucher', 'stats', { campaignId: c }, ADMIN)
  expect((await shardsOf(c)).reduce((n, s) => n + s.claimed, 0)).toBe(3)
})

test('a crash between a shard update and the voucher insert: the unit stays taken in its shard, the retry gets the voucher', async () => {
  const c = await createCampaign(gw, { dailyStock: 4, shards: 4, startDate: '2026-07-01' })
  const [m, ...others] = await addMembers(gw, 5)
  await claim(gw, others[0], c) // the day's shards exist
  const requestId = randomUUID()
  const deps: Deps = { ...gw.deps, store: crashingOnVoucherInsert(gw.deps.store) }
  const r = await voucherFunction.handle({ action: 'claim', data: { campaignId: c, requestId } }, m, deps)
  expect(r.ok).toBe(false)
  const mine = (await shardsOf(c)).flatMap((s) => Object.values(s.g)).filter((e) => e.o === holder(gw, m))
  expect(mine).toEqual([expect.objectContaining({ s: 1, r: requestId })])
  // The others take the rest; nobody gets the crashed claim's unit.
  const rest = await Promise.all(others.slice(1).map((o) => claim(gw, o, c)))
  expect(rest.map((x) => x.status === 200 ? 'ok' : x.body.error.code).sort()).toEqual(['SOLD_OUT', 'ok', 'ok'])
  const retry = await claim(gw, m, c, requestId)
  expect(retry.status).toBe(200)
  expect(retry.body.data.id).toBe(voucherId(c, DAY, holder(gw, m), 1))
  const st = await gw.call('voucher', 'stats', { campaignId: c }, ADMIN)
  expect(st.body.data.days.find((d: { day: string }) => d.day === DAY).claimed).toBe(4)
  expect(await vouchersOf(gw, c)).toHaveLength(4)
})

test('the number of shards can change before a campaign starts, not after', async () => {
  const later = await createCampaign(gw, { startDate: '2026-08-01', shards: 2 })
  const edit = (id: string, over: Record<string, unknown>) => gw.call('voucher', 'upsertCampaign', campaignData({ id, ...over }), ADMIN)
  const ok = await edit(later, { startDate: '2026-08-01', shards: 8 })
  expect(ok.body.data.shards).toBe(8)
  const started = await createCampaign(gw, { shards: 2 })
  const refused = await edit(started, { shards: 4 })
  expect([refused.status, refused.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  expect(refused.body.error.details.fieldErrors.shards).toEqual(['活动开始后不能修改库存分片数'])
  expect((await campaignDoc(started)).shards).toBe(2)
  // Other edits of a started campaign go through, shards untouched.
  const stock = await edit(started, { dailyStock: 7 })
  expect([stock.body.data.dailyStock, stock.body.data.shards]).toEqual([7, 2])
})
