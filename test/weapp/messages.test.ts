/**
 * The COMPILED 消息 page (dist/weapp) under miniprogram-simulate: newest first with unread marks,
 * a tap marks the message read and opens its page, the empty state explains what will come; and
 * the 清凉 tab asks for the voucher reminder on the 领取 tap and records only what was accepted.
 */
import { fail, ok, renderPage, waitFor, firstWxCall, type CallFunctionRequest } from './harness'

const msgs = [
  { id: 'mA', topic: 'voucher_expiring', title: '清凉券今天到期', body: '您的“冰饮清凉券”今天 24 点前有效。', page: 'packages/voucher/pages/qr/index?id=v1', sentAt: '2026-07-15T10:00:00.000Z', delivered: true, read: false },
  { id: 'mB', topic: 'join_result', title: '入会申请已通过', body: '欢迎加入工会！', page: 'packages/member/pages/card/index', sentAt: '2026-07-14T02:00:00.000Z', delivered: false, read: true },
]
const actions = (calls: CallFunctionRequest[], action: string) => calls.filter((c) => c.data.action === action)

describe('消息 (compiled weapp)', () => {
  it('lists messages newest first with the unread one marked; tapping marks it read and opens its page', async () => {
    const page = await renderPage('packages/member/pages/messages/index', {
      callFunction: (req) => {
        if (req.name !== 'member') return fail('NOT_FOUND')
        if (req.data.action === 'messages') return ok({ items: msgs, nextCursor: null, unread: 1 })
        if (req.data.action === 'readMessages') return ok({ unread: 0 })
        return fail('NOT_FOUND')
      },
    })
    await page.waitForText('清凉券今天到期')
    const text = page.text()
    expect(text.indexOf('清凉券今天到期')).toBeLessThan(text.indexOf('入会申请已通过'))
    expect(text).toContain('1 条未读')
    expect(text.match(/未读/g)!.length).toBe(2) // the count and the one unread mark
    expect(text).toContain('清凉券到期提醒')
    expect(text).toContain('已推送到微信')
    expect(page.missingTemplates).toEqual([])

    await page.tapText('清凉券今天到期')
    await waitFor(() => actions(page.wx.functionCalls, 'readMessages').length > 0)
    expect(actions(page.wx.functionCalls, 'readMessages').map((c) => c.data.data)).toEqual([{ ids: ['mA'] }])
    expect(page.wx.calls('navigateTo')).toEqual([{ url: '/packages/voucher/pages/qr/index?id=v1' }])
    await page.waitForText('全部已读')
    page.unload()
  })

  it('explains what will come when there is nothing yet', async () => {
    const page = await renderPage('packages/member/pages/messages/index', {
      callFunction: (req) => (req.data.action === 'messages' ? ok({ items: [], nextCursor: null, unread: 0 }) : fail('NOT_FOUND')),
    })
    await page.waitForText('还没有消息')
    expect(page.text()).toContain('清凉券当天到期提醒')
    expect(page.text()).toContain('回到首页')
    page.unload()
  })

  it('the 领取 tap asks WeChat for the reminder template and records only an accepted one; the badge shows unread', async () => {
    const asked: unknown[] = []
    const requestSubscribeMessage = (o: { tmplIds: string[]; success?: (r: unknown) => void }) => {
      asked.push(o.tmplIds)
      const res = { errMsg: 'requestSubscribeMessage:ok', 'tpl-voucher': 'accept' }
      o.success?.(res)
      return o.success ? undefined : Promise.resolve(res)
    }
    const campaign = {
      id: 'c1', title: '冰饮清凉券', city: '汕头', industries: ['courier'], startDate: '2026-07-01', endDate: '2026-09-30', dailyStock: 10,
      perMemberPerDay: 1, faceValue: 300, threshold: 0, state: 'open', remainingToday: 5, eligible: true, claimedToday: 0,
    }
    const page = await renderPage('pages/cooling/index', {
      wx: { requestSubscribeMessage },
      callFunction: (req) => {
        const a = req.data.action
        if (req.name === 'voucher' && a === 'campaigns') return ok({ items: [campaign], today: '2026-07-15' })
        if (req.name === 'voucher' && a === 'claim') return ok({ id: 'v1', campaignId: 'c1', title: campaign.title, faceValue: 300, threshold: 0, day: '2026-07-15', expiresAt: '2026-07-15T15:59:59.999Z', status: 'unused', claimedAt: '2026-07-15T00:30:00.000Z' })
        if (a === 'subscribeTemplates') return ok({ items: [{ topic: 'voucher_expiring', templateId: 'tpl-voucher' }, { topic: 'award', templateId: 'tpl-award' }] })
        if (a === 'subscribe') return ok({ subscriptions: { voucher_expiring: 1 } })
        if (a === 'messages') return ok({ items: [], nextCursor: null, unread: 3 })
        return fail('NOT_FOUND')
      },
    })
    await page.waitForText('今日剩余')
    expect(await firstWxCall(page, 'setTabBarBadge')).toEqual({ index: 3, text: '3' })
    await waitFor(() => actions(page.wx.functionCalls, 'subscribeTemplates').length > 0)
    await new Promise((r) => setTimeout(r, 20))
    await page.tapText('领取')
    await page.waitForText('领取成功')
    await waitFor(() => actions(page.wx.functionCalls, 'subscribe').length > 0)
    expect(asked).toEqual([['tpl-voucher']])
    expect(actions(page.wx.functionCalls, 'subscribe').map((c) => c.data.data)).toEqual([{ topics: ['voucher_expiring'] }])
    page.unload()
  })
})
