import { cloudbaseOpenApiCaller, mediaTypeOf, wechatMediaCheck, MEDIA_CHECK_API } from '../../cloudfunctions/_shared/media-wechat'
import { lazyCloudbaseApp } from '../../cloudfunctions/_shared/cloudbase-app'
import { startCaptureServer } from '../support/capture-server'
import { fakeCaller, fakeLog } from './open-api-fakes'

const img = 'cloud://env-1.bucket/contest/o1/cover.jpg'
const audio = 'cloud://env-1.bucket/contest/o1/aria.mp3'
const video = 'cloud://env-1.bucket/contest/o1/audition.mp4'

describe('wechatMediaCheck with a fake open-API caller', () => {
  it('submits an image (media_type 2, v2, scene, caller openid, temporary URL) and answers pending with the trace id', async () => {
    const { call, calls } = fakeCaller(() => ({ result: { errcode: 0, errmsg: 'ok', trace_id: 'trace-1' } }))
    const out = await wechatMediaCheck(call).submit(img, 'https://tmp.example/cover.jpg?sign=1', 'o1')
    expect(out).toEqual({ status: 'pending', traceId: 'trace-1' })
    expect(calls).toEqual([{ api: MEDIA_CHECK_API, body: { media_url: 'https://tmp.example/cover.jpg?sign=1', media_type: 2, version: 2, scene: 3, openid: 'o1' } }])
  })

  it('submits audio as media_type 1 and honours the scene option', async () => {
    const { call, calls } = fakeCaller(() => ({ result: { errcode: 0, trace_id: 't' } }))
    await wechatMediaCheck(call, { scene: 1 }).submit(audio, 'u', 'o1')
    expect(calls[0].body).toMatchObject({ media_type: 1, scene: 1 })
  })

  it('leaves videos to staff review without calling the API (it checks images and audio only)', async () => {
    const { call, calls } = fakeCaller(() => { throw new Error('must not be called') })
    expect(await wechatMediaCheck(call).submit(video, 'u', 'o1')).toEqual({ status: 'manual' })
    expect(calls).toHaveLength(0)
  })

  it('falls back to manual review and logs when WeChat refuses', async () => {
    const { call } = fakeCaller(() => ({ result: { errcode: 40001, errmsg: 'invalid credential' } }))
    const { log, errors } = fakeLog()
    expect(await wechatMediaCheck(call, { log }).submit(img, 'u', 'o1')).toEqual({ status: 'manual' })
    expect(errors).toEqual([expect.objectContaining({ errcode: 40001, errmsg: 'invalid credential' })])
  })

  it('falls back to manual review and logs when the call fails', async () => {
    const { call } = fakeCaller(() => { throw Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }) })
    const { log, errors } = fakeLog()
    expect(await wechatMediaCheck(call, { log }).submit(img, 'u', 'o1')).toEqual({ status: 'manual' })
    expect(errors[0]).toMatchObject({ err: 'timeout' })
  })

  it('reads camelCase and nested answers too; an answer without trace id is not pending', async () => {
    expect(await wechatMediaCheck(fakeCaller(() => ({ result: { data: { errCode: 0, traceId: 't2' } } })).call).submit(img, 'u', 'o1')).toEqual({ status: 'pending', traceId: 't2' })
    expect(await wechatMediaCheck(fakeCaller(() => ({ errcode: 0, trace_id: 't3' })).call).submit(img, 'u', 'o1')).toEqual({ status: 'pending', traceId: 't3' })
    expect(await wechatMediaCheck(fakeCaller(() => ({ result: { errcode: 0 } })).call).submit(img, 'u', 'o1')).toEqual({ status: 'manual' })
  })

  it('tells media types by extension', () => {
    expect([img, 'x/a.PNG', 'x/a.gif', audio, 'x/a.wav', video, 'x/a.mov', 'x/a'].map(mediaTypeOf)).toEqual([2, 2, 2, 1, 1, null, null, null])
  })
})

describe('cloudbaseOpenApiCaller through the real SDK', () => {
  it('sends wx.api with the API name and the JSON body, and hands back the parsed answer', async () => {
    const saved = process.env.TENCENTCLOUD
    process.env.TENCENTCLOUD = 'true'
    const cs = await startCaptureServer()
    try {
      cs.reply = () => ({ requestId: 'q', data: { responseData: JSON.stringify({ errcode: 0, errmsg: 'ok', trace_id: 'trace-9' }) } })
      const app = lazyCloudbaseApp({ env: 'test-env', secretId: 'id', secretKey: 'key', serviceUrl: `${cs.url}/admin`, keepalive: false })
      const out = await wechatMediaCheck(cloudbaseOpenApiCaller(app)).submit(img, 'https://tmp/cover.jpg', 'o1')
      expect(out).toEqual({ status: 'pending', traceId: 'trace-9' })
      expect(cs.requests).toHaveLength(1)
      expect(cs.requests[0].body).toMatchObject({ action: 'wx.api', apiName: MEDIA_CHECK_API })
      expect(JSON.parse(cs.requests[0].body.requestData)).toEqual({ media_url: 'https://tmp/cover.jpg', media_type: 2, version: 2, scene: 3, openid: 'o1' })
    } finally {
      await cs.close()
      if (saved === undefined) delete process.env.TENCENTCLOUD
      else process.env.TENCENTCLOUD = saved
    }
  })
})
