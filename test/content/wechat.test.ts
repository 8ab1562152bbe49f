/**
 * The WeChat ContentCheck: security.msgSecCheck v2 through 云调用, sent by the real CloudBase SDK to
 * a local stand-in for the CloudBase endpoint (the capture server), as media-wechat.test.ts does for
 * the media check. It must fail closed: no verdict is never a pass.
 */
import { lazyCloudbaseApp } from '../../cloudfunctions/_shared/cloudbase-app'
import { cloudbaseOpenApiCaller } from '../../cloudfunctions/_shared/media-wechat'
import { MSG_SEC_CHECK_API, wechatContentCheck } from '../../cloudfunctions/_shared/content/wechat'
import { ContentCheckUnavailable } from '../../cloudfunctions/_shared/ports'
import type { Logger } from '../../cloudfunctions/_shared/log'
import { startCaptureServer, type CaptureServer, type Captured } from '../support/capture-server'
import { contentCheckContract } from './contract'

let savedCloud: string | undefined
beforeAll(() => { savedCloud = process.env.TENCENTCLOUD; process.env.TENCENTCLOUD = 'true' })
afterAll(() => { if (savedCloud === undefined) delete process.env.TENCENTCLOUD; else process.env.TENCENTCLOUD = savedCloud })

/** What WeChat's msgSecCheck answers, wrapped the way CloudBase's wx.api hands it back. */
const wx = (answer: Record<string, unknown>) => ({ requestId: 'q', data: { responseData: JSON.stringify(answer) } })
const verdict = (suggest: string, label = 100) => wx({ errcode: 0, errmsg: 'ok', result: { suggest, label }, detail: [], trace_id: 't1' })
const sent = (r: Captured) => JSON.parse(r.body.requestData)

async function subject(cs: CaptureServer, log?: Logger) {
  const app = lazyCloudbaseApp({ env: 'test-env', secretId: 'id', secretKey: 'key', serviceUrl: `${cs.url}/admin`, keepalive: false })
  return wechatContentCheck(cloudbaseOpenApiCaller(app), { log })
}

contentCheckContract('WeChat msgSecCheck (real SDK, stand-in endpoint)', async () => {
  const cs = await startCaptureServer()
  const blocked = '违规词'
  cs.reply = (r) => verdict(String(sent(r).content).includes(blocked) ? 'risky' : 'pass')
  return {
    check: await subject(cs), blocked,
    breakService: () => { cs.reply = () => ({ status: 502, body: { code: 'SYS_ERR', message: 'bad gateway' } }) },
    close: () => cs.close(),
  }
}, { remote: true })

describe('what is sent and how answers are read', () => {
  let cs: CaptureServer
  const errors: Array<Record<string, unknown>> = []
  const log: Logger = { info: () => {}, error: (o) => { errors.push(o) } }
  beforeEach(async () => { cs = await startCaptureServer(); errors.length = 0 })
  afterEach(async () => { await cs.close() })

  test('one wx.api call of security.msgSecCheck with version 2, the scene, the writer\'s openid and the text', async () => {
    cs.reply = () => verdict('pass')
    const out = await (await subject(cs)).check('江汉区民意社区爱心驿站', { openid: 'oAbc123', scene: 1 })
    expect(out).toEqual({ verdict: 'pass' })
    expect(cs.requests).toHaveLength(1)
    expect(cs.requests[0].body).toMatchObject({ action: 'wx.api', apiName: MSG_SEC_CHECK_API })
    expect(sent(cs.requests[0])).toEqual({ content: '江汉区民意社区爱心驿站', version: 2, scene: 1, openid: 'oAbc123' })
  })

  test('risky is a hit with its label; review (WeChat unsure) is published', async () => {
    cs.reply = () => verdict('risky', 20006)
    expect(await (await subject(cs)).check('x', { openid: 'o', scene: 2 })).toEqual({ verdict: 'risky', label: '20006' })
    cs.reply = () => verdict('review', 21000)
    expect(await (await subject(cs)).check('x', { openid: 'o', scene: 2 })).toEqual({ verdict: 'pass' })
  })

  test.each([
    ['WeChat refuses (the user was not in the app lately)', () => wx({ errcode: 61010, errmsg: 'user is not in the app' })],
    ['WeChat is busy', () => wx({ errcode: -1, errmsg: 'system error' })],
    ['an answer without a verdict', () => wx({ errcode: 0, errmsg: 'ok' })],
    ['an unknown verdict', () => verdict('maybe')],
    ['CloudBase fails the call', () => ({ code: 'PERMISSION_DENIED', message: 'openapi not permitted' })],
    ['the endpoint answers 500', () => ({ status: 500, body: { code: 'SYS_ERR', message: 'down' } })],
  ])('%s: ContentCheckUnavailable, logged', async (_name, reply) => {
    cs.reply = reply
    await expect((await subject(cs, log)).check('普通文字', { openid: 'o', scene: 3 })).rejects.toBeInstanceOf(ContentCheckUnavailable)
    expect(errors[0]).toMatchObject({ msg: expect.stringMatching(/msgSecCheck/) })
  })

  test('the endpoint unreachable: ContentCheckUnavailable', async () => {
    const check = await subject(cs, log)
    await cs.close()
    await expect(check.check('普通文字', { openid: 'o', scene: 3 })).rejects.toBeInstanceOf(ContentCheckUnavailable)
    cs = await startCaptureServer() // for afterEach
  })
})
