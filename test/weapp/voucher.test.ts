/**
 * The COMPILED 清凉 tab (dist/weapp) under miniprogram-simulate: it lists today's campaign with its stock,
 * the 领取 tap calls voucher.claim through wx.cloud.callFunction with a requestId, a network failure is
 * retried with the same requestId, and the voucher is shown. Also the wallet and the QR pages.
 */
import { Tokens } from '../../cloudfunctions/_shared/tokens'
import { fail, ok, renderPage, type CallFunctionRequest } from './harness'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const campaign = {
  id: 'shantou-zhisong-qingliang', title: '汕头市总工会“智送清凉”冰饮清凉券', city: '汕头',
  industries: ['courier', 'ride_hailing', 'truck', 'taxi', 'sanitation', 'construction'],
  startDate: '2026-07-01', endDate: '2026-09-30', dailyStock: 2000, perMemberPerDay: 1, faceValue: 300, threshold: 0,
  state: 'open', remainingToday: 1234, eligible: true, claimedToday: 0,
}
const voucher = {
  id: 'dKVMXw_bkeJVpiWtbwyDuU', campaignId: campaign.id, title: campaign.title, faceValue: 300, threshold: 0,
  day: '2026-07-15', expiresAt: '2026-07-15T15:59:59.999Z', status: 'unused', claimedAt: '2026-07-15T00:30:00.000Z',
}
const claims = (calls: CallFunctionRequest[]) => calls.filter((c) => c.name === 'voucher' && c.data.action === 'claim')
const waitFor = async (probe: () => boolean) => { for (let i = 0; i < 300 && !probe(); i++) await new Promise((r) => setTimeout(r, 10)) }

describe('清凉 tab (compiled weapp)', () => {
  it('shows today\'s campaign and stock; 领取 calls claim with a requestId and shows the voucher', async () => {
    const page = await renderPage('pages/cooling/index', {
      callFunction: (req) => {
        if (req.name !== 'voucher') return fail('NOT_FOUND')
        if (req.data.action === 'campaigns') return ok({ items: [campaign], today: '2026-07-15' })
        if (req.data.action === 'claim') return ok(voucher)
        return fail('NOT_FOUND')
      },
    })
    await page.waitForText('今日剩余')
    expect(page.text()).toContain('1234 / 2000 张')
    expect(page.text()).toContain('快递员、网约车司机、货车司机、出租车司机、环卫工人、建筑工人')
    expect(page.missingTemplates).toEqual([])

    await page.tapText('领取')
    await waitFor(() => claims(page.wx.functionCalls).length > 0)
    const sent = claims(page.wx.functionCalls)
    expect(sent).toHaveLength(1)
    expect(sent[0].data.data).toEqual({ campaignId: campaign.id, requestId: expect.stringMatching(UUID) })
    await page.waitForText('领取成功')
    expect(page.text()).toContain('¥3')
    await page.tapText('出示券码')
    expect(page.wx.calls('navigateTo')).toEqual([{ url: `/packages/voucher/pages/qr/index?id=${voucher.id}` }])
    page.unload()
  })

  it('a claim lost to the network is sent again with the same requestId', async () => {
    let n = 0
    const page = await renderPage('pages/cooling/index', {
      callFunction: (req) => {
        if (req.data.action === 'campaigns') return ok({ items: [campaign], today: '2026-07-15' })
        if (req.data.action === 'claim') {
          n++
          if (n === 1) throw new Error('network down')
          return ok(voucher)
        }
        return fail('NOT_FOUND')
      },
    })
    await page.waitForText('今日剩余')
    await page.tapText('领取')
    await page.waitForText('领取成功', 8000)
    const sent = claims(page.wx.functionCalls)
    expect(sent).toHaveLength(2)
    const requestIdOf = (c: CallFunctionRequest) => (c.data.data as { requestId: string }).requestId
    expect(requestIdOf(sent[1])).toBe(requestIdOf(sent[0]))
    page.unload()
  })

  it('sends the eligibility pass from the list; while the platform is busy it shows 人多，正在排队 and resends the same request', async () => {
    let n = 0
    const page = await renderPage('pages/cooling/index', {
      callFunction: (req) => {
        if (req.data.action === 'campaigns') return ok({ items: [campaign], today: '2026-07-15', pass: 'elig.eyJzdWIiOiJtIn0.c2ln', passExpiresAt: '2026-07-15T00:35:00.000Z' })
        if (req.data.action === 'claim') {
          n++
          if (n <= 2) return { ok: false, error: { code: 'RATE_LIMITED', message: '人多，正在排队，请稍候', details: { busy: true, retryAfterMs: 300 } } }
          return ok(voucher)
        }
        return fail('NOT_FOUND')
      },
    })
    await page.waitForText('今日剩余')
    await page.tapText('领取')
    await page.waitForText('人多，正在排队', 4000)
    await page.waitForText('领取成功', 15000)
    const sent = claims(page.wx.functionCalls)
    expect(sent).toHaveLength(3)
    expect(new Set(sent.map((c) => JSON.stringify(c.data.data))).size).toBe(1)
    expect(sent[0].data.data).toEqual({ campaignId: campaign.id, requestId: expect.stringMatching(UUID), pass: 'elig.eyJzdWIiOiJtIn0.c2ln' })
    page.unload()
  })

  it('an ineligible worker sees why, and a non-member is led to 入会', async () => {
    const page = await renderPage('pages/cooling/index', {
      callFunction: (req) => (req.data.action === 'campaigns'
        ? ok({ items: [{ ...campaign, eligible: false, ineligible: { code: 'NOT_MEMBER', reason: 'NOT_JOINED', message: '请先入会' } }], today: '2026-07-15' })
        : fail('NOT_FOUND')),
    })
    await page.waitForText('请先入会')
    expect(page.text()).not.toContain('正在领取')
    await page.tapText('申请入会')
    expect(page.wx.calls('navigateTo')).toEqual([{ url: '/packages/member/pages/join/index' }])
    expect(claims(page.wx.functionCalls)).toHaveLength(0)
    page.unload()
  })
})

describe('wallet and QR (compiled weapp)', () => {
  it('the wallet lists unused vouchers and opens one', async () => {
    const page = await renderPage('packages/voucher/pages/wallet/index', {
      callFunction: (req) => (req.data.action === 'mine' ? ok({ items: [voucher], nextCursor: null }) : fail('NOT_FOUND')),
    })
    await page.waitForText('冰饮清凉券')
    expect(page.text()).toContain('未使用')
    const mine = page.wx.functionCalls.filter((c) => c.data.action === 'mine')
    expect(mine[0].data.data).toEqual({ status: 'unused' })
    await page.tapText('无门槛')
    expect(page.wx.calls('navigateTo')).toEqual([{ url: `/packages/voucher/pages/qr/index?id=${voucher.id}` }])
    page.unload()
  })

  it('the QR page draws a fresh token with a countdown, and says 已核销 once the till used it', async () => {
    const tokens = new Tokens('t'.repeat(40))
    let used = false
    const page = await renderPage('packages/voucher/pages/qr/index', {
      query: { id: voucher.id },
      callFunction: async (req) => {
        if (req.data.action === 'mine') return ok({ items: [used ? { ...voucher, status: 'used', redeemedAt: '2026-07-15T01:00:00.000Z' } : voucher], nextCursor: null })
        if (req.data.action === 'voucherToken') {
          if (used) return { ok: false, error: { code: 'ALREADY_USED', message: '这张券已经使用过了' } }
          // The wallet's answer lands first, as it would: the voucher face is on screen before the code.
          await new Promise((r) => setTimeout(r, 100))
          return ok({ token: tokens.sign('voucher', { sub: voucher.id, exp: Date.now() + 60_000 }), expiresAt: new Date(Date.now() + 60_000).toISOString() })
        }
        return fail('NOT_FOUND')
      },
    })
    await page.waitForText('秒后自动刷新')
    expect(page.wx.functionCalls.find((c) => c.data.action === 'voucherToken')!.data.data).toEqual({ voucherId: voucher.id })
    // Image sources, from the data the compiled page rendered (the simulator does not mirror src into the DOM).
    const qr = () => {
      const out: string[] = []
      const walk = (v: unknown) => {
        if (typeof v === 'string') { if (v.startsWith('data:image/gif;base64,')) out.push(v) } else if (v && typeof v === 'object') Object.values(v).forEach(walk)
      }
      walk(page.comp.data)
      return out
    }
    await waitFor(() => qr().length > 0)
    expect(qr()).toHaveLength(1)
    used = true
    await page.tapText('立即刷新')
    await page.waitForText('已核销')
    page.unload()
  })
})
