/**
 * The COMPILED 驿站 tab (dist/weapp) under miniprogram-simulate: it asks WeChat for the location in GCJ-02,
 * lists the nearest stations from station.nearby with distance, open-now, stars and services, filters by
 * service, opens a station's detail; when the location is refused it offers cities instead.
 */
import { fail, ok, renderPage, waitFor, firstWxCall, type CallFunctionRequest } from './harness'

const station = {
  id: 'bj-shangdong-didi', name: '网约车司机服务站（尚东数字谷）', city: '北京', district: '海淀区', address: '海淀区上地街道尚东数字谷公共区域职工之家',
  location: { lat: 40.0331, lng: 116.2985 }, services: ['meal', 'parking', 'rest', 'microwave', 'water'], openHours: { open: '07:00', close: '22:00' },
  phone: '010-12351', stars: 5, rating: { average: 4.5, count: 2 }, visitCount: 37, openNow: true, distanceM: 368,
}
const other = { ...station, id: 'bj-other', name: '上地街道职工之家驿站', services: ['water', 'rest'], stars: 3, rating: { average: null, count: 0 }, openNow: false, distanceM: 1520, demo: true }
const nearbyCalls = (calls: CallFunctionRequest[]) => calls.filter((c) => c.name === 'station' && c.data.action === 'nearby')

describe('驿站 tab (compiled weapp)', () => {
  it('locates in GCJ-02, lists the nearest stations, filters by service and opens one', async () => {
    const locations: Array<Record<string, unknown>> = []
    const page = await renderPage('pages/stations/index', {
      wx: {
        getLocation: (opts: Record<string, any>) => {
          locations.push({ type: opts.type })
          const res = { latitude: 40.0322, longitude: 116.3001, errMsg: 'getLocation:ok' }
          opts.success?.(res); opts.complete?.(res)
        },
      },
      callFunction: (req) => {
        if (req.name === 'station' && req.data.action === 'nearby') {
          const d = req.data.data as { services?: string[] }
          return ok({ items: d.services?.includes('parking') ? [station] : [station, other] })
        }
        return fail('NOT_FOUND')
      },
    })
    await page.waitForText('网约车司机服务站（尚东数字谷）')
    expect(locations).toEqual([{ type: 'gcj02' }])
    const first = nearbyCalls(page.wx.functionCalls)[0].data.data
    expect(first).toEqual({ lat: 40.0322, lng: 116.3001, radiusKm: 5, limit: 20 })
    const text = page.text()
    expect(text).toContain('我的位置附近')
    expect(text).toContain('368 米')
    expect(text).toContain('1.5 公里')
    expect(text).toContain('营业中')
    expect(text).toContain('休息中')
    expect(text).toContain('07:00–22:00')
    expect(text).toContain('5 星')
    expect(text).toContain('评分 4.5 · 2 人评价')
    expect(text).toContain('平价餐')
    expect(text).toContain('已服务 37 人次')
    expect(page.missingTemplates).toEqual([])

    await page.tapClass('finder__chip--parking')
    await waitFor(() => nearbyCalls(page.wx.functionCalls).length >= 2)
    expect(nearbyCalls(page.wx.functionCalls).at(-1)!.data.data).toMatchObject({ services: ['parking'] })
    await waitFor(() => !page.text().includes('上地街道职工之家驿站'))
    expect(page.text()).not.toContain('上地街道职工之家驿站')

    await page.tapText('网约车司机服务站（尚东数字谷）')
    expect(page.wx.calls('navigateTo')).toEqual([{ url: '/packages/station/pages/detail/index?id=bj-shangdong-didi' }])
    page.unload()
  })

  it('when the location is refused, offers the settings page and cities, and searches around the city picked', async () => {
    // The location helper answers its last result for 30 s: start past the first test's answer.
    const now = Date.now() + 60_000
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now)
    let asked = 0
    const page = await renderPage('pages/stations/index', {
      wx: {
        getLocation: (opts: Record<string, any>) => {
          asked++
          const err = { errMsg: 'getLocation:fail auth deny' }
          opts.fail?.(err); opts.complete?.(err)
        },
        openSetting: (opts: Record<string, any>) => {
          const res = { authSetting: { 'scope.userLocation': false }, errMsg: 'openSetting:ok' }
          opts.success?.(res); opts.complete?.(res)
        },
      },
      callFunction: (req) => (req.data.action === 'nearby' ? ok({ items: [] }) : fail('NOT_FOUND')),
    })
    await page.waitForText('您没有允许使用位置信息')
    expect(asked).toBe(1)
    expect(nearbyCalls(page.wx.functionCalls)).toHaveLength(0)
    // 重新定位 would only fail again: the link and the button open the settings page instead.
    await page.tapText('开启定位')
    expect(await firstWxCall(page, 'showToast')).toMatchObject({ title: '定位仍未开启，可以先选城市' })
    await page.tapText('去设置开启定位')
    await waitFor(() => page.wx.calls('showToast').length > 1)
    expect(asked).toBe(1) // never twice within 30 s
    clock.mockRestore()
    await page.tapText('武汉')
    await waitFor(() => nearbyCalls(page.wx.functionCalls).length > 0)
    expect(nearbyCalls(page.wx.functionCalls)[0].data.data).toMatchObject({ lat: 30.5928, lng: 114.3052, radiusKm: 5 })
    await page.waitForText('5 公里内没有符合条件的驿站')
    expect(page.text()).toContain('武汉市中心附近')
    expect(page.text()).toContain('扩大到 20 公里')
    page.unload()
  })
})
