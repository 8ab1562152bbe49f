/**
 * The COMPILED 大赛报名 page (dist/weapp) under miniprogram-simulate: it renders the form with the
 * limits stated, checks fields with the shared schema before sending, keeps a draft in storage,
 * picks a video with wx.chooseMedia, uploads it with wx.cloud.uploadFile under me.uploadDir (contest/<alias>/),
 * and signs up through wx.cloud.callFunction with the draft's requestId.
 */
import { CONSENT_VERSION } from '../../types'
import { fail, ok, renderPage, waitFor, firstWxCall, type CallFunctionRequest } from './harness'

const PAGE = 'packages/contest/pages/signup/index'
const contest = {
  id: 'hebei-opera-1', title: '中国梦·劳动美——河北省首届职工戏剧票友大赛', genres: ['jingju', 'pingju', 'hebei_bangzi'],
  signupStart: '2026-06-26', signupEnd: '2026-07-31',
  eligibleCities: ['石家庄', '唐山', '秦皇岛', '邯郸', '邢台', '保定', '张家口', '承德', '沧州', '廊坊', '衡水', '定州', '辛集'],
  eligibility: '河北境内有戏曲爱好的在职职工（各级工会所辖职工文体协会、职工戏剧协会会员）',
  stages: [{ id: 'prelim', startDate: '2026-07-03', endDate: '2026-08-07', settled: false }],
  today: '2026-07-10', currentStage: 'prelim', signupOpen: true, votingOpen: true,
}
const me = {
  openid: 'demo-opera', roles: [], uploadDir: 'contest/Q1w2E3r4T5y6U7i8/',
  member: { status: 'active', cardNo: 'GH1301000002', name: '赵春燕', phone: '13933115678', city: '石家庄', industry: 'other', employer: '石家庄市第一棉纺厂' },
}
const entry = (data: Record<string, unknown>) => ({ ...data, id: 'eAbc', status: 'submitted', stage: 'prelim', votes: 0, createdAt: '2026-07-10T04:00:00.000Z' })
const answer = (req: CallFunctionRequest) => {
  if (req.name === 'member' && req.data.action === 'me') return ok(me)
  if (req.name === 'contest' && req.data.action === 'list') return ok({ items: [contest] })
  if (req.name === 'contest' && req.data.action === 'signup') return ok(entry(req.data.data as Record<string, unknown>))
  return fail('NOT_FOUND')
}
const signups = (calls: CallFunctionRequest[]) => calls.filter((c) => c.name === 'contest' && c.data.action === 'signup')
const DRAFT_KEY = 'contest-signup-draft:hebei-opera-1'
const REQUEST_ID = '5b0c4e9a-7d1f-4a8e-9c2b-3f4d5e6a7b8c'

/**
 * The sources of the preview <Video>: its node in the data Taro hands to the page (attributes under
 * compressed keys), so the values that look like file addresses.
 */
function videoSources(page: { comp: any }): string[] {
  const found: string[] = []
  const walk = (n: any) => {
    if (!n || typeof n !== 'object') return
    if (n.cl === 'c-upload__video') for (const [k, v] of Object.entries(n)) if (k !== 'cl' && typeof v === 'string' && /^(https?|cloud):\/\//.test(v)) found.push(v)
    for (const v of Object.values(n)) if (v && typeof v === 'object') walk(v)
  }
  walk(page.comp.instance.data)
  return found
}

/** wx.chooseMedia answering with one picked video: by callbacks when given, else as a promise (as WeChat does). */
const chooseMedia = (file: { tempFilePath: string; size: number }) => (opts: { success?: (r: unknown) => void; complete?: (r: unknown) => void } = {}) => {
  const res = { errMsg: 'chooseMedia:ok', type: 'video', tempFiles: [{ ...file, duration: 30, fileType: 'video' }] }
  const p = Promise.resolve().then(() => { opts.success?.(res); opts.complete?.(res); return res })
  return opts.success || opts.complete ? undefined : p
}

describe('大赛报名 page (compiled weapp)', () => {
  it('renders the form with the member\'s details and the video limits stated before picking', async () => {
    const page = await renderPage(PAGE, { callFunction: answer })
    await page.waitForText('报名信息')
    const text = page.text()
    expect(text).toContain('中国梦·劳动美——河北省首届职工戏剧票友大赛')
    expect(text).toContain('MP4 或 MOV，不超过 100 MB')
    for (const g of ['京剧', '评剧', '河北梆子', '石家庄', '辛集', '参赛曲目', '拍摄或选择视频', '提交报名']) expect(text).toContain(g)
    expect(page.missingTemplates).toEqual([])

    // Checked with the shared schema on the phone: inline errors, nothing sent.
    await page.tapText('提交报名')
    await page.waitForText('请选择剧种')
    expect(page.text()).toContain('请填写参赛曲目')
    expect(page.text()).toContain('请上传参赛视频')
    // Consent: what the gallery will show is said, and the box must be ticked.
    expect(page.text()).toContain('作品展示页将向所有人公开您的姓名、工作单位、城市、参赛曲目和视频')
    expect(page.text()).toContain('请先阅读并勾选同意《隐私保护指引》')
    expect(signups(page.wx.functionCalls)).toHaveLength(0)
    // The notice opens in WeChat's own privacy sheet.
    await page.tapText('阅读《隐私保护指引》 ›')
    await waitFor(() => page.wx.calls('openPrivacyContract').length > 0)
    expect(page.wx.calls('openPrivacyContract')).toHaveLength(1)
    // The draft is kept in storage as the form changes, with a requestId.
    await page.tapText('评剧')
    // Saved by an effect after the render that the tap caused: wait for it (a loaded machine renders late).
    await waitFor(() => (globalThis as any).wx.getStorageSync(DRAFT_KEY)?.genre === 'pingju')
    const draft = (globalThis as any).wx.getStorageSync(DRAFT_KEY)
    expect(draft).toMatchObject({ genre: 'pingju', name: '赵春燕', city: '石家庄', video: null, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) })
    page.unload()
  })

  it('a video over 100 MB is refused before any upload', async () => {
    const page = await renderPage(PAGE, { callFunction: answer, wx: { chooseMedia: chooseMedia({ tempFilePath: 'http://tmp/long.mp4', size: 150 * 1024 * 1024 }) } })
    await page.waitForText('拍摄或选择视频')
    await page.tapText('拍摄或选择视频')
    await page.waitForText('视频 150.0 MB，超过 100 MB，请剪短或压缩后再选')
    expect(page.wx.calls('cloud.uploadFile')).toHaveLength(0)
    page.unload()
  })

  it('restores the draft, uploads the picked video under contest/<openid>/ and signs up with the draft\'s requestId', async () => {
    const page = await renderPage(PAGE, {
      callFunction: answer,
      storage: { [DRAFT_KEY]: { genre: 'jingju', name: '赵春燕', phone: '13933115678', employer: '石家庄市第一棉纺厂', city: '石家庄', pieceTitle: '《贵妃醉酒》', video: null, requestId: REQUEST_ID } },
      wx: { chooseMedia: chooseMedia({ tempFilePath: 'http://tmp/wx3f9a.mp4', size: 8_400_000 }) },
    })
    await page.waitForText('拍摄或选择视频')
    await page.tapText('拍摄或选择视频')
    await page.waitForText('已上传：wx3f9a.mp4（8.0 MB）')
    const up = page.wx.calls('cloud.uploadFile')
    expect(up).toHaveLength(1)
    expect(up[0]).toEqual({ cloudPath: expect.stringMatching(/^contest\/Q1w2E3r4T5y6U7i8\/\d+\.mp4$/), filePath: 'http://tmp/wx3f9a.mp4' })
    // The preview plays the picked file on the phone, not the uploaded copy (no storage read needed).
    expect(videoSources(page)).toEqual(['http://tmp/wx3f9a.mp4'])

    await page.tapClass('consent-box__check')
    await page.tapText('提交报名')
    await waitFor(() => signups(page.wx.functionCalls).length > 0)
    expect(signups(page.wx.functionCalls)[0].data.data).toEqual({
      contestId: 'hebei-opera-1', genre: 'jingju', name: '赵春燕', phone: '13933115678', employer: '石家庄市第一棉纺厂', city: '石家庄',
      pieceTitle: '《贵妃醉酒》', videoFileId: 'cloud://test/file', requestId: REQUEST_ID, consent: { version: CONSENT_VERSION },
    })
    await page.waitForText('报名已提交')
    // The draft is gone once the entry is in.
    expect((globalThis as any).wx.getStorageSync(DRAFT_KEY)).toBe('')
    page.unload()
  })

  it('a refusal from the function is shown on the form (DUPLICATE)', async () => {
    const page = await renderPage(PAGE, {
      callFunction: (req) => (req.data.action === 'signup' ? { ok: false, error: { code: 'DUPLICATE', message: '您已报名过京剧，每人每个剧种限报一次' } } : answer(req)),
      storage: { [DRAFT_KEY]: { genre: 'jingju', name: '赵春燕', phone: '13933115678', employer: '石家庄市第一棉纺厂', city: '石家庄', pieceTitle: '《贵妃醉酒》', video: { fileId: 'cloud://test/a.mp4', name: 'a.mp4', size: 2048 }, requestId: REQUEST_ID } },
    })
    await page.waitForText('已上传：a.mp4')
    await page.tapClass('consent-box__check')
    // A draft from an earlier visit plays the stored copy (the storage rule lets its uploader read it).
    expect(videoSources(page)).toEqual(['cloud://test/a.mp4'])
    await page.tapText('提交报名')
    await page.waitForText('您已报名过京剧，每人每个剧种限报一次')
    expect(page.text()).toContain('查看我的报名')
    page.unload()
  })

  it('genres already entered in this contest (contest.mine) are greyed out with a note; a tap on one picks nothing', async () => {
    const mine = [
      entry({ contestId: 'hebei-opera-1', genre: 'hebei_bangzi', pieceTitle: '《穆桂英挂帅》' }),
      entry({ contestId: 'an-older-contest', genre: 'jingju', pieceTitle: '《锁麟囊》' }),
    ]
    const page = await renderPage(PAGE, {
      callFunction: (req) => (req.name === 'contest' && req.data.action === 'mine' ? ok({ items: mine }) : answer(req)),
      // a draft made before that entry went in still names the genre: it is let go
      storage: { [DRAFT_KEY]: { genre: 'hebei_bangzi', name: '赵春燕', phone: '13933115678', employer: '石家庄市第一棉纺厂', city: '石家庄', pieceTitle: '', video: null, requestId: REQUEST_ID } },
    })
    await page.waitForText('河北梆子：您已报名，每人每个剧种限报一次')
    expect(page.text()).not.toContain('京剧：您已报名')
    expect(page.text()).toContain('查看我的报名 ›')
    await waitFor(() => (globalThis as any).wx.getStorageSync(DRAFT_KEY).genre === undefined)
    expect((globalThis as any).wx.getStorageSync(DRAFT_KEY).genre).toBeUndefined()
    await page.tapText('河北梆子')
    await new Promise((r) => setTimeout(r, 50))
    expect((globalThis as any).wx.getStorageSync(DRAFT_KEY).genre).toBeUndefined()
    await page.tapText('京剧')
    await waitFor(() => (globalThis as any).wx.getStorageSync(DRAFT_KEY).genre === 'jingju')
    expect((globalThis as any).wx.getStorageSync(DRAFT_KEY).genre).toBe('jingju')
    expect(page.missingTemplates).toEqual([])
    page.unload()
  })

  it('with every genre entered the page says so and points to 我的报名 instead of the form', async () => {
    const mine = ['jingju', 'pingju', 'hebei_bangzi'].map((genre) => entry({ contestId: 'hebei-opera-1', genre, pieceTitle: '《选段》' }))
    const page = await renderPage(PAGE, { callFunction: (req) => (req.name === 'contest' && req.data.action === 'mine' ? ok({ items: mine }) : answer(req)) })
    await page.waitForText('您已报名全部剧种')
    expect(page.text()).not.toContain('提交报名')
    await page.tapText('查看我的报名')
    expect(await firstWxCall(page, 'navigateTo')).toMatchObject({ url: '/packages/contest/pages/mine/index?id=hebei-opera-1' })
    page.unload()
  })
})
