/**
 * Subscribe messages through the gateway on the real sqlite store, with WeChat's send faked at the
 * open-API edge: one message per event under retries and races, one send per subscription,
 * refused sends recorded and never an error to the action that caused them.
 */
import { CONSENT_VERSION } from '../../types'
import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { startGateway, type TestGateway } from '../support/gateway'
import { joinData, worker } from '../member/helpers'
import { createContest, enter, newJudge, person } from '../contest/helpers'
import { addMembers, createCampaign, claim, MERCHANT } from '../voucher/helpers'
import { fakeWechat, messageDocs, ok, TEMPLATES } from './helpers'
import { runRemind } from '../../cloudfunctions/voucher/remind'

const ADMIN = 'demo-admin'
const NOW = '2026-07-10T04:00:00.000Z'
const clock = new ManualClock(Date.parse(NOW))
let gw: TestGateway
let wx: ReturnType<typeof fakeWechat>
beforeAll(async () => { gw = await startGateway({ clock, env: { TIMERS: 'off' } }) })
afterAll(async () => { await gw.close() })
beforeEach(() => { clock.set(NOW); wx = fakeWechat(gw) })

const subscribe = (openid: string, topics: string[]) => ok(gw.call('member', 'subscribe', { topics }, openid))
const inbox = (openid: string, data: Record<string, unknown> = {}) => ok(gw.call('member', 'messages', data, openid))
const subsLeft = async (openid: string, topic: string) =>
  (await gw.deps.store.collection<any>('subscriptions').find({ openid, topic }))[0]?.left ?? 0

async function applicant() {
  const openid = worker('msg')
  await ok(gw.call('member', 'join', joinData(), openid))
  return openid
}

describe('join_result', () => {
  test('approval with a subscription: one message, pushed once with the template mapping, even when five approvals race', async () => {
    const openid = await applicant()
    expect(await subscribe(openid, ['join_result'])).toEqual({ subscriptions: { join_result: 1 } })
    const results = await Promise.all(Array.from({ length: 5 }, () => gw.call('member', 'reviewJoin', { openid, approve: true }, ADMIN)))
    expect(results.filter((r) => r.body.ok)).toHaveLength(1)
    const cardNo = results.find((r) => r.body.ok)!.body.data.cardNo

    const page = await inbox(openid)
    expect(page).toEqual({
      items: [{ id: expect.stringMatching(/^m/), topic: 'join_result', title: '入会申请已通过', body: expect.stringContaining(cardNo), page: 'packages/member/pages/card/index', sentAt: NOW, delivered: true, read: false }],
      nextCursor: null, unread: 1,
    })
    expect(page.items[0].id).not.toContain(openid)
    expect(wx.to(openid)).toEqual([{
      api: 'subscribeMessage.send',
      body: {
        touser: openid, template_id: TEMPLATES.join_result, page: 'packages/member/pages/card/index', miniprogram_state: 'formal', lang: 'zh_CN',
        data: { thing1: { value: '工会入会申请' }, phrase2: { value: '已通过' }, thing3: { value: `会员卡号 ${cardNo}` }, time4: { value: '2026-07-10 12:00' } },
      },
    }])
    expect(await subsLeft(openid, 'join_result')).toBe(0)
  })

  test('rejection without a subscription: stored with the reason, not pushed; re-applying and approval make a second message', async () => {
    const openid = await applicant()
    await ok(gw.call('member', 'reviewJoin', { openid, approve: false, reason: '工作单位与证明材料不符' }, ADMIN))
    const first = await inbox(openid)
    expect(first.items).toEqual([expect.objectContaining({ topic: 'join_result', title: '入会申请未通过', delivered: false, page: 'packages/member/pages/join/index' })])
    expect(first.items[0].body).toContain('工作单位与证明材料不符')
    expect(wx.to(openid)).toEqual([])
    expect((await messageDocs(gw, openid))[0].delivery).toBe('stored')

    clock.advance(3600_000)
    await ok(gw.call('member', 'join', joinData(), openid))
    await ok(gw.call('member', 'reviewJoin', { openid, approve: true }, ADMIN))
    const second = await inbox(openid)
    expect(second.items.map((m: any) => m.title)).toEqual(['入会申请已通过', '入会申请未通过'])
    expect(second.unread).toBe(2)
  })
})

describe('send and consume rules', () => {
  test('one subscription allows exactly one send; the next event of the topic is stored only', async () => {
    const openid = await applicant()
    await subscribe(openid, ['join_result'])
    await ok(gw.call('member', 'reviewJoin', { openid, approve: false, reason: '资料不全' }, ADMIN))
    clock.advance(60_000)
    await ok(gw.call('member', 'join', joinData(), openid))
    await ok(gw.call('member', 'reviewJoin', { openid, approve: true }, ADMIN))
    expect(wx.to(openid)).toHaveLength(1)
    expect((await messageDocs(gw, openid)).map((m: any) => m.delivery)).toEqual(['stored', 'sent'])
  })

  test('subscriptions bank up: three accepted dialogs allow three sends', async () => {
    const openid = await applicant()
    for (let i = 0; i < 3; i++) await subscribe(openid, ['join_result', 'voucher_expiring'])
    expect(await subsLeft(openid, 'join_result')).toBe(3)
    expect(await subsLeft(openid, 'voucher_expiring')).toBe(3)
  })

  test('43101 (WeChat holds no subscription): recorded on the message, the counter is zeroed, the action still succeeds, nothing is retried', async () => {
    const openid = await applicant()
    await subscribe(openid, ['join_result'])
    await subscribe(openid, ['join_result'])
    wx.answer = () => ({ errcode: 43101, errmsg: 'user refuse to accept the msg' })
    const r = await gw.call('member', 'reviewJoin', { openid, approve: true }, ADMIN)
    expect(r.body.ok).toBe(true)
    const [doc] = await messageDocs(gw, openid)
    expect(doc).toMatchObject({ delivery: 'rejected', errcode: 43101, errmsg: 'user refuse to accept the msg' })
    expect((await inbox(openid)).items[0].delivered).toBe(false)
    expect(wx.to(openid)).toHaveLength(1)
    expect(await subsLeft(openid, 'join_result')).toBe(0)
  })

  test('a template error gives the unit back (WeChat did not use it); a failed call is recorded the same way', async () => {
    const openid = await applicant()
    await subscribe(openid, ['join_result'])
    wx.answer = () => ({ errcode: 47003, errmsg: 'argument invalid! data.thing3.value' })
    expect((await gw.call('member', 'reviewJoin', { openid, approve: false, reason: '资料不全' }, ADMIN)).body.ok).toBe(true)
    expect((await messageDocs(gw, openid))[0]).toMatchObject({ delivery: 'rejected', errcode: 47003 })
    expect(await subsLeft(openid, 'join_result')).toBe(1)

    wx.answer = () => { throw new Error('connect ETIMEDOUT') }
    clock.advance(60_000)
    await ok(gw.call('member', 'join', joinData(), openid))
    expect((await gw.call('member', 'reviewJoin', { openid, approve: true }, ADMIN)).body.ok).toBe(true)
    expect((await messageDocs(gw, openid))[0]).toMatchObject({ delivery: 'rejected', errcode: -2, errmsg: 'connect ETIMEDOUT' })
    expect(wx.to(openid)).toHaveLength(2)
  })

  test('values longer than the keyword allows are cut to fit (a long reason would fail the whole send)', async () => {
    const openid = await applicant()
    await subscribe(openid, ['join_result'])
    await ok(gw.call('member', 'reviewJoin', { openid, approve: false, reason: '您提交的工作单位名称与营业执照上的名称不一致，请核对后重新提交' }, ADMIN))
    const v = wx.to(openid)[0].body.data.thing3.value
    expect([...v]).toHaveLength(20)
    expect(v.endsWith('…')).toBe(true)
  })
})

describe('partner_result', () => {
  test('the applicant hears of the decision once, also when reviews race', async () => {
    const openid = worker('shop')
    const app = await ok(gw.call('member', 'applyPartner', {
      name: `阜新消息测试书店${Date.now()}`, category: 'culture', city: '阜新', address: '阜新市海州区中华路 1 号', location: { lat: 42.02, lng: 121.67 },
      offer: '会员九折', contactName: '张三', contactPhone: '13900000000', consent: { version: CONSENT_VERSION },
    }, openid))
    await subscribe(openid, ['partner_result'])
    const rs = await Promise.all([true, true, false].map((approve) => gw.call('member', 'reviewPartner', { applicationId: app.id, approve, ...(approve ? {} : { reason: '地址不详' }) }, ADMIN)))
    expect(rs.filter((r) => r.body.ok)).toHaveLength(1)
    const { items } = await inbox(openid)
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ topic: 'partner_result', delivered: true })
    expect(wx.to(openid)).toHaveLength(1)
  })
})

describe('contest: entry_reviewed, entry_advanced, award', () => {
  test('review, advance and published awards each make one message per entry, under retries and races', async () => {
    const c = await createContest(gw, { genres: ['jingju'] })
    const a = await enter(gw, c, 'jingju')
    const b = await enter(gw, c, 'jingju')
    await subscribe(a.owner, ['entry_reviewed', 'entry_advanced', 'award'])

    // Approving the same entry five times at once (a retried tap) is one decision, one message.
    await Promise.all(Array.from({ length: 5 }, () => gw.call('contest', 'review', { entryId: a.id, approve: true }, ADMIN)))
    await ok(gw.call('contest', 'review', { entryId: b.id, approve: true }, ADMIN))
    expect((await inbox(a.owner)).items.map((m: any) => [m.topic, m.delivered])).toEqual([['entry_reviewed', true]])
    expect(wx.to(a.owner).map((s) => s.body.template_id)).toEqual([TEMPLATES.entry_reviewed])

    const judge = await newJudge(gw)
    await ok(gw.call('contest', 'score', { entryId: a.id, stage: 'prelim', score: 90 }, judge))
    await ok(gw.call('contest', 'score', { entryId: b.id, stage: 'prelim', score: 80 }, judge))
    clock.advance(60_000)
    const adv = await Promise.all(Array.from({ length: 3 }, () => gw.call('contest', 'advance', { contestId: c, fromStage: 'prelim', perGenre: 1 }, ADMIN)))
    expect(adv.filter((r) => r.body.ok)).toHaveLength(1)
    expect((await inbox(a.owner)).items.map((m: any) => [m.topic, m.title])).toEqual([['entry_advanced', '恭喜晋级决赛'], ['entry_reviewed', '报名审核已通过']])
    expect((await inbox(b.owner)).items.map((m: any) => m.topic)).toEqual(['entry_reviewed'])

    // The awards are published when the final is settled; reads before that send nothing.
    clock.set('2026-08-02T04:00:00.000Z')
    await ok(gw.call('contest', 'awards', { contestId: c }))
    expect((await inbox(a.owner)).items).toHaveLength(2)
    await ok(gw.call('contest', 'score', { entryId: a.id, stage: 'final', score: 95 }, judge))
    await ok(gw.call('contest', 'advance', { contestId: c, fromStage: 'final', perGenre: 1 }, ADMIN))
    clock.advance(60_000)
    const reads = await Promise.all(Array.from({ length: 4 }, () => gw.call('contest', 'awards', { contestId: c }, person())))
    expect(reads.every((r) => r.body.ok && r.body.data.provisional === false)).toBe(true)
    const awards = (await inbox(a.owner)).items.filter((m: any) => m.topic === 'award')
    expect(awards).toEqual([expect.objectContaining({ title: '恭喜获得燕赵职工名票', page: `packages/contest/pages/awards/index?id=${c}` })])
    expect(wx.to(a.owner).map((s) => s.body.template_id)).toEqual([TEMPLATES.entry_reviewed, TEMPLATES.entry_advanced, TEMPLATES.award])
    // Later reads find the contest marked and do no more work.
    const before = gw.deps.store.ops.count
    await ok(gw.call('contest', 'awards', { contestId: c }))
    const after = gw.deps.store.ops.count
    await ok(gw.call('contest', 'awards', { contestId: c }))
    expect(gw.deps.store.ops.count - after).toBe(after - before)
    expect(((await gw.deps.store.collection<any>('contests').get(c)) as any).awardsNotifiedAt).toBeDefined()
  })
})

describe('voucher.remind', () => {
  test('one message per unused voucher of today, also when run twice at once and again; used vouchers and other days are left out', async () => {
    const campaignId = await createCampaign(gw, { dailyStock: 500 })
    const people = await addMembers(gw, 5)
    const vouchers: any[] = []
    for (const p of people) vouchers.push((await claim(gw, p, campaignId)).body.data)
    await subscribe(people[0], ['voucher_expiring'])
    // One is used at the till, so only four are reminded.
    const tok = await ok(gw.call('voucher', 'voucherToken', { voucherId: vouchers[4].id }, people[4]))
    await ok(gw.call('voucher', 'redeem', { token: tok.token }, MERCHANT))
    // A voucher of yesterday (past its day) is not reminded either.
    clock.advance(-86_400_000)
    const old = (await addMembers(gw, 1))[0]
    await ok(claim(gw, old, campaignId))
    clock.set('2026-07-10T10:00:00.000Z') // 18:00 in Shanghai

    const runs = await Promise.all([0, 1].map(() => gw.call('voucher', 'remind', {}, ADMIN)))
    expect(runs.map((r) => r.status)).toEqual([200, 200])
    const created = runs.reduce((n, r) => n + r.body.data.created, 0)
    expect(created).toBe(4)
    const third = await ok(gw.call('voucher', 'remind', {}, ADMIN))
    expect(third).toMatchObject({ day: '2026-07-10', created: 0, sent: 0 })
    expect(third.vouchers).toBeGreaterThanOrEqual(4)

    for (const [i, p] of people.entries()) {
      const { items } = await inbox(p)
      expect([p, items.length]).toEqual([p, i === 4 ? 0 : 1])
      if (i < 4) expect(items[0]).toMatchObject({ topic: 'voucher_expiring', page: `packages/voucher/pages/qr/index?id=${vouchers[i].id}`, delivered: i === 0 })
    }
    expect((await inbox(old)).items).toEqual([])
    expect(wx.sends.filter((s) => s.body.template_id === TEMPLATES.voucher_expiring).map((s) => s.body.touser)).toEqual([people[0]])
    expect(wx.to(people[0])[0].body.data.time4.value).toBe('2026-07-10 23:59')
  })

  test('a run cut short by its budget leaves the rest to the next timer run, which resumes; a finished day stops the timer runs', async () => {
    clock.set('2026-07-11T04:00:00.000Z')
    const c1 = await createCampaign(gw, { dailyStock: 50 })
    const c2 = await createCampaign(gw, { dailyStock: 50 })
    const people = await addMembers(gw, 4)
    for (const [i, p] of people.entries()) await ok(claim(gw, p, i % 2 ? c2 : c1))
    clock.set('2026-07-11T10:00:00.000Z')
    // A clock that says the budget is spent after the first page.
    let ticks = 0
    const first = await runRemind(gw.deps, clock.now(), { budgetMs: 10, clock: () => (ticks++ < 2 ? 0 : 1000), timer: true })
    expect(first.done).toBe(false)
    expect(first.created).toBeLessThan(4)
    const second = await runRemind(gw.deps, clock.now(), { timer: true })
    expect(second).toMatchObject({ done: true })
    expect(first.created + second.created).toBe(4)
    expect(await runRemind(gw.deps, clock.now(), { timer: true })).toEqual({ day: '2026-07-11', vouchers: 0, created: 0, sent: 0, done: true })
    // A voucher claimed after the run is reminded by an admin's run, the others are not again.
    clock.set('2026-07-11T11:00:00.000Z')
    const late = (await addMembers(gw, 1))[0]
    await ok(claim(gw, late, c1))
    expect(await ok(gw.call('voucher', 'remind', {}, ADMIN))).toMatchObject({ created: 1, done: true })
    for (const p of [...people, late]) expect((await inbox(p)).items.map((m: any) => m.topic)).toEqual(['voucher_expiring'])
  })

  test('admins only', async () => {
    for (const who of ['demo-courier', 'demo-merchant']) expect((await gw.call('voucher', 'remind', {}, who)).body.error.code).toBe('FORBIDDEN')
    expect((await gw.call('voucher', 'remind', {})).status).toBe(401)
  })
})
