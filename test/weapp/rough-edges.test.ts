/**
 * The rough edges of issue 14 in the COMPILED mini-program (dist/weapp) under miniprogram-simulate: the rate page
 * says 签到后才能评价 before any form when station.get says the caller cannot rate, and its header follows a
 * rating; pages opened without their id say what is missing; the not-found page renders with the way home.
 */
import { fail, ok, renderPage, firstWxCall, type CallFunctionRequest } from './harness'

const station = {
  id: 'bj-shangdong-didi', name: '网约车司机服务站（尚东数字谷）', city: '北京', district: '海淀区', address: '海淀区上地街道尚东数字谷公共区域职工之家',
  location: { lat: 40.0331, lng: 116.2985 }, services: ['meal', 'parking', 'rest', 'microwave', 'water'], openHours: { open: '07:00', close: '22:00' },
  stars: 5, rating: { average: null, count: 0 }, visitCount: 37, openNow: true,
}
const calls = (all: CallFunctionRequest[], action: string) => all.filter((c) => c.data.action === action)

describe('rough edges (compiled weapp)', () => {
  it('rate: without a check-in within 7 days the notice comes first and no form is offered', async () => {
    let rateUntil: string | null = null
    const page = await renderPage('packages/station/pages/rate/index', {
      query: { id: station.id },
      callFunction: (req) => (req.name === 'station' && req.data.action === 'get' ? ok({ ...station, rateUntil }) : fail('NOT_FOUND')),
    })
    await page.waitForText('签到后才能评价')
    const text = page.text()
    expect(text).toContain('去扫码签到')
    expect(text).not.toContain('提交评价')
    expect(text).not.toContain('打分')
    await page.tapText('去扫码签到')
    expect(await firstWxCall(page, 'navigateTo')).toMatchObject({ url: `/packages/station/pages/checkin/index?stationId=${station.id}` })
    expect(calls(page.wx.functionCalls, 'rate')).toHaveLength(0)
    expect(page.missingTemplates).toEqual([])
    // back from checking in: the page asks again and the form opens
    rateUntil = '2026-07-17T02:00:00.000Z'
    await page.show()
    await page.waitForText('提交评价')
    expect(page.text()).not.toContain('签到后才能评价')
    page.unload()
  })

  it('rate: checked in, the form is there; after rating the header shows the new average', async () => {
    const page = await renderPage('packages/station/pages/rate/index', {
      query: { id: station.id },
      callFunction: (req) => {
        if (req.data.action === 'get') return ok({ ...station, rateUntil: '2026-07-17T02:00:00.000Z' })
        if (req.data.action === 'rate') return ok({ average: 4, count: 1, mine: { stars: 4 } })
        return fail('NOT_FOUND')
      },
    })
    await page.waitForText('提交评价')
    expect(page.text()).toContain('暂无评价')
    expect(page.text()).not.toContain('签到后才能评价')
    await page.tapClass('st-star-picker__star--4')
    await page.tapText('提交评价')
    await page.waitForText('谢谢您的评价')
    expect(page.text()).toContain('评分 4.0 · 1 人评价')
    expect(page.text()).not.toContain('暂无评价')
    expect(calls(page.wx.functionCalls, 'rate')[0].data.data).toEqual({ stationId: station.id, stars: 4 })
    page.unload()
  })

  it('poster without its id says 没有指定驿站 and asks for nothing', async () => {
    const page = await renderPage('packages/station/pages/poster/index', { callFunction: () => fail('NOT_FOUND') })
    await page.waitForText('没有指定驿站')
    expect(page.text()).toContain('去驿站管理')
    expect(page.text()).toContain('回到首页')
    expect(page.wx.functionCalls.filter((c) => c.name === 'station')).toHaveLength(0)
    await page.tapText('去驿站管理')
    expect(await firstWxCall(page, 'navigateTo')).toMatchObject({ url: '/packages/station/pages/manage/index' })
    expect(page.missingTemplates).toEqual([])
    page.unload()
  })

  it('the not-found page names the address and offers the way home', async () => {
    const page = await renderPage('pages/not-found/index', { query: { path: encodeURIComponent('/packages/old/pages/x/index') }, callFunction: () => fail('NOT_FOUND') })
    await page.waitForText('页面不存在')
    expect(page.text()).toContain('/packages/old/pages/x/index')
    await page.tapText('回到首页')
    expect(await firstWxCall(page, 'switchTab')).toMatchObject({ url: '/pages/index/index' })
    expect(page.missingTemplates).toEqual([])
    page.unload()
  })

  it('App.onPageNotFound (a page removed since a link to it was shared) redirects to the not-found page', async () => {
    const page = await renderPage('pages/not-found/index', { callFunction: () => fail('NOT_FOUND') })
    await page.waitForText('页面不存在')
    ;(globalThis as any).getApp().onPageNotFound({ path: 'packages/old/pages/x/index', query: {}, isEntryPage: true })
    expect(await firstWxCall(page, 'redirectTo')).toMatchObject({ url: `/pages/not-found/index?path=${encodeURIComponent('packages/old/pages/x/index')}` })
    page.unload()
  })
})
