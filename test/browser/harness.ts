/**
 * Journeys through the H5 build (dist/h5) served by the local gateway, in headless chromium.
 *
 *   const app = useBrowserApp()              // one gateway (temp DATA_DIR, demo seed) + one browser per file
 *   browserTest('admin sees roles', async ({ page }) => {
 *     await app.open('/')
 *     await app.pickIdentity('demo-admin')
 *     await expect(page.getByText('工会工作人员').first()).toBeVisible()  // or locator.waitFor()
 *   })
 *
 * A failing browserTest leaves a screenshot in .tmp/browser/. Build H5 first: `NODE_ENV=production npx taro build --type h5`.
 * Runs in the jest 'browser' project (node environment).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { createGateway } from '../../cloudfunctions/_local/gateway'
import { snapshotDist } from '../dist-snapshot'

const ROOT = path.resolve(__dirname, '../..')
const SHOTS = path.join(ROOT, '.tmp/browser')
/** The phone every journey runs on: 390 × 844 CSS px at 2×, touch, Chinese, Beijing time. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
}

/** Flags that keep chromium quiet and offline-friendly on this kind of machine (see TOOLCHAIN.md). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Debian's chromium (or CHROMIUM_PATH), headless, with those flags: the journeys' and the weak-signal bench's browser. */
export const launchChromium = () => chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })

export interface BrowserApp {
  /** The gateway's base URL, e.g. http://127.0.0.1:41234 */
  url: string
  page: Page
  context: BrowserContext
  /** Uncaught errors thrown in the page so far (a journey should end with none). */
  pageErrors: string[]
  /** Opens a route of the hash router: '/', '/pages/me/index', '/packages/member/pages/index?x=1'. */
  open(route?: string): Promise<void>
  /** Chooses a demo identity (or null for 游客) with the picker bar on 首页, as a person would. */
  pickIdentity(openid: string | null): Promise<void>
  /** Saves a full-page screenshot under .tmp/browser/. */
  screenshot(name: string): Promise<string>
}

/** The whole envelope of an API call to the test's gateway, made as `openid` (the demo identity header). */
export type Envelope = { ok: boolean; data?: any; error?: { code: string; message: string } }
export async function callApi(app: { url: string }, fn: string, action: string, data: unknown, openid: string): Promise<Envelope> {
  const r = await fetch(`${app.url}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-openid': openid },
    body: JSON.stringify({ action, data }),
  })
  return r.json() as Promise<Envelope>
}

let current: (BrowserApp & { browser: Browser; close(): Promise<void> }) | null = null

async function start(): Promise<NonNullable<typeof current>> {
  // The gateway serves a private copy of dist/h5, so a rebuild elsewhere cannot pull files from under the suite.
  const h5 = snapshotDist('h5', 'index.html')
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gh-browser-'))
  const gw = await createGateway({ env: { DATA_DIR: dataDir, SEED: 'demo', LOG_LEVEL: 'silent' }, port: 0, h5Dir: h5.dir })
  // launch() gives every browser a fresh temporary profile (its own user-data-dir), removed on close.
  const browser = await launchChromium()
  const context = await browser.newContext(PHONE)
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))

  const app = {
    url: gw.url,
    page,
    context,
    browser,
    pageErrors,
    async open(route = '/') {
      let target = route.startsWith('/') ? route : `/${route}`
      if (target === '/') target = HOME
      // A fresh load each time (the query string changes): hash changes alone do not drive Taro's page stack
      // the way taps do. The identity survives in localStorage.
      await page.goto(`${gw.url}/?open=${++opens}#${target}`)
      // Taro keeps visited pages in the DOM and shows one: wait for the one asked for.
      await page.locator(`.taro_page[id^="${target.split('?')[0]}"]`).waitFor({ state: 'visible' })
    },
    async pickIdentity(openid: string | null) {
      const hash = new URL(page.url()).hash
      if (!(hash.startsWith(`#${HOME}`) && (await page.locator('.identity-bar__switch').isVisible()))) await app.open(HOME)
      await page.locator('.identity-bar__switch').click()
      await page.locator(`.identity-option-${openid ?? 'guest'}:visible`).click()
      // the choice is shown in the bar once it has been made
      await page.locator('.identity-bar__current', { hasText: identityText(openid) }).waitFor()
    },
    async screenshot(name: string) {
      mkdirSync(SHOTS, { recursive: true })
      const file = path.join(SHOTS, `${name.replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 80)}.png`)
      await page.screenshot({ path: file, fullPage: true })
      return file
    },
    async close() {
      await browser.close().catch(() => undefined)
      await gw.close()
      rmSync(dataDir, { recursive: true, force: true })
      h5.remove()
    },
  }
  return app
}

const HOME = '/pages/index/index'
let opens = 0

const IDENTITY_TEXT: Record<string, string> = {
  'demo-courier': '汕头快递员',
  'demo-opera': '石家庄票友',
  'demo-driver': '北京网约车司机',
  'demo-merchant': '商户核销员',
  'demo-cashier': '汕头超市收银员',
  'demo-keeper': '驿站站长',
  'demo-judge': '评委',
  'demo-admin': '工会工作人员',
}
const identityText = (openid: string | null) => (openid ? IDENTITY_TEXT[openid] ?? openid : '游客')

/**
 * Starts the gateway and the browser before the file's tests and stops them after.
 * Returns a handle whose fields are valid inside tests.
 */
export function useBrowserApp(): BrowserApp {
  // Long: copying dist/h5 waits for a build in progress (the build lock).
  beforeAll(async () => {
    current = await start()
  }, 300_000)
  afterAll(async () => {
    await current?.close()
    current = null
  })
  const get = () => {
    if (!current) throw new Error('browser app not started (call useBrowserApp() at the top of the file)')
    return current
  }
  return {
    get url() { return get().url },
    get page() { return get().page },
    get context() { return get().context },
    get pageErrors() { return get().pageErrors },
    open: (route) => get().open(route),
    pickIdentity: (openid) => get().pickIdentity(openid),
    screenshot: (name) => get().screenshot(name),
  }
}

/** `it`, with a screenshot in .tmp/browser/ when it fails. */
export function browserTest(name: string, fn: (app: BrowserApp) => Promise<void>, timeoutMs = 60_000) {
  it(name, async () => {
    const app = current
    if (!app) throw new Error('browser app not started (call useBrowserApp() at the top of the file)')
    try {
      await fn(app)
    } catch (e) {
      const file = await app.screenshot(`${expect.getState().testPath ? path.basename(expect.getState().testPath!) : 'test'}-${name}`).catch(() => null)
      if (file && e instanceof Error) e.message += `\n(screenshot: ${path.relative(ROOT, file)})`
      throw e
    }
  }, timeoutMs)
}
