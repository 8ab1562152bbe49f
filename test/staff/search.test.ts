/**
 * member.search (admin: a name or the last 4 digits of a phone, among members and partner applicants,
 * phones masked, paged) and member.revokeRole, through the gateway on the real sqlite store.
 * People are stored directly: joining and applying are tested in the member area.
 */
import { startGateway, type TestGateway } from '../support/gateway'

const ADMIN = 'demo-admin'
let gw: TestGateway
beforeAll(async () => {
  gw = await startGateway({ env: { SEED: 'none', ADMIN_OPENIDS: ADMIN } })
  const members = gw.deps.store.collection('members')
  const at = '2026-07-01T00:00:00.000Z'
  const people: Array<[string, string, string, string]> = [
    ['s-lin', '林海生', '13802461234', 'active'], ['s-lin2', '林晓', '13911115678', 'pending'], ['s-wang', '王丽', '13700001234', 'active'],
    ['s-gone', '林去', '13600009999', 'active'],
  ]
  for (const [id, name, phone, status] of people) {
    await members.insert({ _id: id, status, name, phone, city: '汕头', industry: 'courier', employer: '顺达快递', appliedAt: at })
  }
  await members.updateOne({ _id: 's-gone' }, { $set: { deleted: true } })
  // 30 more members called 陈…, to page through.
  for (let i = 0; i < 30; i++) {
    await members.insert({ _id: `s-chen-${String(i).padStart(2, '0')}`, status: 'active', name: `陈${i}号`, phone: `1350000${String(1000 + i)}`, city: '阜新', industry: 'other', employer: '单位', appliedAt: at })
  }
  await gw.deps.store.collection('partner_applications').insert({
    _id: 'pa-1', name: '阜新林业书店', category: 'culture', city: '阜新', address: '中华路 1 号', location: { lat: 42, lng: 121.6 },
    offer: '九折', contactName: '张三', contactPhone: '13812344321', status: 'approved', applicant: 's-zhang', partnerId: 'fuxin-p01', createdAt: at,
  })
})
afterAll(async () => { await gw.close() })

const search = (data: Record<string, unknown>, who = ADMIN) => gw.call('member', 'search', data, who)

test('by name: members (not deleted ones) and applicants (also by the venue applied for), phones masked, roles shown', async () => {
  await gw.call('member', 'grantRole', { openid: 's-lin', role: 'judge' }, ADMIN)
  const r = await search({ q: '林' })
  expect(r.status).toBe(200)
  const items = r.body.data.items as Array<Record<string, unknown>>
  expect(items.map((i) => [i.openid, i.kind])).toEqual([['s-lin', 'member'], ['s-lin2', 'member'], ['s-zhang', 'applicant']])
  expect(items[0]).toMatchObject({ name: '林海生', phone: '138****1234', status: 'active', roles: ['judge'], city: '汕头' })
  expect(items[2]).toMatchObject({ name: '张三', phone: '138****4321', partnerName: '阜新林业书店', partnerId: 'fuxin-p01', roles: [] })
  expect(JSON.stringify(r.body)).not.toMatch(/13802461234|13812344321/)
  expect(r.body.data.nextCursor).toBeNull()
})

test('by the last 4 digits of a phone', async () => {
  const items = (await search({ q: '1234' })).body.data.items as Array<{ openid: string }>
  expect(items.map((i) => i.openid)).toEqual(['s-lin', 's-wang'])
  expect((await search({ q: '4321' })).body.data.items.map((i: { openid: string }) => i.openid)).toEqual(['s-zhang'])
  expect((await search({ q: '0000' })).body.data.items).toEqual([])
})

test('paged: every match once, in order, then no cursor', async () => {
  const seen: string[] = []
  let cursor: string | undefined
  for (let i = 0; i < 10; i++) {
    const r = await search({ q: '陈', limit: 8, ...(cursor ? { cursor } : {}) })
    seen.push(...r.body.data.items.map((x: { openid: string }) => x.openid))
    cursor = r.body.data.nextCursor ?? undefined
    if (!cursor) break
  }
  expect(cursor).toBeUndefined()
  expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `s-chen-${String(i).padStart(2, '0')}`))
})

test('non-admins are FORBIDDEN; bad input names the field; a forged cursor is refused', async () => {
  for (const who of ['s-lin', 'demo-keeper']) expect((await search({ q: '林' }, who)).body.error.code).toBe('FORBIDDEN')
  expect((await gw.call('member', 'search', { q: '林' })).status).toBe(401)
  const short = await search({ q: '123' })
  expect(short.body.error.details.fieldErrors.q).toEqual(['按手机号搜索请输入后 4 位数字'])
  const forged = await search({ q: '林', cursor: Buffer.from('["x",1]').toString('base64url') })
  expect([forged.status, forged.body.error.details.fieldErrors.cursor]).toEqual([400, ['翻页标记无效']])
})

test('revokeRole takes the role and its scope back; repeat is harmless; admins of the environment stay', async () => {
  await gw.deps.store.collection('stations').insert({ _id: 'st-1', name: '测试驿站', city: '武汉', location: { lat: 30.5, lng: 114.3 } })
  expect((await gw.call('member', 'grantRole', { openid: 's-wang', role: 'keeper', stationIds: ['st-1'] }, ADMIN)).body.data.roles).toEqual(['keeper'])
  await gw.call('member', 'grantRole', { openid: 's-wang', role: 'judge' }, ADMIN)
  const r = await gw.call('member', 'revokeRole', { openid: 's-wang', role: 'keeper' }, ADMIN)
  expect(r.body.data).toEqual({ openid: 's-wang', roles: ['judge'] })
  expect(await gw.deps.store.collection('roles').get('s-wang')).not.toHaveProperty('stationIds')
  expect((await search({ q: '王丽' })).body.data.items[0]).toMatchObject({ roles: ['judge'] })
  expect((await gw.call('member', 'revokeRole', { openid: 's-wang', role: 'keeper' }, ADMIN)).body.data.roles).toEqual(['judge'])
  expect((await gw.call('member', 'revokeRole', { openid: 'nobody', role: 'judge' }, ADMIN)).body.data).toEqual({ openid: 'nobody', roles: [] })
  expect((await gw.call('member', 'revokeRole', { openid: ADMIN, role: 'judge' }, ADMIN)).body.data.roles).toEqual(['admin'])
  const bad = await gw.call('member', 'revokeRole', { openid: ADMIN, role: 'admin' }, ADMIN)
  expect(bad.body.error.details.fieldErrors.role).toEqual(['只能收回商户、站长或评委角色'])
  expect((await gw.call('member', 'revokeRole', { openid: 's-wang', role: 'judge' }, 's-lin')).body.error.code).toBe('FORBIDDEN')
})
