/**
 * Skeletons in the H5 build: while a page's first answer is on its way (held here by the test), grey blocks
 * shaped like the content stand in its place; when the answer arrives the content replaces them where they
 * stood (its top edge within 2 px of the skeleton's: no layout jump).
 */
import type { Page } from 'playwright-core'
import { browserTest, useBrowserApp } from './harness'

const app = useBrowserApp()

/** Holds the answers of one action until released (other calls pass). */
async function hold(page: Page, fn: string, action: string) {
  let release!: () => void
  const gate = new Promise<void>((r) => { release = r })
  await page.route(`**/api/${fn}`, async (route) => {
    const body = route.request().postData() ?? ''
    if (body.includes(`"action":"${action}"`)) await gate
    await route.continue().catch(() => undefined)
  })
  return { release: async () => { release(); await page.unroute(`**/api/${fn}`) } }
}

const top = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!.y

/** `content` must be absent under the skeleton and replace it; `contentTop` (default `content`) is where it starts. */
async function check(page: Page, o: { route: string; fn: string; action: string; skeleton: string; content: string; contentTop?: string }) {
  const h = await hold(page, o.fn, o.action)
  await app.open(o.route)
  await page.locator(o.skeleton).first().waitFor()
  expect(await page.locator(o.content).count()).toBe(0)
  const before = await top(page, o.skeleton)
  await h.release()
  await page.locator(o.content).first().waitFor()
  await page.locator(`.taro_page:visible .skeleton`).first().waitFor({ state: 'detached' })
  const after = await top(page, o.contentTop ?? o.content)
  expect(Math.abs(after - before)).toBeLessThanOrEqual(2)
}

describe('skeletons (H5)', () => {
  browserTest('清凉: a campaign-shaped skeleton, then the campaign in its place', async ({ page, pickIdentity }) => {
    await pickIdentity('demo-courier')
    await check(page, { route: '/pages/cooling/index', fn: 'voucher', action: 'campaigns', skeleton: '.taro_page:visible .skeleton__campaign', content: '.taro_page:visible .cool-card' })
  })

  browserTest('the wallet: ticket-shaped blocks, then the vouchers in their place', async ({ page, pickIdentity, url }) => {
    await pickIdentity('demo-courier')
    // a voucher to show: claimed as the courier would
    const list = await (await fetch(`${url}/api/voucher`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': 'demo-courier' }, body: JSON.stringify({ action: 'campaigns', data: {} }) })).json()
    const open = list.data.items.find((c: { state: string; eligible: boolean }) => c.state === 'open' && c.eligible)
    const claimed = await (await fetch(`${url}/api/voucher`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': 'demo-courier' }, body: JSON.stringify({ action: 'claim', data: { campaignId: open.id, requestId: crypto.randomUUID() } }) })).json()
    expect(claimed.ok).toBe(true)
    await check(page, { route: '/packages/voucher/pages/wallet/index', fn: 'voucher', action: 'mine', skeleton: '.taro_page:visible .skeleton__ticket', content: '.taro_page:visible .v-face' })
  })

  browserTest('驿站: station rows, then the nearest stations in their place', async ({ page, context, pickIdentity }) => {
    await context.grantPermissions(['geolocation'])
    await context.setGeolocation({ latitude: 40.0331, longitude: 116.2985 })
    await pickIdentity('demo-driver')
    await check(page, { route: '/pages/stations/index', fn: 'station', action: 'nearby', skeleton: '.taro_page:visible .skeleton__count', content: '.taro_page:visible .finder__count' })
  })

  browserTest('我的: a card-shaped skeleton, then the member card in its place', async ({ page, pickIdentity }) => {
    await pickIdentity('demo-courier')
    await check(page, { route: '/pages/me/index', fn: 'member', action: 'me', skeleton: '.taro_page:visible .skeleton__profile', content: '.taro_page:visible .me__rows', contentTop: '.taro_page:visible .page.me > .section' })
  })

  browserTest('首页: grey bars under 您好, then the greeting with the member\'s name', async ({ page, pickIdentity }) => {
    await pickIdentity('demo-courier')
    const h = await hold(page, 'member', 'me')
    await app.open('/pages/index/index')
    await page.locator('.taro_page:visible .greeting .skeleton--greeting').waitFor()
    await h.release()
    await page.locator('.taro_page:visible .greeting__hello', { hasText: '您好，' }).filter({ hasNotText: '游客' }).waitFor()
    expect(await page.locator('.taro_page:visible .greeting .skeleton').count()).toBe(0)
  })

  browserTest('nothing above threw in the page', async () => {
    expect(app.pageErrors).toEqual([])
  })
})
