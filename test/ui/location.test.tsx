import Taro from '@tarojs/taro'
import { LOCATE_EVERY_MS, LocationDenied, forgetLocation, locate, openLocationSettings } from '@/utils/location'
import { copyText } from '@/utils/clipboard'

/** The location helper (one getLocation per 30 s, refusal told apart, settings) and copying with a toast on failure. */
const T = Taro as unknown as Record<string, jest.Mock>
const env = process.env.TARO_ENV

beforeEach(() => {
  forgetLocation()
  process.env.TARO_ENV = 'weapp'
  T.getLocation = jest.fn()
  T.openSetting = jest.fn()
  T.setClipboardData = jest.fn()
  ;(T.showToast as jest.Mock).mockClear()
})
afterAll(() => { process.env.TARO_ENV = env })

describe('locate', () => {
  test('asks WeChat once per 30 s: a second call within 30 s answers the first result', async () => {
    T.getLocation.mockResolvedValue({ latitude: 30.5, longitude: 114.3 })
    const t0 = 1_000_000
    expect(await locate(t0)).toEqual({ lat: 30.5, lng: 114.3 })
    expect(await locate(t0 + LOCATE_EVERY_MS - 1)).toEqual({ lat: 30.5, lng: 114.3 })
    expect(T.getLocation).toHaveBeenCalledTimes(1)
    T.getLocation.mockResolvedValue({ latitude: 31, longitude: 115 })
    expect(await locate(t0 + LOCATE_EVERY_MS)).toEqual({ lat: 31, lng: 115 })
    expect(T.getLocation).toHaveBeenCalledTimes(2)
  })

  test('a refusal (auth deny) is LocationDenied, and is answered again within 30 s without asking', async () => {
    T.getLocation.mockRejectedValue({ errMsg: 'getLocation:fail auth deny' })
    await expect(locate(5_000_000)).rejects.toBeInstanceOf(LocationDenied)
    await expect(locate(5_000_000 + 10_000)).rejects.toBeInstanceOf(LocationDenied)
    expect(T.getLocation).toHaveBeenCalledTimes(1)
  })

  test('another failure (no signal) is not a refusal', async () => {
    T.getLocation.mockRejectedValue({ errMsg: 'getLocation:fail timeout' })
    const e = await locate(9_000_000).catch((x) => x)
    expect(e).not.toBeInstanceOf(LocationDenied)
    expect(e).toEqual({ errMsg: 'getLocation:fail timeout' })
  })

  test('allowed again in settings: the next locate asks afresh, even within 30 s', async () => {
    T.getLocation.mockRejectedValueOnce({ errMsg: 'getLocation:fail auth deny' }).mockResolvedValueOnce({ latitude: 39.9, longitude: 116.4 })
    await expect(locate(7_000_000)).rejects.toBeInstanceOf(LocationDenied)
    T.openSetting.mockResolvedValue({ authSetting: { 'scope.userLocation': true } })
    expect(await openLocationSettings()).toBe(true)
    expect(await locate(7_000_000 + 1_000)).toEqual({ lat: 39.9, lng: 116.4 })
    expect(T.getLocation).toHaveBeenCalledTimes(2)
  })

  test('still refused in settings (or settings could not open): false, and nothing is asked', async () => {
    T.openSetting.mockResolvedValueOnce({ authSetting: { 'scope.userLocation': false } }).mockRejectedValueOnce({ errMsg: 'openSetting:fail' })
    expect(await openLocationSettings()).toBe(false)
    expect(await openLocationSettings()).toBe(false)
    expect(T.getLocation).not.toHaveBeenCalled()
  })
})

describe('copyText', () => {
  test('a failed copy (clipboard not declared or refused) is told with a toast, not swallowed', async () => {
    T.setClipboardData.mockRejectedValue({ errMsg: 'setClipboardData:fail api scope is not declared in the privacy agreement' })
    expect(await copyText('{"x":1}')).toBe(false)
    expect(T.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '复制失败，请长按文字手动复制', icon: 'none' }))
  })

  test('a copy that works says nothing more in the mini-program (WeChat shows its own toast)', async () => {
    T.setClipboardData.mockResolvedValue({ errMsg: 'setClipboardData:ok' })
    expect(await copyText('abc')).toBe(true)
    expect(T.setClipboardData).toHaveBeenCalledWith({ data: 'abc' })
    expect(T.showToast).not.toHaveBeenCalled()
  })
})
