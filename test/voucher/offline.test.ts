/**
 * Offline voucher codes (SPEC "Offline codes"): the owner fetches the voucher's key while online, the phone
 * computes the rotating token itself (the app's own code, src/packages/shared/offline-code.ts), and the till
 * redeems it: within ±2 steps of the server's clock, once, never after the voucher's end or its use.
 */
import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { OFFLINE_STEP_MS, offlineStep, parseOfflineToken } from '../../types/offline'
import { tokenAt } from '../../src/packages/shared/offline-code'
import { startGateway } from '../support/gateway'
import { MERCHANT, addMembers, claim, claimedVoucherWith, campaignSuite, createCampaign, tills } from './helpers'

// 09:00 in Shantou, mid-step.
const clock = new ManualClock(Date.parse('2026-08-03T01:00:10.000Z'))
const suite = campaignSuite(clock)

async function voucherWithKey() {
  const { owner, voucher, data } = await claimedVoucherWith(suite, 'offlineKey')
  return { owner, voucher, key: data as { key: string; ref: string; validUntil: string; serverTime: string } }
}
const redeem = (token: string, till = MERCHANT) => suite.gw.call('voucher', 'redeem', { token }, till)

test('offlineKey: the owner gets a key valid until the voucher ends; nobody else gets one', async () => {
  const { owner, voucher, key } = await voucherWithKey()
  expect(key).toEqual({ key: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), ref: voucher.id, validUntil: voucher.expiresAt, serverTime: clock.now().toISOString() })
  // The same key again: derived from the voucher, nothing stored per key.
  const again = await suite.gw.call('voucher', 'offlineKey', { voucherId: voucher.id }, owner)
  expect(again.body.data.key).toBe(key.key)
  const [stranger] = await addMembers(suite.gw, 1)
  const other = await suite.gw.call('voucher', 'offlineKey', { voucherId: voucher.id }, stranger)
  expect([other.status, other.body.error.code]).toEqual([404, 'NOT_FOUND'])
  expect((await suite.gw.call('voucher', 'offlineKey', { voucherId: voucher.id })).status).toBe(401)
  const bad = await suite.gw.call('voucher', 'offlineKey', { voucherId: '../x' }, owner)
  expect([bad.status, bad.body.error.code, Object.keys(bad.body.error.details.fieldErrors)]).toEqual([400, 'VALIDATION_FAILED', ['voucherId']])
})

test('a token made on the phone redeems at the till; the same token again is ALREADY_USED, and so is the next step', async () => {
  const { owner, voucher, key } = await voucherWithKey()
  const token = tokenAt('voucher', key.key, key.ref, clock.now().getTime())
  expect(parseOfflineToken(token)).toMatchObject({ kind: 'voucher', ref: voucher.id, step: offlineStep(clock.now().getTime()) })
  const r = await redeem(token)
  expect(r.status).toBe(200)
  expect(r.body.data.voucher).toMatchObject({ id: voucher.id, status: 'used' })
  const again = await redeem(token)
  expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_USED'])
  const next = await redeem(tokenAt('voucher', key.key, key.ref, clock.now().getTime() + OFFLINE_STEP_MS))
  expect(next.body.error.code).toBe('ALREADY_USED')
  // A used voucher gives no key any more.
  expect((await suite.gw.call('voucher', 'offlineKey', { voucherId: voucher.id }, owner)).body.error.code).toBe('ALREADY_USED')
})

test('±2 steps of clock difference are accepted; an older step is EXPIRED, a later one INVALID_TOKEN', async () => {
  const now = clock.now().getTime()
  for (const d of [-2, -1, 1, 2]) {
    const { key } = await voucherWithKey()
    const r = await redeem(tokenAt('voucher', key.key, key.ref, now + d * OFFLINE_STEP_MS))
    expect([d, r.status]).toEqual([d, 200])
  }
  const { voucher, key } = await voucherWithKey()
  const old = await redeem(tokenAt('voucher', key.key, key.ref, now - 3 * OFFLINE_STEP_MS))
  expect([old.status, old.body.error.code]).toEqual([410, 'EXPIRED'])
  const ahead = await redeem(tokenAt('voucher', key.key, key.ref, now + 3 * OFFLINE_STEP_MS))
  expect([ahead.status, ahead.body.error.code]).toEqual([400, 'INVALID_TOKEN'])
  expect((await suite.gw.deps.store.collection('vouchers').get(voucher.id))!.status).toBe('unused')
})

test('forged offline tokens are INVALID_TOKEN and change nothing; online tokens keep working', async () => {
  const { owner, voucher, key } = await voucherWithKey()
  const now = clock.now().getTime()
  const good = tokenAt('voucher', key.key, key.ref, now)
  const [other] = [await voucherWithKey()]
  const forged = [
    tokenAt('voucher', 'a-key-we-never-issued', key.ref, now), // made up key
    tokenAt('voucher', other.key.key, key.ref, now), // another voucher's key
    tokenAt('card', key.key, key.ref, now), // another kind
    good.replace(/.$/, (c) => (c === '0' ? '1' : '0')), // one digit changed
    good.slice(0, -1), // cut
  ]
  for (const t of forged) {
    const r = await redeem(t)
    expect([t, r.status, r.body.error.code]).toEqual([t, 400, 'INVALID_TOKEN'])
  }
  expect((await suite.gw.deps.store.collection('vouchers').get(voucher.id))!.status).toBe('unused')
  const online = await suite.gw.call('voucher', 'voucherToken', { voucherId: voucher.id }, owner)
  expect((await redeem(online.body.data.token)).status).toBe(200)
})

test('after validUntil (the end of the voucher\'s day) an offline token is EXPIRED, also within the window', async () => {
  const c = new ManualClock(Date.parse('2026-08-04T15:59:10.000Z')) // 23:59:10 in Shantou
  const g = await startGateway({ clock: c })
  try {
    const cid = await createCampaign(g, { title: '午夜券', industries: ['courier'], dailyStock: 10 })
    const [m] = await addMembers(g, 1)
    const v = await claim(g, m, cid)
    const k = (await g.call('voucher', 'offlineKey', { voucherId: v.body.data.id }, m)).body.data
    expect(k.validUntil).toBe('2026-08-04T15:59:59.999Z') // the voucher's expiresAt
    // A token for 00:00:20 (a phone clock a minute fast) while the server is still at 23:59:40.
    c.advance(30_000)
    const late = await g.call('voucher', 'redeem', { token: tokenAt('voucher', k.key, k.ref, Date.parse('2026-08-04T16:00:20.000Z')) }, MERCHANT)
    expect([late.status, late.body.error.code]).toEqual([410, 'EXPIRED'])
    c.advance(60_000)
    const after = await g.call('voucher', 'redeem', { token: tokenAt('voucher', k.key, k.ref, c.now().getTime()) }, MERCHANT)
    expect([after.status, after.body.error.code]).toEqual([410, 'EXPIRED'])
    expect((await g.call('voucher', 'offlineKey', { voucherId: v.body.data.id }, m)).body.error.code).toBe('EXPIRED')
  } finally {
    await g.close()
  }
})

test('ten tills redeeming one offline token at the same instant → exactly one success, nine ALREADY_USED', async () => {
  const { voucher, key } = await voucherWithKey()
  const token = tokenAt('voucher', key.key, key.ref, clock.now().getTime())
  const ts = await tills(suite.gw, 10)
  const answers = await Promise.all(ts.map((till) => redeem(token, till)))
  expect(answers.filter((a) => a.status === 200)).toHaveLength(1)
  expect(answers.filter((a) => a.status !== 200).map((a) => a.body.error.code)).toEqual(Array(9).fill('ALREADY_USED'))
  expect(await suite.gw.deps.store.collection('vouchers').get(voucher.id)).toMatchObject({ status: 'used', redeemedBy: ts[answers.findIndex((a) => a.status === 200)] })
})
