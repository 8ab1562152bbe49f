/**
 * The rough edges met on the workers' journeys (issue 14, item 7), in the H5 build through the local gateway:
 * pages opened without their id say what is missing and offer the way back; an unknown address lands on
 * 页面不存在 (not on the previous page); a guest never asks member.me (no 401 per page); favicon.ico is served.
 */
import type { Response } from 'playwright-core'
import { browserTest, useBrowserApp } from './harness'

const app = useBrowserApp()

describe('rough edges (H5)', () => {
  browserTest('a guest visits the four tabs and a few pages without one member.me call, one 401 or one 404', async ({ page, open, pickIdentity }) => {
    await pickIdentity(null)
    const meCalls: string[] = []
    const failed: string[] = []
    const onResponse = (r: Response) => {
      const body = r.request().postData() ?? ''
      if (r.url().endsWith('/api/member') && body.includes('"action":"me"')) meCalls.push(r.url())
      if (r.status() === 401 || r.status() === 404) failed.push(`${r.status()} ${r.url()} ${body}`)
    }
    page.on('response', onResponse)
    try {
      for (const route of ['/pages/index/index', '/pages/cooling/index', '/pages/stations/index', '/pages/me/index', '/packages/contest/pages/index', '/packages/member/pages/partners/index']) {
        await open(route)
        await page.waitForLoadState('networkidle')
      }
      // the guest is still told who they are and what to do
      await open('/packages/member/pages/join/index')
      await page.locator('.ui-notice__title', { hasText: '请先登录' }).waitFor()
      await page.waitForLoadState('networkidle')
    } finally {
      page.off('response', onResponse)
    }
    expect(meCalls).toEqual([])
    expect(failed).toEqual([])
  })

  browserTest('the shell links an icon and the gateway serves favicon.ico', async ({ page, open }) => {
    await open('/')
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('favicon.ico')
    const r = await page.evaluate(async () => {
      const res = await fetch('/favicon.ico')
      return { status: res.status, type: res.headers.get('content-type'), size: (await res.arrayBuffer()).byteLength }
    })
    expect(r).toEqual({ status: 200, type: 'image/x-icon', size: expect.any(Number) })
    expect(r.size).toBeGreaterThan(100)
  })

  const MISSING: Array<{ route: string; title: string; go: string; lands: string }> = [
    { route: '/packages/station/pages/poster/index', title: '没有指定驿站', go: '去驿站管理', lands: '/packages/station/pages/manage/index' },
    { route: '/packages/station/pages/evaluate/index', title: '没有指定驿站', go: '去驿站管理', lands: '/packages/station/pages/manage/index' },
    { route: '/packages/voucher/pages/qr/index', title: '没有指定清凉券', go: '去我的清凉券', lands: '/packages/voucher/pages/wallet/index' },
    { route: '/packages/voucher/pages/stats/index', title: '没有指定活动', go: '去活动列表', lands: '/packages/voucher/pages/admin/index' },
  ]
  for (const m of MISSING) {
    browserTest(`${m.route} without its id says ${m.title} and offers the way back`, async ({ page, open, pickIdentity }) => {
      await pickIdentity('demo-admin')
      const tokenCalls: string[] = []
      page.on('request', (r) => { if (/"(voucherToken|offlineKey)"/.test(r.postData() ?? '')) tokenCalls.push(r.url()) })
      await open(m.route)
      const shown = page.locator(`.taro_page[id^="${m.route}"]`)
      await shown.locator('.missing-param__title', { hasText: m.title }).waitFor()
      await shown.locator('.missing-param__hint', { hasText: '返回上一页' }).waitFor()
      await shown.locator('.big-button', { hasText: '回到首页' }).waitFor()
      // big enough for a thumb
      const box = (await shown.locator('.missing-param__go').boundingBox())!
      expect(box.height).toBeGreaterThanOrEqual(44)
      expect(box.width).toBeGreaterThan(300)
      expect(tokenCalls).toEqual([]) // nothing is asked with an empty id
      await shown.locator('.missing-param__go', { hasText: m.go }).click()
      await page.locator(`.taro_page[id^="${m.lands}"]`).waitFor({ state: 'visible' })
    })
  }

  browserTest('rate and detail without an id point to the station finder', async ({ page, open }) => {
    for (const route of ['/packages/station/pages/rate/index', '/packages/station/pages/detail/index']) {
      await open(route)
      const shown = page.locator(`.taro_page[id^="${route}"]`)
      await shown.locator('.ui-notice__title', { hasText: /请先选择/ }).waitFor()
      await shown.locator('.big-button', { hasText: '找附近驿站' }).waitFor()
      await shown.locator('.big-button', { hasText: '回到首页' }).waitFor()
    }
  })

  browserTest('an unknown address followed from a page lands on 页面不存在, and the page before is gone from the screen', async ({ page, open }) => {
    await open('/pages/me/index')
    await page.evaluate(() => { window.location.hash = '#/packages/nowhere/pages/gone/index?id=1' })
    const notFound = page.locator('.taro_page[id^="/pages/not-found/index"]')
    await notFound.waitFor({ state: 'visible' })
    await notFound.locator('.not-found__title', { hasText: '页面不存在' }).waitFor()
    await notFound.locator('.not-found__path', { hasText: '/packages/nowhere/pages/gone/index' }).waitFor()
    expect(await page.locator('.taro_page[id^="/pages/me/index"]').isVisible()).toBe(false)
    await notFound.locator('.big-button', { hasText: '回到首页' }).click()
    await page.locator('.taro_page[id^="/pages/index/index"]').waitFor({ state: 'visible' })
  })

  browserTest('an unknown address opened directly lands on 页面不存在 with the way home', async ({ page }) => {
    await page.goto(`${app.url}/?fresh=1#/pages/nope/index`)
    const notFound = page.locator('.taro_page[id^="/pages/not-found/index"]')
    await notFound.waitFor({ state: 'visible' })
    await notFound.locator('.not-found__title', { hasText: '页面不存在' }).waitFor()
    await notFound.locator('.big-button', { hasText: '回到首页' }).click()
    await page.locator('.taro_page[id^="/pages/index/index"]').waitFor({ state: 'visible' })
  })

  afterAll(() => {
    expect(app.pageErrors).toEqual([])
  })
})
