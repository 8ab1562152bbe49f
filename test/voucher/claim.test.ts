/**
 * Claims through the gateway against the real sqlite store: SPEC's rule order, no oversell and no
 * double claim under racing requests, idempotent retries, crash recovery, expiry, rate limits.
 */
import { randomUUID } from 'node:crypto'
import { ManualClock, shanghaiDay } from '../../cloudfunctions/_shared/clock'
import type { Deps } from '../../cloudfunctions/_shared/runtime'
import { voucherFunction } from '../../cloudfunctions/voucher/handlers'
import { dayMemo } from '../../cloudfunctions/voucher/cache'
import { dayId, voucherId } from '../../cloudfunctions/voucher/model'
import { startGateway, type TestGateway } from '../support/gateway'
import { ADMIN, COURIER, addMembers, busyAfterVoucherInsert, claim, crashingOnVoucherInsert, createCampaign, holder, ledgerEntries, ledgerOf, vouchersOf } from './helpers'

// 08:30 in Shantou on a July morning.
const clock = new ManualClock(Date.parse('2026-07-15T00:30:00.000Z'))
const DAY = '2026-07-15'
let gw: TestGateway
beforeAll(async () => { gw = await startGateway({ clock }) })
afterAll(async () => { await gw.close() })
afterEach(() => clock.set('2026-07-15T00:30:00.000Z'))

describe('rule order (SPEC: member → industry → window → per member → stock)', () => {
  test('each rule answers its own code, and an earlier rule wins over a later one', async () => {
    const tomorrowOnly = await createCampaign(gw, { industries: ['courier'], startDate: '2026-07-16', endDate: '2026-07-31', dailyStock: 1 })
    const open = await createCampaign(gw, { industries: ['courier'], dailyStock: 1 })
    const [courierA, courierB] = await addMembers(gw, 2)
    const [builder] = await addMembers(gw, 1, { industry: 'construction' })
    const [pending] = await addMembers(gw, 1, { status: 'pending' })

    // Not a member at all (no member doc), and a pending applicant: NOT_MEMBER before anything else.
    for (const who of ['v-nobody', pending]) {
      const r = await claim(gw, who, tomorrowOnly)
      expect([r.status, r.body.error.code]).toEqual([403, 'NOT_MEMBER'])
    }
    const anon = await claim(gw, undefined, open)
    expect([anon.status, anon.body.error.code]).toEqual([401, 'UNAUTHENTICATED'])
    // Wrong industry and outside the window: the industry is checked first.
    const ind = await claim(gw, builder, tomorrowOnly)
    expect([ind.status, ind.body.error.code]).toEqual([403, 'NOT_ELIGIBLE'])
    expect(ind.body.error.message).toContain('快递员')
    // Right industry, outside the window.
    const win = await claim(gw, courierA, tomorrowOnly)
    expect([win.status, win.body.error.code]).toEqual([409, 'OUTSIDE_WINDOW'])
    // The only unit goes to A; A again is ALREADY_CLAIMED (not SOLD_OUT, though the stock is gone too).
    const ok = await claim(gw, courierA, open)
    expect(ok.status).toBe(200)
    expect(ok.body.data).toMatchObject({ campaignId: open, day: DAY, status: 'unused', faceValue: 300, threshold: 0 })
    const again = await claim(gw, courierA, open)
    expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_CLAIMED'])
    const sold = await claim(gw, courierB, open)
    expect([sold.status, sold.body.error.code]).toEqual([409, 'SOLD_OUT'])
    // A claim for a campaign that does not exist.
    const none = await claim(gw, courierB, 'no-such-campaign')
    expect([none.status, none.body.error.code]).toEqual([404, 'NOT_FOUND'])
  })

  test('the demo courier claims the seeded Shantou campaign once a day', async () => {
    const first = await claim(gw, COURIER, 'shantou-zhisong-qingliang')
    expect(first.status).toBe(200)
    expect(first.body.data.title).toContain('智送清凉')
    const second = await claim(gw, COURIER, 'shantou-zhisong-qingliang')
    expect(second.body.error.code).toBe('ALREADY_CLAIMED')
    clock.advance(24 * 3600_000)
    const nextDay = await claim(gw, COURIER, 'shantou-zhisong-qingliang')
    expect(nextDay.status).toBe(200)
    expect(nextDay.body.data.day).toBe('2026-07-16')
    expect(nextDay.body.data.id).not.toBe(first.body.data.id)
  })
})

describe('under concurrency', () => {
  test('300 members × 3 racing attempts on a stock of 100 → exactly 100 vouchers, one per member, all stored', async () => {
    const c = await createCampaign(gw, { dailyStock: 100, startDate: '2026-07-01' })
    const members = await addMembers(gw, 300, { tag: 'rush' })
    const attempts = members.flatMap((m) => [0, 1, 2].map(() => ({ m, requestId: randomUUID() })))
    const answers = await Promise.all(attempts.map(async (a) => ({ ...a, r: await claim(gw, a.m, c, a.requestId) })))

    const granted = answers.filter((a) => a.r.status === 200)
    expect(granted).toHaveLength(100)
    const codes = new Set(answers.filter((a) => a.r.status !== 200).map((a) => a.r.body.error.code))
    expect([...codes].every((code) => code === 'SOLD_OUT' || code === 'ALREADY_CLAIMED')).toBe(true)
    const winners = new Set(granted.map((a) => a.m))
    expect(winners.size).toBe(100) // nobody got two

    const stored = await vouchersOf(gw, c)
    expect(stored).toHaveLength(100)
    const byId = new Map(stored.map((v) => [v._id, v]))
    for (const a of granted) {
      const v = byId.get(a.r.body.data.id)
      expect(v).toBeDefined()
      expect(v!.owner).toBe(holder(gw, a.m))
      expect(v!.requestId).toBe(a.requestId)
    }
    const ledger = await ledgerOf(gw, c, DAY)
    expect(ledger!.claimed).toBe(100)
    expect(ledger!.ind).toEqual({ courier: 100 })
    // Quiescent: nothing in flight; what is left in g are materialised grants waiting for compaction.
    const left = await ledgerEntries(gw, c, DAY)
    expect(left.other).toEqual([])
    expect(left.entries.length).toBeLessThanOrEqual(100)
    // A repair pass (the admin's stats) compacts them all; the count does not move.
    const st = await gw.call('voucher', 'stats', { campaignId: c }, ADMIN)
    expect(st.body.data.days.find((d: { day: string }) => d.day === DAY).claimed).toBe(100)
    const after = await ledgerOf(gw, c, DAY)
    expect([after!.claimed, Object.keys(after!.g).length]).toEqual([100, 0])

    const view = await gw.call('voucher', 'campaigns', {}, members[0])
    expect(view.body.data.items.find((x: { id: string }) => x.id === c).remainingToday).toBe(0)
  })

  test('the same requestId retried concurrently → one voucher and the same answer every time', async () => {
    const c = await createCampaign(gw, { dailyStock: 5, perMemberPerDay: 3 })
    const [m] = await addMembers(gw, 1)
    const requestId = randomUUID()
    const answers = await Promise.all(Array.from({ length: 12 }, () => claim(gw, m, c, requestId)))
    expect(answers.every((a) => a.status === 200)).toBe(true)
    const bodies = new Set(answers.map((a) => JSON.stringify(a.body)))
    expect(bodies.size).toBe(1)
    expect(await vouchersOf(gw, c)).toHaveLength(1)
    expect((await ledgerOf(gw, c, DAY))!.claimed).toBe(1)
    // Later, after the stock is gone, the retry still gets its voucher.
    const others = await addMembers(gw, 4)
    await Promise.all(others.map((o) => claim(gw, o, c)))
    const late = await claim(gw, m, c, requestId)
    expect(late.body).toEqual(answers[0].body)
  })

  test('perMemberPerDay 2: five racing claims of one member give exactly two vouchers', async () => {
    const c = await createCampaign(gw, { dailyStock: 50, perMemberPerDay: 2 })
    const [m] = await addMembers(gw, 1)
    const answers = await Promise.all(Array.from({ length: 5 }, () => claim(gw, m, c)))
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2)
    expect(answers.filter((a) => a.status !== 200).map((a) => a.body.error.code)).toEqual(['ALREADY_CLAIMED', 'ALREADY_CLAIMED', 'ALREADY_CLAIMED'])
    const ids = answers.filter((a) => a.status === 200).map((a) => a.body.data.id)
    expect(new Set(ids).size).toBe(2)
    expect(await vouchersOf(gw, c)).toHaveLength(2)
  })
})

describe('a crash between the ledger update and the voucher insert', () => {
  async function crashedClaim(campaignId: string, openid: string, requestId: string) {
    const deps: Deps = { ...gw.deps, store: crashingOnVoucherInsert(gw.deps.store) }
    const r = await voucherFunction.handle({ action: 'claim', data: { campaignId, requestId } }, openid, deps)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('INTERNAL')
    // The grant is recorded, the voucher is not: the stock is taken, the voucher is owed.
    const ledger = await ledgerOf(gw, campaignId, DAY)
    const mine = Object.values(ledger!.g).filter((e) => e.o === holder(gw, openid))
    expect(mine).toEqual([expect.objectContaining({ o: holder(gw, openid), s: 1, r: requestId, i: 'courier' })])
    expect(await gw.deps.store.collection('vouchers').get(voucherId(campaignId, DAY, holder(gw, openid), 1))).toBeNull()
  }

  test('the retry with the same requestId materialises the granted voucher', async () => {
    const c = await createCampaign(gw, { dailyStock: 1 })
    const [m, other] = await addMembers(gw, 2)
    const requestId = randomUUID()
    await crashedClaim(c, m, requestId)
    // The unit is gone for everyone else (no leak, no oversell) ...
    expect((await claim(gw, other, c)).body.error.code).toBe('SOLD_OUT')
    // ... and the client's retry gets the voucher that was granted.
    const retry = await claim(gw, m, c, requestId)
    expect(retry.status).toBe(200)
    expect(retry.body.data.id).toBe(voucherId(c, DAY, holder(gw, m), 1))
    expect(await vouchersOf(gw, c)).toHaveLength(1)
  })

  test('a write that landed but was answered busy: the retry gets its voucher, even where this holder was just told SOLD_OUT', async () => {
    // Seen in the cloud rush under load: the insert landed, the platform dropped the answer (busy); meanwhile
    // the container told the same member SOLD_OUT for another tap; the retry was answered SOLD_OUT from memory.
    const c = await createCampaign(gw, { dailyStock: 1 })
    const [m] = await addMembers(gw, 1)
    const requestId = randomUUID()
    const deps: Deps = { ...gw.deps, store: busyAfterVoucherInsert(gw.deps.store) }
    const first = await voucherFunction.handle({ action: 'claim', data: { campaignId: c, requestId } }, m, deps)
    expect(first.ok ? 'ok' : first.error.code).toBe('RATE_LIMITED')
    expect(await vouchersOf(gw, c)).toHaveLength(1)
    // This container's memory: sold out just now, and this holder was told so (for another request).
    // (The container's memory belongs to its store: the retry runs on the same one.)
    const memo = dayMemo(deps.store, dayId(c, DAY))
    memo.soldOutUntil = Date.now() + 60_000
    memo.toldSoldOut.add(holder(gw, m))
    const retry = await voucherFunction.handle({ action: 'claim', data: { campaignId: c, requestId } }, m, deps)
    expect(retry.ok ? (retry.data as { id: string }).id : retry.error.code).toBe(voucherId(c, DAY, holder(gw, m), 1))
    // The answer is remembered: a fresh tap of the same holder is ALREADY_CLAIMED from memory (no ledger read).
    const ops = deps.store.ops.count
    const tap = await voucherFunction.handle({ action: 'claim', data: { campaignId: c, requestId: randomUUID() } }, m, deps)
    expect(tap.ok ? 'ok' : tap.error.code).toBe('ALREADY_CLAIMED')
    expect(deps.store.ops.count - ops).toBeLessThanOrEqual(1) // the member read at most (no pass here); no ledger read
  })

  test('retry and wallet materialise; a stale entry whose slot a retry filled is released, at the latest before SOLD_OUT', async () => {
    const c = await createCampaign(gw, { dailyStock: 3 })
    const [a, b, late] = await addMembers(gw, 3)
    const ra = randomUUID()
    await crashedClaim(c, a, ra)
    await crashedClaim(c, b, randomUUID())
    // a's retry takes a fresh unit under a new attempt key and stores the voucher; a's crashed entry is now
    // doomed (its slot belongs to the retry's attempt): until a repair it still holds a unit.
    const retry = await claim(gw, a, c, ra)
    expect(retry.status).toBe(200)
    expect(retry.body.data.id).toBe(voucherId(c, DAY, holder(gw, a), 1))
    expect((await ledgerOf(gw, c, DAY))!.claimed).toBe(3)
    // b only opens the wallet: the owed voucher is materialised under the crashed attempt's key.
    const wallet = await gw.call('voucher', 'mine', {}, b)
    expect(wallet.body.data.items.map((v: { id: string }) => v.id)).toEqual([voucherId(c, DAY, holder(gw, b), 1)])
    // The stock looks gone (3 of 3), but one unit is held by a's doomed entry: the next claimant is not
    // told SOLD_OUT; the ledger is settled first and the unit goes to them.
    const got = await claim(gw, late, c)
    expect(got.status).toBe(200)
    const { ledger, other } = await ledgerEntries(gw, c, DAY)
    const vs = await vouchersOf(gw, c)
    expect(vs).toHaveLength(3)
    expect(ledger!.claimed).toBe(vs.length)
    expect(other).toEqual([])
    expect(ledger!.ind).toEqual({ courier: 3 })
  })

  test('without a retry, opening the wallet or the campaign list repairs it', async () => {
    const c = await createCampaign(gw, { dailyStock: 10 })
    const [a, b] = await addMembers(gw, 2)
    await crashedClaim(c, a, randomUUID())
    const wallet = await gw.call('voucher', 'mine', {}, a)
    expect(wallet.body.data.items.map((v: { id: string }) => v.id)).toContain(voucherId(c, DAY, holder(gw, a), 1))

    await crashedClaim(c, b, randomUUID())
    const list = await gw.call('voucher', 'campaigns', {}, b)
    expect(list.body.data.items.find((x: { id: string }) => x.id === c).claimedToday).toBe(1)
    expect(await gw.deps.store.collection('vouchers').get(voucherId(c, DAY, holder(gw, b), 1))).not.toBeNull()

    // Stock and vouchers agree, and repairing again adds nothing.
    await Promise.all([gw.call('voucher', 'mine', {}, a), gw.call('voucher', 'mine', {}, a), gw.call('voucher', 'campaigns', {}, b)])
    expect(await vouchersOf(gw, c)).toHaveLength(2)
    expect((await ledgerOf(gw, c, DAY))!.claimed).toBe(2)
    // And the member cannot claim a second one that day.
    expect((await claim(gw, a, c)).body.error.code).toBe('ALREADY_CLAIMED')
  })
})

describe('the day ledger holds only grants in flight', () => {
  test('500 claims on one ledger: it keeps at most ~100 entries, all of them compactable; claimed == vouchers', async () => {
    const c = await createCampaign(gw, { dailyStock: 1000 })
    const members = await addMembers(gw, 500, { tag: 'big' })
    let maxEntries = 0
    for (let k = 0; k < members.length; k += 25) {
      const answers = await Promise.all(members.slice(k, k + 25).map((m) => claim(gw, m, c)))
      expect(answers.every((a) => a.status === 200)).toBe(true)
      maxEntries = Math.max(maxEntries, Object.keys((await ledgerOf(gw, c, DAY))!.g).length)
    }
    const { ledger, entries, other } = await ledgerEntries(gw, c, DAY)
    expect(ledger!.claimed).toBe(500)
    expect(await vouchersOf(gw, c)).toHaveLength(500)
    expect(other).toEqual([]) // nothing in flight, nothing owed
    expect(entries.length).toBeLessThanOrEqual(100)
    expect(maxEntries).toBeLessThanOrEqual(100)
    expect(ledger!.ind).toEqual({ courier: 500 })
  })

  test('a retry with the same requestId after its entry was compacted: the same voucher, the extra unit released', async () => {
    const c = await createCampaign(gw, { dailyStock: 50 })
    const [m, ...others] = await addMembers(gw, 4)
    const requestId = randomUUID()
    const first = await claim(gw, m, c, requestId)
    expect(first.status).toBe(200)
    for (const o of others) expect((await claim(gw, o, c)).status).toBe(200)
    const before = await ledgerOf(gw, c, DAY)
    expect(Object.values(before!.g).filter((e) => e.o === m)).toEqual([]) // compacted by the later claims
    expect(before!.claimed).toBe(4)

    const retry = await claim(gw, m, c, requestId)
    expect(retry.body).toEqual(first.body)
    const after = await ledgerOf(gw, c, DAY)
    expect(after!.claimed).toBe(4)
    expect(after!.ind).toEqual({ courier: 4 })
    expect(Object.values(after!.g).filter((e) => e.o === m)).toEqual([])
    expect(await vouchersOf(gw, c)).toHaveLength(4)
  })

  test('12 racing twins (same requestId) with plenty of stock: one voucher, claimed +1 exactly', async () => {
    const c = await createCampaign(gw, { dailyStock: 100 })
    const [m, warm] = await addMembers(gw, 2)
    expect((await claim(gw, warm, c)).status).toBe(200)
    const requestId = randomUUID()
    const answers = await Promise.all(Array.from({ length: 12 }, () => claim(gw, m, c, requestId)))
    expect(answers.every((a) => a.status === 200)).toBe(true)
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1)
    const stored = await vouchersOf(gw, c)
    expect(stored.filter((v) => v.owner === holder(gw, m))).toHaveLength(1)
    const { ledger, other } = await ledgerEntries(gw, c, DAY)
    expect(ledger!.claimed).toBe(2)
    expect(ledger!.ind).toEqual({ courier: 2 })
    expect(other).toEqual([])
  })

  test('a member holding slot 1 claims again 5× at once with new requestIds: ALREADY_CLAIMED each, nothing taken', async () => {
    const c = await createCampaign(gw, { dailyStock: 100 })
    const [m] = await addMembers(gw, 1)
    const first = await claim(gw, m, c)
    expect(first.status).toBe(200)
    const answers = await Promise.all(Array.from({ length: 5 }, () => claim(gw, m, c)))
    expect(answers.map((a) => [a.status, a.body.error?.code])).toEqual(Array.from({ length: 5 }, () => [409, 'ALREADY_CLAIMED']))
    const { ledger, other } = await ledgerEntries(gw, c, DAY)
    expect(ledger!.claimed).toBe(1)
    expect(ledger!.ind).toEqual({ courier: 1 })
    expect(other).toEqual([])
    expect(await vouchersOf(gw, c)).toHaveLength(1)
  })
})

describe('expiry at the end of the Shanghai day', () => {
  test('a voucher claimed at 23:59 is unusable at 00:00 Shanghai time', async () => {
    clock.set('2026-07-15T15:59:00.000Z') // 23:59 in Shantou
    const c = await createCampaign(gw)
    const [m] = await addMembers(gw, 1)
    const r = await claim(gw, m, c)
    expect(r.body.data.day).toBe('2026-07-15')
    expect(r.body.data.expiresAt).toBe('2026-07-15T15:59:59.999Z')
    const t = await gw.call('voucher', 'voucherToken', { voucherId: r.body.data.id }, m)
    expect(t.body.ok).toBe(true)

    clock.set('2026-07-15T16:00:00.000Z') // midnight: the token is still within its 60 s, the voucher is not
    expect(shanghaiDay(clock.now())).toBe('2026-07-16')
    const red = await gw.call('voucher', 'redeem', { token: t.body.data.token }, 'demo-cashier')
    expect([red.status, red.body.error.code]).toEqual([410, 'EXPIRED'])
    const t2 = await gw.call('voucher', 'voucherToken', { voucherId: r.body.data.id }, m)
    expect(t2.body.error.code).toBe('EXPIRED')
    const wallet = await gw.call('voucher', 'mine', { status: 'expired' }, m)
    expect(wallet.body.data.items.map((v: { id: string; status: string }) => [v.id, v.status])).toEqual([[r.body.data.id, 'expired']])
    expect((await gw.call('voucher', 'mine', { status: 'unused' }, m)).body.data.items).toEqual([])
    // A new day, a new voucher.
    const next = await claim(gw, m, c)
    expect(next.body.data.day).toBe('2026-07-16')
  })
})

describe('rate limits', () => {
  test('failed claims: at most 20 a minute per person, exactly, under 40 racing calls; the next minute is fresh', async () => {
    const c = await createCampaign(gw)
    const [m] = await addMembers(gw, 1)
    expect((await claim(gw, m, c)).status).toBe(200)
    const answers = await Promise.all(Array.from({ length: 40 }, () => claim(gw, m, c)))
    const codes = answers.map((a) => a.body.error.code)
    // The success was not counted: 20 failures answered, the other 20 refused.
    expect(codes.filter((x) => x === 'ALREADY_CLAIMED')).toHaveLength(20)
    expect(codes.filter((x) => x === 'RATE_LIMITED')).toHaveLength(20)
    expect(answers.find((a) => a.body.error.code === 'RATE_LIMITED')!.status).toBe(429)
    // Another member is not affected.
    const [other] = await addMembers(gw, 1)
    expect((await claim(gw, other, c)).status).toBe(200)
    clock.advance(60_000)
    expect((await claim(gw, m, c)).body.error.code).toBe('ALREADY_CLAIMED')
  })

  test('voucherToken: at most 30 a minute per person', async () => {
    const c = await createCampaign(gw)
    const [m] = await addMembers(gw, 1)
    const v = await claim(gw, m, c)
    const answers = await Promise.all(Array.from({ length: 45 }, () => gw.call('voucher', 'voucherToken', { voucherId: v.body.data.id }, m)))
    expect(answers.filter((a) => a.status === 200)).toHaveLength(30)
    expect(answers.filter((a) => a.status === 429)).toHaveLength(15)
    clock.advance(60_000)
    expect((await gw.call('voucher', 'voucherToken', { voucherId: v.body.data.id }, m)).status).toBe(200)
  })
})

test('admin edits take effect at once for the next claim (stock raised mid-day)', async () => {
  const c = await createCampaign(gw, { dailyStock: 1 })
  const [a, b] = await addMembers(gw, 2)
  expect((await claim(gw, a, c)).status).toBe(200)
  expect((await claim(gw, b, c)).body.error.code).toBe('SOLD_OUT')
  const up = await gw.call('voucher', 'upsertCampaign', { id: c, title: '测试清凉券', city: '汕头', industries: ['courier'], startDate: '2000-01-01', endDate: '2099-12-31', dailyStock: 2, perMemberPerDay: 1, faceValue: 300, threshold: 0 }, ADMIN)
  expect(up.body.data.dailyStock).toBe(2)
  expect((await claim(gw, b, c)).status).toBe(200)
})

describe('city, request ids and who the records name (SPEC second wave)', () => {
  test('a Beijing member cannot claim from a Shantou campaign: NOT_ELIGIBLE with the reason, after the industry check', async () => {
    const c = await createCampaign(gw, { city: '汕头' })
    const [beijing] = await addMembers(gw, 1, { city: '北京' })
    const r = await claim(gw, beijing, c)
    expect([r.status, r.body.error.code]).toEqual([403, 'NOT_ELIGIBLE'])
    expect(r.body.error.message).toContain('汕头')
    // Industry first: a Beijing pilot-like industry hears about the industry, not the city.
    const [driver] = await addMembers(gw, 1, { city: '北京', industry: 'ride_hailing' })
    const d = await claim(gw, driver, c)
    expect(d.body.error.message).toContain('快递员')
    expect(await vouchersOf(gw, c)).toHaveLength(0)
    expect((await ledgerOf(gw, c, DAY))?.claimed ?? 0).toBe(0)
  })

  test('a campaign written 汕头市 and a member of 汕头 are the same city', async () => {
    const c = await createCampaign(gw, { city: '汕头市' })
    const saved = await gw.deps.store.collection('campaigns').get(c)
    expect(saved!.city).toBe('汕头')
    const [m] = await addMembers(gw, 1)
    expect((await claim(gw, m, c)).status).toBe(200)
  })

  test('the same requestId with another campaignId is CONFLICT, not a second voucher; with the same campaign it is the same voucher', async () => {
    const [c1, c2] = [await createCampaign(gw), await createCampaign(gw)]
    const [m] = await addMembers(gw, 1)
    const requestId = randomUUID()
    const first = await claim(gw, m, c1, requestId)
    expect(first.status).toBe(200)
    const other = await claim(gw, m, c2, requestId)
    expect([other.status, other.body.error.code]).toEqual([409, 'CONFLICT'])
    expect(await vouchersOf(gw, c2)).toHaveLength(0)
    expect((await ledgerOf(gw, c2, DAY))?.claimed ?? 0).toBe(0)
    expect((await claim(gw, m, c1, requestId)).body).toEqual(first.body)
    // Racing: one requestId sent to two campaigns at once gives at most one voucher.
    const rid = randomUUID()
    const [c3, c4] = [await createCampaign(gw), await createCampaign(gw)]
    const [n] = await addMembers(gw, 1)
    const race = await Promise.all([claim(gw, n, c3, rid), claim(gw, n, c4, rid), claim(gw, n, c3, rid), claim(gw, n, c4, rid)])
    expect(race.filter((r) => r.status === 200).map((r) => r.body.data.campaignId).filter((x, i, a) => a.indexOf(x) === i)).toHaveLength(1)
    expect((await vouchersOf(gw, c3)).length + (await vouchersOf(gw, c4)).length).toBe(1)
  })

  test('voucher ids, voucher owners and the ledger hold no openid, and ids are not a plain hash of it', async () => {
    const { createHash } = await import('node:crypto')
    const c = await createCampaign(gw)
    const [m] = await addMembers(gw, 1)
    const r = await claim(gw, m, c)
    expect(r.status).toBe(200)
    expect(r.body.data.id).not.toBe(createHash('sha256').update(`${c}|${DAY}|${m}|1`).digest('base64url').slice(0, 22))
    const [v] = await vouchersOf(gw, c)
    expect(JSON.stringify(v)).not.toContain(m)
    expect(v.owner).toBe(holder(gw, m))
    expect(holder(gw, m)).toMatch(/^[A-Za-z0-9_-]{16}$/)
    const ledger = await ledgerOf(gw, c, DAY)
    expect(JSON.stringify(ledger)).not.toContain(m)
    // The wallet still finds it.
    const wallet = await gw.call('voucher', 'mine', {}, m)
    expect(wallet.body.data.items.map((x: { id: string }) => x.id)).toEqual([r.body.data.id])
  })
})
