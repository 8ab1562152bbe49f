/**
 * The COMPILED 电子会员卡 page (dist/weapp) under miniprogram-simulate: it loads the member, fetches a
 * card token through wx.cloud.callFunction, draws its QR, counts down, and refreshes on tap.
 */
import { Tokens } from '../../cloudfunctions/_shared/tokens'
import { qrcodeDataUrl } from '../browser/qr'
import { fail, ok, renderPage, type CallFunctionRequest, type RenderedPage } from './harness'

const member = {
  openid: 'o-fx', roles: [],
  member: { status: 'active', cardNo: 'GH2109001001', name: '韩立新', phone: '13942181234', city: '阜新', industry: 'construction', employer: '阜新宏达建设集团', joinedAt: '2025-07-01T02:00:00.000Z' },
}
const tokens = new Tokens('t'.repeat(40))
const issued: string[] = []
const cardToken = () => {
  const exp = Date.now() + 60_000
  issued.push(tokens.sign('card', { sub: `o-fx-${issued.length}`, exp }))
  return ok({ token: issued[issued.length - 1], expiresAt: new Date(exp).toISOString() })
}
const answer = (me: unknown) => (req: CallFunctionRequest) => {
  if (req.name !== 'member') return fail('NOT_FOUND')
  if (req.data.action === 'me') return ok(me)
  if (req.data.action === 'cardToken') return cardToken()
  return fail('NOT_FOUND')
}
/** Image sources in the data the compiled page rendered (the simulator does not mirror src into the DOM). */
function qrSources(page: RenderedPage): string[] {
  const out: string[] = []
  const walk = (v: unknown) => {
    if (typeof v === 'string') { if (v.startsWith('data:image/gif;base64,')) out.push(v) } else if (v && typeof v === 'object') Object.values(v).forEach(walk)
  }
  walk(page.comp.data)
  return out
}

describe('电子会员卡 (compiled weapp)', () => {
  it('shows the card and a QR of a fresh token with a countdown; 立即刷新 fetches a new one', async () => {
    const keepScreenOn: unknown[] = []
    const setKeepScreenOn = (o: { keepScreenOn: boolean; success?: (r: unknown) => void }) => {
      keepScreenOn.push(o.keepScreenOn)
      o.success?.({ errMsg: 'setKeepScreenOn:ok' })
    }
    const page = await renderPage('packages/member/pages/card/index', { callFunction: answer(member), wx: { setKeepScreenOn } })
    await page.waitForText('韩立新')
    await page.waitForText('GH 2109 001001')
    expect(page.text()).toContain('阜新市总工会')
    expect(page.text()).toContain('建筑工人')
    expect(page.text()).toContain('阜新宏达建设集团')
    await page.waitForText('秒后自动刷新')
    expect(page.missingTemplates).toEqual([])

    const calls = () => page.wx.functionCalls.filter((c) => c.data.action === 'cardToken')
    expect(calls()).toHaveLength(1)
    const first = qrSources(page)
    // The image is the QR of exactly the token the function issued.
    expect(first).toEqual([qrcodeDataUrl(issued[issued.length - 1])])
    // The screen stays on while the card is shown.
    expect(keepScreenOn).toEqual([true])

    await page.tapText('立即刷新')
    for (let i = 0; i < 100 && calls().length < 2; i++) await new Promise((r) => setTimeout(r, 10))
    expect(calls()).toHaveLength(2)
    for (let i = 0; i < 100 && qrSources(page)[0] === first[0]; i++) await new Promise((r) => setTimeout(r, 10))
    const second = qrSources(page)
    expect(second).toEqual([qrcodeDataUrl(issued[issued.length - 1])])
    expect(second[0]).not.toBe(first[0])
    page.unload()
  })

  it('a worker who is not yet a member is led to 入会申请 instead of a card', async () => {
    const page = await renderPage('packages/member/pages/card/index', { callFunction: answer({ openid: 'o-w', roles: [], member: null }) })
    await page.waitForText('您还不是工会会员')
    expect(page.wx.functionCalls.filter((c) => c.data.action === 'cardToken')).toHaveLength(0)
    await page.tapText('申请入会')
    expect(page.wx.calls('navigateTo')).toEqual([{ url: '/packages/member/pages/join/index' }])
    page.unload()
  })

  it('a pending applicant sees 审核中 on the join page, with their application', async () => {
    const pending = { ...member, member: { ...member.member, status: 'pending', cardNo: undefined, appliedAt: '2025-07-09T02:00:00.000Z' } }
    const page = await renderPage('packages/member/pages/join/index', { callFunction: answer(pending) })
    await page.waitForText('审核中')
    expect(page.text()).toContain('13942181234')
    expect(page.missingTemplates).toEqual([])
    page.unload()
  })
})
