/**
 * Codes that scan: every page that shows a QR (voucher, member card, station poster) is rendered in chromium at
 * phone sizes, with normal and with large text; the code is read back from a screenshot by a real barcode reader
 * (Debian's zbarimg) and what was read is used: the voucher redeems, the card verifies, the poster opens check-in.
 */
import type { Page } from 'playwright-core'
import { browserTest, callApi, useBrowserApp } from './harness'
import { readCodes as readCodesIn } from './qr'
import { courierWithVoucher } from './steps'

const app = useBrowserApp()

const api = (fn: string, action: string, data: unknown, openid: string) => callApi(app, fn, action, data, openid)

/** Phone viewports: a small Android (360), an iPhone (390); the second pass with the system's large text. */
const SIZES = [
  { name: '360', width: 360, height: 740, largeText: false },
  { name: '390-large-text', width: 390, height: 844, largeText: true },
] as const

/**
 * Large text as a phone sets it: WeChat scales the page's font sizes; on H5 the rem base grows with the
 * browser's text size. Both are approximated by raising the root font size by 30 %.
 */
async function applySize(page: Page, s: (typeof SIZES)[number]) {
  await page.setViewportSize({ width: s.width, height: s.height })
  if (s.largeText) {
    await page.addStyleTag({ content: 'html { font-size: 130% !important } body { -webkit-text-size-adjust: 130% }' })
  }
}

const readCodes = (page: Page, name: string, box?: string) => readCodesIn(page, `codes-${name}`, box)

describe('codes that scan (H5, decoded from screenshots)', () => {
  // One voucher a day per person: the one voucher is read at every size, then redeemed with what was read.
  browserTest('voucher QR at every size: the decoded token is the one shown, and it redeems at the merchant', async ({ page, open }) => {
    const voucherId = (await courierWithVoucher(app)).id
    await open(`/packages/voucher/pages/qr/index?id=${voucherId}`)
    let read = ''
    for (const size of SIZES) {
      await applySize(page, size)
      ;[read] = await readCodes(page, `voucher-${size.name}`)
      // The H5 page also prints the token it encodes: what the reader got is exactly that.
      expect(await page.locator('.voucher-qr__token').first().textContent()).toBe(read)
    }
    const redeemed = await api('voucher', 'redeem', { token: read }, 'demo-cashier')
    expect(redeemed.error).toBeUndefined()
    expect(redeemed.data.voucher.id).toBe(voucherId)
  })

  for (const size of SIZES) {
    browserTest(`member card QR at ${size.name}: the decoded token verifies (redeemBenefit)`, async ({ page, open, pickIdentity }) => {
      const who = size.largeText ? 'demo-driver' : 'demo-opera'
      await pickIdentity(who)
      await open('/packages/member/pages/card/index')
      await applySize(page, size)
      const [read] = await readCodes(page, `card-${size.name}`)
      const verified = await api('member', 'redeemBenefit', { token: read }, 'demo-merchant')
      expect(verified.error).toBeUndefined()
      expect(verified.ok).toBe(true)
      expect(verified.data.partnerId).toBe('fuxin-p01')
    })

    browserTest(`station poster at ${size.name}: the decoded URL opens check-in in the browser and checks in`, async ({ page, open, pickIdentity }) => {
      const stationId = size.largeText ? 'wh-wuchang-jian' : 'bj-shangdong-didi'
      await pickIdentity('demo-keeper')
      await open(`/packages/station/pages/poster/index?id=${stationId}`)
      await applySize(page, size)
      await page.locator('.st-poster__name', { hasText: /\S/ }).waitFor()
      await page.locator('.st-poster__instruction', { hasText: '扫码' }).waitFor()
      const [read] = await readCodes(page, `poster-${size.name}`, '.st-poster__code-image')
      // What a phone camera does with it: open the address. It is the H5 check-in page of this gateway.
      expect(read.startsWith(`${app.url}/`)).toBe(true)
      await pickIdentity('demo-driver')
      const checkin = page.waitForResponse((r) => r.url().endsWith('/api/station') && (r.request().postData() ?? '').includes('"checkin"'))
      await page.goto(read)
      const answer = await (await checkin).json()
      expect(answer.ok).toBe(true)
      expect(JSON.parse((await checkin).request().postData()!).data).toEqual({ scene: expect.any(String) })
      await page.locator('.st-checkin__title', { hasText: '签到成功' }).waitFor()
      const station = await api('station', 'get', { stationId }, 'demo-driver')
      await page.locator('.st-checkin__station', { hasText: station.data.name }).waitFor()
    })
  }
})
