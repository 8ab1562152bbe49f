import { cloudbaseOpenApiCaller } from '../../cloudfunctions/_shared/media-wechat'
import { cloudbaseUploader, imageBytes, wechatMiniCode, GET_UNLIMITED_API } from '../../cloudfunctions/_shared/minicode-wechat'
import { qrPng } from '../../cloudfunctions/_shared/minicode-local'
import { lazyCloudbaseApp } from '../../cloudfunctions/_shared/cloudbase-app'
import { AppError } from '../../cloudfunctions/_shared/errors'
import { startCaptureServer } from '../support/capture-server'
import { fakeCaller, fakeLog } from './open-api-fakes'

/** A real PNG as WeChat would answer (any PNG: the adapter checks the bytes are an image). */
const IMAGE = qrPng('wxacode stand-in', 2)
const REQ = { scene: 'AbCdEfGhIj.0123456789ab', page: 'packages/station/pages/checkin/index', url: 'http://h5/#/x', cloudPath: 'station/posters/AbCdEfGhIj-0123456789ab.png' }

describe('wechatMiniCode with a fake open-API caller and uploader', () => {
  it('asks getUnlimited for the scene and the page (no path check, release) and stores the image it answers', async () => {
    const { call, calls } = fakeCaller(() => ({ result: IMAGE }))
    const stored: Array<{ path: string; bytes: Buffer }> = []
    const out = await wechatMiniCode(call, async (path, bytes) => { stored.push({ path, bytes }); return `cloud://env.bucket/${path}` }).create(REQ)
    expect(out).toEqual({ fileId: `cloud://env.bucket/${REQ.cloudPath}` })
    expect(calls).toEqual([{ api: GET_UNLIMITED_API, body: { scene: REQ.scene, page: REQ.page, check_path: false, env_version: 'release', width: 430 } }])
    expect(stored).toHaveLength(1)
    expect(stored[0].bytes.equals(IMAGE)).toBe(true)
  })

  it('an error answer from WeChat (quota, bad scene) stores nothing, logs, and fails with a Chinese message', async () => {
    const { log, errors } = fakeLog()
    const stored: string[] = []
    const mc = wechatMiniCode(async () => ({ result: { errcode: 45009, errmsg: 'reach max api daily quota limit' } }), async (p) => { stored.push(p); return p }, { log })
    const err = await mc.create(REQ).catch((e) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err.message).toMatch(/小程序码/)
    expect(stored).toEqual([])
    expect(errors).toEqual([expect.objectContaining({ errcode: 45009 })])
  })

  it('a failed call is logged and fails the same way', async () => {
    const { log, errors } = fakeLog()
    const mc = wechatMiniCode(async () => { throw new Error('ETIMEDOUT') }, async (p) => p, { log })
    await expect(mc.create(REQ)).rejects.toThrow(/小程序码/)
    expect(errors[0]).toMatchObject({ err: 'ETIMEDOUT' })
  })

  it('reads the image from every shape an answer takes, and refuses what is not an image', () => {
    const asJson = JSON.parse(JSON.stringify(IMAGE))
    for (const a of [IMAGE, { result: IMAGE }, { buffer: IMAGE }, { result: asJson }, { result: IMAGE.toString('latin1') }, { result: IMAGE.toString('base64') }, new Uint8Array(IMAGE)]) {
      const r = imageBytes(a)
      expect('bytes' in r && r.bytes.equals(IMAGE)).toBe(true)
    }
    expect(imageBytes({ result: Buffer.from('{"errcode":41030,"errmsg":"invalid page"}') })).toEqual({ errcode: 41030, errmsg: 'invalid page' })
    expect(imageBytes({ result: 'hello' })).toMatchObject({ errcode: -1 })
    expect(imageBytes(null)).toMatchObject({ errcode: -1 })
  })
})

describe('wechatMiniCode through the real SDK against the capture server', () => {
  it('sends wx.api wxacode.getUnlimited, then uploads the image to storage and answers its fileID', async () => {
    const saved = process.env.TENCENTCLOUD
    process.env.TENCENTCLOUD = 'true'
    const cs = await startCaptureServer()
    const puts: Array<{ url: string; body: Buffer; headers: Record<string, unknown> }> = []
    try {
      cs.reply = (req) => {
        if (req.action === 'wx.api') return { requestId: 'q1', data: { responseData: JSON.stringify(IMAGE) } }
        if (req.action === 'storage.getUploadMetadata') {
          return { requestId: 'q2', data: { url: `${cs.url}/cos/${req.body.path}`, token: 't', authorization: 'a', fileId: `cloud://test-env.bucket/${req.body.path}`, cosFileId: 'c' } }
        }
        return { status: 500, body: { code: 'UNEXPECTED', message: req.action } }
      }
      cs.onGet = (req, res) => {
        const chunks: Buffer[] = []
        req.on('data', (c: Buffer) => chunks.push(c))
        req.on('end', () => { puts.push({ url: req.url ?? '', body: Buffer.concat(chunks), headers: req.headers }); res.statusCode = 200; res.end('') })
      }
      const app = lazyCloudbaseApp({ env: 'test-env', secretId: 'id', secretKey: 'key', serviceUrl: `${cs.url}/admin`, keepalive: false })
      const out = await wechatMiniCode(cloudbaseOpenApiCaller(app), cloudbaseUploader(app)).create(REQ)
      expect(out).toEqual({ fileId: `cloud://test-env.bucket/${REQ.cloudPath}` })
      expect(cs.actions()).toEqual(['wx.api', 'storage.getUploadMetadata'])
      expect(cs.requests[0].body).toMatchObject({ action: 'wx.api', apiName: GET_UNLIMITED_API })
      expect(JSON.parse(cs.requests[0].body.requestData)).toEqual({ scene: REQ.scene, page: REQ.page, check_path: false, env_version: 'release', width: 430 })
      expect(cs.requests[1].body).toMatchObject({ path: REQ.cloudPath })
      expect(puts).toHaveLength(1)
      expect(puts[0].url).toBe(`/cos/${REQ.cloudPath}`)
      expect(puts[0].body.equals(IMAGE)).toBe(true)
    } finally {
      await cs.close()
      if (saved === undefined) delete process.env.TENCENTCLOUD
      else process.env.TENCENTCLOUD = saved
    }
  })
})
