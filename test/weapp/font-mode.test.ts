/**
 * 长辈模式 in the COMPILED mini-program: the class `elder` lands on each page's root view (the mini-program has
 * no element above its pages) — from the remembered choice, or from WeChat's large font-size setting — and the
 * switch in 我的 takes it off the open page at once and remembers that.
 */
import { fail, ok, renderPage, waitFor } from './harness'

const courier = { openid: 'o-courier', roles: [], member: null }
const answer = (req: { name: string; data: { action: string } }) =>
  req.name === 'member' && req.data.action === 'me' ? ok(courier) : req.data.action === 'messages' ? ok({ items: [], unread: 0, nextCursor: null }) : fail('NOT_FOUND')
const rootClass = (page: { comp: any }) => String(page.comp.data.root.cn?.[0]?.cl ?? '')

describe('长辈模式 (compiled weapp)', () => {
  it('the remembered choice puts `elder` on the page root; the switch in 我的 turns it off and remembers', async () => {
    const page = await renderPage('pages/me/index', { callFunction: answer, storage: { 'font-mode': 'elder' } })
    await page.waitForText('长辈模式')
    await waitFor(() => /\belder\b/.test(rootClass(page)))
    expect(rootClass(page)).toMatch(/\bpage\b.*\belder\b|\belder\b.*\bpage\b/)
    expect(page.text()).toContain('已开启')
    await page.tapClass('font-mode')
    await waitFor(() => !/\belder\b/.test(rootClass(page)))
    expect(rootClass(page)).not.toMatch(/\belder\b/)
    // The root's class is set on the view at once; the switch's label comes with React's next render.
    await page.waitForText('已关闭')
    expect(page.text()).not.toContain('已开启')
    expect((globalThis as any).wx.getStorageSync('font-mode')).toBe('standard')
    page.unload()
  })

  it("on by default when WeChat's font size is large; off at the usual size", async () => {
    const large = await renderPage('pages/index/index', { callFunction: answer, wx: { getAppBaseInfo: () => ({ fontSizeSetting: 22 }) } })
    await waitFor(() => /\belder\b/.test(rootClass(large)))
    expect(rootClass(large)).toMatch(/\belder\b/)
    large.unload()
    const usual = await renderPage('pages/index/index', { callFunction: answer, wx: { getAppBaseInfo: () => ({ fontSizeSetting: 17 }) } })
    await usual.settle()
    expect(rootClass(usual)).not.toMatch(/\belder\b/)
    usual.unload()
  })
})
