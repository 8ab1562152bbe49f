/**
 * Light first screens: what each page sends to the render layer before it has settled (every setData since it
 * loaded, in bytes of JSON) and how many nodes it then lays out, in the COMPILED mini-program under
 * miniprogram-simulate, with full answers (20 nearby stations with every service, 50 partners …).
 * Budget per page: ≤ 50 KB of setData and ≤ 500 nodes. The figures are printed for the record.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fail, ok, renderPage, type CallFunctionRequest, type RenderOptions, type RenderedPage } from './harness'

const SETDATA_BUDGET = 50 * 1024
const NODE_BUDGET = 500

const SERVICES = ['water', 'microwave', 'rest', 'charging', 'toilet', 'aircon', 'medicine', 'meal', 'parking', 'legal', 'counseling', 'wifi']
const stations = Array.from({ length: 20 }, (_, i) => ({
  id: `bj-station-${i}`, name: `网约车司机服务站（上地第${i + 1}驿站）`, city: '北京', district: '海淀区',
  address: `海淀区上地街道信息路${i + 1}号职工之家一层`, location: { lat: 40.03 + i / 1000, lng: 116.29 + i / 1000 },
  // A realistic mix: 4 to 9 services a station (the seed's have 5 to 8).
  services: SERVICES.slice(i % 3, (i % 3) + 4 + (i % 6)), openHours: { open: '07:00', close: '22:00' }, phone: '010-12351', stars: (i % 5) + 1,
  rating: { average: 4.5, count: 12 }, visitCount: 370 + i, openNow: i % 2 === 0, distanceM: 300 + i * 150, demo: true,
}))
const partners = Array.from({ length: 50 }, (_, i) => ({
  id: `fx-partner-${i}`, name: `阜新市第${i + 1}家合作商户（细河区店）`, category: 'retail', city: '阜新',
  address: `细河区中华路${i + 1}号`, location: { lat: 42.01 + i / 1000, lng: 121.65 + i / 1000 }, offer: '凭电子会员卡购物满 100 元减 10 元，每天限一次', demo: true,
}))
const campaign = {
  id: 'shantou-zhisong-qingliang', title: '汕头市总工会“智送清凉”冰饮清凉券', city: '汕头',
  industries: ['courier', 'ride_hailing', 'truck', 'taxi', 'sanitation', 'construction'],
  startDate: '2026-07-01', endDate: '2026-09-30', dailyStock: 2000, perMemberPerDay: 1, faceValue: 300, threshold: 0,
  state: 'open', remainingToday: 1234, eligible: true, claimedToday: 0,
}
const vouchers = Array.from({ length: 10 }, (_, i) => ({
  id: `dKVMXw_bkeJVpiWtbwyD${String(i).padStart(2, '0')}`, campaignId: campaign.id, title: campaign.title, faceValue: 300, threshold: 0,
  day: '2026-07-15', expiresAt: '2026-07-15T15:59:59.999Z', status: i < 3 ? 'unused' : 'used', claimedAt: '2026-07-15T00:30:00.000Z',
}))
const me = {
  openid: 'o-courier', roles: [],
  member: { status: 'active', cardNo: 'FX0001', name: '林小明', phone: '138****1234', city: '汕头', industry: 'courier', employer: '顺丰速运' },
}

function answer(req: CallFunctionRequest) {
  const key = `${req.name}.${req.data.action}`
  switch (key) {
    case 'member.me': return ok(me)
    case 'member.messages': return ok({ items: [], unread: 0, nextCursor: null })
    case 'member.partners': return ok({ items: partners.slice(0, (req.data.data as { limit?: number }).limit ?? 50), nextCursor: 'next' })
    case 'station.nearby': return ok({ items: stations })
    case 'voucher.campaigns': return ok({ items: [campaign], today: '2026-07-15' })
    case 'voucher.mine': return ok({ items: vouchers, nextCursor: null })
    default: return fail('NOT_FOUND')
  }
}
const located: RenderOptions['wx'] = {
  getLocation: (opts: Record<string, any>) => {
    const res = { latitude: 40.0322, longitude: 116.3001, errMsg: 'getLocation:ok' }
    opts.success?.(res); opts.complete?.(res)
  },
}

/** Each page, and a text that shows once its data is on screen. */
// Three entries each (jest takes a missing last one for a done callback).
const PAGES: [string, string, RenderOptions['wx'] | undefined][] = [
  ['pages/index/index', '林小明', undefined],
  ['pages/cooling/index', '智送清凉', undefined],
  ['pages/stations/index', '上地第1驿站', located],
  ['pages/me/index', '林小明', undefined],
  ['packages/station/pages/nearby/index', '上地第1驿站', located],
  ['packages/member/pages/partners/index', '第1家合作商户', undefined],
  ['packages/voucher/pages/wallet/index', '冰饮清凉券', undefined],
]

const figures: string[] = []
afterAll(() => console.log(`first screens (setData bytes, nodes):\n${figures.join('\n')}`))

/** The page's setData since it loaded and its nodes now, within the budgets; the figures go to the record. */
function expectWithinBudget(pagePath: string, page: RenderedPage) {
  const bytes = page.setDataLog.reduce((t, s) => t + s.bytes, 0)
  const nodes = page.nodeCount()
  figures.push(`  ${pagePath.padEnd(40)} ${(bytes / 1024).toFixed(1).padStart(6)} KB in ${page.setDataLog.length} setData, ${String(nodes).padStart(4)} nodes`)
  expect(bytes).toBeLessThanOrEqual(SETDATA_BUDGET)
  expect(nodes).toBeLessThanOrEqual(NODE_BUDGET)
  page.unload()
}

describe('first-render setData and nodes (compiled weapp)', () => {
  it.each(PAGES)('%s: ≤ 50 KB of setData and ≤ 500 nodes once its data is shown', async (pagePath, shows, wx) => {
    const page = await renderPage(pagePath, { callFunction: answer, wx })
    await page.waitForText(shows)
    await page.settle()
    expectWithinBudget(pagePath, page)
  })
})

/**
 * Every other page of the app (dist/weapp/app.json, generated from src/routes.ts), with the answers above and no
 * query: most show their loading, error or missing-parameter state; the data-heavy lists are measured above.
 */
function allPages(): string[] {
  const app = JSON.parse(readFileSync(path.resolve(__dirname, '../../dist/weapp/app.json'), 'utf8')) as { pages: string[]; subPackages?: { root: string; pages: string[] }[] }
  return [...app.pages, ...(app.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))]
}

describe('every other page: first screen within budget (compiled weapp)', () => {
  const measured = new Set(PAGES.map(([p]) => p))
  it.each(allPages().filter((p) => !measured.has(p)).map((p) => [p]))('%s', async (pagePath) => {
    const page = await renderPage(pagePath, { callFunction: answer, wx: located })
    await page.settle(200, 10_000)
    expectWithinBudget(pagePath, page)
  })
})
