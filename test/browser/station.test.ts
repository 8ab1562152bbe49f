/**
 * The rest-station journey in the H5 build through the local gateway: the demo driver, located at the
 * Beijing drivers' station, filters by 热饭 + 停车, opens the station, checks in by pasting its poster
 * code, and rates it. A worker who never checked in there is told to check in first.
 */
import { browserTest, useBrowserApp } from './harness'

const app = useBrowserApp()
const BEIJING = { id: 'bj-shangdong-didi', lat: 40.0331, lng: 116.2985 }

async function posterCode(): Promise<string> {
  const r = await fetch(`${app.url}/api/station`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-openid': 'demo-admin' },
    body: JSON.stringify({ action: 'qrcode', data: { stationId: BEIJING.id } }),
  })
  const body = await r.json()
  expect(body.ok).toBe(true)
  return body.data.code
}

describe('爱心驿站 (H5)', () => {
  browserTest('the driver finds the nearest station with a microwave and parking', async ({ page, context, open, pickIdentity }) => {
    await context.grantPermissions(['geolocation'])
    await context.setGeolocation({ latitude: BEIJING.lat, longitude: BEIJING.lng })
    await pickIdentity('demo-driver')
    await open('/pages/stations/index')
    await page.locator('.finder__where-label', { hasText: '我的位置附近' }).waitFor()
    await page.locator('.st-row').first().waitFor()

    const filtered = page.waitForResponse((r) => {
      const body = r.request().postData() ?? ''
      return r.url().endsWith('/api/station') && body.includes('"microwave"') && body.includes('"parking"')
    })
    await page.locator('.finder__chip--microwave').click()
    await page.locator('.finder__chip--parking').click()
    const sent = JSON.parse((await filtered).request().postData()!)
    expect(sent.data.services.sort()).toEqual(['microwave', 'parking'])
    // the browser reports WGS-84; the app asks in GCJ-02, a few hundred metres off
    expect(Math.abs(sent.data.lat - BEIJING.lat)).toBeLessThan(0.01)
    expect(Math.abs(sent.data.lng - BEIJING.lng)).toBeLessThan(0.01)
    expect(sent.data.lng).not.toBe(BEIJING.lng)

    const first = page.locator('.st-row').first()
    await first.locator('.st-row__name', { hasText: '网约车司机服务站' }).waitFor()
    await first.locator('.st-service--hit', { hasText: '热饭' }).waitFor()
    await first.locator('.st-service--hit', { hasText: '停车' }).waitFor()
    await first.locator('.st-row__distance', { hasText: '米' }).waitFor()
    await first.click()
    await page.locator('.st-detail__name', { hasText: '网约车司机服务站（尚东数字谷）' }).waitFor()
    await page.locator('.st-detail__intro', { hasText: '9.99 元' }).waitFor()
    await page.locator('.st-detail__call', { hasText: '010-12351' }).waitFor()
  })

  browserTest('checks in by pasting the poster code, and is visitor number 1', async ({ page }) => {
    const code = await posterCode()
    await page.locator('.big-button', { hasText: '到站扫码签到' }).click()
    await page.locator('.section__title', { hasText: '在「网约车司机服务站（尚东数字谷）」签到' }).waitFor()
    await page.locator('.st-checkin__input textarea, textarea.st-checkin__input').first().fill(code)
    const checkin = page.waitForResponse((r) => r.url().endsWith('/api/station') && (r.request().postData() ?? '').includes('"checkin"'))
    await page.locator('.st-checkin__submit').click()
    expect((await (await checkin).json()).data.visitNo).toBe(1)
    await page.locator('.st-checkin__title', { hasText: '签到成功' }).waitFor()
    await page.locator('.st-checkin__num', { hasText: '1' }).waitFor()
  })

  browserTest('rates the station: five stars and a comment', async ({ page }) => {
    await page.locator('.st-checkin__ok .big-button', { hasText: '评价这个驿站' }).click()
    await page.locator('.st-rate__head .st-rating', { hasText: '暂无评价' }).waitFor()
    await page.locator('.st-star-picker__star--5').click()
    await page.locator('.st-star-picker__word', { hasText: '5 星 · 很好' }).waitFor()
    await page.locator('.ui-field--comment textarea, textarea.ui-field__input').first().fill('饭菜干净，9.99 元吃得饱，还能停车')
    await page.locator('.st-rate__submit').click()
    await page.locator('.ui-notice__title', { hasText: '谢谢您的评价' }).waitFor()
    await page.getByText('现在的评分：5.0 分，1 人评价').waitFor()
    // the header above the form follows the rating just given
    await page.locator('.st-rate__head .st-rating', { hasText: '评分 5.0 · 1 人评价' }).waitFor()
  })

  browserTest('someone who has not checked in there is told to check in first, before any form', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-courier')
    await open(`/packages/station/pages/rate/index?id=${BEIJING.id}`)
    await page.locator('.ui-notice__title', { hasText: '签到后才能评价' }).waitFor()
    await page.locator('.big-button', { hasText: '去扫码签到' }).waitFor()
    expect(await page.locator('.st-star-picker__star--4').count()).toBe(0)
    expect(await page.locator('.st-rate__submit').count()).toBe(0)
    // the detail page shows the driver's rating
    await open(`/packages/station/pages/detail/index?id=${BEIJING.id}`)
    await page.locator('.st-rating', { hasText: '评分 5.0 · 1 人评价' }).waitFor()
    await page.locator('.st-detail__visits', { hasText: '1 人次' }).waitFor()
    expect(app.pageErrors).toEqual([])
  })

  browserTest('with the location allowed, picking a city says the list is for that city, not that location is off', async ({ page, context, open }) => {
    await context.grantPermissions(['geolocation'])
    await context.setGeolocation({ latitude: BEIJING.lat, longitude: BEIJING.lng })
    await open('/pages/stations/index')
    await page.locator('.finder__where-hint', { hasText: '按距离由近到远' }).waitFor()
    await page.locator('.finder__link', { hasText: '切换城市' }).click()
    await page.locator('.finder__city', { hasText: '汕头' }).click()
    await page.locator('.finder__where-label', { hasText: '汕头市中心附近' }).waitFor()
    const hint = page.locator('.finder__where-hint')
    await hint.filter({ hasText: '按所选城市查找' }).waitFor()
    expect(await hint.textContent()).not.toContain('定位未开启')
    await page.locator('.finder__link', { hasText: '重新定位' }).click()
    await page.locator('.finder__where-label', { hasText: '我的位置附近' }).waitFor()
  })
})
