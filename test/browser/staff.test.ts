/**
 * Staff journeys in the H5 build through the local gateway: a double tap on 创建活动 makes one campaign and
 * the page then edits it; the evaluation form starts from the station's current scores and asks before a
 * downgrade; a judge's quick re-score right after a save is kept; a role is granted by searching a phone's
 * last 4 digits and taken back; a contest is created and edited with its calendar checked; an approved
 * entry is withdrawn with a reason its owner sees.
 */
import { browserTest, callApi, useBrowserApp } from './harness'
import { judgeScoreItem } from './steps'

const app = useBrowserApp()

const api = (fn: string, action: string, data: unknown, openid: string) => callApi(app, fn, action, data, openid)
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
const plusDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10)

describe('工作台 (H5)', () => {
  browserTest('a double tap on 创建活动 makes one campaign; the page then edits it, and staff can end it early', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-admin')
    await open('/packages/voucher/pages/edit/index')
    await page.locator('.v-edit__heading', { hasText: '创建清凉活动' }).waitFor()
    const sent: Array<{ requestId?: string; id?: string }> = []
    page.on('request', (r) => {
      if (r.url().endsWith('/api/voucher') && (r.postData() ?? '').includes('"upsertCampaign"')) sent.push(JSON.parse(r.postData()!).data)
    })
    await page.locator('.ui-field--title input').fill('双击测试清凉券')
    await page.locator('.ui-field--startDate input').fill(today())
    await page.locator('.ui-field--endDate input').fill(plusDays(today(), 30))
    await page.locator('.v-edit__save .big-button').dblclick()
    await page.locator('.ui-notice--success', { hasText: '已保存' }).waitFor()
    await page.locator('.v-edit__heading', { hasText: '编辑活动：双击测试清凉券' }).waitFor()
    await page.locator('.v-edit__save .big-button', { hasText: '保存修改' }).waitFor()
    // The notice is at the top, in view.
    const box = await page.locator('.ui-notice--success').boundingBox()
    expect(box && box.y >= 0 && box.y < 844).toBe(true)
    expect(sent.length).toBeGreaterThanOrEqual(1)
    expect(new Set(sent.map((d) => d.requestId)).size).toBe(1)

    // A second save edits the same campaign.
    await page.locator('.ui-field--dailyStock input').fill('500')
    await page.locator('.v-edit__save .big-button').click()
    await page.locator('.v-edit__saved', { hasText: '已保存' }).waitFor()
    const list = await api('voucher', 'campaigns', {}, 'demo-admin')
    const mine = list.data.items.filter((c: { title: string }) => c.title === '双击测试清凉券')
    expect(mine).toHaveLength(1)
    expect(mine[0].dailyStock).toBe(500)
    expect(sent[sent.length - 1].id).toBe(mine[0].id)

    // End it early: asked first, then no more claims.
    await page.locator('.v-edit__end').click()
    await page.locator('.taro-modal__title', { hasText: '提前结束活动' }).waitFor()
    await page.getByText('结束活动', { exact: true }).click()
    await page.locator('.ui-notice--success', { hasText: '活动已结束' }).waitFor()
    const after = await api('voucher', 'campaigns', {}, 'demo-courier')
    expect(after.data.items.find((c: { id: string }) => c.id === mine[0].id)).toMatchObject({ state: 'ended', remainingToday: 0 })
  })

  browserTest('the evaluation starts from the current scores (84.5, 5 星) and asks before a downgrade; the history shows who', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-admin')
    await open('/packages/station/pages/evaluate/index?id=wh-wuchang-jian')
    await page.locator('.st-eval__sum-num', { hasText: '84.5' }).waitFor()
    await page.locator('.st-eval__row--management .st-eval__value', { hasText: '9.5' }).waitFor()
    await page.locator('.st-eval__change', { hasText: '与现在相同（5 星）' }).waitFor()
    await page.locator('.st-eval__history-row', { hasText: '84.5 分 · 5 星' }).first().waitFor()
    // One tap changes one aspect: still 5 stars.
    await page.locator('.st-eval__row--management .st-eval__btn--minus').click()
    await page.locator('.st-eval__sum-num', { hasText: '84' }).waitFor()
    for (let i = 0; i < 9; i++) await page.locator('.st-eval__row--management .st-eval__btn--minus').click()
    await page.locator('.st-eval__sum-num', { hasText: '79.5' }).waitFor()
    await page.locator('.st-eval__change--down', { hasText: '现为 5 星 → 提交后 4 星（降 1 星）' }).waitFor()
    // Cancelling the confirmation saves nothing.
    await page.locator('.st-eval__submit .big-button').click()
    await page.locator('.taro-modal__title', { hasText: '确认降低星级' }).waitFor()
    await page.getByText('再看看', { exact: true }).click()
    expect((await api('station', 'get', { stationId: 'wh-wuchang-jian' }, 'demo-admin')).data.stars).toBe(5)
    await page.locator('.st-eval__submit .big-button').click()
    await page.getByText('确定降级', { exact: true }).click()
    await page.locator('.ui-notice--success', { hasText: '已评定为 4 星（79.5 分）' }).waitFor()
    await page.locator('.st-eval__history-row', { hasText: '79.5 分 · 4 星' }).waitFor()
    expect((await api('station', 'get', { stationId: 'wh-wuchang-jian' }, 'demo-admin')).data.stars).toBe(4)
  })

  browserTest('a judge re-scores right after a save: the correction is saved, not swallowed by the notice', async () => {
    const piece = '《大登殿》“金钏银钏”'
    const item = await judgeScoreItem(app, piece)
    await item.locator('.ui-field--score input').fill('85')
    await item.locator('.score__save .big-button').click()
    await item.locator('.score__saved', { hasText: '已保存：85 分' }).waitFor()
    // At once (within the 1.5 s a toast used to take): correct it. Nothing may lie over the button's centre (a toast
    // there took the tap).
    await item.locator('.ui-field--score input').fill('86.5')
    // Measured and probed in one synchronous step, so a list still settling (videos above take their height when their
    // metadata arrives) cannot move the button between the measure and the probe.
    const onTop = await item.locator('.score__save .big-button').evaluate((button) => {
      button.scrollIntoView({ block: 'center' })
      const r = button.getBoundingClientRect()
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
      return hit !== null && hit.closest('.score__save') !== null
    })
    expect(onTop).toBe(true)
    // Nothing lies over the button (checked above); the click itself waits for the list to stop moving (the
    // videos above it take their height when their metadata arrives, which can be late on a loaded machine).
    await item.locator('.score__save .big-button').click()
    await item.locator('.score__saved', { hasText: '已保存：86.5 分' }).waitFor()
    const q = await api('contest', 'reviewQueue', { contestId: 'hebei-opera-1', stage: 'prelim', genre: 'hebei_bangzi', limit: 50 }, 'demo-judge')
    expect(q.data.items.find((e: { pieceTitle: string }) => e.pieceTitle === piece)).toMatchObject({ myScore: 86.5 })
  })

  browserTest('a toast (已通过) lets a tap through to what is under it', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-admin')
    await open('/packages/contest/pages/review/index')
    const item = page.locator('.review__item', { hasText: '《锁麟囊》“春秋亭外风雨暴”' })
    await item.locator('.review__approve').click()
    // Taro's toast root has no box of its own: its message box is a fixed child in the middle of the page.
    const message = page.locator('.taro__toast div', { hasText: /^已通过$/ }).last()
    await message.waitFor()
    const box = (await message.boundingBox())!
    const under = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('.taro__toast') === null, [box.x + box.width / 2, box.y + box.height / 2])
    expect(under).toBe(true)
  })

  browserTest('a role granted by search (last 4 phone digits), used, then taken back', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-admin')
    await open('/packages/staff/pages/grant-role/index')
    await page.locator('.grant-role__q input').fill('556')
    await page.locator('.grant-role__search').click()
    await page.locator('.field-error', { hasText: '按手机号搜索请输入后 4 位数字' }).waitFor()
    await page.locator('.grant-role__q input').fill('5566')
    await page.locator('.grant-role__search').click()
    const hit = page.locator('.grant-role__hit', { hasText: '马建国' })
    await hit.locator('.grant-role__hit-line', { hasText: '136****5566' }).waitFor()
    await hit.locator('.grant-role__pick').click()
    await page.locator('.ui-tabs__tab', { hasText: '商户核销员' }).click()
    await page.locator('.grant-role__submit .big-button').click()
    await page.locator('.field-error', { hasText: '商户角色需要指定合作单位' }).waitFor()
    await page.locator('.grant-role__partner-opt', { hasText: '瑞应寺' }).click()
    await page.locator('.grant-role__submit .big-button').click()
    await page.locator('.grant-role__done', { hasText: '已授予马建国「商户核销员」' }).waitFor()

    await pickIdentity('demo-driver')
    await open('/packages/member/pages/verify/index')
    await page.locator('.verify__partner', { hasText: '瑞应寺' }).waitFor()

    await pickIdentity('demo-admin')
    await open('/packages/staff/pages/grant-role/index')
    await page.locator('.grant-role__q input').fill('马建国')
    await page.locator('.grant-role__search').click()
    await page.locator('.grant-role__hit', { hasText: '现有角色：商户核销员' }).locator('.grant-role__pick').click()
    await page.locator('.grant-role__revoke--merchant').click()
    await page.getByText('收回', { exact: true }).click()
    await page.locator('.grant-role__done', { hasText: '已收回马建国的「商户核销员」' }).waitFor()
    expect((await api('member', 'me', {}, 'demo-driver')).data.roles).toEqual([])

    // A keeper is given stations picked from a city's list.
    await page.locator('.ui-tabs__tab', { hasText: '驿站站长' }).click()
    await page.locator('.grant-role__city', { hasText: '北京' }).click()
    await page.locator('.grant-role__station', { hasText: '网约车司机服务站（尚东数字谷）' }).click()
    await page.locator('.grant-role__submit .big-button').click()
    await page.locator('.grant-role__done', { hasText: '已授予马建国「驿站站长」' }).waitFor()
    expect((await api('member', 'me', {}, 'demo-driver')).data).toMatchObject({ roles: ['keeper'], stationIds: ['bj-shangdong-didi'] })
  })

  browserTest('a contest created (stage dates checked, the field named) and then edited', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-admin')
    await open('/packages/contest/pages/edit/index')
    await page.locator('.contest-edit__new').click()
    await page.locator('.ui-field--title input').fill('保定市职工戏曲展演')
    await page.locator('.ui-field--signupStart input').fill('2027-03-01')
    await page.locator('.ui-field--signupEnd input').fill('2027-03-20')
    await page.locator('.ui-field--prelim-start input').fill('2027-03-10')
    await page.locator('.ui-field--prelim-end input').fill('2027-03-31')
    await page.locator('.contest-edit__stage--final .contest-edit__stage-head').click()
    await page.locator('.ui-field--final-start input').fill('2027-03-30')
    await page.locator('.ui-field--final-end input').fill('2027-04-05')
    await page.locator('.contest-edit__save .big-button').click()
    await page.locator('.ui-field--final-start .field-error', { hasText: '决赛应在预赛结束（2027-03-31）后开始' }).waitFor()
    expect((await api('contest', 'list', {}, 'demo-admin')).data.items.some((c: { title: string }) => c.title === '保定市职工戏曲展演')).toBe(false)
    await page.locator('.ui-field--final-start input').fill('2027-04-02')
    await page.locator('.contest-edit__save .big-button').click()
    await page.locator('.ui-notice--success', { hasText: '已保存' }).waitFor()
    await page.locator('.contest-edit__heading', { hasText: '编辑大赛：保定市职工戏曲展演' }).waitFor()
    await page.locator('.ui-field--title input').fill('保定市首届职工戏曲展演')
    await page.locator('.contest-edit__save .big-button', { hasText: '保存修改' }).click()
    await page.locator('.contest-edit__saved', { hasText: '保定市首届职工戏曲展演' }).waitFor()
    const titles = (await api('contest', 'list', {}, 'demo-admin')).data.items.map((c: { title: string }) => c.title)
    expect(titles.filter((t: string) => t.startsWith('保定市'))).toEqual(['保定市首届职工戏曲展演'])
  })

  browserTest('an approved entry withdrawn with a reason leaves the gallery; its owner sees why', async ({ page, open, pickIdentity }) => {
    const piece = '《空城计》“我本是卧龙岗散淡的人”'
    await pickIdentity('demo-admin')
    await open('/packages/contest/pages/review/index')
    await page.locator('.c-tabs--status .ui-tabs__tab', { hasText: '已通过' }).click()
    const item = page.locator('.review__item', { hasText: piece })
    await item.locator('.review__withdraw').click()
    await item.locator('.review__confirm-withdraw .big-button').click()
    await item.locator('.field-error', { hasText: '请填写撤下理由' }).waitFor()
    await item.locator('.ui-field--withdrawReason textarea').fill('视频与报名曲目不符')
    await item.locator('.review__confirm-withdraw .big-button').click()
    await page.getByText('撤下', { exact: true }).click()
    await item.locator('.review__withdrawn', { hasText: '已撤下：视频与报名曲目不符' }).waitFor()
    const gallery = await api('contest', 'entries', { contestId: 'hebei-opera-1', limit: 50 }, 'demo-opera')
    expect(gallery.data.items.map((e: { pieceTitle: string }) => e.pieceTitle)).not.toContain(piece)
    const mine = await api('contest', 'mine', {}, 'opera-fan-02')
    expect(mine.data.items.find((e: { pieceTitle: string }) => e.pieceTitle === piece)).toMatchObject({ status: 'withdrawn', reason: '视频与报名曲目不符' })
  })

  browserTest('a keeper adds a photo to their station (resized on the phone); the detail page shows it', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-keeper')
    await open('/packages/station/pages/edit/index?id=bj-shangdong-didi')
    await page.locator('.st-photos__empty').waitFor()
    // A 2400×1800 photo, as a phone camera makes them: drawn in the page, handed to the file input.
    const dataUrl = await page.evaluate(() => {
      const c = document.createElement('canvas')
      c.width = 2400
      c.height = 1800
      const g = c.getContext('2d')!
      g.fillStyle = '#2a7'
      g.fillRect(0, 0, 2400, 1800)
      g.fillStyle = '#fff'
      g.fillRect(600, 400, 1200, 900)
      return c.toDataURL('image/png')
    })
    const uploads: Array<{ path: string; type: string }> = []
    page.on('request', (r) => { if (r.url().endsWith('/storage/upload')) uploads.push({ path: r.headers()['x-cloud-path'], type: r.headers()['content-type'] }) })
    await page.locator('input.st-photos__input').setInputFiles({ name: 'door.png', mimeType: 'image/png', buffer: Buffer.from(dataUrl.split(',')[1], 'base64') })
    await page.locator('.st-photos__item').first().waitFor()
    expect(uploads).toHaveLength(1)
    expect(uploads[0].path).toMatch(/^station\/[A-Za-z0-9_-]{16}\/[0-9a-f-]{36}\.jpg$/)
    expect(uploads[0].type).toBe('image/jpeg')
    await page.locator('.st-edit__submit').click()
    await page.locator('.ui-notice--success', { hasText: '已保存' }).waitFor()

    const s = (await api('station', 'get', { stationId: 'bj-shangdong-didi' }, 'demo-keeper')).data
    expect(s.photos).toHaveLength(1)
    const img = await fetch(s.photoUrls[0].startsWith('http') ? s.photoUrls[0] : `${app.url}${s.photoUrls[0]}`)
    expect(img.headers.get('content-type')).toBe('image/jpeg')
    // Resized to at most 1600 px on the longest side (JPEG SOF0 height/width at a known place is not assumed: decode in the page).
    await open('/packages/station/pages/detail/index?id=bj-shangdong-didi')
    const photo = page.locator('.st-detail__photo img, img.st-detail__photo').first()
    await photo.waitFor()
    const natural = await photo.evaluate(async (el) => {
      const im = el as HTMLImageElement
      if (!im.complete) await new Promise((r) => { im.onload = r })
      return [im.naturalWidth, im.naturalHeight]
    })
    expect(natural).toEqual([1600, 1200])
  })

  afterAll(() => {
    expect(app.pageErrors).toEqual([])
  })
})
