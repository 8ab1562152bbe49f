/**
 * The cooling-voucher journey in the H5 build through the local gateway: the demo courier claims today's
 * Shantou voucher on the 清凉 tab, shows its QR, the demo merchant redeems it (H5 paste fallback), and the
 * courier's wallet shows it used.
 */
import { tokenAt } from '../../src/packages/shared/offline-code'
import { qrcodeDataUrl } from './qr'
import { browserTest, useBrowserApp } from './harness'

const app = useBrowserApp()

describe('智送清凉 (H5)', () => {
  let token = ''

  browserTest('the demo courier claims today\'s voucher with one tap', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-courier')
    await open('/pages/cooling/index')
    const card = page.locator('.cool-card', { hasText: '智送清凉' })
    await card.locator('.cool-card__stock-text', { hasText: '今日剩余' }).waitFor()
    await card.getByText('快递员、网约车司机、货车司机、出租车司机、环卫工人、建筑工人').waitFor()
    const claim = page.waitForResponse((r) => r.url().endsWith('/api/voucher') && (r.request().postData() ?? '').includes('"claim"'))
    await card.locator('.cool-card__claim').click()
    const sent = JSON.parse((await claim).request().postData()!)
    expect(sent.data.requestId).toMatch(/^[0-9a-f-]{36}$/)
    await card.locator('.cool-card__success', { hasText: '领取成功' }).waitFor()
    await card.locator('.cool-ticket__value', { hasText: '¥3' }).waitFor()
    // The stock went down by this claim.
    await card.locator('.cool-card__stock-num', { hasText: '1999' }).waitFor()
  })

  browserTest('出示券码 shows the voucher\'s QR: a code made on the phone from the voucher\'s key, with a countdown', async ({ page }) => {
    const keyResponse = page.waitForResponse((r) => r.url().endsWith('/api/voucher') && (r.request().postData() ?? '').includes('"offlineKey"'))
    await page.locator('.cool-card .big-button', { hasText: '出示券码' }).click()
    const body = await (await keyResponse).json()
    expect(body.ok).toBe(true)
    await page.locator('.ui-token-qr__countdown', { hasText: '秒后自动刷新' }).waitFor()
    await page.locator('.v-face__status', { hasText: '未使用' }).waitFor()
    token = (await page.locator('.voucher-qr__token').first().textContent())!
    // The code of the current 30-second step, made with the key the server gave (types/offline.ts).
    const now = Date.now()
    expect([-1, 0, 1].map((d) => tokenAt('voucher', body.data.key, body.data.ref, now + d * 30_000))).toContain(token)
    const img = page.locator('.qr-code__image img, img.qr-code__image').first()
    await img.waitFor()
    expect(await img.getAttribute('src')).toBe(qrcodeDataUrl(token))
  })

  browserTest('the Shantou supermarket till pastes the code and redeems it; a second try is refused', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-cashier')
    await open('/packages/voucher/pages/redeem/index')
    await page.locator('.ui-paste__input textarea, textarea.ui-paste__input').first().fill(token)
    await page.locator('.ui-paste__submit').click()
    await page.locator('.ui-notice__title', { hasText: '核销成功 · 抵扣 3 元' }).waitFor()
    await page.locator('.ui-paste__input textarea, textarea.ui-paste__input').first().fill(token)
    await page.locator('.ui-paste__submit').click()
    await page.locator('.ui-notice__title', { hasText: '已经使用过了' }).waitFor()
    // A forged code gets its own answer.
    await page.locator('.ui-paste__input textarea, textarea.ui-paste__input').first().fill(`${token.slice(0, -4)}AAAA`)
    await page.locator('.ui-paste__submit').click()
    await page.locator('.ui-notice__title', { hasText: '无效的券码' }).waitFor()
  })

  browserTest('the courier\'s wallet shows the voucher used, and the tab says claimed today', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-courier')
    await open('/packages/voucher/pages/wallet/index')
    await page.locator('.ui-tabs__tab', { hasText: '已使用' }).click()
    await page.locator('.v-face--used .v-face__status', { hasText: '已使用' }).waitFor()
    await page.locator('.v-face--used .v-face__meta', { hasText: '已使用' }).waitFor()
    await page.locator('.ui-tabs__tab', { hasText: '未使用' }).click()
    await page.getByText('没有可用的清凉券').waitFor()
    await open('/pages/cooling/index')
    await page.locator('.cool-card__success', { hasText: '今天已领取' }).waitFor()
    expect(app.pageErrors).toEqual([])
  })
})
