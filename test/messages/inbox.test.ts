/** The message centre: the caller's own messages, newest first, paged, read state; erased with the account. */
import { aliasOf } from '../../cloudfunctions/_shared/alias'
import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { startGateway, type TestGateway } from '../support/gateway'
import { joinData, worker } from '../member/helpers'
import { ok } from './helpers'

const clock = new ManualClock(Date.parse('2026-07-10T04:00:00.000Z'))
let gw: TestGateway
beforeAll(async () => { gw = await startGateway({ clock, env: { TIMERS: 'off' } }) })
afterAll(async () => { await gw.close() })

/** n join decisions for one person (reject, re-apply, …), a minute apart: n messages. */
async function personWith(n: number) {
  const openid = worker('inbox')
  for (let i = 0; i < n; i++) {
    clock.advance(60_000)
    await ok(gw.call('member', 'join', joinData(), openid))
    await ok(gw.call('member', 'reviewJoin', { openid, approve: false, reason: `第${i + 1}次驳回` }, 'demo-admin'))
  }
  return openid
}

test('newest first, paged by cursor without repeats, with the unread count', async () => {
  const openid = await personWith(5)
  const p1 = await ok(gw.call('member', 'messages', { limit: 2 }, openid))
  expect(p1.items.map((m: any) => m.body)).toEqual([expect.stringContaining('第5次'), expect.stringContaining('第4次')])
  expect(p1.unread).toBe(5)
  const p2 = await ok(gw.call('member', 'messages', { limit: 2, cursor: p1.nextCursor }, openid))
  const p3 = await ok(gw.call('member', 'messages', { limit: 2, cursor: p2.nextCursor }, openid))
  expect([...p2.items, ...p3.items].map((m: any) => m.body.match(/第(\d)次/)[1])).toEqual(['3', '2', '1'])
  expect(p3.nextCursor).toBeNull()
  const bad = await gw.call('member', 'messages', { cursor: 'not-a-cursor' }, openid)
  expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
})

test('another person’s messages are never readable nor markable', async () => {
  const a = await personWith(2)
  const b = await personWith(1)
  const mineA = await ok(gw.call('member', 'messages', {}, a))
  const mineB = await ok(gw.call('member', 'messages', {}, b))
  expect(mineB.items).toHaveLength(1)
  expect(mineB.items.some((m: any) => mineA.items.some((x: any) => x.id === m.id))).toBe(false)
  expect(await ok(gw.call('member', 'readMessages', { ids: mineA.items.map((m: any) => m.id) }, b))).toEqual({ unread: 1 })
  expect((await ok(gw.call('member', 'messages', {}, a))).unread).toBe(2)
  expect((await gw.call('member', 'messages', {})).status).toBe(401)
})

test('read by id, then all; reading twice changes nothing', async () => {
  const openid = await personWith(3)
  const { items } = await ok(gw.call('member', 'messages', {}, openid))
  expect(await ok(gw.call('member', 'readMessages', { ids: [items[0].id, items[0].id] }, openid))).toEqual({ unread: 2 })
  const after = await ok(gw.call('member', 'messages', {}, openid))
  expect(after.items.map((m: any) => m.read)).toEqual([true, false, false])
  expect(await ok(gw.call('member', 'readMessages', {}, openid))).toEqual({ unread: 0 })
  expect(await ok(gw.call('member', 'readMessages', {}, openid))).toEqual({ unread: 0 })
})

test('subscribe refuses unknown topics and more than WeChat allows at once, and stores nothing then', async () => {
  const openid = worker('sub')
  for (const topics of [['newsletter'], ['join_result', 'partner_result', 'award', 'voucher_expiring'], []]) {
    const r = await gw.call('member', 'subscribe', { topics }, openid)
    expect([r.status, r.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
  }
  expect(await gw.deps.store.collection('subscriptions').count({ openid })).toBe(0)
  expect(await ok(gw.call('member', 'subscribe', { topics: ['award'] }, openid))).toEqual({ subscriptions: { award: 1 } })
  expect(await ok(gw.call('member', 'subscribeTemplates', {}))).toEqual({ items: [] })
})

test('exportMine lists messages and subscriptions; deleteMine erases them and leaves no openid behind', async () => {
  const openid = await personWith(2)
  await ok(gw.call('member', 'subscribe', { topics: ['join_result', 'award'] }, openid))
  const exp = await ok(gw.call('member', 'exportMine', {}, openid))
  expect(exp.messages).toHaveLength(2)
  const to = aliasOf(gw.deps.config.TOKEN_SECRET, openid)
  expect(exp.messages[0]).toMatchObject({ to, topic: 'join_result' })
  expect(exp.subscriptions.map((s: any) => [s.topic, s.left]).sort()).toEqual([['award', 1], ['join_result', 1]])
  await ok(gw.call('member', 'deleteMine', {}, openid))
  expect(await gw.deps.store.collection('messages').count({ to })).toBe(0)
  expect(await gw.deps.store.collection('subscriptions').count({ openid })).toBe(0)
  const db = gw.deps.store.db
  for (const t of ['messages', 'subscriptions']) {
    for (const s of [openid, to]) expect((db.prepare(`SELECT count(*) n FROM c_${t} WHERE id LIKE ? OR doc LIKE ?`).get(`%${s}%`, `%${s}%`) as { n: number }).n).toBe(0)
  }
  expect((await ok(gw.call('member', 'messages', {}, openid))).items).toEqual([])
})
