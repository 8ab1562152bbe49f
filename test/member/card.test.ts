/**
 * The member card end to end through the gateway against the real sqlite store:
 * join → review → card token → benefit redemption, with the once-a-day rule under concurrency.
 */
import { createHmac } from 'node:crypto'
import { ManualClock, shanghaiDay } from '../../cloudfunctions/_shared/clock'
import { Tokens } from '../../cloudfunctions/_shared/tokens'
import { startGateway, type TestGateway } from '../support/gateway'
import { ADMIN, MERCHANT, activeMember, joinData, merchantOf, tokenOf, worker } from './helpers'

const clock = new ManualClock(Date.parse('2025-07-10T02:00:00.000Z'))
let gw: TestGateway
beforeAll(async () => { gw = await startGateway({ clock }) })
afterAll(async () => { await gw.close() })

describe('joining', () => {
  test('join → pending; the owner sees their own application unmasked; an update while pending replaces it', async () => {
    const me = worker()
    const r = await gw.call('member', 'join', joinData({ name: '周晓东', phone: '13842181234' }), me)
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ ok: true, data: { status: 'pending' } })
    const mine = await gw.call('member', 'me', {}, me)
    expect(mine.body.data.member).toMatchObject({ status: 'pending', name: '周晓东', phone: '13842181234', city: '阜新' })
    expect(mine.body.data.member.cardNo).toBeUndefined()

    const again = await gw.call('member', 'join', joinData({ name: '周晓东', phone: '13842181234', employer: '阜新圆通速递海州网点' }), me)
    expect(again.body.data.status).toBe('pending')
    const after = await gw.call('member', 'me', {}, me)
    expect(after.body.data.member.employer).toBe('阜新圆通速递海州网点')
  })

  test('without an identity join is UNAUTHENTICATED', async () => {
    const r = await gw.call('member', 'join', joinData())
    expect(r.status).toBe(401)
    expect(r.body.error.code).toBe('UNAUTHENTICATED')
  })

  test('an active member joining again is CONFLICT', async () => {
    const r = await gw.call('member', 'join', joinData(), 'demo-courier')
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('CONFLICT')
  })

  test('staff list pending applications with masked phones, oldest first, paged with a cursor', async () => {
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const id = worker('queue')
      ids.push(id)
      clock.advance(1000)
      await gw.call('member', 'join', joinData({ phone: `1500000000${i}` }), id)
    }
    const seen: Array<{ openid: string; phone: string; status: string; appliedAt: string }> = []
    let cursor: string | null = null
    let pages = 0
    do {
      const r: { body: any } = await gw.call('member', 'listJoins', { status: 'pending', limit: 3, ...(cursor ? { cursor } : {}) }, ADMIN)
      expect(r.body.ok).toBe(true)
      expect(r.body.data.items.length).toBeLessThanOrEqual(3)
      seen.push(...r.body.data.items)
      cursor = r.body.data.nextCursor
      pages++
    } while (cursor && pages < 50)
    expect(seen.every((a) => a.status === 'pending')).toBe(true)
    expect(new Set(seen.map((a) => a.openid)).size).toBe(seen.length)
    const mine = seen.filter((a) => ids.includes(a.openid))
    expect(mine.map((a) => a.openid)).toEqual(ids)
    mine.forEach((a, i) => expect(a.phone).toBe(`150****000${i}`))
    for (const a of seen) expect(a.phone).toMatch(/^\d{3}\*{4}\d{4}$/)
    const sorted = [...seen].sort((a, b) => a.appliedAt.localeCompare(b.appliedAt))
    expect(seen.map((a) => a.appliedAt)).toEqual(sorted.map((a) => a.appliedAt))
    // The seeded applicants are in the queue too.
    expect(seen.map((a) => a.openid)).toEqual(expect.arrayContaining(['seed-applicant-1', 'seed-applicant-4']))
  })

  test('a bad cursor is VALIDATION_FAILED, not INTERNAL', async () => {
    for (const cursor of ['nonsense', Buffer.from('[1]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      const r = await gw.call('member', 'listJoins', { cursor }, ADMIN)
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe('VALIDATION_FAILED')
    }
  })

  test('reject needs a reason; rejected → re-apply → approve issues a card number; a second review is CONFLICT', async () => {
    const me = worker()
    await gw.call('member', 'join', joinData({ name: '吴桂芝' }), me)
    const noReason = await gw.call('member', 'reviewJoin', { openid: me, approve: false }, ADMIN)
    expect(noReason.status).toBe(400)
    expect(noReason.body.error.details.fieldErrors.reason).toEqual(['驳回时请填写理由'])

    const rej = await gw.call('member', 'reviewJoin', { openid: me, approve: false, reason: '工作单位请填写全称' }, ADMIN)
    expect(rej.body.data).toMatchObject({ openid: me, status: 'rejected', reason: '工作单位请填写全称' })
    const seen = await gw.call('member', 'me', {}, me)
    expect(seen.body.data.member).toMatchObject({ status: 'rejected', reason: '工作单位请填写全称' })
    const twice = await gw.call('member', 'reviewJoin', { openid: me, approve: true }, ADMIN)
    expect(twice.body.error.code).toBe('CONFLICT')

    expect((await gw.call('member', 'join', joinData({ name: '吴桂芝', employer: '阜新市细河区城市管理局环卫所' }), me)).body.data.status).toBe('pending')
    const reapplied = await gw.call('member', 'me', {}, me)
    expect(reapplied.body.data.member.status).toBe('pending')
    expect(reapplied.body.data.member.reason).toBeUndefined()

    const ok = await gw.call('member', 'reviewJoin', { openid: me, approve: true }, ADMIN)
    expect(ok.body.ok).toBe(true)
    expect(ok.body.data).toMatchObject({ openid: me, status: 'active', cardNo: expect.stringMatching(/^GH2109\d{6}$/), joinedAt: clock.now().toISOString() })
    expect(ok.body.data.phone).toMatch(/^\d{3}\*{4}\d{4}$/)
    const again = await gw.call('member', 'reviewJoin', { openid: me, approve: true }, ADMIN)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('CONFLICT')
    const card = await gw.call('member', 'me', {}, me)
    expect(card.body.data.member).toMatchObject({ status: 'active', cardNo: ok.body.data.cardNo })
  })

  test('reviewing someone who never applied is NOT_FOUND', async () => {
    const r = await gw.call('member', 'reviewJoin', { openid: 'never-applied', approve: true }, ADMIN)
    expect(r.status).toBe(404)
  })

  test('concurrent approvals: every card number is unique; the same application approved twice at once succeeds once', async () => {
    const ids = Array.from({ length: 12 }, () => worker('burst'))
    await Promise.all(ids.map((id, i) => gw.call('member', 'join', joinData({ city: i % 2 ? '阜新' : '汕头' }), id)))
    const res = await Promise.all(ids.map((openid) => gw.call('member', 'reviewJoin', { openid, approve: true }, ADMIN)))
    const cards = res.map((r) => r.body.data.cardNo)
    expect(cards.every((c) => /^GH(2109|4405)\d{6}$/.test(c))).toBe(true)
    expect(new Set(cards.map((c) => c.slice(6))).size).toBe(ids.length)

    const one = worker('twice')
    await gw.call('member', 'join', joinData(), one)
    const both = await Promise.all([1, 2, 3].map(() => gw.call('member', 'reviewJoin', { openid: one, approve: true }, ADMIN)))
    expect(both.filter((r) => r.body.ok)).toHaveLength(1)
    expect(both.filter((r) => r.body.error?.code === 'CONFLICT')).toHaveLength(2)
  })

  test('a member sees only their own application; staff actions are FORBIDDEN to everyone but admins', async () => {
    const a = worker('a')
    const b = worker('b')
    await gw.call('member', 'join', joinData({ name: '甲' }), a)
    const bMe = await gw.call('member', 'me', {}, b)
    expect(bMe.body.data.member).toBeNull()
    for (const who of [a, 'demo-courier', MERCHANT, 'demo-keeper', 'demo-judge']) {
      for (const [action, data] of [
        ['listJoins', {}],
        ['reviewJoin', { openid: a, approve: true }],
        ['listPartnerApplications', {}],
        ['reviewPartner', { applicationId: 'pa-seed-1', approve: true }],
        ['stats', {}],
        ['grantRole', { openid: who, role: 'judge' }],
      ] as const) {
        const r = await gw.call('member', action, data, who)
        expect([action, r.status, r.body.error?.code]).toEqual([action, 403, 'FORBIDDEN'])
      }
    }
    expect((await gw.call('member', 'me', {}, a)).body.data.member.status).toBe('pending')
  })
})

describe('card and benefits', () => {
  test('cardToken: only an active member; valid 60 s', async () => {
    const pending = worker()
    await gw.call('member', 'join', joinData(), pending)
    for (const who of [pending, worker()]) {
      const r = await gw.call('member', 'cardToken', {}, who)
      expect(r.status).toBe(403)
      expect(r.body.error.code).toBe('NOT_MEMBER')
    }
    const m = await activeMember(gw)
    const t = await gw.call('member', 'cardToken', {}, m.openid)
    expect(t.body.data.expiresAt).toBe(new Date(clock.now().getTime() + 60_000).toISOString())
    expect(t.body.data.token).toMatch(/^card\.[\w-]+\.[\w-]+$/)
  })

  test('the merchant verifies a card: masked member, benefit recorded; the same day again is ALREADY_USED', async () => {
    const m = await activeMember(gw, { name: '韩立新' })
    const token = await tokenOf(gw, m.openid)
    const r = await gw.call('member', 'redeemBenefit', { token }, MERCHANT)
    expect(r.status).toBe(200)
    expect(r.body.data).toEqual({ cardNo: m.cardNo, name: '韩*新', partnerId: 'fuxin-p01', usedAt: clock.now().toISOString(), offer: expect.any(String) })

    const again = await gw.call('member', 'redeemBenefit', { token: await tokenOf(gw, m.openid) }, MERCHANT)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('ALREADY_USED')
    expect(again.body.error.details.usedAt).toBe(r.body.data.usedAt)

    const list = await gw.call('member', 'benefitUses', {}, MERCHANT)
    expect(list.body.data.items).toContainEqual({ cardNo: m.cardNo, name: '韩*新', usedAt: r.body.data.usedAt })
    expect(JSON.stringify(list.body.data)).not.toContain('韩立新')

    // Another partner is another benefit; the next day is another day.
    const other = await merchantOf(gw, 'fuxin-p02')
    expect((await gw.call('member', 'redeemBenefit', { token }, other)).body.ok).toBe(true)
    clock.advance(24 * 3600_000)
    const tomorrow = await gw.call('member', 'redeemBenefit', { token: await tokenOf(gw, m.openid) }, MERCHANT)
    expect(tomorrow.body.ok).toBe(true)
  })

  test('two merchants scanning the same QR at the same instant: exactly one success', async () => {
    const m = await activeMember(gw)
    const token = await tokenOf(gw, m.openid)
    const second = await merchantOf(gw, 'fuxin-p01')
    const day = shanghaiDay(clock.now())
    const daily = gw.deps.store.collection<{ _id: string; count: number }>('benefit_daily')
    const before = (await daily.get(`${day}_fuxin-p01`))?.count ?? 0
    const res = await Promise.all(Array.from({ length: 16 }, (_, i) => gw.call('member', 'redeemBenefit', { token }, i % 2 ? second : MERCHANT)))
    expect(res.filter((r) => r.body.ok)).toHaveLength(1)
    expect(res.filter((r) => r.body.error?.code === 'ALREADY_USED')).toHaveLength(15)
    expect(await gw.deps.store.collection('benefit_uses').count({ openid: m.openid, day, partnerId: 'fuxin-p01' })).toBe(1)
    const after = (await daily.get(`${day}_fuxin-p01`))!.count
    expect(after - before).toBe(1)
    expect(after).toBe(await gw.deps.store.collection('benefit_uses').count({ day, partnerId: 'fuxin-p01' }))
  })

  test('an expired token is EXPIRED (410); forged ones are INVALID_TOKEN (400)', async () => {
    const m = await activeMember(gw)
    const token = await tokenOf(gw, m.openid)
    clock.advance(60_001)
    const late = await gw.call('member', 'redeemBenefit', { token }, MERCHANT)
    expect(late.status).toBe(410)
    expect(late.body.error.code).toBe('EXPIRED')

    const fresh = await tokenOf(gw, m.openid)
    const [kind, body, sig] = fresh.split('.')
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString())
    const longer = Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 3600_000 })).toString('base64url')
    const otherSecret = new Tokens('x'.repeat(40)).sign('card', { sub: m.openid, exp: payload.exp })
    const selfSigned = `card.${body}.${createHmac('sha256', 'guess').update(`card.${body}`).digest('base64url')}`
    const forged = [
      `${kind}.${longer}.${sig}`, // payload changed, old signature
      `${kind}.${body}.${sig.slice(0, -2)}AA`,
      otherSecret,
      selfSigned,
      `voucher.${body}.${sig}`,
      'hello',
      'card..',
      '{"sub":"demo-courier"}',
    ]
    for (const token of forged) {
      const r = await gw.call('member', 'redeemBenefit', { token }, MERCHANT)
      expect([token, r.status, r.body.error?.code]).toEqual([token, 400, 'INVALID_TOKEN'])
    }
    expect(await gw.deps.store.collection('benefit_uses').count({ openid: m.openid })).toBe(0)
    expect((await gw.call('member', 'redeemBenefit', { token: fresh }, MERCHANT)).body.ok).toBe(true)
  })

  test('only merchants redeem; a member whose card is no longer active gets NOT_MEMBER', async () => {
    const m = await activeMember(gw)
    const token = await tokenOf(gw, m.openid)
    for (const who of [m.openid, 'demo-courier', ADMIN, 'demo-keeper']) {
      const r = await gw.call('member', 'redeemBenefit', { token }, who)
      expect(r.body.error.code).toBe('FORBIDDEN')
    }
    const gone = await activeMember(gw)
    const t2 = await tokenOf(gw, gone.openid)
    await gw.call('member', 'deleteMine', {}, gone.openid)
    const r = await gw.call('member', 'redeemBenefit', { token: t2 }, MERCHANT)
    expect(r.body.error.code).toBe('NOT_MEMBER')
  })

  test('cardToken is rate limited per person (30 a minute), also under concurrent requests', async () => {
    clock.set(Math.floor(clock.now().getTime() / 60_000) * 60_000 + 60_000)
    const m = await activeMember(gw)
    const res = await Promise.all(Array.from({ length: 40 }, () => gw.call('member', 'cardToken', {}, m.openid)))
    expect(res.filter((r) => r.body.ok)).toHaveLength(30)
    const limited = res.filter((r) => !r.body.ok)
    expect(limited.every((r) => r.status === 429 && r.body.error.code === 'RATE_LIMITED')).toBe(true)
    const other = await activeMember(gw)
    expect((await gw.call('member', 'cardToken', {}, other.openid)).body.ok).toBe(true)
    clock.advance(60_000)
    expect((await gw.call('member', 'cardToken', {}, m.openid)).body.ok).toBe(true)
  })
})

describe('partners', () => {
  test('Fuxin venues: at least 39 across the five categories, demo-marked, with offer and location; paged without gaps', async () => {
    const all: any[] = []
    let cursor: string | null = null
    do {
      const r: { body: any } = await gw.call('member', 'partners', { city: '阜新', limit: 20, ...(cursor ? { cursor } : {}) })
      expect(r.body.ok).toBe(true)
      expect(r.body.data.items.length).toBeLessThanOrEqual(20)
      all.push(...r.body.data.items)
      cursor = r.body.data.nextCursor
    } while (cursor)
    expect(all.length).toBeGreaterThanOrEqual(39)
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length)
    expect(new Set(all.map((p) => p.category))).toEqual(new Set(['scenic', 'culture', 'sports', 'retail', 'dining']))
    for (const p of all) {
      expect(p).toMatchObject({ city: '阜新', demo: true, offer: expect.any(String), address: expect.stringContaining('阜新市') })
      expect(p.location.lat).toBeGreaterThan(41.5)
      expect(p.location.lat).toBeLessThan(42.9)
      expect(p._id).toBeUndefined()
    }
    expect(all.find((p) => p.id === 'fuxin-p01')).toMatchObject({ name: '阜新海州露天矿国家矿山公园', category: 'scenic' })

    const culture = await gw.call('member', 'partners', { city: '阜新', category: 'culture', limit: 50 })
    expect(culture.body.data.items.length).toBe(all.filter((p) => p.category === 'culture').length)
    expect(culture.body.data.items.every((p: any) => p.category === 'culture')).toBe(true)
    const none = await gw.call('member', 'partners', { city: '深圳' })
    expect(none.body.data).toEqual({ items: [], nextCursor: null })
  })

  test('apply → staff see it with a masked phone → approve: the partner exists and the applicant is its merchant', async () => {
    const applicant = worker('venue')
    const data = { name: '阜新测试书店', category: 'culture', city: '阜新', address: '阜新市海州区中华路 1 号', location: { lat: 42.02, lng: 121.67 }, offer: '图书 9 折', contactName: '张经理', contactPhone: '13900001234' }
    const a = await gw.call('member', 'applyPartner', data, applicant)
    expect(a.body.data).toMatchObject({ ...data, status: 'pending', applicant })
    const dup = await gw.call('member', 'applyPartner', data, applicant)
    expect(dup.body.error.code).toBe('DUPLICATE')
    expect((await gw.call('member', 'applyPartner', data)).status).toBe(401)

    const list = await gw.call('member', 'listPartnerApplications', { status: 'pending', limit: 50 }, ADMIN)
    const seen = list.body.data.items.find((x: any) => x.id === a.body.data.id)
    expect(seen.contactPhone).toBe('139****1234')
    expect(list.body.data.items.map((x: any) => x.id)).toEqual(expect.arrayContaining(['pa-seed-1', 'pa-seed-2']))

    const both = await Promise.all([1, 2].map(() => gw.call('member', 'reviewPartner', { applicationId: a.body.data.id, approve: true }, ADMIN)))
    const ok = both.find((r) => r.body.ok)!
    expect(both.filter((r) => r.body.error?.code === 'CONFLICT')).toHaveLength(1)
    expect(ok.body.data.application).toMatchObject({ status: 'approved', partnerId: ok.body.data.partner.id })
    expect(ok.body.data.partner).toMatchObject({ name: '阜新测试书店', offer: '图书 9 折', location: { lat: 42.02, lng: 121.67 } })
    expect(await gw.deps.store.collection('partners').count({ name: '阜新测试书店' })).toBe(1)
    const me = await gw.call('member', 'me', {}, applicant)
    expect(me.body.data).toMatchObject({ roles: ['merchant'], partnerId: ok.body.data.partner.id })

    const m = await activeMember(gw)
    const r = await gw.call('member', 'redeemBenefit', { token: await tokenOf(gw, m.openid) }, applicant)
    expect(r.body.data).toMatchObject({ partnerId: ok.body.data.partner.id, offer: '图书 9 折' })
    const listed = await gw.call('member', 'partners', { city: '阜新', category: 'culture', limit: 50 })
    expect(listed.body.data.items.map((p: any) => p.id)).toContain(ok.body.data.partner.id)

    const rej = await gw.call('member', 'reviewPartner', { applicationId: 'pa-seed-2', approve: false, reason: '请补充营业执照' }, ADMIN)
    expect(rej.body.data).toMatchObject({ application: { status: 'rejected', reason: '请补充营业执照' }, partner: null })
    expect((await gw.call('member', 'reviewPartner', { applicationId: 'nope', approve: true }, ADMIN)).status).toBe(404)
  })
})

describe('stats', () => {
  test('members by status, city and industry match the store; uses per partner per day match the records', async () => {
    const s = await gw.call('member', 'stats', {}, ADMIN)
    expect(s.body.ok).toBe(true)
    const { members, benefitUses } = s.body.data
    const coll = gw.deps.store.collection('members')
    expect(members.byStatus).toEqual({
      pending: await coll.count({ status: 'pending' }), active: await coll.count({ status: 'active' }), rejected: await coll.count({ status: 'rejected' }),
    })
    expect(members.total).toBe(await coll.count({}))
    expect(members.byCity['阜新']).toBe(await coll.count({ city: '阜新' }))
    expect(members.byCity['汕头']).toBe(await coll.count({ city: '汕头' }))
    expect(Object.values(members.byCity).reduce((a: number, b) => a + (b as number), 0)).toBe(members.total)
    expect(members.byIndustry.construction).toBe(await coll.count({ industry: 'construction' }))
    const uses = gw.deps.store.collection('benefit_uses')
    for (const row of benefitUses) {
      expect(row.count).toBe(await uses.count({ partnerId: row.partnerId, day: row.day }))
    }
    const today = shanghaiDay(clock.now())
    expect(benefitUses.find((r: any) => r.partnerId === 'fuxin-p01' && r.day === today)).toMatchObject({ partnerName: '阜新海州露天矿国家矿山公园' })
    // Seeded history: the chart has past days too.
    expect(new Set(benefitUses.map((r: any) => r.day)).size).toBeGreaterThan(7)
  })
})
