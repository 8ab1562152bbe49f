/**
 * A small stand-in for @tarojs/taro in jsdom: storage in a Map, an event centre, navigation as jest mocks,
 * page lifecycle hooks a test can fire (`taroTest.show()`), and `cloud` mocks for the weapp branch.
 * Add what a new component needs; keep behaviour close to Taro's.
 */
import { useEffect, useRef } from 'react'

type Fn = (...args: any[]) => any

const storage = new Map<string, unknown>()

class Events {
  private handlers = new Map<string, Set<Fn>>()
  on(name: string, fn: Fn) {
    if (!this.handlers.has(name)) this.handlers.set(name, new Set())
    this.handlers.get(name)!.add(fn)
    return this
  }
  off(name: string, fn?: Fn) {
    if (fn) this.handlers.get(name)?.delete(fn)
    else this.handlers.delete(name)
    return this
  }
  trigger(name: string, ...args: unknown[]) {
    for (const fn of [...(this.handlers.get(name) ?? [])]) fn(...args)
    return this
  }
}

const showHandlers = new Set<Fn>()
const pullDownHandlers = new Set<Fn>()

function useLifecycle(set: Set<Fn>, fn: Fn) {
  const ref = useRef(fn)
  ref.current = fn
  useEffect(() => {
    const h = () => ref.current()
    set.add(h)
    return () => void set.delete(h)
  }, [set])
}

/** Controls for tests. */
export const taroTest = {
  /** Fire the page's onShow (useDidShow). */
  show: () => showHandlers.forEach((h) => h()),
  pullDown: () => pullDownHandlers.forEach((h) => h()),
  pages: [{ route: 'pages/index/index' }] as { route: string }[],
  reset() {
    storage.clear()
    Taro.eventCenter = new Events()
    taroTest.pages = [{ route: 'pages/index/index' }]
    for (const v of Object.values(Taro)) if (typeof v === 'function' && 'mockClear' in v) (v as jest.Mock).mockClear()
    for (const v of Object.values(Taro.cloud)) if (typeof v === 'function' && 'mockReset' in v) (v as jest.Mock).mockReset()
  },
}

const ok = () => Promise.resolve({ errMsg: 'ok' })

const Taro = {
  ENV_TYPE: { WEAPP: 'WEAPP', WEB: 'WEB' },
  getEnv: () => 'WEB',
  eventCenter: new Events(),
  getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
  getCurrentPages: () => taroTest.pages,
  navigateTo: jest.fn(ok),
  redirectTo: jest.fn(ok),
  switchTab: jest.fn(ok),
  navigateBack: jest.fn(ok),
  reLaunch: jest.fn(ok),
  showToast: jest.fn(ok),
  showModal: jest.fn(() => Promise.resolve({ confirm: true, cancel: false })),
  stopPullDownRefresh: jest.fn(),
  nextTick: (fn: Fn) => setTimeout(fn, 0),
  pxTransform: (size: number) => `${size / 40}rem`,
  getSystemInfoSync: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2, platform: 'devtools' }),
  getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2 }),
  createSelectorQuery: () => ({
    select: () => ({ boundingClientRect: () => ({ exec: (cb?: Fn) => cb?.([null]) }) }),
    selectAll: () => ({ boundingClientRect: () => ({ exec: (cb?: Fn) => cb?.([[]]) }) }),
  }),
  cloud: {
    DYNAMIC_CURRENT_ENV: 'dynamic-current-env',
    init: jest.fn(),
    callFunction: jest.fn(),
    uploadFile: jest.fn(),
  },
}

export const useDidShow = (fn: Fn) => useLifecycle(showHandlers, fn)
export const usePullDownRefresh = (fn: Fn) => useLifecycle(pullDownHandlers, fn)
export const useDidHide = (_fn: Fn) => undefined
export const useLoad = (_fn: Fn) => undefined
export const useReady = (_fn: Fn) => undefined
export const useUnload = (_fn: Fn) => undefined
export const useRouter = () => ({ params: {}, path: '/' })
export const { getEnv, ENV_TYPE, nextTick, pxTransform, eventCenter } = Taro

export default Taro
