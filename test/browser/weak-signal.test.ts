/**
 * The H5 first screen on a weak signal (issue 14), the same load as `npm run bench -- weak`: the 清凉 tab,
 * cold cache, chromium throttled to 400 ms round trips, 50 KB/s down, 20 KB/s up. The aims are first paint
 * ≤ 2.5 s and the 领取 button ≤ 6 s (the bench prints both); this test fails only well above them (5 s, 12 s)
 * so that a busy machine does not make it flaky. Before the work on issue 14 the same load took 8.5 s to the
 * first paint and 13.9 s to 领取, 584 KB uncompressed in 31 requests.
 */
import { browserTest, useBrowserApp } from './harness'
import { weakLoad } from '../support/weak-load'

const app = useBrowserApp()

describe('weak signal, empty cache (H5)', () => {
  browserTest('the shell paints a skeleton at once and the 领取 button shows well within the limits', async ({ context, url }) => {
    const r = await weakLoad({ browser: context.browser()!, url, route: '/pages/cooling/index', waitFor: '.cool-card__claim', openid: 'demo-courier', timeoutMs: 40_000 })
    // first contentful paint: the skeleton's brand header and tab labels, before any script has arrived
    expect(r.firstContentfulPaintMs).not.toBeNull()
    expect(r.firstContentfulPaintMs!).toBeLessThan(5_000)
    expect(r.visibleMs).toBeLessThan(12_000)
    // every script and stylesheet went compressed, and the whole load stays far under the 584 KB of before
    const assets = r.resources.filter((x) => /\.(js|css)$/.test(x.path))
    expect(assets.length).toBeGreaterThan(0)
    expect(assets.filter((x) => x.encoding !== 'br')).toEqual([])
    expect(r.bytes).toBeLessThan(300 * 1024)
  }, 90_000)

  browserTest('the inline skeleton is in the HTML itself and leaves once the page is shown', async ({ page, open }) => {
    const html = await (await fetch(`${app.url}/`)).text()
    expect(html).toContain('id="boot-skeleton"')
    // no script holds its paint (each is deferred); the one stylesheet is small and comes first
    const scripts = [...html.matchAll(/<script[^>]*\ssrc=[^>]*>/g)].map((m) => m[0])
    expect(scripts.length).toBeGreaterThan(0)
    for (const s of scripts) expect(s).toMatch(/\sdefer/)
    await open('/pages/cooling/index')
    await page.locator('#boot-skeleton').waitFor({ state: 'detached' })
  })

  browserTest('nothing above threw in the page', async () => {
    expect(app.pageErrors).toEqual([])
  })
})
