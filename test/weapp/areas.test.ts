import { fail, ok, renderPage } from './harness'

const me = (roles: string[]) => () => ok({ openid: 'o-1', roles, member: null })

describe('area landing pages (compiled weapp subpackages)', () => {
  // Landing pages belong to their areas and change with them; what the shell guarantees is a way out.
  it.each(['member', 'voucher', 'contest', 'station', 'staff'])('packages/%s/pages/index renders and leads home', async (area) => {
    const page = await renderPage(`packages/${area}/pages/index`, { callFunction: () => fail('NOT_FOUND') })
    await page.tapText('回到首页')
    expect(page.wx.calls('switchTab')).toEqual([{ url: '/pages/index/index' }])
    expect(page.missingTemplates).toEqual([])
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
