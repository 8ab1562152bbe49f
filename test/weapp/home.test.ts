import { fail, ok, renderPage, type CallFunctionRequest } from './harness'

const admin = { openid: 'o-admin', roles: ['admin'], member: null }
const courier = {
  openid: 'o-courier',
  roles: [],
  member: { status: 'active', cardNo: 'FX0001', name: '林小明', phone: '138****1234', city: '汕头', industry: 'courier', employer: '顺丰速运' },
}

const answer = (me: unknown) => (req: CallFunctionRequest) =>
  req.name === 'member' && req.data.action === 'me' ? ok(me) : fail('NOT_FOUND')

describe('home page (compiled weapp)', () => {
  it('shows 工惠驿站, the four programmes and the caller from member.me', async () => {
    const page = await renderPage('pages/index/index', { callFunction: answer(courier) })

    expect(page.text()).toContain('工惠驿站')
    for (const entry of ['会员卡', '智送清凉', '职工戏剧票友大赛', '爱心驿站']) expect(page.text()).toContain(entry)
    expect(page.text()).toContain('阜新 30 万会员、39 家合作单位')
    expect(page.text()).toContain('武汉 569 家；北京网约车司机服务站 9.99 元一餐')

    await page.waitForText('您好，林小明')
    expect(page.text()).toContain('工会会员')
    // member.me, and the unread count for the badge on 我的
    expect(page.wx.functionCalls).toHaveLength(2)
    expect(page.wx.functionCalls).toEqual(expect.arrayContaining([
      { name: 'member', data: { action: 'me', data: {} } },
      { name: 'member', data: { action: 'messages', data: { limit: 1 } } },
    ]))
    // no staff entry for a worker
    expect(page.text()).not.toContain('工作台')
    expect(page.missingTemplates).toEqual([])
    page.unload()
  })

  it('opens the member card area when its card is tapped', async () => {
    const page = await renderPage('pages/index/index', { callFunction: answer(courier) })
    await page.tapText('阜新 30 万会员')
    expect(page.wx.calls('navigateTo')).toEqual([{ url: '/packages/member/pages/index' }])
    page.unload()
  })

  it('switches to the 清凉 tab from 智送清凉', async () => {
    const page = await renderPage('pages/index/index', { callFunction: answer(courier) })
    await page.tapText('汕头，7–9 月每天一张冰饮清凉券')
    expect(page.wx.calls('switchTab')).toEqual([{ url: '/pages/cooling/index' }])
    page.unload()
  })

  it('shows roles and the 工作台 entry to staff', async () => {
    const page = await renderPage('pages/index/index', { callFunction: answer(admin) })
    await page.waitForText('工会工作人员')
    await page.tapText('工作台')
    expect(page.wx.calls('navigateTo')).toEqual([{ url: '/packages/staff/pages/index' }])
    page.unload()
  })

  it('still shows the programmes when member.me fails, with a way to retry', async () => {
    let attempts = 0
    const page = await renderPage('pages/index/index', {
      callFunction: (req) => {
        attempts++
        if (attempts === 1) throw new Error('timeout')
        return answer(courier)(req)
      },
    })
    await page.waitForText('网络不给力，请稍后重试')
    expect(page.text()).toContain('职工戏剧票友大赛')
    await page.tapText('点此重试')
    await page.waitForText('您好，林小明')
    page.unload()
  })
})
