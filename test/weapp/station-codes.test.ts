/**
 * The COMPILED check-in and poster pages (dist/weapp): a mini-program code opens check-in with its `scene` in the
 * page query (URL-encoded, as WeChat hands it over) and checks in with { scene }; the in-app scanner reads
 * mini-program codes (wxCode) and QR codes; the poster shows the code image, the station's name and one line
 * saying what to do.
 */
import { fail, ok, renderPage, type CallFunctionRequest } from './harness'

const SCENE = 'AbCdEfGhIj.0123456789ab'
const station = {
  id: 'bj-shangdong-didi', name: '网约车司机服务站（尚东数字谷）', city: '北京', address: '海淀区上地街道', location: { lat: 40.0331, lng: 116.2985 },
  services: ['rest', 'water'], openHours: '24h', stars: 5, rating: { average: 4.5, count: 2 }, visitCount: 37,
}
const checkins = (calls: CallFunctionRequest[]) => calls.filter((c) => c.name === 'station' && c.data.action === 'checkin').map((c) => c.data.data)

function answer(req: CallFunctionRequest) {
  if (req.data.action === 'checkin') {
    const d = req.data.data as { scene?: string }
    return d.scene === SCENE ? ok({ visitNo: 38, checkedInAt: new Date().toISOString(), stationId: station.id }) : fail('INVALID_TOKEN')
  }
  if (req.data.action === 'get') return ok(station)
  if (req.data.action === 'qrcode') return ok({ code: 'r7HlwBAPqljTyUQ8', scene: SCENE, path: `packages/station/pages/checkin/index?scene=${SCENE}`, url: '' })
  if (req.data.action === 'posterImage') return ok({ fileId: 'cloud://env-1.bucket/station/posters/AbCdEfGhIj-0123456789ab.png', scene: SCENE })
  return fail('NOT_FOUND')
}

describe('station codes (compiled weapp)', () => {
  it('opened from a mini-program code: checks in with the scene from the query, and names the station', async () => {
    const page = await renderPage('packages/station/pages/checkin/index', { query: { scene: encodeURIComponent(SCENE) }, callFunction: answer })
    await page.waitForText('签到成功')
    expect(checkins(page.wx.functionCalls)).toEqual([{ scene: SCENE }])
    await page.waitForText(station.name)
    expect(page.text()).toContain('38')
    expect(page.missingTemplates).toEqual([])
    page.unload()
  })

  it('a forged scene is told as an invalid code, with the way to scan again', async () => {
    const page = await renderPage('packages/station/pages/checkin/index', { query: { scene: 'AbCdEfGhIj.xxxxxxxxxxxx' }, callFunction: answer })
    await page.waitForText('签到码无效')
    expect(page.text()).toContain('扫描驿站二维码')
    page.unload()
  })

  it('the scanner asks for mini-program codes and QR codes, and checks in with the scanned code\'s scene', async () => {
    const scans: Array<Record<string, unknown>> = []
    const page = await renderPage('packages/station/pages/checkin/index', {
      callFunction: answer,
      wx: {
        scanCode: (opts: Record<string, any>) => {
          scans.push({ scanType: opts.scanType })
          // A mini-program code answers the page path with its scene.
          const res = { result: '', path: `packages/station/pages/checkin/index?scene=${encodeURIComponent(SCENE)}`, scanType: 'WX_CODE', errMsg: 'scanCode:ok' }
          opts.success?.(res); opts.complete?.(res)
        },
      },
    })
    await page.tapText('扫描驿站二维码')
    await page.waitForText('签到成功')
    expect(scans).toEqual([{ scanType: ['qrCode', 'wxCode'] }])
    expect(checkins(page.wx.functionCalls)).toEqual([{ scene: SCENE }])
    page.unload()
  })

  it('the poster shows the mini-program code image, the station name and what to do', async () => {
    const page = await renderPage('packages/station/pages/poster/index', { query: { id: station.id }, callFunction: answer })
    await page.waitForText('微信扫一扫，到站签到')
    await page.waitForText(station.name)
    expect(page.dom.querySelector('[class*="st-poster__code-image"]')).not.toBeNull()
    // The simulator does not mirror src into the DOM: find the image source in the data the page rendered.
    const sources: string[] = []
    const walk = (v: unknown) => { if (typeof v === 'string') { if (v.startsWith('cloud://')) sources.push(v) } else if (v && typeof v === 'object') Object.values(v).forEach(walk) }
    walk(page.comp.data)
    expect(sources).toEqual(['cloud://env-1.bucket/station/posters/AbCdEfGhIj-0123456789ab.png'])
    expect(page.wx.functionCalls.filter((c) => c.data.action === 'posterImage').map((c) => c.data.data)).toEqual([{ stationId: station.id }])
    expect(page.missingTemplates).toEqual([])
    page.unload()
  })
})
