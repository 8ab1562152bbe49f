import { browserTest, useBrowserApp } from './harness'

const app = useBrowserApp()

describe('H5 through the local gateway', () => {
  browserTest('home shows 工惠驿站 and the four programmes to a guest', async ({ page, open }) => {
    await open('/')
    await page.locator('.home__brand', { hasText: '工惠驿站' }).waitFor()
    for (const entry of ['会员卡', '智送清凉', '职工戏剧票友大赛', '爱心驿站']) {
      await page.locator('.entry-card__title', { hasText: entry }).waitFor()
    }
    await page.getByText('您好，游客').waitFor()
    await page.locator('.identity-bar__current', { hasText: '游客' }).waitFor()
  })

  browserTest('picking demo-admin greets them with their role and opens 工作台', async ({ page, pickIdentity }) => {
    await pickIdentity('demo-admin')
    await page.locator('.greeting__role', { hasText: '工会工作人员' }).waitFor()
    await page.locator('.entry-card__title', { hasText: '工作台' }).click()
    await page.waitForURL(/#\/packages\/staff\/pages\/index/)
    await page.locator('.section__title', { hasText: '工会工作人员' }).waitFor()
  })

  browserTest('the identity sticks across a reload and can go back to 游客', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-courier')
    await page.reload()
    await page.locator('.identity-bar__current', { hasText: '汕头快递员' }).waitFor()
    await page.getByText('工会会员').first().waitFor()
    await pickIdentity(null)
    await page.getByText('您好，游客').waitFor()
    await open('/pages/me/index')
    await page.locator('.identity-option--selected', { hasText: '游客' }).waitFor()
  })

  browserTest('a programme card leads into its area and back home', async ({ page, open }) => {
    await open('/')
    await page.locator('.entry-card__title', { hasText: '会员卡' }).click()
    await page.waitForURL(/#\/packages\/member\/pages\/index/)
    await page.locator('.big-button', { hasText: '回到首页' }).click()
    await page.waitForURL(/#\/pages\/index\/index|#\/$/)
    await page.locator('.entry-card__title', { hasText: '智送清凉' }).waitFor()
  })

  browserTest('nothing above threw in the page', async () => {
    expect(app.pageErrors).toEqual([])
  })
})
