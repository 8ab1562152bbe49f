/**
 * Staff tools for campaigns: upsertCampaign idempotent on requestId (a double tap makes one campaign,
 * the same requestId with other data is CONFLICT) and ending a campaign early, through the gateway on
 * the real sqlite store.
 */
import { randomUUID } from 'node:crypto'
import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { startGateway, type TestGateway } from '../support/gateway'
import { ADMIN, addMembers, campaignData, claim, createCampaign } from '../voucher/helpers'

const clock = new ManualClock(Date.parse('2026-07-20T00:00:00.000Z'))
let gw: TestGateway
beforeAll(async () => { gw = await startGateway({ clock, env: { SEED: 'none', ADMIN_OPENIDS: `${ADMIN},other-admin` } }) })
afterAll(async () => { await gw.close() })

const upsert = (data: Record<string, unknown>, who = ADMIN) => gw.call('voucher', 'upsertCampaign', data, who)

describe('upsertCampaign with a requestId', () => {
  test('a double tap (two racing saves with one requestId) and a later retry make one campaign', async () => {
    const requestId = randomUUID()
    const data = campaignData({ title: '双击测试', requestId })
    const [a, b] = await Promise.all([upsert(data), upsert(data)])
    expect([a.body.ok, b.body.ok]).toEqual([true, true])
    expect(b.body.data.id).toBe(a.body.data.id)
    const retry = await upsert(data)
    expect(retry.body.data).toEqual(a.body.data)
    expect(await gw.deps.store.collection('campaigns').count({ title: '双击测试' })).toBe(1)
    // The id is a keyed hash, not the requestId itself.
    expect(a.body.data.id).not.toContain(requestId)
  })

  test('the same requestId with other data is CONFLICT and changes nothing', async () => {
    const requestId = randomUUID()
    const first = await upsert(campaignData({ title: '冲突测试', requestId }))
    const other = await upsert(campaignData({ title: '冲突测试（改）', requestId }))
    expect([other.status, other.body.error.code]).toEqual([409, 'CONFLICT'])
    expect(await gw.deps.store.collection('campaigns').count({ title: '冲突测试（改）' })).toBe(0)
    expect((await gw.deps.store.collection('campaigns').get(first.body.data.id) as unknown as { title: string }).title).toBe('冲突测试')
  })

  test('edits carry their own requestIds; a late retry of the creation still answers with the campaign', async () => {
    const create = campaignData({ title: '编辑测试', requestId: randomUUID() })
    const created = (await upsert(create)).body.data
    const editId = randomUUID()
    const edit = { ...campaignData({ title: '编辑测试（加量）', dailyStock: 300 }), id: created.id, requestId: editId }
    const edited = await upsert(edit)
    expect(edited.body.data).toMatchObject({ id: created.id, title: '编辑测试（加量）', dailyStock: 300 })
    expect((await upsert(edit)).body.data).toEqual(edited.body.data)
    expect((await upsert({ ...edit, dailyStock: 1 })).body.error.code).toBe('CONFLICT')
    const late = await upsert(create)
    expect(late.body.ok).toBe(true)
    expect(late.body.data.id).toBe(created.id)
    expect(await gw.deps.store.collection('campaigns').count({ title: { $in: ['编辑测试', '编辑测试（加量）'] } })).toBe(1)
  })

  test('the same requestId from another admin is another request', async () => {
    const requestId = randomUUID()
    const a = await upsert(campaignData({ title: '两位管理员', requestId }))
    const b = await upsert(campaignData({ title: '两位管理员', requestId }), 'other-admin')
    expect(b.body.ok).toBe(true)
    expect(b.body.data.id).not.toBe(a.body.data.id)
  })

  test('a malformed requestId is VALIDATION_FAILED with the field named', async () => {
    const r = await upsert(campaignData({ requestId: 'not-a-uuid' }))
    expect(r.status).toBe(400)
    expect(r.body.error.details.fieldErrors.requestId).toEqual(['请求编号应为 UUID'])
  })
})

describe('endCampaign', () => {
  test('claims stop at once, the list shows it ended, vouchers already claimed stay; repeat is harmless', async () => {
    const c = await createCampaign(gw, { title: '提前结束', industries: ['courier'] })
    const [m1, m2] = await addMembers(gw, 2)
    expect((await claim(gw, m1, c)).body.ok).toBe(true)
    const ended = await gw.call('voucher', 'endCampaign', { campaignId: c }, ADMIN)
    expect(ended.body.ok).toBe(true)
    expect(ended.body.data.endedAt).toBe('2026-07-20T00:00:00.000Z')
    const late = await claim(gw, m2, c)
    expect([late.status, late.body.error.code, late.body.error.message]).toEqual([409, 'OUTSIDE_WINDOW', '活动已提前结束'])
    const view = (await gw.call('voucher', 'campaigns', {}, m2)).body.data.items.find((x: { id: string }) => x.id === c)
    expect(view).toMatchObject({ state: 'ended', remainingToday: 0, eligible: false })
    expect((await gw.call('voucher', 'mine', {}, m1)).body.data.items).toHaveLength(1)
    clock.set('2026-07-20T01:00:00.000Z')
    const again = await gw.call('voucher', 'endCampaign', { campaignId: c }, ADMIN)
    expect(again.body.data.endedAt).toBe('2026-07-20T00:00:00.000Z')
    // Editing it later does not reopen it.
    const edited = await upsert({ ...campaignData({ title: '提前结束（改）', industries: ['courier'] }), id: c })
    expect(edited.body.data.endedAt).toBe('2026-07-20T00:00:00.000Z')
  })

  test('unknown campaign is NOT_FOUND; non-admins are FORBIDDEN; bad id is VALIDATION_FAILED', async () => {
    expect((await gw.call('voucher', 'endCampaign', { campaignId: 'nope' }, ADMIN)).body.error.code).toBe('NOT_FOUND')
    expect((await gw.call('voucher', 'endCampaign', { campaignId: 'nope' }, 'demo-courier')).body.error.code).toBe('FORBIDDEN')
    const bad = await gw.call('voucher', 'endCampaign', { campaignId: 'a/b' }, ADMIN)
    expect(bad.body.error.details.fieldErrors.campaignId).toEqual(['编号格式不正确'])
  })
})
