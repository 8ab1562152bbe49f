/**
 * The COMPILED 电子会员卡 page (dist/weapp) under miniprogram-simulate: it loads the member, fetches the card's
 * offline key through wx.cloud.callFunction, draws the QR of the code it makes from it, counts down, refreshes on
 * tap, and with no network shows the card and its code from what the phone kept.
 */
import { tokenAt } from '../../src/packages/shared/offline-code'
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
const REF = `GH2109001001.${Math.floor(Date.now() / 86_400_000)}`
const cardKey = () => ({ key: tokens.offlineKey('card', REF), ref: REF, validUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(), serverTime: new Date().toISOString() })
/** The card codes of the steps around now, as the server checks them. */
const codesNow = () => [-1, 0, 1].map((d) => qrcodeDataUrl(tokenAt('card', cardKey().key, REF, Date.now() + d * 30_000)))
const answer = (me: unknown, { keys = true } = {}) => (req: CallFunctionRequest) => {
  if (req.name !== 'member') return fail('NOT_FOUND')
  if (req.data.action === 'me') return ok(me)
  if (req.data.action === 'offlineKey') return keys ? ok(cardKey()) : fail('VALIDATION_FAILED')
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
  it('shows the card and the QR of the code made from its key, with a countdown; 立即刷新 fetches the key again', async () => {
    const keepScreenOn: unknown[] = []
    const setKeepScreenOn = (o: { keepScreenOn: boolean; success?: (r: unknown) => void }) => {
      keepScreenOn.push(o.keepScreenOn)
      o.success?.({ errMsg: 'setKeepScreenOn:ok' })
    }
    const page = await renderPage('packages/member/pages/card/index', { callFunction: answer(member), wx: { setKeepScreenOn } })
    const keyCalls = () => page.wx.functionCalls.filter((c) => c.data.action === 'offlineKey')
    await page.waitForText('韩立新')
    await page.waitForText('GH 2109 001001')
    expect(page.text()).toContain('阜新市总工会')
    expect(page.text()).toContain('建筑工人')
    expect(page.text()).toContain('阜新宏达建设集团')
    await page.waitForText('秒后自动刷新')
    expect(page.missingTemplates).toEqual([])

    expect(keyCalls()).toHaveLength(1)
    expect(page.wx.functionCalls.filter((c) => c.data.action === 'cardToken')).toHaveLength(0)
    // The image is the QR of the code the server expects now: HMAC-SHA256 in the compiled mini-program.
    const first = qrSources(page)
    expect(first).toHaveLength(1)
    expect(codesNow()).toContain(first[0])
    // The screen stays on while the card is shown.
    expect(keepScreenOn).toEqual([true])
    // The key is kept on the phone for a card shown with no network.
    expect(page.wx.storage.get('offline-key:me:card')).toMatchObject({ ref: REF, key: cardKey().key })

    await page.tapText('立即刷新')
    for (let i = 0; i < 100 && keyCalls().length < 2; i++) await new Promise((r) => setTimeout(r, 10))
    expect(keyCalls()).toHaveLength(2)
    expect(codesNow()).toContain(qrSources(page)[0])
    page.unload()
  })

  it('with no network: the card from the phone\'s copy and the code made from the kept key, said to be offline', async () => {
    const k = cardKey()
    const page = await renderPage('packages/member/pages/card/index', {
      storage: {
        'offline-key:me:card': { key: k.key, ref: k.ref, validUntil: k.validUntil, offsetMs: 0, savedAt: Date.now() - 86_400_000 },
        'query-cache:me:member.me': { data: member, savedAt: Date.now() - 86_400_000 },
      },
      callFunction: () => { throw new Error('request:fail timeout') },
    })
    await page.waitForText('韩立新')
    await page.waitForText('离线二维码')
    await page.waitForText('秒后自动刷新')
    expect(codesNow()).toContain(qrSources(page)[0])
    expect(page.missingTemplates).toEqual([])
    page.unload()
  })

  it('a server without offline keys: the card shows the server\'s token, as before', async () => {
    const page = await renderPage('packages/member/pages/card/index', { callFunction: answer(member, { keys: false }) })
    await page.waitForText('秒后自动刷新')
    for (let i = 0; i < 100 && qrSources(page).length === 0; i++) await new Promise((r) => setTimeout(r, 10))
    expect(qrSources(page)).toEqual([qrcodeDataUrl(issued[issued.length - 1])])
    page.unload()
  })

  it('a worker who is not yet a member is led to 入会申请 instead of a card', async () => {
    const page = await renderPage('packages/member/pages/card/index', { callFunction: answer({ openid: 'o-w', roles: [], member: null }) })
    await page.waitForText('您还不是工会会员')
    expect(page.wx.functionCalls.filter((c) => /cardToken|offlineKey/.test(c.data.action))).toHaveLength(0)
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
