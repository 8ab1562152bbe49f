/**
 * Renders pages of the COMPILED mini-program (dist/weapp) in miniprogram-simulate, with WeChat's runtime
 * stubbed at its edge: `wx.*` APIs are recorded, `wx.cloud.callFunction` is answered by the test.
 *
 *   const page = await renderPage('pages/index/index', {
 *     callFunction: ({ name, data }) => (name === 'member' && data.action === 'me' ? ok(me) : fail('NOT_FOUND')),
 *   })
 *   expect(page.text()).toContain('工惠驿站')
 *   await page.tapText('会员卡')
 *   expect(page.wx.calls('navigateTo')[0].url).toMatch('/packages/member/pages/index')
 *
 * Build first: `NODE_ENV=production npx taro build --type weapp`. Runs in the jest 'weapp' project (jsdom).
 */
import path from 'node:path'
import type { Envelope, ErrorCode } from '../../types'
import { snapshotDist } from '../dist-snapshot'

/** This file's private copy of dist/weapp (taken at the first render; removed when the file's tests end). */
let DIST = ''
let removeSnapshot: (() => void) | null = null
// The harness is imported at the top of a test file, so these hooks belong to the file. The copy waits for a
// build in progress (the build lock), hence the long timeout.
beforeAll(() => {
  const snapshot = snapshotDist('weapp', 'app.js')
  DIST = snapshot.dir
  removeSnapshot = snapshot.remove
}, 300_000)
afterAll(() => removeSnapshot?.())

export interface CallFunctionRequest {
  name: string
  data: { action: string; data: unknown }
}
/** Answers one wx.cloud.callFunction: an envelope (or a promise of one); throw to simulate a network failure. */
export type CallFunctionStub = (req: CallFunctionRequest) => unknown

export interface RenderOptions {
  callFunction?: CallFunctionStub
  /** The page's query (onLoad options). */
  query?: Record<string, string>
  /** Storage contents before the page loads. */
  storage?: Record<string, unknown>
  /** Extra or replaced wx APIs. */
  wx?: Record<string, unknown>
  /** How long to wait for the first render. */
  timeoutMs?: number
}

export interface WxRecorder {
  /** The option objects each recorded API was called with (navigateTo, switchTab, showToast…). */
  calls(api: string): Record<string, any>[]
  /** Every wx.cloud.callFunction request, in order. */
  functionCalls: CallFunctionRequest[]
  /** The device storage (wx.setStorageSync) as the page left it. */
  readonly storage: Map<string, unknown>
}

export interface RenderedPage {
  /** The j-component wrapper of the page. */
  comp: any
  /** The page's DOM (jsdom) as WeChat would lay it out. */
  dom: HTMLElement
  wx: WxRecorder
  /** All visible text, whitespace collapsed. */
  text(): string
  /** Waits until the text appears (after data loads). */
  waitForText(text: string, timeoutMs?: number): Promise<void>
  /** Taps the innermost tappable element that contains the text, like a finger would. */
  tapText(text: string): Promise<void>
  /** Taps the element with this class (first match). */
  tapClass(className: string): Promise<void>
  /**
   * WXML templates the page asked for and the build did not emit (e.g. an HTML tag such as <i> that the
   * mini-program cannot render): each is something users would not see. Tests should expect none.
   */
  missingTemplates: string[]
  /** Every setData the page sent to the render layer since it loaded: its payload size in bytes (JSON, UTF-8). */
  setDataLog: { bytes: number }[]
  /** Nodes in the page's rendered tree (what the render layer lays out). */
  nodeCount(): number
  /** Waits until no setData has been sent for quietMs (the first screen has settled). */
  settle(quietMs?: number, timeoutMs?: number): Promise<void>
  /** Fires onShow again (back from another page). */
  show(): Promise<void>
  unload(): void
}

/** Polls `probe` every 10 ms until it holds, for 3 s at most (the expectation after it then says what is missing). */
export const waitFor = async (probe: () => boolean) => { for (let i = 0; i < 300 && !probe(); i++) await new Promise((r) => setTimeout(r, 10)) }

/** The options of the page's first call of wx[api] (navigateTo, switchTab, showToast…) once it has come. */
export async function firstWxCall(page: RenderedPage, api: string): Promise<Record<string, any> | undefined> {
  await waitFor(() => page.wx.calls(api).length > 0)
  return page.wx.calls(api)[0]
}

/** Envelope helpers for callFunction stubs. */
export const ok = <T>(data: T): Envelope<T> => ({ ok: true, data })
export const fail = (code: ErrorCode, message = code): Envelope<never> => ({ ok: false, error: { code, message } })

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

async function until<T>(probe: () => T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = probe()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(10)
  }
}

// ---- one app per test file (jest gives each file fresh globals and modules) ----
let booted = false
let simulate: any
let currentCallFunction: CallFunctionStub = () => ({ ok: false, error: { code: 'NOT_FOUND', message: '测试未提供这个云函数的回答' } })
const recorded = new Map<string, Record<string, any>[]>()
const missingTemplates: string[] = []
const functionCalls: CallFunctionRequest[] = []
const pageStack: any[] = []
const loadedPages = new Map<string, string>()
let storage = new Map<string, unknown>()

const recorder: WxRecorder = {
  calls: (api) => recorded.get(api) ?? [],
  functionCalls,
  get storage() { return storage },
}

/** A wx API that records its options and succeeds asynchronously, like the real one. */
function recordingApi(name: string, result: Record<string, unknown> = {}) {
  return (opts: Record<string, any> = {}) => {
    const { success, fail: _fail, complete, ...rest } = opts
    if (!recorded.has(name)) recorded.set(name, [])
    recorded.get(name)!.push(rest)
    const res = { errMsg: `${name}:ok`, ...result }
    const p = Promise.resolve().then(() => {
      success?.(res)
      complete?.(res)
      return res
    })
    return success || complete ? undefined : p
  }
}

function callFunction(opts: { name: string; data: any; success?: (r: unknown) => void; fail?: (e: unknown) => void; complete?: (r: unknown) => void }) {
  const req: CallFunctionRequest = { name: opts.name, data: JSON.parse(JSON.stringify(opts.data ?? {})) }
  functionCalls.push(req)
  const p = Promise.resolve()
    .then(() => currentCallFunction(req))
    .then(
      (result) => {
        const res = { errMsg: 'cloud.callFunction:ok', result, requestID: `req-${functionCalls.length}` }
        opts.success?.(res)
        opts.complete?.(res)
        return res
      },
      (e) => {
        const err = { errMsg: `cloud.callFunction:fail ${e instanceof Error ? e.message : String(e)}`, errCode: -1 }
        opts.fail?.(err)
        opts.complete?.(err)
        throw err
      },
    )
  if (opts.success || opts.fail || opts.complete) {
    p.catch(() => undefined)
    return undefined
  }
  return p
}

function boot(extraWx: Record<string, unknown> = {}) {
  if (booted) return
  // miniprogram-simulate installs its own wx mock and the Component constructor on load.
  simulate = require('miniprogram-simulate')
  const g = globalThis as any
  const wx = g.wx
  for (const api of ['navigateTo', 'redirectTo', 'switchTab', 'navigateBack', 'reLaunch', 'showToast', 'hideToast',
    'showLoading', 'hideLoading', 'showModal', 'stopPullDownRefresh', 'startPullDownRefresh', 'setNavigationBarTitle',
    'makePhoneCall', 'openLocation', 'setClipboardData', 'previewImage', 'vibrateShort', 'setTabBarBadge', 'removeTabBarBadge']) {
    wx[api] = recordingApi(api)
  }
  wx.showModal = recordingApi('showModal', { confirm: true, cancel: false })
  // WeChat's sheet with the declared privacy notice (consent boxes open it).
  wx.openPrivacyContract = recordingApi('openPrivacyContract')
  wx.getStorageSync = (k: string) => (storage.has(k) ? storage.get(k) : '')
  wx.setStorageSync = (k: string, v: unknown) => void storage.set(k, v)
  wx.removeStorageSync = (k: string) => void storage.delete(k)
  wx.cloud = {
    DYNAMIC_CURRENT_ENV: Symbol.for('DYNAMIC_CURRENT_ENV'),
    init: (opts: unknown) => void recordingApi('cloud.init')(opts as Record<string, unknown>),
    callFunction,
    uploadFile: recordingApi('cloud.uploadFile', { fileID: 'cloud://test/file' }),
  }
  Object.assign(wx, extraWx)

  // The WXML runtime reports a node it has no template for as a warning: collect them.
  const warn = console.warn.bind(console)
  console.warn = (...args: unknown[]) => {
    const m = String(args[0] ?? '').match(/Template `([^`]+)` not found/)
    if (m) missingTemplates.push(m[1])
    else warn(...args)
  }

  let app: any = null
  g.App = (opts: any) => {
    app = opts
  }
  g.getApp = () => app
  g.getCurrentPages = () => pageStack.slice()
  // A page is a component whose attach is the page load; Taro's page methods become component methods.
  g.Page = (opts: Record<string, any>) => {
    const methods: Record<string, any> = {}
    for (const [k, v] of Object.entries(opts)) if (typeof v === 'function') methods[k] = v
    g.Component({
      data: opts.data ?? {},
      methods,
      lifetimes: {
        attached(this: any) {
          pageStack.push(this)
          this.onLoad?.(this.__query ?? {})
          this.onShow?.()
        },
        ready(this: any) {
          this.onReady?.()
        },
        detached(this: any) {
          this.onUnload?.()
          const i = pageStack.indexOf(this)
          if (i >= 0) pageStack.splice(i, 1)
        },
      },
    })
  }

  require(path.join(DIST, 'app.js'))
  if (!app) throw new Error('dist/weapp/app.js did not call App()')
  app.onLaunch?.({ path: 'pages/index/index', query: {}, scene: 1001 })
  app.onShow?.({ path: 'pages/index/index', query: {}, scene: 1001 })
  booted = true
}

/** Text of the rendered DOM, whitespace collapsed. */
const textOf = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim()

/**
 * Loads and renders one compiled page (e.g. 'pages/index/index' or 'packages/member/pages/index')
 * and resolves once React's first setData has landed.
 */
export async function renderPage(pagePath: string, options: RenderOptions = {}): Promise<RenderedPage> {
  if (options.callFunction) currentCallFunction = options.callFunction
  storage = new Map(Object.entries(options.storage ?? {}))
  recorded.clear()
  functionCalls.length = 0
  missingTemplates.length = 0
  boot(options.wx)
  if (options.wx) Object.assign((globalThis as any).wx, options.wx)

  // A page's chunk runs once per app (webpack remembers it), so Page() registers it once: reuse that definition.
  let id = loadedPages.get(pagePath)
  if (!id) {
    id = simulate.load(path.join(DIST, pagePath), { compiler: 'official', rootPath: DIST }) as string
    loadedPages.set(pagePath, id)
  }
  const comp = simulate.render(id)
  comp.instance.__query = options.query ?? {}
  comp.instance.route = pagePath
  comp.instance.__route__ = pagePath
  comp.instance.options = options.query ?? {}
  // What crosses from the logic layer to the render layer: every setData, measured as WeChat sends it (JSON).
  const setDataLog: { bytes: number }[] = []
  let lastSetData = Date.now()
  const setData = comp.instance.setData.bind(comp.instance)
  comp.instance.setData = (data: unknown, cb?: () => void) => {
    setDataLog.push({ bytes: Buffer.byteLength(JSON.stringify(data ?? {}), 'utf8') })
    lastSetData = Date.now()
    return setData(data, cb)
  }
  const parent = document.createElement('parent-wrapper')
  document.body.appendChild(parent)
  comp.attach(parent)

  await until(() => comp.data?.root?.cn?.length > 0, options.timeoutMs ?? 5000, `first render of ${pagePath}`)
  const dom: HTMLElement = comp.dom

  const tappable = (el: Element | null): Element | null => {
    // Every element Taro renders carries its node id (data-sid, also its wxml id); the tap bubbles from there
    // to whichever ancestor React listens on, as in WeChat.
    for (let e = el; e && e !== dom; e = e.parentElement) if (e.getAttribute('data-sid')) return e
    return null
  }
  const tapElement = async (el: Element) => {
    const target = tappable(el)
    if (!target) throw new Error(`no tappable element around: ${textOf(el)}`)
    const node = comp.querySelector(`#${target.getAttribute('data-sid')}`)
    if (!node) throw new Error(`element ${target.getAttribute('data-sid')} is not in the page's tree`)
    node.dispatchEvent('tap')
    await sleep(30)
  }

  const page: RenderedPage = {
    comp,
    dom,
    wx: recorder,
    missingTemplates,
    setDataLog,
    nodeCount: () => {
      const count = (n: any): number => 1 + (Array.isArray(n?.cn) ? n.cn.reduce((t: number, c: any) => t + count(c), 0) : 0)
      return count(comp.data.root) - 1
    },
    settle: async (quietMs = 150, timeoutMs = 5000) => {
      await until(() => Date.now() - lastSetData >= quietMs, timeoutMs, 'the page to stop sending setData')
    },
    text: () => textOf(dom),
    waitForText: async (text, timeoutMs = 5000) => {
      await until(() => textOf(dom).includes(text), timeoutMs, `text "${text}" (page shows: ${textOf(dom).slice(0, 300)})`)
    },
    tapText: async (text) => {
      // The innermost element whose own text holds the string, then its nearest tappable ancestor.
      const all = Array.from(dom.querySelectorAll('*')).filter((e) => textOf(e).includes(text))
      const innermost = all.filter((e) => !all.some((o) => o !== e && e.contains(o)))
      if (!innermost.length) throw new Error(`no element with text "${text}" (page shows: ${textOf(dom).slice(0, 300)})`)
      await tapElement(innermost[0])
    },
    tapClass: async (className) => {
      // miniprogram-simulate prefixes classes with the component's tag name (main--)
      const el = dom.querySelector(`.${className}, .main--${className}`)
      if (!el) throw new Error(`no element with class ${className}`)
      await tapElement(el)
    },
    show: async () => {
      comp.instance.onShow?.()
      await sleep(30)
    },
    unload: () => {
      comp.detach()
      parent.remove()
    },
  }
  return page
}
