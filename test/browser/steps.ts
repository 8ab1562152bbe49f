/** Steps that several H5 journeys take the same way. */
import type { Locator, Page } from 'playwright-core'
import { callApi, type BrowserApp } from './harness'

/** What a person types into the member join form; `industry` is the label of its chip. */
export interface JoinFields { name: string; phone: string; city: string; industry: string; employer: string }

/** Fills the join form (/packages/member/pages/join/index) field by field, as a person would; sends nothing. */
export async function fillJoinForm(page: Page, f: JoinFields): Promise<void> {
  await page.locator('.ui-field--name input').fill(f.name)
  await page.locator('.ui-field--phone input').fill(f.phone)
  await page.locator('.ui-field--city input').fill(f.city)
  await page.locator('.ui-field--industry .ui-chip', { hasText: f.industry }).click()
  await page.locator('.ui-field--employer input').fill(f.employer)
}

/** demo-courier picked in the app, with a voucher of the first campaign claimed through the API: that voucher. */
export async function courierWithVoucher(app: BrowserApp): Promise<{ id: string }> {
  await app.pickIdentity('demo-courier')
  const campaigns = await callApi(app, 'voucher', 'campaigns', {}, 'demo-courier')
  const claimed = await callApi(app, 'voucher', 'claim', { campaignId: campaigns.data.items[0].id, requestId: crypto.randomUUID() }, 'demo-courier')
  expect(claimed.error).toBeUndefined()
  return claimed.data
}

/** demo-judge on the score page: the item of the entry `piece`, once it shows. */
export async function judgeScoreItem(app: BrowserApp, piece: string): Promise<Locator> {
  await app.pickIdentity('demo-judge')
  await app.open('/packages/contest/pages/score/index')
  const item = app.page.locator('.score__item', { hasText: piece })
  await item.waitFor()
  return item
}
