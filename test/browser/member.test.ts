/**
 * The member card journey in the H5 build through the local gateway: a worker joins, the union
 * approves, the worker shows the card's QR, the partner's merchant verifies it (H5 paste fallback).
 */
import { readFileSync } from 'node:fs'
import { tokenAt } from '../../src/packages/shared/offline-code'
import { qrcodeDataUrl } from './qr'
import { browserTest, useBrowserApp } from './harness'
import { fillJoinForm } from './steps'

const app = useBrowserApp()

describe('member card (H5)', () => {
  let token = ''
  let cardKey = { key: '', ref: '' }

  browserTest('a worker joins: inline field errors first, then a pending application', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-keeper')
    await open('/packages/member/pages/join/index')
    await page.locator('.join-form__submit').click()
    // Validated with the shared schema before anything is sent.
    await page.locator('.ui-field--name .field-error', { hasText: '请填写姓名' }).waitFor()
    await page.locator('.ui-field--phone .field-error').waitFor()
    await page.locator('.consent-box .field-error', { hasText: '请先阅读并勾选同意《隐私保护指引》' }).waitFor()

    await fillJoinForm(page, { name: '韩立新', phone: '1394218', city: '阜新市', industry: '建筑工人', employer: '阜新宏达建设集团' })
    await page.locator('.join-form__submit').click()
    await page.locator('.ui-field--phone .field-error', { hasText: '11 位手机号' }).waitFor()
    // A city written with 市 is fine (stored without it): only the phone is wrong.
    await page.waitForTimeout(200)
    expect(await page.locator('.ui-field--city .field-error').count()).toBe(0)

    await page.locator('.ui-field--phone input').fill('13942181234')
    await page.locator('.ui-field--city input').fill('阜新')
    await page.locator('.consent-box__check').click()
    await page.locator('.join-form__submit').click()
    await page.locator('.ui-notice__title', { hasText: '审核中' }).waitFor()
    await page.getByText('阜新宏达建设集团').waitFor()
  })

  browserTest('the consent box opens the privacy notice as a page (H5), and back leads to the form as it was', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-courier')
    await open('/packages/member/pages/apply-partner/index')
    await page.locator('.ui-field--name input').fill('阜新隐私测试书店')
    await page.locator('.consent-box__public', { hasText: '联系人和联系电话只有工会工作人员能看到' }).waitFor()
    await page.locator('.consent-box__notice').click()
    await page.locator('.privacy-notice__title', { hasText: '工惠驿站隐私保护指引' }).waitFor()
    for (const text of ['收集哪些信息', '谁能看到', '大赛作品展示页显示参赛者的姓名、工作单位、城市', '导出', '注销账号', '12351']) {
      await page.locator('.privacy-notice', { hasText: text }).waitFor()
    }
    await page.locator('.big-button', { hasText: '返回上一页' }).click()
    await page.locator('.consent-box__check').waitFor()
    expect(await page.locator('.ui-field--name input').inputValue()).toBe('阜新隐私测试书店')
  })

  browserTest('demo-admin approves it in 入会审核 and a card number is issued', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-admin')
    await open('/packages/staff/pages/joins/index')
    const item = page.locator('.join-item', { hasText: '韩立新' })
    await item.waitFor()
    // Staff see the phone masked.
    await item.getByText('139****1234').waitFor()
    await item.locator('.ui-review-actions__btn--approve').click()
    await item.locator('.ui-review__done', { hasText: /已通过 · 会员卡号 GH2109\d{6}/ }).waitFor()
  })

  browserTest('the member\'s card shows name, number and a live QR of a fresh token with a countdown', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-keeper')
    const keyResponse = page.waitForResponse(async (r) => r.url().endsWith('/api/member') && (r.request().postData() ?? '').includes('"offlineKey"'))
    await open('/packages/member/pages/card/index')
    const body = await (await keyResponse).json()
    expect(body.ok).toBe(true)
    // The code on screen is the one of the current 30-second step, made with the card's key.
    await page.locator('.ui-token-qr__countdown', { hasText: /\d+ 秒后自动刷新/ }).waitFor()
    cardKey = body.data
    await page.locator('.card-face__name', { hasText: '韩立新' }).waitFor()
    await page.locator('.card-face__no', { hasText: /GH 2109 \d{6}/ }).waitFor()
    await page.getByText('建筑工人').first().waitFor()
    // The image is the QR of exactly one token of the card's key, of the step around now. Read once: the code
    // turns every 30 seconds, so a second read may already show the next step's token.
    const img = page.locator('.qr-code__image img, img.qr-code__image').first()
    await img.waitFor()
    const now = Date.now()
    const src = await img.getAttribute('src')
    const candidates = [-1, 0, 1].map((d) => tokenAt('card', body.data.key, body.data.ref, now + d * 30_000))
    token = candidates.find((t) => qrcodeDataUrl(t) === src) ?? ''
    expect(token).toMatch(/^OC1\./)
    expect(src).toBe(qrcodeDataUrl(token))
    await page.locator('.ui-token-qr__countdown', { hasText: /\d+ 秒后自动刷新/ }).waitFor()
    await page.screenshot({ path: '.tmp/browser/member-card.png' }).catch(() => undefined)
  })

  browserTest('the merchant pastes the code: success with the masked name, then 今日已使用; expired and forged codes are explained', async ({ page, open, pickIdentity }) => {
    expect(token).toMatch(/^OC1\./)
    await pickIdentity('demo-merchant')
    await open('/packages/member/pages/verify/index')
    await page.locator('.verify__partner', { hasText: '阜新海州露天矿国家矿山公园' }).waitFor()
    await page.locator('.ui-paste__input textarea, textarea.ui-paste__input').first().fill(token)
    await page.locator('.ui-paste__submit').click()
    await page.locator('.ui-notice--success', { hasText: '核销成功' }).waitFor()
    await page.locator('.verify__member', { hasText: '韩*新' }).waitFor()
    await page.locator('.verify__list', { hasText: '韩*新' }).waitFor()
    expect(await page.getByText('韩立新').count()).toBe(0)

    // The same code again: an offline code is spent once.
    await page.locator('.ui-paste__input textarea, textarea.ui-paste__input').first().fill(token)
    await page.locator('.ui-paste__submit').click()
    await page.locator('.ui-notice--warning', { hasText: '二维码已用过' }).waitFor()
    // The next code of the same card at the same partner: the once-a-day rule.
    await page.locator('.ui-paste__input textarea, textarea.ui-paste__input').first().fill(tokenAt('card', cardKey.key, cardKey.ref, Date.now() + 30_000))
    await page.locator('.ui-paste__submit').click()
    await page.locator('.ui-notice--warning', { hasText: '今日已使用' }).waitFor()

    await page.locator('.ui-paste__input textarea, textarea.ui-paste__input').first().fill(`${token.slice(0, -3)}abc`)
    await page.locator('.ui-paste__submit').click()
    await page.locator('.ui-notice--error', { hasText: '无效的二维码' }).waitFor()
  })

  browserTest('合作商户 lists the Fuxin venues with offers, filters by category, and offers navigation', async ({ page, open }) => {
    await open('/packages/member/pages/partners/index')
    await page.locator('.partner__name', { hasText: '阜新海州露天矿国家矿山公园' }).waitFor()
    // 20 a page (a light first screen); 加载更多 brings the rest of the 39+ Fuxin venues.
    expect(await page.locator('.partner').count()).toBe(20)
    await page.locator('.partners__count', { hasText: '共 20+ 家' }).waitFor()
    await page.locator('.big-button, .nut-button', { hasText: '加载更多' }).first().click()
    await page.locator('.partner').nth(38).waitFor()
    await page.locator('.ui-field--category .ui-chip', { hasText: '体育场馆' }).click()
    await page.locator('.partner__name', { hasText: '阜新市体育馆' }).waitFor()
    await expect(page.locator('.partner__name', { hasText: '瑞应寺' }).count()).resolves.toBe(0)
    const cats = await page.locator('.partner__cat').allTextContents()
    expect(new Set(cats)).toEqual(new Set(['体育场馆']))
    expect(await page.locator('.partner__nav').count()).toBe(cats.length)
  })

  browserTest('统计 draws members by city and industry and the day\'s verification as bars', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-admin')
    await open('/packages/staff/pages/stats/index')
    await page.locator('.section__title', { hasText: '按行业' }).waitFor()
    await page.locator('.ui-bars__label', { hasText: '建筑工人' }).first().waitFor()
    const width = await page.locator('.ui-bars__fill').first().evaluate((el) => (el as HTMLElement).style.width)
    expect(width).toBe('100%')
    await page.locator('.ui-bars__label', { hasText: '阜新海州露天矿国家矿山公园' }).waitFor()
  })

  browserTest('我的数据与隐私: export downloads everything about the caller; 注销账号 asks first, then erases it', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-opera')
    await open('/packages/member/pages/privacy/index')
    const download = page.waitForEvent('download')
    await page.locator('.privacy__export').click()
    const file = await (await download).path()
    const data = JSON.parse(readFileSync(file, 'utf8'))
    expect(data.member).toMatchObject({ id: 'demo-opera', name: '赵春燕', phone: '13933115678' })
    await page.locator('.ui-notice--success', { hasText: '已导出' }).waitFor()

    // Cancelling the dialog changes nothing.
    await page.locator('.privacy__delete').click()
    await page.getByText('再想想', { exact: true }).click()
    await open('/pages/me/index')
    await page.getByText('赵春燕').first().waitFor()

    // forms left half-filled on this phone hold the name and phone too
    await page.evaluate(() => {
      localStorage.setItem('member-join-draft', JSON.stringify({ data: { name: '赵春燕', phone: '13933115678' } }))
      localStorage.setItem('contest-signup-draft:hebei-opera-1', JSON.stringify({ data: { name: '赵春燕', requestId: 'r' } }))
    })
    await open('/packages/member/pages/privacy/index')
    await page.locator('.privacy__delete').click()
    await page.getByText('确认注销', { exact: true }).click()
    await page.locator('.ui-notice--success', { hasText: '账号已注销' }).waitFor()
    expect(await page.evaluate(() => [localStorage.getItem('member-join-draft'), localStorage.getItem('contest-signup-draft:hebei-opera-1')])).toEqual([null, null])
    expect(await page.evaluate(() => localStorage.getItem('demo-openid'))).not.toBeNull()
    await open('/pages/me/index')
    await page.getByText('您还不是工会会员', { exact: false }).first().waitFor()
  })

  browserTest('the join form keeps what was typed when the person leaves, accepts 汕头市 as 汕头, and forgets the draft once sent', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-judge')
    await open('/packages/member/pages/join/index')
    await page.locator('.ui-field--name input').fill('林晓东')
    await page.locator('.ui-field--phone input').fill('13502871234')
    await page.locator('.ui-field--city input').fill('汕头市')
    await page.locator('.ui-field--industry .ui-chip', { hasText: '快递员' }).click()
    await page.locator('.ui-field--employer input').fill('汕头顺丰金平网点')
    // away and back: a fresh load of the page, as after WeChat dropped it
    await open('/pages/me/index')
    await open('/packages/member/pages/join/index')
    expect(await page.locator('.ui-field--name input').inputValue()).toBe('林晓东')
    expect(await page.locator('.ui-field--phone input').inputValue()).toBe('13502871234')
    expect(await page.locator('.ui-field--city input').inputValue()).toBe('汕头市')
    expect(await page.locator('.ui-field--employer input').inputValue()).toBe('汕头顺丰金平网点')
    await page.locator('.ui-field--industry .ui-chip--on', { hasText: '快递员' }).waitFor()
    // consent is not part of the draft: it is ticked each time
    await page.locator('.consent-box__check').click()
    await page.locator('.join-form__submit').click()
    await page.locator('.ui-notice__title', { hasText: '审核中' }).waitFor()
    await page.locator('.ui-row', { hasText: '城市' }).locator('.ui-row__value', { hasText: /^汕头$/ }).waitFor()
    expect(await page.evaluate(() => localStorage.getItem('member-join-draft'))).toBeNull()
    await page.locator('.big-button', { hasText: '修改申请' }).click()
    expect(await page.locator('.ui-field--city input').inputValue()).toBe('汕头')
  })

  afterAll(() => {
    expect(app.pageErrors).toEqual([])
  })
})
