/**
 * The campaigns list (eligibility and why not), the wallet (status, paging), staff editing and stats,
 * through the gateway against the real sqlite store.
 */
import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { startGateway, type TestGateway } from '../support/gateway'
import { ADMIN, MERCHANT, addMembers, campaignData, claim, createCampaign } from './helpers'

const clock = new ManualClock(Date.parse('2026-07-20T00:00:00.000Z')) // 08:00 on 2026-07-20 in Shantou
let gw: TestGateway
// No demo data: the campaign list holds exactly this file's campaigns.
beforeAll(async () => {
  gw = await startGateway({ clock, env: { SEED: 'none', ADMIN_OPENIDS: ADMIN } })
  await gw.deps.store.collection('roles').insert({ _id: MERCHANT, roles: ['merchant'], partnerId: 'shantou-p01', v: 1 })
  await gw.deps.store.collection('partners').insert({ _id: 'shantou-p01', name: '汕头超市', category: 'retail', city: '汕头', address: '汕头', location: { lat: 23.36, lng: 116.68 }, offer: '冰饮立减' })
})
afterAll(async () => { await gw.close() })

type View = { id: string; state: string; eligible: boolean; ineligible?: { code: string; reason: string; message: string }; remainingToday: number; claimedToday: number }
const list = async (who?: string) => {
  const r = await gw.call('voucher', 'campaigns', {}, who)
  expect(r.status).toBe(200)
  expect(r.body.data.today).toBe('2026-07-20')
  return r.body.data.items as View[]
}

describe('campaigns', () => {
  let open: string, upcoming: string, endedRecently: string, endedLong: string
  beforeAll(async () => {
    open = await createCampaign(gw, { title: '开放中', industries: ['courier'], startDate: '2026-07-01', endDate: '2026-09-30', dailyStock: 3 })
    upcoming = await createCampaign(gw, { title: '即将开始', startDate: '2026-07-25', endDate: '2026-08-31' })
    endedRecently = await createCampaign(gw, { title: '刚结束', startDate: '2026-06-01', endDate: '2026-07-18' })
    endedLong = await createCampaign(gw, { title: '早已结束', startDate: '2026-05-01', endDate: '2026-06-30' })
  })

  test('open first, then upcoming, then recently ended; long-ended ones are gone', async () => {
    const items = await list()
    const ids = items.map((c) => c.id)
    expect(ids).toEqual([open, upcoming, endedRecently])
    expect(ids).not.toContain(endedLong)
    expect(items.map((c) => c.state)).toEqual(['open', 'upcoming', 'ended'])
    expect(items[0].remainingToday).toBe(3)
    expect(items[1].remainingToday).toBe(0)
  })

  test('eligibility and the reason why not, for each kind of caller', async () => {
    const anon = (await list()).find((c) => c.id === open)!
    expect(anon).toMatchObject({ eligible: false, ineligible: { code: 'UNAUTHENTICATED', reason: 'SIGN_IN', message: '请先登录' }, claimedToday: 0 })
    const worker = (await list('v-just-a-worker')).find((c) => c.id === open)!
    expect(worker).toMatchObject({ eligible: false, ineligible: { code: 'NOT_MEMBER', reason: 'NOT_JOINED', message: '请先入会' } })
    const [pending] = await addMembers(gw, 1, { status: 'pending' })
    expect((await list(pending)).find((c) => c.id === open)).toMatchObject({ eligible: false, ineligible: { code: 'NOT_MEMBER', reason: 'JOIN_PENDING', message: expect.stringContaining('审核中') } })
    const [builder] = await addMembers(gw, 1, { industry: 'construction' })
    expect((await list(builder)).find((c) => c.id === open)).toMatchObject({ eligible: false, ineligible: { code: 'NOT_ELIGIBLE', reason: 'INDUSTRY', message: '本活动仅限快递员的工会会员' } })
    const [courier] = await addMembers(gw, 1)
    const mine = await list(courier)
    expect(mine.find((c) => c.id === open)).toMatchObject({ eligible: true, claimedToday: 0 })
    expect(mine.find((c) => c.id === open)!.ineligible).toBeUndefined()
    expect(mine.find((c) => c.id === upcoming)).toMatchObject({ eligible: false, ineligible: { code: 'OUTSIDE_WINDOW', reason: 'NOT_STARTED', message: expect.stringContaining('2026-07-25') } })
    expect(mine.find((c) => c.id === endedRecently)).toMatchObject({ eligible: false, ineligible: { code: 'OUTSIDE_WINDOW', reason: 'ENDED', message: '活动已结束' } })
  })

  test('the reason shown in the list is the error a claim answers: same code, same text', async () => {
    const [builder] = await addMembers(gw, 1, { industry: 'construction' })
    const [courier] = await addMembers(gw, 1)
    for (const [who, id] of [[builder, open], [courier, upcoming], [courier, endedRecently]] as const) {
      const shown = (await list(who)).find((c) => c.id === id)!.ineligible!
      const r = await claim(gw, who, id)
      expect(r.body.error).toMatchObject({ code: shown.code, message: shown.message })
    }
  })

  test('after a claim: claimedToday for the claimant, remainingToday for everyone', async () => {
    const [a, b] = await addMembers(gw, 2)
    expect((await claim(gw, a, open)).status).toBe(200)
    const forA = (await list(a)).find((c) => c.id === open)!
    const forB = (await list(b)).find((c) => c.id === open)!
    expect([forA.claimedToday, forB.claimedToday]).toEqual([1, 0])
    expect(forA.remainingToday).toBe(forB.remainingToday)
    expect(forA.remainingToday).toBeLessThan(3)
  })
})

describe('the wallet', () => {
  test('newest first, paged by cursor without gaps or repeats, filtered by status', async () => {
    const [m] = await addMembers(gw, 1)
    const cs = [
      await createCampaign(gw, { perMemberPerDay: 10, startDate: '2026-07-01', endDate: '2026-07-31' }),
      await createCampaign(gw, { perMemberPerDay: 10, startDate: '2026-07-01', endDate: '2026-07-31' }),
      await createCampaign(gw, { perMemberPerDay: 5, startDate: '2026-07-01', endDate: '2026-07-31' }),
    ]
    const claimed: string[] = []
    for (const c of cs) {
      for (let i = 0; i < (c === cs[2] ? 5 : 10); i++) {
        clock.advance(1000)
        const r = await claim(gw, m, c)
        expect(r.status).toBe(200)
        claimed.push(r.body.data.id)
      }
    }
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const r: { body: { data: { items: Array<{ id: string }>; nextCursor: string | null } } } =
        await gw.call('voucher', 'mine', { limit: 10, ...(cursor ? { cursor } : {}) }, m)
      seen.push(...r.body.data.items.map((v) => v.id))
      cursor = r.body.data.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual([...claimed].reverse())
    expect((await gw.call('voucher', 'mine', {}, m)).body.data.items).toHaveLength(20)

    // Use two, then let the day end: unused → expired.
    for (const id of claimed.slice(0, 2)) {
      const t = await gw.call('voucher', 'voucherToken', { voucherId: id }, m)
      expect((await gw.call('voucher', 'redeem', { token: t.body.data.token }, MERCHANT)).status).toBe(200)
    }
    const used = await gw.call('voucher', 'mine', { status: 'used' }, m)
    expect(used.body.data.items.map((v: { id: string }) => v.id).sort()).toEqual(claimed.slice(0, 2).sort())
    expect((await gw.call('voucher', 'mine', { status: 'unused', limit: 50 }, m)).body.data.items).toHaveLength(23)
    expect((await gw.call('voucher', 'mine', { status: 'expired' }, m)).body.data.items).toHaveLength(0)
    clock.set('2026-07-20T16:00:00.000Z')
    expect((await gw.call('voucher', 'mine', { status: 'expired', limit: 50 }, m)).body.data.items).toHaveLength(23)
    expect((await gw.call('voucher', 'mine', { status: 'unused' }, m)).body.data.items).toHaveLength(0)
    clock.set('2026-07-20T00:00:00.000Z')
  })

  test('a cursor that is not ours is VALIDATION_FAILED; nobody sees another\'s vouchers; anonymous is 401', async () => {
    const bad = await gw.call('voucher', 'mine', { cursor: 'not-a-cursor' }, 'v-someone')
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect((await gw.call('voucher', 'mine', {}, 'v-someone')).body.data).toEqual({ items: [], nextCursor: null })
    expect((await gw.call('voucher', 'mine', {})).status).toBe(401)
  })
})

describe('staff', () => {
  test('create with a given id, edit it, invalid input shows field errors, non-admins are refused', async () => {
    const created = await gw.call('voucher', 'upsertCampaign', campaignData({ id: 'shantou-2026-test', title: '夏日清凉' }), ADMIN)
    expect(created.body.data).toMatchObject({ id: 'shantou-2026-test', title: '夏日清凉', dailyStock: 100 })
    const edited = await gw.call('voucher', 'upsertCampaign', campaignData({ id: 'shantou-2026-test', title: '夏日清凉（加量）', dailyStock: 500 }), ADMIN)
    expect(edited.body.data).toMatchObject({ id: 'shantou-2026-test', title: '夏日清凉（加量）', dailyStock: 500 })
    expect(await gw.deps.store.collection('campaigns').count({ title: { $in: ['夏日清凉', '夏日清凉（加量）'] } })).toBe(1)

    const bad = await gw.call('voucher', 'upsertCampaign', campaignData({ startDate: '2026-08-01', endDate: '2026-07-01', dailyStock: 0, industries: [] }), ADMIN)
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.body.error.details.fieldErrors).sort()).toEqual(['dailyStock', 'endDate', 'industries'])
    const order = await gw.call('voucher', 'upsertCampaign', campaignData({ startDate: '2026-08-01', endDate: '2026-07-01' }), ADMIN)
    expect(order.body.error.details.fieldErrors.endDate).toEqual(['结束日期不能早于开始日期'])

    for (const who of ['demo-courier', MERCHANT]) {
      expect((await gw.call('voucher', 'upsertCampaign', campaignData(), who)).body.error.code).toBe('FORBIDDEN')
      expect((await gw.call('voucher', 'stats', { campaignId: 'shantou-2026-test' }, who)).body.error.code).toBe('FORBIDDEN')
    }
  })

  test('stats: per day claimed, redeemed, remaining, and by industry', async () => {
    clock.set('2026-07-20T00:00:00.000Z')
    const c = await createCampaign(gw, { industries: ['courier', 'sanitation'], startDate: '2026-07-19', endDate: '2026-07-31', dailyStock: 10 })
    const couriers = await addMembers(gw, 3)
    const sweepers = await addMembers(gw, 2, { industry: 'sanitation' })
    clock.set('2026-07-19T02:00:00.000Z')
    const day1 = await Promise.all([...couriers, ...sweepers].map((m) => claim(gw, m, c)))
    // Redeem one courier's and one sweeper's voucher.
    for (const i of [0, 3]) {
      const t = await gw.call('voucher', 'voucherToken', { voucherId: day1[i].body.data.id }, [...couriers, ...sweepers][i])
      expect((await gw.call('voucher', 'redeem', { token: t.body.data.token }, MERCHANT)).status).toBe(200)
    }
    clock.set('2026-07-20T02:00:00.000Z')
    await claim(gw, couriers[0], c)

    const s = await gw.call('voucher', 'stats', { campaignId: c }, ADMIN)
    expect(s.status).toBe(200)
    expect(s.body.data.campaign.id).toBe(c)
    expect(s.body.data.days).toEqual([
      { day: '2026-07-19', claimed: 5, redeemed: 2, remaining: 5, byIndustry: { courier: { claimed: 3, redeemed: 1 }, sanitation: { claimed: 2, redeemed: 1 } } },
      { day: '2026-07-20', claimed: 1, redeemed: 0, remaining: 9, byIndustry: { courier: { claimed: 1, redeemed: 0 }, sanitation: { claimed: 0, redeemed: 0 } } },
    ])
    expect((await gw.call('voucher', 'stats', { campaignId: 'no-such' }, ADMIN)).body.error.code).toBe('NOT_FOUND')
  })
})

test('a member sees only their city’s campaigns; a guest sees all (SPEC second wave)', async () => {
  const shantou = await createCampaign(gw, { title: '汕头城市券' })
  const beijing = await createCampaign(gw, { title: '北京城市券', city: '北京' })
  const [bj] = await addMembers(gw, 1, { city: '北京' })
  const [st] = await addMembers(gw, 1)
  const ids = async (who?: string) => (await list(who)).map((c) => c.id)
  expect(await ids(bj)).toContain(beijing)
  expect(await ids(bj)).not.toContain(shantou)
  expect(await ids(st)).toContain(shantou)
  expect(await ids(st)).not.toContain(beijing)
  expect(await ids()).toEqual(expect.arrayContaining([shantou, beijing]))
})
