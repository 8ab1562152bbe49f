/**
 * The COMPILED 清凉 tab (dist/weapp) under miniprogram-simulate: it lists today's campaign with its stock,
 * the 领取 tap calls voucher.claim through wx.cloud.callFunction with a requestId, a network failure is
 * retried with the same requestId, and the voucher is shown. Also the wallet and the QR pages.
 */
import { Tokens } from '../../cloudfunctions/_shared/tokens'
import { tokenAt } from '../../src/packages/shared/offline-code'
import { qrcodeDataUrl } from '../browser/qr'
import { fail, ok, renderPage, waitFor, type CallFunctionRequest } from './harness'

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

  // Image sources, from the data the compiled page rendered (the simulator does not mirror src into the DOM).
  const qrOf = (page: { comp: { data: unknown } }) => {
    const out: string[] = []
    const walk = (v: unknown) => {
      if (typeof v === 'string') { if (v.startsWith('data:image/gif;base64,')) out.push(v) } else if (v && typeof v === 'object') Object.values(v).forEach(walk)
    }
    walk(page.comp.data)
    return out
  }
  const tokens = new Tokens('t'.repeat(40))
  const keyOf = () => ({ key: tokens.offlineKey('voucher', voucher.id), ref: voucher.id, validUntil: new Date(Date.now() + 3600_000).toISOString(), serverTime: new Date().toISOString() })
  /** The codes of the steps around now, as the server checks them: the compiled page's code must be one of them. */
  const codesNow = () => [-1, 0, 1].map((d) => qrcodeDataUrl(tokenAt('voucher', keyOf().key, voucher.id, Date.now() + d * 30_000)))

  it('the QR page draws the code the phone makes from the voucher\'s key, with a countdown, and says 已核销 once the till used it', async () => {
    let used = false
    const page = await renderPage('packages/voucher/pages/qr/index', {
      query: { id: voucher.id },
      callFunction: async (req) => {
        if (req.data.action === 'mine') return ok({ items: [used ? { ...voucher, status: 'used', redeemedAt: '2026-07-15T01:00:00.000Z' } : voucher], nextCursor: null })
        if (req.data.action === 'offlineKey') {
          if (used) return { ok: false, error: { code: 'ALREADY_USED', message: '这张券已经使用过了' } }
          // The wallet's answer lands first, as it would: the voucher face is on screen before the code.
          await new Promise((r) => setTimeout(r, 100))
          return ok(keyOf())
        }
        return fail('NOT_FOUND')
      },
    })
    await page.waitForText('秒后自动刷新')
    expect(page.wx.functionCalls.find((c) => c.data.action === 'offlineKey')!.data.data).toEqual({ voucherId: voucher.id })
    await waitFor(() => qrOf(page).length > 0)
    expect(qrOf(page)).toHaveLength(1)
    // HMAC-SHA256 in the compiled mini-program makes exactly the server's code.
    expect(codesNow()).toContain(qrOf(page)[0])
    // Kept on the phone for later, with no network.
    expect(page.wx.storage.get('offline-key:me:voucher:' + voucher.id)).toMatchObject({ ref: voucher.id, key: keyOf().key })
    used = true
    await page.tapText('立即刷新')
    await page.waitForText('已核销')
    // A used voucher's key is forgotten.
    expect(page.wx.storage.has('offline-key:me:voucher:' + voucher.id)).toBe(false)
    page.unload()
  })

  it('with no network, the QR page shows the code made from the kept key and says it is offline', async () => {
    const k = keyOf()
    const page = await renderPage('packages/voucher/pages/qr/index', {
      query: { id: voucher.id },
      storage: {
        ['offline-key:me:voucher:' + voucher.id]: { key: k.key, ref: k.ref, validUntil: k.validUntil, offsetMs: 0, savedAt: Date.now() - 3600_000 },
        'query-cache:me:voucher-faces': { data: { items: [voucher], nextCursor: null }, savedAt: Date.now() - 3600_000 },
      },
      callFunction: () => { throw new Error('request:fail timeout') },
    })
    await page.waitForText('离线券码')
    await page.waitForText('秒后自动刷新')
    await waitFor(() => qrOf(page).length > 0)
    expect(codesNow()).toContain(qrOf(page)[0])
    // The face comes from the wallet kept on the phone.
    expect(page.text()).toContain('无门槛')
    expect(page.missingTemplates).toEqual([])
    page.unload()
  })

  it('with no network and no kept key, the QR page says so instead of a code', async () => {
    const page = await renderPage('packages/voucher/pages/qr/index', {
      query: { id: voucher.id },
      callFunction: () => { throw new Error('request:fail timeout') },
    })
    await page.waitForText('没有网络，无法生成券码')
    expect(qrOf(page)).toEqual([])
    page.unload()
  })

  it('without offline keys on the server (an older deployment), the QR page shows the server\'s token', async () => {
    const token = tokens.sign('voucher', { sub: voucher.id, exp: Date.now() + 60_000 })
    const page = await renderPage('packages/voucher/pages/qr/index', {
      query: { id: voucher.id },
      callFunction: (req) => {
        if (req.data.action === 'mine') return ok({ items: [voucher], nextCursor: null })
        if (req.data.action === 'voucherToken') return ok({ token, expiresAt: new Date(Date.now() + 60_000).toISOString() })
        return fail('VALIDATION_FAILED')
      },
    })
    await waitFor(() => qrOf(page).length > 0)
    expect(qrOf(page)).toEqual([qrcodeDataUrl(token)])
    page.unload()
  })
})
