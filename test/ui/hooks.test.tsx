/**
 * The data hooks pages use instead of the API client (src/hooks): useAction (one request per double tap, or
 * every run; resends with the same data under the retry policy), useRequestIds (one id per intended write,
 * kept across retries), usePagedQuery (cursor lists with 加载更多), useTillScan (the till's scan → redeem →
 * outcome), and ApiError.from. Driven through the real client over a stubbed fetch (the H5 transport).
 */
import { act, renderHook, waitFor } from '@testing-library/react'
import { ERROR_MESSAGES } from '@contract'
import { ApiError, setDemoOpenid } from '@/api'
import { useAction, useRequestIds } from '@/hooks/useApi'
import { usePagedQuery } from '@/hooks/usePagedQuery'
import { useTillScan, type TillAnswer } from '@/hooks/useTillScan'
import { taroTest } from './shims/taro'

type FetchArgs = [string, RequestInit]
const fetchMock = jest.fn<Promise<Response>, FetchArgs>()
const reply = (status: number, body: unknown) =>
  Promise.resolve({ status, ok: status < 400, json: async () => JSON.parse(JSON.stringify(body)) } as unknown as Response)
const ok = (data: unknown) => reply(200, { ok: true, data })
const fail = (status: number, code: string, message: string, details?: Record<string, unknown>) => reply(status, { ok: false, error: { code, message, ...(details ? { details } : {}) } })
/** The { action, data } each request carried, with its URL. */
const sent = () => fetchMock.mock.calls.map(([url, init]) => ({ url, ...(JSON.parse(init.body as string) as { action: string; data: Record<string, unknown> }) }))

beforeAll(() => { globalThis.fetch = fetchMock as unknown as typeof fetch })
beforeEach(() => {
  fetchMock.mockReset()
  taroTest.reset()
  process.env.TARO_ENV = 'h5'
  setDemoOpenid('demo-courier')
})
afterEach(() => jest.restoreAllMocks())

describe('ApiError.from', () => {
  it('keeps an ApiError and turns anything else into INTERNAL with the contract message', () => {
    const e = new ApiError('SOLD_OUT', '今日已领完，明天早点来')
    expect(ApiError.from(e)).toBe(e)
    for (const thrown of [new TypeError('x is undefined'), 'boom', undefined]) {
      const a = ApiError.from(thrown)
      expect(a).toBeInstanceOf(ApiError)
      expect(a.code).toBe('INTERNAL')
      expect(a.message).toBe(ERROR_MESSAGES.INTERNAL)
    }
  })
})

describe('useAction', () => {
  const voucher = { id: 'v1', campaignId: 'c1', title: '冰饮清凉券', faceValue: 300, threshold: 0, day: '2026-07-01', expiresAt: 'x', status: 'unused' }

  it('sends one request for a double tap, and keeps the answer', async () => {
    let answer!: (r: Promise<Response>) => void
    fetchMock.mockReturnValueOnce(new Promise((r) => { answer = r }) as never)
    const { result } = renderHook(() => useAction('voucher', 'claim'))
    let first!: Promise<unknown>, second!: Promise<unknown>
    act(() => {
      first = result.current.run({ campaignId: 'c1', requestId: 'r1' })
      second = result.current.run({ campaignId: 'c1', requestId: 'r1' })
    })
    expect(result.current.loading).toBe(true)
    await act(async () => { answer(ok(voucher)); await first })
    await expect(second).resolves.toEqual(voucher)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(result.current.data).toEqual(voucher)
    expect(result.current.loading).toBe(false)
  })

  it('with exclusive: false sends every run (one hook for several rows)', async () => {
    fetchMock.mockImplementation(() => ok({ votes: 1 }))
    const { result } = renderHook(() => useAction('contest', 'vote', { exclusive: false }))
    await act(async () => { await Promise.all([result.current.run({ entryId: 'e1' }), result.current.run({ entryId: 'e2' })]) })
    expect(sent().map((s) => s.data.entryId)).toEqual(['e1', 'e2'])
  })

  it('rejects with ApiError and keeps it with the field errors', async () => {
    fetchMock.mockReturnValueOnce(fail(400, 'VALIDATION_FAILED', '填写的内容有误，请检查后再试', { fieldErrors: { phone: ['请填写 11 位手机号'] } }))
    const { result } = renderHook(() => useAction('station', 'rate'))
    let err: unknown
    await act(async () => { err = await result.current.run({ stationId: 's1', stars: 5 } as never).catch((e) => e) })
    expect(err).toBeInstanceOf(ApiError)
    expect(result.current.error?.code).toBe('VALIDATION_FAILED')
    expect(result.current.fieldErrors.phone).toBe('请填写 11 位手机号')
  })

  it('with retry: resends the very same data after no answer and a busy platform, telling the page', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0) // no jitter: the waits are only the server's hint
    fetchMock
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockReturnValueOnce(fail(429, 'RATE_LIMITED', '人多，正在排队', { busy: true, retryAfterMs: 1 }))
      .mockReturnValueOnce(ok(voucher))
    const reasons: string[] = []
    const { result } = renderHook(() => useAction('voucher', 'claim', { retry: true, onRetry: ({ reason }) => reasons.push(reason) }))
    let got: unknown
    await act(async () => { got = await result.current.run({ campaignId: 'c1', requestId: 'r-kept' }) })
    expect(got).toEqual(voucher)
    expect(reasons).toEqual(['network', 'busy'])
    const bodies = sent()
    expect(bodies).toHaveLength(3)
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1)
    expect(bodies[0].data.requestId).toBe('r-kept')
  })

  it('without retry, sends once', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    const { result } = renderHook(() => useAction('voucher', 'claim'))
    await act(async () => { await result.current.run({ campaignId: 'c1', requestId: 'r1' }).catch(() => undefined) })
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(result.current.error?.code).toBe('NETWORK')
  })
})

describe('useRequestIds', () => {
  it('keeps one id per key until done, across renders', () => {
    const { result, rerender } = renderHook(() => useRequestIds())
    const a = result.current.id('c1')
    rerender()
    expect(result.current.id('c1')).toBe(a)
    expect(result.current.id('c2')).not.toBe(a)
    expect(result.current.id()).toBe(result.current.id())
    result.current.done('c1')
    const next = result.current.id('c1')
    expect(next).not.toBe(a)
    expect(next).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('usePagedQuery', () => {
  const page = (ids: string[], nextCursor: string | null) => ok({ items: ids.map((id) => ({ id })), nextCursor })

  it('loads the first page, appends the next on loadMore, and starts again when the filters change', async () => {
    fetchMock.mockReturnValueOnce(page(['a', 'b'], 'k1')).mockReturnValueOnce(page(['c'], null))
    const { result, rerender } = renderHook(({ status }) => usePagedQuery('member', 'listJoins', { status, limit: 2 }), { initialProps: { status: 'pending' as const } as { status: 'pending' | 'active' } })
    expect(result.current.loading).toBe(true)
    await waitFor(() => expect(result.current.items?.map((i) => (i as unknown as { id: string }).id)).toEqual(['a', 'b']))
    expect(result.current.cursor).toBe('k1')

    await act(async () => { await result.current.loadMore() })
    expect(result.current.items?.map((i) => (i as unknown as { id: string }).id)).toEqual(['a', 'b', 'c'])
    expect(result.current.cursor).toBeNull()
    await act(async () => { await result.current.loadMore() }) // at the end: nothing sent
    expect(sent().map((s) => s.data)).toEqual([{ status: 'pending', limit: 2 }, { status: 'pending', limit: 2, cursor: 'k1' }])

    act(() => result.current.update((items) => items.filter((i) => (i as unknown as { id: string }).id !== 'b')))
    expect(result.current.items).toHaveLength(2)

    fetchMock.mockReturnValueOnce(page(['z'], null))
    rerender({ status: 'active' })
    await waitFor(() => expect(result.current.items?.map((i) => (i as unknown as { id: string }).id)).toEqual(['z']))
    expect(sent()[2].data).toEqual({ status: 'active', limit: 2 })
  })

  it('keeps an error as ApiError; reload fetches the first page again', async () => {
    fetchMock.mockReturnValueOnce(fail(403, 'FORBIDDEN', '没有权限')).mockReturnValueOnce(page(['a'], null))
    const { result } = renderHook(() => usePagedQuery('member', 'listJoins', { status: 'pending', limit: 20 }))
    await waitFor(() => expect(result.current.error?.code).toBe('FORBIDDEN'))
    expect(result.current.query.error?.message).toBe('没有权限')
    await act(async () => { await result.current.reload() })
    expect(result.current.error).toBeNull()
    expect(result.current.query.data).toHaveLength(1)
  })
})

describe('useTillScan', () => {
  type Outcome = { kind: string; detail?: string }
  const outcome = (a: TillAnswer): Outcome =>
    a.kind === 'error' ? { kind: 'error', detail: a.error.code } : { kind: a.kind, detail: a.kind === 'card' ? a.r.cardNo : a.r.voucher.id }
  const check = (token: string): Outcome | null => (token ? null : { kind: 'empty' })

  it('answers an empty code without a request; sends card codes to redeemBenefit and others to voucher.redeem', async () => {
    const redeemed = jest.fn()
    const { result } = renderHook(() => useTillScan<Outcome>({ accept: 'any', check, outcome, onRedeemed: redeemed }))
    await act(async () => { await result.current.submit('   ') })
    expect(result.current.outcome).toEqual({ kind: 'empty' })
    expect(fetchMock).not.toHaveBeenCalled()

    fetchMock.mockReturnValueOnce(ok({ cardNo: 'GH2109001001', name: '王师傅', partnerId: 'p1', usedAt: '2026-07-01T02:00:00.000Z' }))
    act(() => result.current.setPasted(' OC1.abc '))
    await act(async () => { await result.current.submit(result.current.pasted) })
    expect(result.current.outcome).toEqual({ kind: 'card', detail: 'GH2109001001' })
    expect(result.current.pasted).toBe('')

    fetchMock.mockReturnValueOnce(ok({ voucher: { id: 'v9' }, redeemedAt: '2026-07-01T02:00:00.000Z' }))
    await act(async () => { await result.current.submit('voucher.x.y') })
    expect(result.current.outcome).toEqual({ kind: 'voucher', detail: 'v9' })
    expect(sent().map((s) => [s.url, s.action, s.data.token])).toEqual([['/api/member', 'redeemBenefit', 'OC1.abc'], ['/api/voucher', 'redeem', 'voucher.x.y']])
    expect(redeemed).toHaveBeenCalledTimes(2)
  })

  it('shows a refusal as an outcome and keeps the pasted code', async () => {
    fetchMock.mockReturnValueOnce(fail(409, 'ALREADY_USED', '已经使用过了', { usedAt: '2026-07-01T02:00:00.000Z' }))
    const { result } = renderHook(() => useTillScan<Outcome>({ accept: 'card', check, outcome }))
    act(() => result.current.setPasted('card.a.b'))
    await act(async () => { await result.current.submit('card.a.b') })
    expect(result.current.outcome).toEqual({ kind: 'error', detail: 'ALREADY_USED' })
    expect(result.current.pasted).toBe('card.a.b')
    expect(result.current.busy).toBe(false)
  })
})
