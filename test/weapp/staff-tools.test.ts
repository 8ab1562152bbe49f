/**
 * The COMPILED staff pages (dist/weapp) under miniprogram-simulate: the evaluation opens with the station's
 * latest scores and the change in stars; the role page opens on its search form; every template renders.
 */
import { fail, ok, renderPage } from './harness'

const admin = ok({ openid: 'o-admin', roles: ['admin'], member: null, uploadDir: 'contest/AAAAAAAAAAAAAAAA/' })
const scores = { management: 9.5, facilities: 9.5, people_served: 9, results: 9.5, highlights: 10, hygiene: 9.5, hours: 9, signage: 9, safety: 9.5 }

describe('staff tools (compiled weapp)', () => {
  it('the evaluation starts from the latest scores, with the current level and the history', async () => {
    const page = await renderPage('packages/station/pages/evaluate/index', {
      query: { id: 'wh-wuchang-jian' },
      callFunction: (req) => {
        if (req.name === 'member' && req.data.action === 'me') return admin
        if (req.data.action === 'get') return ok({ id: 'wh-wuchang-jian', name: '武昌区机安社区爱心驿站', city: '武汉', address: '机安路', location: { lat: 30.5, lng: 114.3 }, services: ['water'], openHours: '24h', stars: 5, rating: { average: null, count: 0 }, visitCount: 0 })
        if (req.data.action === 'evaluations') return ok({ stationId: 'wh-wuchang-jian', stars: 5, latest: { at: '2023-08-01T02:00:00.000Z', sum: 84.5, stars: 5, scores }, history: [{ at: '2023-08-01T02:00:00.000Z', sum: 84.5, stars: 5, byName: '周敏' }] })
        return fail('NOT_FOUND')
      },
    })
    await page.waitForText('84.5')
    expect(page.text()).toContain('与现在相同（5 星）')
    expect(page.text()).toContain('2023-08-01 10:00 · 周敏 · 84.5 分 · 5 星')
    expect(page.missingTemplates).toEqual([])
    page.unload()
  })

  it('grant-role opens on the search by name or phone digits (no raw openid field)', async () => {
    const page = await renderPage('packages/staff/pages/grant-role/index', { callFunction: () => fail('NOT_FOUND') })
    await page.waitForText('找到这个人')
    expect(page.text()).toContain('姓名或手机号后 4 位')
    expect(page.text()).not.toContain('openid')
    expect(page.missingTemplates).toEqual([])
    page.unload()
  })
})
