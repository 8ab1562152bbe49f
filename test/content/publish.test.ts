/**
 * The content check applied before storing, through the gateway against the real sqlite store: each
 * free text others will read (gallery names and titles, partner names and offers, station names and
 * intros, rating comments) is checked; a hit is VALIDATION_FAILED naming the field and stores
 * nothing; an outage of WeChat's check (the real adapter pointed at a failing stand-in) is
 * UNAVAILABLE, tells the person to try again, and stores nothing either.
 */
import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { lazyCloudbaseApp } from '../../cloudfunctions/_shared/cloudbase-app'
import { cloudbaseOpenApiCaller } from '../../cloudfunctions/_shared/media-wechat'
import { wechatContentCheck } from '../../cloudfunctions/_shared/content/wechat'
import { DEMO_CONTENT_WORDS } from '../../cloudfunctions/_shared/content/words'
import type { ContentCheck } from '../../cloudfunctions/_shared/ports'
import { pairKey, type StationDoc } from '../../cloudfunctions/station/model'
import { startCaptureServer, type CaptureServer } from '../support/capture-server'
import { startGateway, type TestGateway } from '../support/gateway'
import { CONSENT_VERSION } from '../../types'
import { TINY_MP4, person, signupData, upload } from '../contest/helpers'
import { stationDoc } from '../station/helpers'

const NOW = '2026-07-10T04:00:00.000Z' // the demo contest's sign-up window is open
const clock = new ManualClock(Date.parse(NOW))
const ADMIN = 'demo-admin'
const BAD = DEMO_CONTENT_WORDS[0]
let gw: TestGateway
let cs: CaptureServer
let saved: ContentCheck
let savedCloud: string | undefined

beforeAll(async () => {
  gw = await startGateway({ clock })
  cs = await startCaptureServer()
  saved = gw.deps.content
  savedCloud = process.env.TENCENTCLOUD
  process.env.TENCENTCLOUD = 'true'
  await gw.deps.store.collection<StationDoc>('stations').insert(stationDoc('ct-1', { lat: 30.5, lng: 114.3 }, ['water'], '24h'))
})
afterAll(async () => {
  await cs.close()
  await gw.close()
  if (savedCloud === undefined) delete process.env.TENCENTCLOUD
  else process.env.TENCENTCLOUD = savedCloud
})
afterEach(() => { gw.deps.content = saved })

/** Swaps the local word list for the WeChat adapter on the real SDK, talking to the stand-in. */
function useWechat(reply: CaptureServer['reply']) {
  cs.reply = reply
  const app = lazyCloudbaseApp({ env: 'test-env', secretId: 'id', secretKey: 'key', serviceUrl: `${cs.url}/admin`, keepalive: false })
  gw.deps.content = wechatContentCheck(cloudbaseOpenApiCaller(app))
}
const outage = () => ({ status: 503, body: { code: 'SYS_ERR', message: 'unavailable' } })

function expectHit(r: { status: number; body: any }, field: string) {
  expect(r.status).toBe(400)
  expect(r.body.error.code).toBe('VALIDATION_FAILED')
  expect(Object.keys(r.body.error.details.fieldErrors)).toEqual([field])
  expect(r.body.error.details.fieldErrors[field][0]).toMatch(/不宜公开/)
  expect(r.body.error.message).toMatch(/不宜公开/)
}
function expectUnavailable(r: { status: number; body: any }) {
  expect(r.status).toBe(503)
  expect(r.body.error.code).toBe('UNAVAILABLE')
  expect(r.body.error.message).toMatch(/稍后再/)
}

describe('contest sign-up: name, employer and piece title are shown in the gallery', () => {
  test.each(['name', 'employer', 'pieceTitle'])('a listed word in %s is VALIDATION_FAILED naming it; no entry is stored', async (field) => {
    const me = person('ct')
    const videoFileId = await upload(gw, me, TINY_MP4)
    const text = field === 'name' ? `王${BAD}` : `《${BAD}》`
    const r = await gw.call('contest', 'signup', signupData({ videoFileId, [field]: text }), me)
    expectHit(r, field)
    expect(await gw.deps.store.collection('entries').count({ owner: me })).toBe(0)
    // Fixed, the same request goes through.
    const ok = await gw.call('contest', 'signup', signupData({ videoFileId }), me)
    expect(ok.body.ok).toBe(true)
  })

  test('with WeChat\'s check down the sign-up fails closed (UNAVAILABLE, try again) and stores nothing', async () => {
    const me = person('ct')
    const videoFileId = await upload(gw, me, TINY_MP4)
    useWechat(outage)
    const r = await gw.call('contest', 'signup', signupData({ videoFileId }), me)
    expectUnavailable(r)
    expect(await gw.deps.store.collection('entries').count({ owner: me })).toBe(0)
  })

  test('with WeChat\'s check up, each published field is checked with the writer\'s openid; a risky title is named', async () => {
    const me = person('ct')
    const videoFileId = await upload(gw, me, TINY_MP4)
    cs.requests.length = 0
    useWechat((req) => {
      const body = JSON.parse(req.body.requestData)
      const suggest = String(body.content).includes('危险') ? 'risky' : 'pass'
      return { data: { responseData: JSON.stringify({ errcode: 0, result: { suggest, label: 10001 } }) } }
    })
    const r = await gw.call('contest', 'signup', signupData({ videoFileId, pieceTitle: '危险曲目' }), me)
    expectHit(r, 'pieceTitle')
    const sent = cs.requests.map((q) => JSON.parse(q.body.requestData))
    expect(sent.map((b) => b.openid)).toEqual([me, me, me])
    expect(sent.map((b) => b.content).sort()).toEqual(['危险曲目', '石家庄市第一棉纺厂', '赵春燕'].sort())
    expect(sent.every((b) => b.version === 2)).toBe(true)
  })
})

describe('partner application: the name and the offer are shown to every worker', () => {
  const apply = (over: Record<string, unknown>) => ({
    name: '阜新测试书店', category: 'culture', city: '阜新', address: '海州区中华路 1 号', location: { lat: 42.02, lng: 121.67 },
    offer: '会员九折', contactName: '张三', contactPhone: '13900000000', consent: { version: CONSENT_VERSION }, ...over,
  })
  test.each([['name', { name: `${BAD}书店` }], ['offer', { offer: `送${BAD}券` }]])('a listed word in %s: named, nothing stored', async (field, over) => {
    const me = person('pa')
    expectHit(await gw.call('member', 'applyPartner', apply(over), me), field)
    expect(await gw.deps.store.collection('partner_applications').count({ applicant: me })).toBe(0)
  })
  test('outage: UNAVAILABLE, nothing stored', async () => {
    const me = person('pa')
    useWechat(outage)
    expectUnavailable(await gw.call('member', 'applyPartner', apply({}), me))
    expect(await gw.deps.store.collection('partner_applications').count({ applicant: me })).toBe(0)
  })
})

describe('stations: the name and the intro are public; rating comments too', () => {
  const input = (over: Record<string, unknown>) => ({
    name: '江汉区民意社区爱心驿站', city: '武汉', address: '江汉区民意街 1 号', location: { lat: 30.59, lng: 114.27 },
    services: ['water'], openHours: '24h', ...over,
  })
  test('a listed word in the name of a new station: named, no station created', async () => {
    const before = await gw.deps.store.collection('stations').count({})
    expectHit(await gw.call('station', 'upsert', input({ id: 'ct-new', name: `${BAD}驿站` }), ADMIN), 'name')
    expect(await gw.deps.store.collection('stations').get('ct-new')).toBeNull()
    expect(await gw.deps.store.collection('stations').count({})).toBe(before)
  })
  test('a listed word in the intro of an existing station: named, the station unchanged', async () => {
    expectHit(await gw.call('station', 'upsert', input({ id: 'ct-1', intro: `提供${BAD}` }), ADMIN), 'intro')
    expect((await gw.deps.store.collection<StationDoc>('stations').get('ct-1'))!.name).toBe('测试驿站 ct-1')
  })
  test('rating comment: a hit is named and not stored; without the comment the rating goes through; outage fails closed', async () => {
    const me = person('rt')
    // A recent visit, as a check-in leaves it (the rating rule: within 7 days of a check-in there).
    await gw.deps.store.collection('station_visitors').insert({ _id: pairKey('ct-1', me), stationId: 'ct-1', openid: me, rev: 1, visitNo: 1, lastAt: NOW })
    expectHit(await gw.call('station', 'rate', { stationId: 'ct-1', stars: 5, comment: `这里${BAD}` }, me), 'comment')
    expect(await gw.deps.store.collection('ratings').count({ openid: me })).toBe(0)
    useWechat(outage)
    expectUnavailable(await gw.call('station', 'rate', { stationId: 'ct-1', stars: 4, comment: '热水很方便' }, me))
    expect(await gw.deps.store.collection('ratings').count({ openid: me })).toBe(0)
    // No text, nothing to check: the outage does not block stars alone.
    const stars = await gw.call('station', 'rate', { stationId: 'ct-1', stars: 4 }, me)
    expect(stars.body.ok).toBe(true)
    expect(await gw.deps.store.collection('ratings').count({ openid: me })).toBe(1)
  })
})
