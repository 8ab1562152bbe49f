import { fail, ok, renderPage } from './harness'

const CHECKS = [
  { name: '集合 members', ok: true, detail: '已创建；3 个索引正常' },
  { name: '集合 stations', ok: false, detail: '缺少索引 location_2dsphere：运行 npm run cloud:setup 补齐' },
  { name: '设置 TOKEN_SECRET', ok: true, detail: '已设置' },
  { name: '文件存储', ok: true, detail: '云存储可访问（STORAGE_FILE_NONEXIST）' },
]

describe('部署检查 (staff subpackage, compiled weapp)', () => {
  it('shows the problems first with what to do, then what is in place, and checks again on tap', async () => {
    let calls = 0
    let checks = CHECKS
    const page = await renderPage('packages/staff/pages/health/index', {
      callFunction: (req) => {
        if (req.name !== 'member' || req.data.action !== 'health') return fail('NOT_FOUND')
        calls++
        return ok({ checks })
      },
    })
    await page.waitForText('1 项需要处理')
    expect(page.missingTemplates).toEqual([])
    const text = page.text()
    expect(text).toContain('缺少索引 location_2dsphere：运行 npm run cloud:setup 补齐')
    expect(text.indexOf('集合 stations')).toBeLessThan(text.indexOf('集合 members'))
    expect(text).toContain('共检查 4 项')
    checks = CHECKS.map((c) => ({ ...c, ok: true, detail: c.ok ? c.detail : '已创建；2 个索引正常' }))
    await page.tapText('重新检查')
    await page.waitForText('全部正常')
    expect(calls).toBe(2)
    expect(page.text()).not.toContain('需要处理')
    page.unload()
  })

  it('an error has a way to try again', async () => {
    const page = await renderPage('packages/staff/pages/health/index', { callFunction: () => fail('FORBIDDEN') })
    await page.waitForText('重试')
    page.unload()
  })

  it('工作台 links admins to it', async () => {
    const page = await renderPage('packages/staff/pages/index', { callFunction: () => ok({ openid: 'o-1', roles: ['admin'], member: null }) })
    await page.waitForText('部署检查')
    await page.tapText('部署检查')
    expect(page.wx.calls('navigateTo')).toEqual([{ url: '/packages/staff/pages/health/index' }])
    page.unload()
  })
})
