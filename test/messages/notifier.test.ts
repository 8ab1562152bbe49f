/**
 * The Notifier port: one contract for both adapters, the WeChat adapter's requests through the real
 * SDK against the local capture server, the template configuration, and the timer wiring.
 */
import { localNotifier } from '../../cloudfunctions/_shared/notify'
import { parseTemplates, wechatNotifier, fitValue, DEFAULT_TEMPLATE_DATA, SUBSCRIBE_SEND_API } from '../../cloudfunctions/_shared/notify-wechat'
import { cloudbaseOpenApiCaller, type OpenApiCaller } from '../../cloudfunctions/_shared/media-wechat'
import { lazyCloudbaseApp } from '../../cloudfunctions/_shared/cloudbase-app'
import { timerJob } from '../../cloudfunctions/_shared/cloud'
import { voucherFunction } from '../../cloudfunctions/voucher/handlers'
import { memberFunction } from '../../cloudfunctions/member/handlers'
import { msUntilShanghai, LOCAL_TIMERS } from '../../cloudfunctions/_local/timers'
import type { Notifier } from '../../cloudfunctions/_shared/ports'
import { startCaptureServer } from '../support/capture-server'

const msg = { openid: 'o1', topic: 'join_result', page: 'packages/member/pages/card/index', fields: { subject: '工会入会申请', result: '已通过', note: '会员卡号 GH1', time: '2026-07-10 12:00' } }

const adapters: Array<[string, () => Notifier]> = [
  ['local', () => localNotifier],
  ['wechat (accepting)', () => wechatNotifier(async () => ({ errcode: 0, errmsg: 'ok' }), parseTemplates('{"join_result":"tpl-1"}'))],
]
describe.each(adapters)('Notifier contract: %s', (_name, make) => {
  test('a send WeChat would accept answers ok', async () => {
    expect(await make().send(msg)).toEqual({ ok: true })
  })
  test('templates name only known topics with a non-empty id', () => {
    for (const t of make().templates()) {
      expect(['join_result', 'partner_result', 'voucher_expiring', 'entry_reviewed', 'entry_advanced', 'award']).toContain(t.topic)
      expect(t.templateId.length).toBeGreaterThan(0)
    }
  })
})

describe('wechatNotifier', () => {
  const fake = (answer: () => unknown) => {
    const calls: Array<{ api: string; body: Record<string, any> }> = []
    const call: OpenApiCaller = async (api, body) => { calls.push({ api, body }); return answer() }
    return { call, calls }
  }
  test('maps fields onto the configured keywords; a topic without a template is refused without a call', async () => {
    const f = fake(() => ({ errcode: 0 }))
    const n = wechatNotifier(f.call, parseTemplates(JSON.stringify({ join_result: { id: 'tpl-x', data: { phrase7: 'result', date2: 'time' } } })), { state: 'trial' })
    expect(await n.send(msg)).toEqual({ ok: true })
    expect(f.calls).toEqual([{ api: SUBSCRIBE_SEND_API, body: {
      touser: 'o1', template_id: 'tpl-x', page: msg.page, miniprogram_state: 'trial', lang: 'zh_CN',
      data: { phrase7: { value: '已通过' }, date2: { value: '2026-07-10 12:00' } },
    } }])
    expect(await n.send({ ...msg, topic: 'award' })).toEqual({ ok: false, errcode: -1, errmsg: '未配置 award 的消息模板' })
    expect(f.calls).toHaveLength(1)
    expect(n.templates()).toEqual([{ topic: 'join_result', templateId: 'tpl-x' }])
  })
  test('refusals and failures are answers, not exceptions', async () => {
    expect(await wechatNotifier(fake(() => ({ result: { errCode: 43101, errMsg: 'user refuse' } })).call, parseTemplates('{"join_result":"t"}')).send(msg))
      .toEqual({ ok: false, errcode: 43101, errmsg: 'user refuse' })
    expect(await wechatNotifier(fake(() => { throw new Error('socket hang up') }).call, parseTemplates('{"join_result":"t"}')).send(msg))
      .toEqual({ ok: false, errcode: -2, errmsg: 'socket hang up' })
  })
  test('cuts values to the keyword type limits', () => {
    expect(fitValue('thing1', '一'.repeat(25))).toBe('一'.repeat(19) + '…')
    expect(fitValue('phrase2', '已经通过审核')).toBe('已经通过…')
    expect(fitValue('time4', '2026-07-10 12:00')).toBe('2026-07-10 12:00')
    expect(fitValue('thing1', '短')).toBe('短')
  })
})

describe('SUBSCRIBE_TEMPLATES', () => {
  test('a template id alone takes the default keywords; empty is none', () => {
    expect(parseTemplates('{"award":"tpl-a"}')).toEqual({ award: { id: 'tpl-a', data: DEFAULT_TEMPLATE_DATA } })
    expect(parseTemplates('')).toEqual({})
    expect(parseTemplates('{}')).toEqual({})
  })
  test.each([
    ['not JSON', '{award:'], ['an unknown topic', '{"newsletter":"t"}'], ['an empty id', '{"award":""}'],
    ['an unknown field', '{"award":{"id":"t","data":{"thing1":"phone"}}}'], ['a bad keyword', '{"award":{"id":"t","data":{"a.b":"note"}}}'],
  ])('refuses %s at start-up', (_n, json) => {
    expect(() => parseTemplates(json)).toThrow(/SUBSCRIBE_TEMPLATES/)
  })
})

describe('through the real SDK (云调用 wx.api) against the capture server', () => {
  test.each([
    [{ errcode: 0, errmsg: 'ok' }, { ok: true }],
    [{ errcode: 43101, errmsg: 'user refuse to accept the msg' }, { ok: false, errcode: 43101, errmsg: 'user refuse to accept the msg' }],
    [{ errcode: 40037, errmsg: 'invalid template_id' }, { ok: false, errcode: 40037, errmsg: 'invalid template_id' }],
  ])('WeChat answers %j → %j', async (answer, expected) => {
    const saved = process.env.TENCENTCLOUD
    process.env.TENCENTCLOUD = 'true'
    const cs = await startCaptureServer()
    try {
      cs.reply = () => ({ requestId: 'q', data: { responseData: JSON.stringify(answer) } })
      const app = lazyCloudbaseApp({ env: 'test-env', secretId: 'id', secretKey: 'key', serviceUrl: `${cs.url}/admin`, keepalive: false })
      const out = await wechatNotifier(cloudbaseOpenApiCaller(app), parseTemplates('{"join_result":"tpl-join"}')).send(msg)
      expect(out).toEqual(expected)
      expect(cs.requests).toHaveLength(1)
      expect(cs.requests[0].body).toMatchObject({ action: 'wx.api', apiName: SUBSCRIBE_SEND_API })
      expect(JSON.parse(cs.requests[0].body.requestData)).toMatchObject({ touser: 'o1', template_id: 'tpl-join', page: msg.page, data: { thing1: { value: '工会入会申请' } } })
    } finally {
      await cs.close()
      if (saved === undefined) delete process.env.TENCENTCLOUD
      else process.env.TENCENTCLOUD = saved
    }
  })
})

describe('timers', () => {
  test('a timer event names the voucher reminder; other events, triggers and functions name nothing', () => {
    expect(timerJob(voucherFunction, { Type: 'Timer', TriggerName: 'remind', Time: '2026-07-10T10:00:00Z' })).toBe(voucherFunction.timers!.remind)
    expect(timerJob(voucherFunction, { Type: 'Timer', TriggerName: 'toString' })).toBeNull()
    expect(timerJob(voucherFunction, { action: 'remind' })).toBeNull()
    expect(timerJob(memberFunction, { Type: 'Timer', TriggerName: 'remind' })).toBeNull()
    expect(timerJob(voucherFunction, null)).toBeNull()
  })
  test('the local gateway runs the reminder daily at 18:00 Shanghai time', () => {
    expect(LOCAL_TIMERS.map((t) => `${t.fn}.${t.trigger}@${t.at}`)).toEqual(['18:00', '18:10', '18:20', '18:30', '18:40', '18:50'].map((at) => `voucher.remind@${at}`))
    expect(msUntilShanghai('18:00', new Date('2026-07-10T09:59:00Z'))).toBe(60_000)
    expect(msUntilShanghai('18:00', new Date('2026-07-10T10:00:00Z'))).toBe(86_400_000)
    expect(msUntilShanghai('18:00', new Date('2026-07-10T17:00:00Z'))).toBe(17 * 3600_000) // 01:00 next Shanghai day
  })
})
