/**
 * exportMine / deleteMine through the gateway on the real store: a person gets everything stored
 * about them, and deletion leaves nothing that names them while the evaluation counts stay.
 */
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections'
import { aliasOf } from '../../cloudfunctions/_shared/alias'
import { startGateway, type TestGateway } from '../support/gateway'
import { ADMIN, MERCHANT, activeMember, tokenOf } from './helpers'

let gw: TestGateway
beforeAll(async () => { gw = await startGateway() })
afterAll(async () => { await gw.close() })

const PHONE = '13642189876'
const NAME = '邵春梅'

async function everyDoc(): Promise<Array<{ coll: string; doc: any }>> {
  const out: Array<{ coll: string; doc: any }> = []
  for (const coll of Object.keys(COLLECTIONS)) {
    for (const doc of await gw.deps.store.collection(coll).find({}, { limit: 1000 })) out.push({ coll, doc })
  }
  return out
}

test('export gives the caller everything about them; delete anonymises it and keeps the counts', async () => {
  const m = await activeMember(gw, { name: NAME, phone: PHONE, employer: '阜新市第二人民医院', industry: 'sanitation' })
  const used = await gw.call('member', 'redeemBenefit', { token: await tokenOf(gw, m.openid) }, MERCHANT)
  expect(used.body.ok).toBe(true)
  const app = await gw.call('member', 'applyPartner', {
    name: '邵记水饺', category: 'dining', city: '阜新', address: '阜新市海州区红旗路 3 号', location: { lat: 42.01, lng: 121.66 },
    offer: '会员 9 折', contactName: NAME, contactPhone: PHONE,
  }, m.openid)
  expect(app.body.ok).toBe(true)
  // Records of the other areas, stored under their owner fields.
  const { store } = gw.deps
  // Vouchers are held by the member's alias (never the openid); this one was redeemed at a till.
  await store.collection('vouchers').insert({ _id: 'priv-v1', owner: aliasOf(gw.deps.config.TOKEN_SECRET, m.openid), campaignId: 'c', day: '2025-07-01', status: 'used', redeemedBy: 'demo-cashier', partnerId: 'shantou-p01' })
  await store.collection('entries').insert({ _id: 'priv-e1', owner: m.openid, name: NAME, phone: PHONE, employer: '阜新市第二人民医院', genre: 'pingju' })
  await store.collection('votes').insert({ _id: 'priv-vote1', voter: m.openid, entryId: 'x', day: '2025-07-01' })
  await store.collection('checkins').insert({ _id: 'priv-c1', openid: m.openid, stationId: 's', visitNo: 1 })
  await store.collection('ratings').insert({ _id: 'priv-r1', openid: m.openid, stationId: 's', stars: 5, comment: `我是${NAME}` })

  const exp = await gw.call('member', 'exportMine', {}, m.openid)
  expect(exp.body.ok).toBe(true)
  const d = exp.body.data
  expect(d.openid).toBe(m.openid)
  expect(d.member).toMatchObject({ id: m.openid, name: NAME, phone: PHONE, cardNo: m.cardNo, status: 'active' })
  expect(d.benefitUses).toHaveLength(1)
  expect(d.benefitUses[0]).toMatchObject({ partnerId: 'fuxin-p01', cardNo: m.cardNo })
  expect(d.partnerApplications).toHaveLength(1)
  expect(d.partnerApplications[0]).toMatchObject({ name: '邵记水饺', contactPhone: PHONE })
  expect(d.vouchers.map((x: any) => x.id)).toEqual(['priv-v1'])
  // The till that redeemed it is named by its partner, never by its staff's openid.
  expect(d.vouchers[0]).toMatchObject({ partnerId: 'shantou-p01', partnerName: '汕头百佳超市（金平店）' })
  expect(JSON.stringify(d)).not.toContain('demo-cashier')
  expect(d.entries[0]).toMatchObject({ id: 'priv-e1', phone: PHONE })
  expect(d.votes).toHaveLength(1)
  expect(d.checkins).toHaveLength(1)
  expect(d.ratings).toHaveLength(1)
  expect(JSON.stringify(d)).not.toContain('"_id"')

  // Someone else's export has none of it.
  const other = await gw.call('member', 'exportMine', {}, 'demo-courier')
  expect(JSON.stringify(other.body.data)).not.toContain(PHONE)
  expect(JSON.stringify(other.body.data)).not.toContain(m.openid)

  const before = (await gw.call('member', 'stats', {}, ADMIN)).body.data
  const del = await gw.call('member', 'deleteMine', {}, m.openid)
  expect(del.body).toEqual({ ok: true, data: { deleted: true } })
  const after = (await gw.call('member', 'stats', {}, ADMIN)).body.data
  expect(after).toEqual(before)

  const me = await gw.call('member', 'me', {}, m.openid)
  expect(me.body.data).toEqual({ openid: m.openid, roles: [], member: null, uploadDir: `contest/${aliasOf(gw.deps.config.TOKEN_SECRET, m.openid)}/` })
  const exp2 = (await gw.call('member', 'exportMine', {}, m.openid)).body.data
  expect(exp2.member).toBeNull()
  for (const k of ['benefitUses', 'partnerApplications', 'vouchers', 'entries', 'votes', 'checkins', 'ratings']) expect([k, exp2[k]]).toEqual([k, []])

  // Nothing in the store names the person any more (the member card area's records not even by id).
  for (const { coll, doc } of await everyDoc()) {
    const text = JSON.stringify(doc)
    expect([coll, text.includes(PHONE) || text.includes(NAME) || text.includes(m.cardNo)]).toEqual([coll, false])
    const fields = JSON.stringify({ ...doc, _id: undefined })
    expect([coll, fields.includes(m.openid)]).toEqual([coll, false])
    if (['members', 'roles', 'benefit_uses', 'partner_applications'].includes(coll)) expect(doc._id).not.toContain(m.openid)
  }
  // The records themselves stay, under a pseudonym: counts, stock and votes still add up.
  expect(await store.collection('vouchers').count({ _id: 'priv-v1' })).toBe(1)
  expect(await store.collection('benefit_uses').count({ partnerId: 'fuxin-p01', cardNo: '' })).toBe(1)
  const till = await gw.call('member', 'benefitUses', {}, MERCHANT)
  expect(till.body.data.items.map((x: any) => x.name)).toContain('已注销用户')
  const queue = await gw.call('member', 'listJoins', { limit: 50, status: 'active' }, ADMIN)
  expect(JSON.stringify(queue.body.data)).not.toContain('已注销用户')

  // Deleting again finds nothing; the person may join again as a new applicant.
  expect((await gw.call('member', 'deleteMine', {}, m.openid)).body.data).toEqual({ deleted: false })
  const rejoin = await gw.call('member', 'join', { name: NAME, phone: PHONE, city: '阜新', industry: 'sanitation', employer: '阜新市第二人民医院' }, m.openid)
  expect(rejoin.body.data).toEqual({ status: 'pending' })
})

test('a merchant who deletes their account loses the role; their verifications stay counted', async () => {
  const merchant = 'priv-merchant'
  await gw.call('member', 'grantRole', { openid: merchant, role: 'merchant', partnerId: 'fuxin-p03' }, ADMIN)
  const m = await activeMember(gw)
  expect((await gw.call('member', 'redeemBenefit', { token: await tokenOf(gw, m.openid) }, merchant)).body.ok).toBe(true)
  expect((await gw.call('member', 'deleteMine', {}, merchant)).body.data.deleted).toBe(true)
  expect((await gw.call('member', 'me', {}, merchant)).body.data.roles).toEqual([])
  expect((await gw.call('member', 'benefitUses', {}, merchant)).body.error.code).toBe('FORBIDDEN')
  expect(await gw.deps.store.collection('benefit_uses').count({ merchant })).toBe(0)
  expect(await gw.deps.store.collection('benefit_uses').count({ partnerId: 'fuxin-p03', openid: m.openid })).toBe(1)
})

test('export and delete need an identity', async () => {
  for (const action of ['exportMine', 'deleteMine']) {
    const r = await gw.call('member', action, {})
    expect(r.status).toBe(401)
  }
})
