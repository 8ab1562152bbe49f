import Taro from '@tarojs/taro'
import { taroTest } from './shims/taro'
import { ApiError, NETWORK_MESSAGE, QUEUE_MESSAGE, RETRY_POLICY, backoffMs, call, callWithRetry, setDemoOpenid, uuid, withRetry } from '@/api'
import { CONSENT_VERSION } from '@contract'

type FetchArgs = [string, RequestInit]
const fetchMock = jest.fn<Promise<Response>, FetchArgs>()
// jsdom has no fetch/Response: the client only reads `json()`.
const reply = (status: number, body: unknown) =>
  Promise.resolve({ status, ok: status < 400, json: async () => JSON.parse(JSON.stringify(body)) } as unknown as Response)

beforeAll(() => {
  globalThis.fetch = fetchMock as unknown as typeof fetch
})
beforeEach(() => {
  fetchMock.mockReset()
  taroTest.reset()
  process.env.TARO_ENV = 'h5'
})

describe('call on H5', () => {
  it('POSTs { action, data } to /api/<fn> with the demo identity and unwraps ok envelopes', async () => {
    setDemoOpenid('demo-admin')
    const me = { openid: 'demo-admin', roles: ['admin'], member: null }
    fetchMock.mockReturnValueOnce(reply(200, { ok: true, data: me }))

    await expect(call('member', 'me', {})).resolves.toEqual(me)

    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/member')
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>)['x-openid']).toBe('demo-admin')
    expect(JSON.parse(init.body as string)).toEqual({ action: 'me', data: {} })
  })

  it('sends no x-openid for a guest', async () => {
    fetchMock.mockReturnValueOnce(reply(200, { ok: true, data: { items: [], nextCursor: null } }))
    await call('member', 'partners', {})
    expect((fetchMock.mock.calls[0][1].headers as Record<string, string>)['x-openid']).toBeUndefined()
  })

  it('throws ApiError with the code, Chinese message and field errors of an error envelope', async () => {
    fetchMock.mockReturnValueOnce(
      reply(400, {
        ok: false,
        error: { code: 'VALIDATION_FAILED', message: '填写的内容有误，请检查后再试', details: { fieldErrors: { phone: ['请填写 11 位手机号'] } } },
      }),
    )
    const err = await call('member', 'join', { name: '张三', phone: '123', city: '汕头', industry: 'courier', employer: '顺丰', consent: { version: CONSENT_VERSION } }).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe('VALIDATION_FAILED')
    expect(err.message).toBe('填写的内容有误，请检查后再试')
    expect(err.fieldError('phone')).toBe('请填写 11 位手机号')
  })

  it('turns a failed fetch into NETWORK with a Chinese message', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    const err = await call('voucher', 'campaigns', {}).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe('NETWORK')
    expect(err.message).toBe(NETWORK_MESSAGE)
  })

  it('treats a body that is not an envelope as INTERNAL', async () => {
    fetchMock.mockReturnValueOnce(reply(200, { hello: 'world' }))
    await expect(call('voucher', 'campaigns', {})).rejects.toMatchObject({ code: 'INTERNAL' })
  })
})

describe('callWithRetry', () => {
  const waits: number[] = []
  const fast = { sleep: async (ms: number) => { waits.push(ms) } }
  beforeEach(() => { waits.length = 0 })
  it('retries NETWORK failures with the same data, then returns the answer', async () => {
    const requestId = uuid()
    const voucher = { id: 'v1', campaignId: 'c1', title: '冰饮清凉券', faceValue: 300, threshold: 0, day: '2026-07-01', expiresAt: 'x', status: 'unused' }
    fetchMock
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockReturnValueOnce(reply(200, { ok: true, data: voucher }))

    await expect(callWithRetry('voucher', 'claim', { campaignId: 'c1', requestId }, fast)).resolves.toEqual(voucher)
    expect(fetchMock).toHaveBeenCalledTimes(3)
    const bodies = fetchMock.mock.calls.map(([, init]) => init.body)
    expect(new Set(bodies).size).toBe(1)
    expect(JSON.parse(bodies[0] as string).data.requestId).toBe(requestId)
  })

  it('does not retry an answer from the server', async () => {
    fetchMock.mockReturnValue(reply(409, { ok: false, error: { code: 'SOLD_OUT', message: '今日已领完，明天早点来' } }))
    await expect(callWithRetry('voucher', 'claim', { campaignId: 'c1', requestId: uuid() }, fast)).rejects.toMatchObject({ code: 'SOLD_OUT' })
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  it('gives up after 3 retries', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    await expect(callWithRetry('voucher', 'claim', { campaignId: 'c1', requestId: uuid() }, fast)).rejects.toMatchObject({ code: 'NETWORK' })
    expect(fetchMock).toHaveBeenCalledTimes(4)
  })
})

describe('callWithRetry when the platform is busy (人多，正在排队)', () => {
  const busy = reply(429, { ok: false, error: { code: 'RATE_LIMITED', message: '人多，正在排队，请稍候', details: { busy: true, retryAfterMs: 1000 } } })
  it('queues with backoff and jitter and the same requestId until the answer, telling the page each time', async () => {
    const requestId = uuid()
    const voucher = { id: 'v1', campaignId: 'c1', title: '冰饮清凉券', faceValue: 300, threshold: 0, day: '2026-07-01', expiresAt: 'x', status: 'unused' }
    fetchMock.mockReturnValueOnce(busy).mockReturnValueOnce(busy).mockReturnValueOnce(busy).mockReturnValueOnce(busy)
      .mockReturnValueOnce(reply(200, { ok: true, data: voucher }))
    const waits: number[] = []
    const told: string[] = []
    let r = 0
    const randoms = [0, 1, 0.5, 0.25]
    const out = await callWithRetry('voucher', 'claim', { campaignId: 'c1', requestId }, {
      sleep: async (ms) => { waits.push(ms) }, random: () => randoms[r++], onRetry: (i) => told.push(i.reason),
    })
    expect(out).toEqual(voucher)
    // The hint (1 s) plus a random share of 500, 1000, 2000, 4000 ms.
    expect(waits).toEqual([1000, 2000, 2000, 2000])
    expect(told).toEqual(['busy', 'busy', 'busy', 'busy'])
    const bodies = fetchMock.mock.calls.map(([, init]) => init.body)
    expect(bodies).toHaveLength(5)
    expect(new Set(bodies).size).toBe(1)
    expect(JSON.parse(bodies[0] as string).data.requestId).toBe(requestId)
    expect(QUEUE_MESSAGE).toBe('人多，正在排队')
  })

  it('gives up after busyForMs with the busy error; the per-person limit (no busy) is never resent', async () => {
    fetchMock.mockReturnValue(busy)
    let t = 0
    const err = await callWithRetry('voucher', 'claim', { campaignId: 'c1', requestId: uuid() }, {
      policy: { busyForMs: 10_000 }, now: () => t, sleep: async (ms) => { t += ms }, random: () => 1,
    }).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe('RATE_LIMITED')
    expect(t).toBeLessThanOrEqual(10_000)
    expect(fetchMock.mock.calls.length).toBeGreaterThan(2)

    fetchMock.mockReset()
    fetchMock.mockReturnValue(reply(429, { ok: false, error: { code: 'RATE_LIMITED', message: '操作太频繁，请 30 秒后再试', details: { retryAfterSeconds: 30 } } }))
    await expect(callWithRetry('voucher', 'claim', { campaignId: 'c1', requestId: uuid() }, { sleep: async () => undefined })).rejects.toMatchObject({ code: 'RATE_LIMITED' })
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  it('backoff: hint + uniform share of min(cap, base·2^n)', () => {
    expect(backoffMs(0, 0, RETRY_POLICY, () => 1)).toBe(500)
    expect(backoffMs(3, 1000, RETRY_POLICY, () => 1)).toBe(5000)
    expect(backoffMs(10, 0, RETRY_POLICY, () => 1)).toBe(15_000)
    expect(backoffMs(10, 0, RETRY_POLICY, () => 0)).toBe(0)
  })

  it('withRetry passes other errors straight through', async () => {
    const boom = new Error('bug')
    await expect(withRetry(async () => { throw boom })).rejects.toBe(boom)
  })
})

describe('call in the mini-program', () => {
  it('goes through Taro.cloud.callFunction with { action, data } and unwraps the result', async () => {
    process.env.TARO_ENV = 'weapp'
    const callFunction = Taro.cloud.callFunction as unknown as jest.Mock
    callFunction.mockResolvedValueOnce({ errMsg: 'cloud.callFunction:ok', result: { ok: false, error: { code: 'NOT_MEMBER', message: '仅限已入会的工会会员' } } })

    await expect(call('member', 'cardToken', {})).rejects.toMatchObject({ code: 'NOT_MEMBER', message: '仅限已入会的工会会员' })
    expect(callFunction).toHaveBeenCalledWith({ name: 'member', data: { action: 'cardToken', data: {} } })
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('maps a failed callFunction to NETWORK', async () => {
    process.env.TARO_ENV = 'weapp'
    ;(Taro.cloud.callFunction as unknown as jest.Mock).mockRejectedValueOnce({ errMsg: 'cloud.callFunction:fail timeout' })
    await expect(call('member', 'me', {})).rejects.toMatchObject({ code: 'NETWORK', message: NETWORK_MESSAGE })
  })
})

describe('uuid', () => {
  it('makes distinct v4 UUIDs, also without Web Crypto', () => {
    const re = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    const a = uuid()
    expect(a).toMatch(re)
    expect(uuid()).not.toBe(a)
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto')
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true })
    try {
      expect(uuid()).toMatch(re)
    } finally {
      if (saved) Object.defineProperty(globalThis, 'crypto', saved)
    }
  })
})
