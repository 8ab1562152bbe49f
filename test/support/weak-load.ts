/**
 * One cold load of an H5 page on a weak mobile signal, in headless chromium (shared by `npm run bench -- weak`
 * and test/browser/weak-signal.test.ts).
 *
 * Chromium's own network throttling (CDP Network.emulateNetworkConditions) at the field profile of issue 14:
 * 400 ms round trips, 50 KB/s down, 20 KB/s up, on a fresh browser context (empty HTTP cache). The demo
 * identity is put in localStorage before the load (a returning courier whose cache was cleared).
 *
 * Measured, from the navigation's start: first paint and first contentful paint (the Paint Timing entries),
 * the moment a selector becomes visible (polled on every animation frame), and what went over the wire up to
 * that moment: the encoded bytes of every response (headers and compressed bodies) and the request count.
 */
import type { Browser } from 'playwright-core'
import { PHONE } from '../browser/harness'

export const WEAK_PROFILE = { latencyMs: 400, downKBps: 50, upKBps: 20 } as const

export interface WeakLoadOptions {
  /** The gateway's base URL. */
  url: string
  /** A route of the hash router, e.g. '/pages/cooling/index'. */
  route: string
  /** CSS selector of the element whose appearance ends the measurement. */
  waitFor: string
  /** Demo identity stored before the load (null: a guest). */
  openid?: string | null
  /** Give up after this long (ms). */
  timeoutMs?: number
  /** The browser to open the fresh context in (the bench's, or the test harness's). */
  browser: Browser
}

export interface WeakLoadResult {
  firstPaintMs: number | null
  firstContentfulPaintMs: number | null
  /** When `waitFor` became visible. */
  visibleMs: number
  /** Encoded bytes received (headers + bodies as sent) until then. */
  bytes: number
  requests: number
  /** Per request: url path, encoded bytes, content-encoding. */
  resources: { path: string; bytes: number; encoding: string; status: number; startMs: number; endMs: number }[]
}

export async function weakLoad(opts: WeakLoadOptions): Promise<WeakLoadResult> {
  // A new context has its own empty cache: a cold load every time.
  const context = await opts.browser.newContext(PHONE)
  try {
    const openid = opts.openid ?? null
    if (openid) {
      // Taro's H5 storage keeps { data } as JSON (src/api/identity.ts reads 'demo-openid').
      await context.addInitScript((id) => { try { localStorage.setItem('demo-openid', JSON.stringify({ data: id })) } catch { /* no storage */ } }, openid)
    }
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: WEAK_PROFILE.latencyMs,
      downloadThroughput: WEAK_PROFILE.downKBps * 1024,
      uploadThroughput: WEAK_PROFILE.upKBps * 1024,
    })
    const reqs = new Map<string, WeakLoadResult['resources'][number]>()
    let t0 = 0 // the first request's CDP timestamp (seconds)
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.request.url.startsWith('data:')) return
      t0 ||= e.timestamp
      reqs.set(e.requestId, { path: new URL(e.request.url).pathname, bytes: 0, encoding: '', status: 0, startMs: (e.timestamp - t0) * 1000, endMs: 0 })
    })
    cdp.on('Network.responseReceived', (e) => {
      const r = reqs.get(e.requestId)
      if (!r) return
      r.status = e.response.status
      const h = e.response.headers as Record<string, string>
      r.encoding = h['content-encoding'] ?? h['Content-Encoding'] ?? ''
    })
    cdp.on('Network.loadingFinished', (e) => {
      const r = reqs.get(e.requestId)
      if (r) { r.bytes = e.encodedDataLength; r.endMs = (e.timestamp - t0) * 1000 }
    })

    const timeout = opts.timeoutMs ?? 60_000
    await page.goto(`${opts.url}/#${opts.route}`, { waitUntil: 'commit', timeout })
    const visibleMs = await page.waitForFunction((sel) => {
      const el = document.querySelector(sel)
      if (!el) return false
      const r = el.getBoundingClientRect()
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden' ? performance.now() : false
    }, opts.waitFor, { polling: 'raf', timeout }).then((h) => h.jsonValue() as Promise<number>)
    const paints = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, p.startTime])))
    const resources = [...reqs.values()]
    return {
      firstPaintMs: paints['first-paint'] ?? null,
      firstContentfulPaintMs: paints['first-contentful-paint'] ?? null,
      visibleMs,
      bytes: resources.reduce((s, r) => s + r.bytes, 0),
      requests: resources.length,
      resources,
    }
  } finally {
    await context.close().catch(() => undefined)
  }
}
