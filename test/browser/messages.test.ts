import { CONSENT_VERSION } from '../../types'
/**
 * The 消息 page in the H5 build through the local gateway: decisions taken by staff arrive as
 * messages, 我的 shows the unread count and the tab bar a badge, tapping a message opens its page and
 * marks it read, and a person with none sees what will come.
 */
import { browserTest, callApi, useBrowserApp } from './harness'
import { fillJoinForm } from './steps'

const app = useBrowserApp()

async function api(fn: string, action: string, data: unknown, openid: string) {
  const body = await callApi(app, fn, action, data, openid)
  if (!body.ok) throw new Error(JSON.stringify(body))
  return body.data
}

describe('消息 (H5)', () => {
  browserTest('a rejected then approved application: two messages, unread count, badge, open and read', async ({ page, open, pickIdentity }) => {
    const who = 'demo-judge'
    const form = { name: '刘桂芝', phone: '13942180000', city: '阜新', industry: 'construction', employer: '阜新宏达建设集团', consent: { version: CONSENT_VERSION } }
    await api('member', 'join', form, who)
    await api('member', 'reviewJoin', { openid: who, approve: false, reason: '工作单位证明不清晰' }, 'demo-admin')
    await api('member', 'join', form, who)
    await api('member', 'reviewJoin', { openid: who, approve: true }, 'demo-admin')

    await pickIdentity(who)
    await open('/pages/me/index')
    await page.locator('.link-list__title', { hasText: '消息（2 条未读）' }).waitFor()
    await page.locator('.taro-tabbar-badge', { hasText: '2' }).waitFor()

    await page.locator('.link-list__title', { hasText: '消息（2 条未读）' }).click()
    await page.locator('.messages__count', { hasText: '2 条未读' }).waitFor()
    const titles = await page.locator('.messages__title').allTextContents()
    expect(titles).toEqual(['入会申请已通过', '入会申请未通过'])
    await page.locator('.messages__item--unread', { hasText: '工作单位证明不清晰' }).waitFor()
    await page.waitForTimeout(800) // the page slides in
    await page.screenshot({ path: '.tmp/browser/messages.png' }).catch(() => undefined)

    await page.locator('.messages__item', { hasText: '入会申请已通过' }).click()
    await page.waitForURL(/packages\/member\/pages\/card\/index/)
    await open('/packages/member/pages/messages/index')
    await page.locator('.messages__count', { hasText: '1 条未读' }).waitFor()
    expect(await page.locator('.messages__item--unread').count()).toBe(1)

    await page.locator('.messages__read-all').click()
    await page.locator('.messages__count', { hasText: '全部已读' }).waitFor()
    await open('/pages/me/index')
    await page.locator('.link-list__title', { hasText: /^消息$/ }).waitFor()
    expect(await page.locator('.taro-tabbar-badge').count()).toBe(0)
  })

  browserTest('someone with no messages is told what will come, with a way back', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-merchant')
    await open('/packages/member/pages/messages/index')
    await page.getByText('还没有消息').waitFor()
    await page.getByText('清凉券当天到期提醒').waitFor()
    await page.getByText('回到首页').waitFor()
    await page.screenshot({ path: '.tmp/browser/messages-empty.png' }).catch(() => undefined)
  })

  browserTest('the sign-up of H5 records a local subscription on the tap (no WeChat dialog)', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-keeper')
    await open('/packages/member/pages/join/index')
    await fillJoinForm(page, { name: '陈秀英', phone: '13942185678', city: '阜新', industry: '建筑工人', employer: '阜新宏达建设集团' })
    await page.locator('.consent-box__check').click()
    const subscribed = page.waitForResponse(async (r) => r.url().endsWith('/api/member') && (r.request().postData() ?? '').includes('"subscribe"'))
    await page.locator('.join-form__submit').click()
    const body = await (await subscribed).json()
    expect(body).toEqual({ ok: true, data: { subscriptions: { join_result: 1 } } })
  })
})
