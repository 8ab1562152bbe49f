/**
 * The wallet's QR and the till: owner-only tokens, one redemption per voucher even when tills race,
 * expired and forged tokens, merchants only.
 */
import { createHmac } from 'node:crypto'
import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { ADMIN, MERCHANT, addMembers, claimedVoucherWith, campaignSuite, tills } from './helpers'

const clock = new ManualClock(Date.parse('2026-08-03T01:00:00.000Z'))
const suite = campaignSuite(clock)

async function voucherWithToken() {
  const { owner, voucher, data } = await claimedVoucherWith(suite, 'voucherToken')
  return { owner, voucher, token: data.token as string, tokenExpiresAt: data.expiresAt as string }
}


test('a token lives 60 s and is for the owner only', async () => {
  const { owner, voucher, tokenExpiresAt } = await voucherWithToken()
  expect(Date.parse(tokenExpiresAt) - clock.now().getTime()).toBe(60_000)
  const [stranger] = await addMembers(suite.gw, 1)
  const other = await suite.gw.call('voucher', 'voucherToken', { voucherId: voucher.id }, stranger)
  expect([other.status, other.body.error.code]).toEqual([404, 'NOT_FOUND'])
  const missing = await suite.gw.call('voucher', 'voucherToken', { voucherId: 'AAAAAAAAAAAAAAAAAAAAAA' }, owner)
  expect(missing.body.error).toEqual(other.body.error) // another's voucher looks exactly like no voucher
  const anon = await suite.gw.call('voucher', 'voucherToken', { voucherId: voucher.id })
  expect(anon.status).toBe(401)
})

test('redeem: the merchant gets the voucher; the wallet shows it used; a second scan is ALREADY_USED', async () => {
  const { owner, voucher, token } = await voucherWithToken()
  const r = await suite.gw.call('voucher', 'redeem', { token }, MERCHANT)
  expect(r.status).toBe(200)
  expect(r.body.data).toEqual({ voucher: { ...voucher, status: 'used', redeemedAt: clock.now().toISOString() }, redeemedAt: clock.now().toISOString() })
  const again = await suite.gw.call('voucher', 'redeem', { token }, MERCHANT)
  expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_USED'])
  const used = await suite.gw.call('voucher', 'mine', { status: 'used' }, owner)
  expect(used.body.data.items.map((v: { id: string; status: string }) => [v.id, v.status])).toEqual([[voucher.id, 'used']])
  const stored = await suite.gw.deps.store.collection('vouchers').get(voucher.id)
  expect(stored).toMatchObject({ status: 'used', redeemedBy: MERCHANT, partnerId: 'shantou-p01' })
  // A used voucher gets no new QR.
  const t = await suite.gw.call('voucher', 'voucherToken', { voucherId: voucher.id }, owner)
  expect(t.body.error.code).toBe('ALREADY_USED')
})

test('ten tills scanning one voucher at the same instant → exactly one success', async () => {
  const { voucher, token } = await voucherWithToken()
  const ts = await tills(suite.gw, 10)
  const answers = await Promise.all(ts.map((till) => suite.gw.call('voucher', 'redeem', { token }, till)))
  expect(answers.filter((a) => a.status === 200)).toHaveLength(1)
  expect(answers.filter((a) => a.status !== 200).map((a) => a.body.error.code)).toEqual(Array(9).fill('ALREADY_USED'))
  const winner = ts[answers.findIndex((a) => a.status === 200)]
  expect(await suite.gw.deps.store.collection('vouchers').get(voucher.id)).toMatchObject({ status: 'used', redeemedBy: winner })
})

test('an expired token is EXPIRED (410); the voucher stays usable with a fresh one', async () => {
  const { owner, voucher, token } = await voucherWithToken()
  clock.advance(61_000)
  const r = await suite.gw.call('voucher', 'redeem', { token }, MERCHANT)
  expect([r.status, r.body.error.code]).toEqual([410, 'EXPIRED'])
  expect((await suite.gw.deps.store.collection('vouchers').get(voucher.id))!.status).toBe('unused')
  const fresh = await suite.gw.call('voucher', 'voucherToken', { voucherId: voucher.id }, owner)
  expect((await suite.gw.call('voucher', 'redeem', { token: fresh.body.data.token }, MERCHANT)).status).toBe(200)
})

test('forged and foreign tokens are INVALID_TOKEN (400) and change nothing', async () => {
  const { voucher, token } = await voucherWithToken()
  const [kind, body, sig] = token.split('.')
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString())
  const otherBody = Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 3600_000 })).toString('base64url')
  const wrongKey = createHmac('sha256', 'not-our-secret-not-our-secret-00').update(`${kind}.${body}`).digest('base64url')
  const forged = [
    `${kind}.${otherBody}.${sig}`, // longer life, old signature
    `${kind}.${body}.${wrongKey}`, // signed with another key
    `card.${body}.${sig}`, // another kind of token
    'voucher.bm90IGpzb24.xyz',
    'hello',
  ]
  for (const t of forged) {
    const r = await suite.gw.call('voucher', 'redeem', { token: t }, MERCHANT)
    expect([t, r.status, r.body.error.code]).toEqual([t, 400, 'INVALID_TOKEN'])
  }
  expect((await suite.gw.deps.store.collection('vouchers').get(voucher.id))!.status).toBe('unused')
})

test('only merchants redeem; members and admins are FORBIDDEN', async () => {
  const { owner, token } = await voucherWithToken()
  for (const who of [owner, ADMIN, 'demo-courier']) {
    const r = await suite.gw.call('voucher', 'redeem', { token }, who)
    expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN'])
  }
})

test('a till of a partner in another city cannot redeem (NOT_ELIGIBLE, 此券不能在本店使用); the voucher stays usable', async () => {
  const { voucher, token } = await voucherWithToken()
  // demo-merchant is the till of a Fuxin scenic park; the campaign is Shantou's.
  const r = await suite.gw.call('voucher', 'redeem', { token }, 'demo-merchant')
  expect([r.status, r.body.error.code, r.body.error.message]).toEqual([403, 'NOT_ELIGIBLE', '此券不能在本店使用'])
  expect(await suite.gw.deps.store.collection('vouchers').get(voucher.id)).toMatchObject({ status: 'unused' })
  // A merchant role without a venue is refused the same way.
  await suite.gw.deps.store.collection('roles').insert({ _id: `v-novenue-${process.pid}`, roles: ['merchant'], v: 1 })
  const n = await suite.gw.call('voucher', 'redeem', { token }, `v-novenue-${process.pid}`)
  expect(n.body.error.code).toBe('NOT_ELIGIBLE')
  expect((await suite.gw.call('voucher', 'redeem', { token }, MERCHANT)).status).toBe(200)
})
