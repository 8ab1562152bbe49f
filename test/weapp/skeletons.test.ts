/**
 * Skeletons in the COMPILED mini-program (dist/weapp): while their first data is on its way, the four tabs and
 * the wallet show grey blocks shaped like the content (src/components/Skeleton) in its place, and the content
 * replaces them when it arrives. The test holds each page's answer until it has looked.
 */
import { ok, fail, renderPage, waitFor, type CallFunctionRequest, type RenderOptions, type RenderedPage } from './harness'

const campaign = {
  id: 'shantou-zhisong-qingliang', title: '汕头市总工会“智送清凉”冰饮清凉券', city: '汕头',
  industries: ['courier'], startDate: '2026-07-01', endDate: '2026-09-30', dailyStock: 2000, perMemberPerDay: 1,
  faceValue: 300, threshold: 0, state: 'open', remainingToday: 1234, eligible: true, claimedToday: 0,
}
const voucher = {
  id: 'dKVMXw_bkeJVpiWtbwyDuU', campaignId: campaign.id, title: campaign.title, faceValue: 300, threshold: 0,
  day: '2026-07-15', expiresAt: '2026-07-15T15:59:59.999Z', status: 'unused', claimedAt: '2026-07-15T00:30:00.000Z',
}
const station = {
  id: 'bj-shangdong-didi', name: '网约车司机服务站（尚东数字谷）', city: '北京', district: '海淀区', address: '海淀区上地街道尚东数字谷公共区域职工之家',
  location: { lat: 40.0331, lng: 116.2985 }, services: ['meal', 'parking'], openHours: { open: '07:00', close: '22:00' },
  phone: '010-12351', stars: 5, rating: { average: 4.5, count: 2 }, visitCount: 37, openNow: true, distanceM: 368,
}
const courier = {
  openid: 'o-courier', roles: [],
  member: { status: 'active', cardNo: 'FX0001', name: '林小明', phone: '138****1234', city: '汕头', industry: 'courier', employer: '顺丰速运' },
}

/** A callFunction stub that holds the answers of one action until released. */
function held(fn: string, action: string, answer: unknown, others: (req: CallFunctionRequest) => unknown = () => fail('NOT_FOUND')) {
  let release!: () => void
  const gate = new Promise<void>((r) => { release = r })
  let asked = 0
  return {
    release,
    get asked() { return asked },
    stub: (req: CallFunctionRequest) => {
      if (req.name === fn && req.data.action === action) { asked++; return gate.then(() => answer) }
      return others(req)
    },
  }
}

/** How many elements match; classes are written as in the source (simulate prefixes them with `main--`). */
const has = (page: RenderedPage, selector: string) => page.dom.querySelectorAll(selector.replace(/\.([\w-]+)/g, '.main--$1')).length

/** Renders the page with its answer held, until the question has gone out and the `skeleton` variant shows. */
async function renderHeld(pagePath: string, h: ReturnType<typeof held>, skeleton: string, wx?: RenderOptions['wx']) {
  const page = await renderPage(pagePath, { callFunction: h.stub, wx })
  await waitFor(() => h.asked > 0 && has(page, skeleton) > 0)
  return page
}

/** Lets the held answer through; once `text` shows, the content has replaced every skeleton. */
async function releaseUntil(page: RenderedPage, h: ReturnType<typeof held>, text: string) {
  h.release()
  await page.waitForText(text)
  expect(has(page, '.skeleton')).toBe(0)
}

describe('skeletons while the first data loads (compiled weapp)', () => {
  it('清凉: a campaign card of grey blocks, then the campaign with its 领取 button', async () => {
    const h = held('voucher', 'campaigns', ok({ items: [campaign], today: '2026-07-15' }))
    const page = await renderHeld('pages/cooling/index', h, '.skeleton--campaign')
    expect(has(page, '.skeleton--campaign .skeleton__campaign')).toBe(1)
    expect(has(page, '.skeleton__button')).toBe(1)
    expect(has(page, '.cool-card')).toBe(0)
    expect(page.text()).not.toContain('今日剩余')
    await releaseUntil(page, h, '今日剩余')
    expect(has(page, '.cool-card')).toBe(1)
    expect(page.missingTemplates).toEqual([])
    page.unload()
  })

  it('the wallet: ticket-shaped blocks, then the vouchers', async () => {
    const h = held('voucher', 'mine', ok({ items: [voucher], nextCursor: null }))
    const page = await renderHeld('packages/voucher/pages/wallet/index', h, '.skeleton--voucher')
    expect(has(page, '.skeleton__ticket')).toBe(2)
    expect(page.text()).not.toContain('冰饮清凉券')
    await releaseUntil(page, h, '冰饮清凉券')
    expect(page.missingTemplates).toEqual([])
    page.unload()
  })

  it('驿站: station rows of grey blocks, then the nearest stations', async () => {
    const h = held('station', 'nearby', ok({ items: [station] }))
    const page = await renderHeld('pages/stations/index', h, '.skeleton--station', {
      getLocation: (opts: Record<string, any>) => {
        const res = { latitude: 40.0322, longitude: 116.3001, errMsg: 'getLocation:ok' }
        opts.success?.(res); opts.complete?.(res)
      },
    })
    expect(has(page, '.skeleton__station')).toBe(4)
    expect(page.text()).not.toContain('尚东数字谷')
    await releaseUntil(page, h, '网约车司机服务站（尚东数字谷）')
    page.unload()
  })

  it('我的 and 首页: grey blocks where the member card and the greeting will be, then the member', async () => {
    for (const path of ['pages/me/index', 'pages/index/index']) {
      const h = held('member', 'me', ok(courier), (req) => (req.name === 'member' && req.data.action === 'messages' ? ok({ items: [], unread: 0, nextCursor: null }) : fail('NOT_FOUND')))
      const variant = path === 'pages/me/index' ? '.skeleton--profile' : '.skeleton--greeting'
      const page = await renderHeld(path, h, variant)
      expect(has(page, variant)).toBe(1)
      expect(page.text()).not.toContain('林小明')
      await releaseUntil(page, h, '林小明')
      page.unload()
    }
  })
})
