/**
 * The opera contest in the H5 build through the local gateway: demo-opera signs up with a real little
 * MP4 (file input → /storage/upload with progress → signup), the draft survives leaving the page, the
 * entry shows in 我的报名; demo-admin approves it; demo-judge scores it and changes the score; a voter
 * plays it in the gallery and votes once.
 */
import { CONSENT_VERSION } from '../../types'
import { makeMp4 } from '../../cloudfunctions/_local/seed/mp4'
import { browserTest, callApi, useBrowserApp } from './harness'
import { judgeScoreItem } from './steps'

const app = useBrowserApp()
const PIECE = '《穆桂英挂帅》“猛听得金鼓响”'
const SIGNUP = '/packages/contest/pages/signup/index'

const api = (action: string, data: unknown, openid: string) => callApi(app, 'contest', action, data, openid)

describe('职工戏剧票友大赛 (H5)', () => {
  browserTest('the contest page says where the contest stands today', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-opera')
    await open('/packages/contest/pages/index')
    await page.getByText('中国梦·劳动美——河北省首届职工戏剧票友大赛').first().waitFor()
    await page.locator('.contest-home__standing', { hasText: '报名进行中' }).waitFor()
    await page.locator('.contest-home__standing', { hasText: '预赛进行中' }).waitFor()
    await page.locator('.c-stage-showcase', { hasText: '石家庄市第一工人文化宫' }).waitFor()
    await page.locator('.contest-home__eligibility', { hasText: '河北境内' }).waitFor()
    await page.getByText('燕赵职工名票').first().waitFor()
  })

  browserTest('demo-opera signs up with a video file; the draft survives leaving the page; the entry is listed', async ({ page, open }) => {
    await open(SIGNUP)
    // The member's details are filled in; the limits are stated before picking.
    await page.locator('.ui-field--name input').waitFor()
    expect(await page.locator('.ui-field--name input').inputValue()).toBe('赵春燕')
    await page.getByText('MP4 或 MOV，不超过 100 MB').waitFor()
    // Validated with the shared schema before anything is sent: inline errors.
    await page.locator('.signup__submit').click()
    await page.locator('.ui-field--genre .field-error', { hasText: '请选择剧种' }).waitFor()
    await page.locator('.ui-field--pieceTitle .field-error', { hasText: '请填写参赛曲目' }).waitFor()
    await page.locator('.ui-field--videoFileId .field-error', { hasText: '请上传参赛视频' }).waitFor()
    // Consent: the form says what the gallery shows, and the box must be ticked.
    await page.locator('.consent-box__public', { hasText: '公开您的姓名、工作单位、城市' }).waitFor()
    await page.locator('.consent-box .field-error', { hasText: '请先阅读并勾选同意《隐私保护指引》' }).waitFor()

    await page.locator('.ui-field--genre .ui-chip', { hasText: '河北梆子' }).click()
    await page.locator('.ui-field--pieceTitle input').fill(PIECE)
    const uploaded = page.waitForResponse((r) => r.url().endsWith('/storage/upload'))
    await page.locator('input.signup__file').setInputFiles({ name: 'muguiying.mp4', mimeType: 'video/mp4', buffer: makeMp4({ color: [150, 30, 60] }) })
    const up = await (await uploaded).json()
    expect(up.ok).toBe(true)
    expect(up.data.fileId).toMatch(/^local:contest\/[A-Za-z0-9_-]{16}\/\d+\.mp4$/) // the alias folder: no openid
    await page.locator('.signup__video-done', { hasText: '已上传：muguiying.mp4' }).waitFor()

    // Leave and come back: the draft (choices, text, the uploaded video) is still there.
    await open('/packages/contest/pages/index')
    await open(SIGNUP)
    await page.locator('.signup__video-done', { hasText: 'muguiying.mp4' }).waitFor()
    expect(await page.locator('.ui-field--pieceTitle input').inputValue()).toBe(PIECE)
    await page.locator('.ui-field--genre .ui-chip--on', { hasText: '河北梆子' }).waitFor()

    const sent = page.waitForRequest((r) => r.url().endsWith('/api/contest') && (r.postData() ?? '').includes('"signup"'))
    await page.locator('.consent-box__check').click()
    await page.locator('.consent-box__check--on').waitFor()
    await page.locator('.signup__submit').click()
    const body = JSON.parse((await sent).postData()!)
    expect(body.data).toMatchObject({ contestId: 'hebei-opera-1', genre: 'hebei_bangzi', city: '石家庄', pieceTitle: PIECE, videoFileId: up.data.fileId, consent: { version: CONSENT_VERSION } })
    expect(body.data.requestId).toMatch(/^[0-9a-f-]{36}$/)
    await page.locator('.signup__done', { hasText: '报名已提交' }).waitFor()

    await page.locator('.big-button', { hasText: '查看我的报名' }).click()
    const entry = page.locator('.mine__entry', { hasText: PIECE })
    await entry.waitFor()
    await entry.locator('.c-tag--submitted', { hasText: '待审核' }).waitFor()
    await entry.getByText('13933115678').waitFor()
    // The draft was cleared: a new sign-up starts empty.
    await open(SIGNUP)
    await page.locator('.ui-field--pieceTitle input').waitFor()
    expect(await page.locator('.ui-field--pieceTitle input').inputValue()).toBe('')
    // The genre already entered cannot be picked again, and the form says why before anything is filled in.
    const bangzi = page.locator('.ui-field--genre .ui-chip', { hasText: '河北梆子' })
    await page.locator('.ui-field--genre .ui-chip--disabled', { hasText: '河北梆子' }).waitFor()
    await page.locator('.ui-chips__note--hebei_bangzi', { hasText: '河北梆子：您已报名，每人每个剧种限报一次' }).waitFor()
    await page.locator('.signup__mine-link', { hasText: '查看我的报名' }).waitFor()
    await bangzi.click({ force: true }) // a tap on it anyway (it is aria-disabled) picks nothing
    expect(await page.locator('.ui-field--genre .ui-chip--on').count()).toBe(0)
    expect(await page.locator('.ui-field--genre .ui-chip--disabled').count()).toBe(1)
    // A picture renamed .mp4 is refused by its content at upload, inline under the video.
    await page.locator('.ui-field--genre .ui-chip', { hasText: '京剧' }).click()
    await page.locator('input.signup__file').setInputFiles({ name: 'photo.mp4', mimeType: 'video/mp4', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61'.repeat(4), 'hex') })
    await page.locator('.ui-field--videoFileId .field-error', { hasText: '不是 MP4 或 MOV' }).waitFor()
  })

  browserTest('demo-admin approves the entry in review', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-admin')
    await open('/packages/contest/pages/review/index')
    const item = page.locator('.review__item', { hasText: PIECE })
    await item.waitFor()
    await item.getByText('139****5678').waitFor()
    await item.locator('.review__approve').click()
    await item.locator('.c-tag--approved', { hasText: '已通过' }).waitFor()
  })

  browserTest('demo-judge scores it, then changes the score', async ({ page }) => {
    const item = await judgeScoreItem(app, PIECE)
    await page.getByText('预赛评分进行中').waitFor()
    await item.locator('.ui-field--score input').fill('100.5')
    await item.locator('.score__save').click()
    await item.locator('.ui-field--score .field-error', { hasText: '分数不能高于 100' }).waitFor()
    await item.locator('.ui-field--score input').fill('88.5')
    await item.locator('.ui-field--comment textarea').fill('唱腔高亢，气息饱满')
    await item.locator('.score__save').click()
    await item.locator('.score__mine', { hasText: '我的评分：88.5 分' }).waitFor()
    await item.locator('.ui-field--score input').fill('90')
    await item.locator('.score__save', { hasText: '修改评分' }).click()
    await item.locator('.score__mine', { hasText: '我的评分：90 分' }).waitFor()
    const q = await api('reviewQueue', { contestId: 'hebei-opera-1', stage: 'prelim', genre: 'hebei_bangzi', limit: 50 }, 'demo-judge')
    expect(q.data.items.find((e: { pieceTitle: string }) => e.pieceTitle === PIECE)).toMatchObject({ myScore: 90, myComment: '唱腔高亢，气息饱满' })
  })

  browserTest('a voter plays it in the gallery and votes once a day', async ({ page, open, pickIdentity }) => {
    await pickIdentity('demo-driver')
    await open('/packages/contest/pages/entries/index')
    await page.locator('.c-tabs--genre .ui-tabs__tab', { hasText: '河北梆子' }).click()
    const item = page.locator('.entries__item', { hasText: PIECE })
    await item.waitFor()
    // The video is served with HTTP Range and actually decodes in the browser.
    const video = item.locator('video')
    await video.waitFor({ state: 'attached' })
    const played = await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true
      if (v.readyState < 2) await new Promise((r) => { v.addEventListener('loadeddata', r, { once: true }); v.load() })
      return { w: v.videoWidth, h: v.videoHeight, d: v.duration }
    })
    expect(played).toEqual({ w: 128, h: 96, d: 2 })
    await item.locator('.entries__votes', { hasText: '0 票' }).waitFor()
    await item.locator('.entries__vote').click()
    await item.locator('.entries__votes', { hasText: '1 票' }).waitFor()
    await item.locator('.entries__vote', { hasText: '今日已投' }).waitFor()
    await item.locator('.entries__vote').click()
    await item.locator('.entries__msg', { hasText: '今天已经为这个作品投过票了' }).waitFor()
    await item.locator('.entries__votes', { hasText: '1 票' }).waitFor()
    expect(app.pageErrors).toEqual([])
  })
})
