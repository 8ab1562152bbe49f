/**
 * The eligibility pass (cloudfunctions/_shared/pass.ts) through the gateway on the real sqlite store:
 * handed out with the campaign list, it stands in for the member read of a claim when it is ours,
 * the caller's and unexpired; otherwise the claim reads the member as before. Its staleness is bounded
 * by its lifetime, and tested as such.
 */
import { randomUUID } from 'node:crypto'
import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { PASS_TTL_MS } from '../../cloudfunctions/_shared/pass'
import { startGateway, type TestGateway } from '../support/gateway'
import { addMembers, createCampaign, holder, vouchersOf } from './helpers'

const clock = new ManualClock(Date.parse('2026-07-15T00:30:00.000Z'))
let gw: TestGateway
beforeAll(async () => { gw = await startGateway({ clock }) })
afterAll(async () => { await gw.close() })

const passOf = async (openid?: string) => (await gw.call('voucher', 'campaigns', {}, openid)).body.data as { pass?: string; passExpiresAt?: string }
const claimWith = (openid: string, campaignId: string, pass?: string) =>
  gw.call('voucher', 'claim', { campaignId, requestId: randomUUID(), ...(pass !== undefined ? { pass } : {}) }, openid)
/** Member reads the store served while `f` ran (nothing else runs in this file meanwhile). */
async function memberReads(f: () => Promise<unknown>): Promise<number> {
  const members = gw.deps.store.collection('members')
  const get = members.get.bind(members)
  let n = 0
  members.get = (id: string) => { n++; return get(id) }
  try { await f() } finally { members.get = get }
  return n
}

test('an active member gets a pass for five minutes with the list; guests, applicants and workers get none', async () => {
  const [m] = await addMembers(gw, 1)
  const [pending] = await addMembers(gw, 1, { status: 'pending' })
  const mine = await passOf(m)
  expect(mine.pass).toMatch(/^elig\./)
  expect(mine.passExpiresAt).toBe(new Date(clock.now().getTime() + PASS_TTL_MS).toISOString())
  expect((await passOf(undefined)).pass).toBeUndefined()
  expect((await passOf(pending)).pass).toBeUndefined()
  expect((await passOf('v-just-a-worker')).pass).toBeUndefined()
})

test('a claim with its pass skips the member read; without one it reads the member, and both grant the same', async () => {
  const c = await createCampaign(gw, { dailyStock: 10 })
  const [a, b] = await addMembers(gw, 2)
  const { pass } = await passOf(a)
  let r: Awaited<ReturnType<typeof claimWith>> | undefined
  expect(await memberReads(async () => { r = await claimWith(a, c, pass) })).toBe(0)
  expect(r!.status).toBe(200)
  expect(await memberReads(async () => { r = await claimWith(b, c) })).toBe(1)
  expect(r!.status).toBe(200)
  expect((await vouchersOf(gw, c)).map((v) => v.owner).sort()).toEqual([holder(gw, a), holder(gw, b)].sort())
})

test('a pass is bound to its caller, its signature and its lifetime: otherwise the claim falls back to the read', async () => {
  const c = await createCampaign(gw, { dailyStock: 10 })
  const [a] = await addMembers(gw, 1)
  const { pass } = await passOf(a)
  // Someone else's pass: ignored, so a worker who is not a member stays NOT_MEMBER.
  const stolen = await claimWith('v-not-a-member', c, pass)
  expect([stolen.status, stolen.body.error.code]).toEqual([403, 'NOT_MEMBER'])
  // A forged one (another signature): ignored as well.
  const forged = pass!.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
  expect((await claimWith('v-not-a-member', c, forged)).body.error.code).toBe('NOT_MEMBER')
  // Not a pass at all: the schema says so.
  const junk = await claimWith(a, c, 'hello')
  expect([junk.status, junk.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  // Expired: the read decides (here: still a member, so the claim goes through with one read).
  clock.advance(PASS_TTL_MS + 1000)
  let r: Awaited<ReturnType<typeof claimWith>> | undefined
  expect(await memberReads(async () => { r = await claimWith(a, c, pass) })).toBe(1)
  expect(r!.status).toBe(200)
})

test('staleness: a membership revoked while a pass is valid still claims until the pass expires, then never', async () => {
  const c = await createCampaign(gw, { dailyStock: 10, perMemberPerDay: 3 })
  const [m] = await addMembers(gw, 1)
  const { pass } = await passOf(m)
  expect((await claimWith(m, c, pass)).status).toBe(200)
  await gw.deps.store.collection('members').updateOne({ _id: m }, { $set: { status: 'pending' } })
  // Without the pass the revocation holds at once.
  expect((await claimWith(m, c)).body.error.code).toBe('NOT_MEMBER')
  // With it, for the rest of its five minutes, the claim is still granted (the documented price of one read less) ...
  clock.advance(PASS_TTL_MS - 60_000)
  expect((await claimWith(m, c, pass)).status).toBe(200)
  // ... and no longer once it has expired; a fresh list hands out no new pass.
  clock.advance(61_000)
  expect((await claimWith(m, c, pass)).body.error.code).toBe('NOT_MEMBER')
  expect((await passOf(m)).pass).toBeUndefined()
  expect(await vouchersOf(gw, c)).toHaveLength(2)
})
