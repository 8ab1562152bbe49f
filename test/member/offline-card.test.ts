/**
 * Offline card codes (SPEC "Offline codes"): an active member fetches the card's key while online, the phone
 * computes the rotating token itself (src/packages/shared/offline-code.ts), and a partner's till verifies it:
 * within ±2 steps of the server's clock, each token once (also at another partner, also when tills race),
 * never after the key's validUntil or once the card is gone.
 */
import { ManualClock, shanghaiDay } from '../../cloudfunctions/_shared/clock'
import { OFFLINE_STEP_MS } from '../../types/offline'
import { tokenAt } from '../../src/packages/shared/offline-code'
import { startGateway, type TestGateway } from '../support/gateway'
import { MERCHANT, activeMember, joinData, merchantOf, worker } from './helpers'

const clock = new ManualClock(Date.parse('2026-07-10T02:00:10.000Z'))
let gw: TestGateway
beforeAll(async () => { gw = await startGateway({ clock }) })
afterAll(async () => { await gw.close() })

type Key = { key: string; ref: string; validUntil: string; serverTime: string }
async function memberWithKey() {
  const m = await activeMember(gw, { name: '韩立新' })
  const k = await gw.call('member', 'offlineKey', {}, m.openid)
  expect(k.status).toBe(200)
  return { ...m, key: k.body.data as Key }
}
const verify = (token: string, till = MERCHANT) => gw.call('member', 'redeemBenefit', { token }, till)
const tokenNow = (k: Key, dMs = 0) => tokenAt('card', k.key, k.ref, clock.now().getTime() + dMs)

test('offlineKey: active members only; the key names the card and its issue day, and is good for 7 more days', async () => {
  const pending = worker()
  await gw.call('member', 'join', joinData(), pending)
  for (const who of [pending, worker()]) {
    const r = await gw.call('member', 'offlineKey', {}, who)
    expect([r.status, r.body.error.code]).toEqual([403, 'NOT_MEMBER'])
  }
  expect((await gw.call('member', 'offlineKey', {})).status).toBe(401)
  expect((await gw.call('member', 'offlineKey', { cardNo: 'x' }, worker())).body.error.code).toBe('VALIDATION_FAILED')
  const { cardNo, key } = await memberWithKey()
  const day = Math.floor(clock.now().getTime() / 86_400_000)
  expect(key).toEqual({ key: expect.stringMatching(/^[\w-]{43}$/), ref: `${cardNo}.${day}`, validUntil: new Date((day + 8) * 86_400_000).toISOString(), serverTime: clock.now().toISOString() })
})

test('a token made on the phone verifies; the same token again (here or elsewhere) is ALREADY_USED', async () => {
  const m = await memberWithKey()
  const token = tokenNow(m.key)
  const r = await verify(token)
  expect(r.status).toBe(200)
  expect(r.body.data).toMatchObject({ cardNo: m.cardNo, name: '韩*新', partnerId: 'fuxin-p01' })
  const again = await verify(token)
  expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_USED'])
  // At another partner the same screenshot is refused too; the next step's code works there.
  const other = await merchantOf(gw, 'fuxin-p02')
  const replay = await verify(token, other)
  expect(replay.body.error).toEqual({ code: 'ALREADY_USED', message: '这个二维码已经用过了，请会员刷新后再出示', details: { codeUsed: true } })
  expect((await verify(tokenNow(m.key, OFFLINE_STEP_MS), other)).status).toBe(200)
  // The once-a-day rule still holds for offline codes: the first partner again, with a fresh step.
  const daily = await verify(tokenNow(m.key, 2 * OFFLINE_STEP_MS))
  expect(daily.body.error.code).toBe('ALREADY_USED')
  expect(daily.body.error.message).toContain('每天限一次')
  // The stored use record carries no card number.
  const uses = await gw.deps.store.collection('code_uses').find({}, { limit: 100 })
  expect(JSON.stringify(uses)).not.toContain(m.cardNo)
})

test('±2 steps accepted; older is EXPIRED, later INVALID_TOKEN; forged tokens INVALID_TOKEN', async () => {
  const m = await memberWithKey()
  const p = ['fuxin-p02', 'fuxin-p03', 'fuxin-p04', 'fuxin-p05']
  const tills = await Promise.all(p.map((id) => merchantOf(gw, id)))
  for (const [i, d] of [-2, -1, 1, 2].entries()) {
    const r = await verify(tokenNow(m.key, d * OFFLINE_STEP_MS), tills[i])
    expect([d, r.status]).toEqual([d, 200])
  }
  const old = await verify(tokenNow(m.key, -3 * OFFLINE_STEP_MS))
  expect([old.status, old.body.error.code]).toEqual([410, 'EXPIRED'])
  const ahead = await verify(tokenNow(m.key, 3 * OFFLINE_STEP_MS))
  expect([ahead.status, ahead.body.error.code]).toEqual([400, 'INVALID_TOKEN'])
  const now = clock.now().getTime()
  const [cardNo, day] = m.key.ref.split('.')
  const forged = [
    tokenAt('card', 'not-our-key', m.key.ref, now),
    tokenAt('card', m.key.key, `${cardNo}.${Number(day) + 30}`, now), // a later issue day with the old key
    tokenAt('voucher', m.key.key, m.key.ref, now),
    tokenAt('card', m.key.key, m.key.ref, now).slice(0, -2),
  ]
  for (const t of forged) {
    const r = await verify(t)
    expect([t, r.status, r.body.error.code]).toEqual([t, 400, 'INVALID_TOKEN'])
  }
})

test('after validUntil the key\'s codes are EXPIRED; a card that is gone is NOT_MEMBER', async () => {
  const c = new ManualClock(Date.parse('2026-07-10T02:00:10.000Z'))
  const g = await startGateway({ clock: c })
  try {
    const m = await activeMember(g)
    const k = (await g.call('member', 'offlineKey', {}, m.openid)).body.data as Key
    c.set(Date.parse(k.validUntil) + 10_000)
    const late = await g.call('member', 'redeemBenefit', { token: tokenAt('card', k.key, k.ref, c.now().getTime()) }, MERCHANT)
    expect([late.status, late.body.error.code]).toEqual([410, 'EXPIRED'])
    // A new key works; after the member erases their account it no longer does.
    const fresh = (await g.call('member', 'offlineKey', {}, m.openid)).body.data as Key
    expect((await g.call('member', 'deleteMine', {}, m.openid)).body.ok).toBe(true)
    const gone = await g.call('member', 'redeemBenefit', { token: tokenAt('card', fresh.key, fresh.ref, c.now().getTime()) }, MERCHANT)
    expect([gone.status, gone.body.error.code]).toEqual([403, 'NOT_MEMBER'])
  } finally {
    await g.close()
  }
})

test('sixteen tills at two partners verifying one offline token at the same instant: exactly one success', async () => {
  const m = await memberWithKey()
  const token = tokenNow(m.key)
  const tills = [MERCHANT, await merchantOf(gw, 'fuxin-p01'), await merchantOf(gw, 'fuxin-p02'), await merchantOf(gw, 'fuxin-p02')]
  const res = await Promise.all(Array.from({ length: 16 }, (_, i) => verify(token, tills[i % tills.length])))
  expect(res.filter((r) => r.body.ok)).toHaveLength(1)
  expect(res.filter((r) => r.body.error?.code === 'ALREADY_USED')).toHaveLength(15)
  const day = shanghaiDay(clock.now())
  expect(await gw.deps.store.collection('benefit_uses').count({ openid: m.openid, day })).toBe(1)
})
