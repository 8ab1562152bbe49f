import { fail, ok, renderPage } from './harness'

const me = (roles: string[]) => () => ok({ openid: 'o-1', roles, member: null })

describe('area landing pages (compiled weapp subpackages)', () => {
  it.each([
    ['packages/member/pages/index', ['入会申请', '电子会员卡', '合作商户', '30 万人']],
    ['packages/voucher/pages/index', ['今日领券', '我的清凉券', '快递员、网约车司机、货车司机、出租车司机、环卫工人、建筑工人']],
    ['packages/contest/pages/index', ['我要报名', '京剧、评剧、河北梆子', '预赛 → 复赛 → 决赛 → 汇报展演']],
    ['packages/station/pages/index', ['找附近驿站', '扫码签到', '569 家爱心驿站']],
  ])('%s introduces its area and leads home', async (pagePath, texts) => {
    const page = await renderPage(pagePath, { callFunction: () => fail('NOT_FOUND') })
    for (const t of texts) expect(page.text()).toContain(t)
    await page.tapText('回到首页')
    expect(page.wx.calls('switchTab')).toEqual([{ url: '/pages/index/index' }])
    page.unload()
  })

  it('工作台 lists the tools of each role the caller holds, after a loading state that renders', async () => {
    const page = await renderPage('packages/staff/pages/index', {
      callFunction: () => new Promise((resolve) => setTimeout(() => resolve(me(['admin', 'judge'])()), 100)),
    })
    expect(page.text()).toContain('加载中')
    await page.waitForText('入会审核')
    expect(page.missingTemplates).toEqual([])
    expect(page.text()).toContain('作品评分')
    expect(page.text()).not.toContain('扫码核销')
    page.unload()
  })

  it('工作台 tells a worker without a role how to get one', async () => {
    const page = await renderPage('packages/staff/pages/index', { callFunction: me([]) })
    await page.waitForText('暂无工作权限')
    page.unload()
  })
})
