/**
 * Large text and tap targets (H5, a 390 px wide phone), measured in the page: the computed font size of every
 * visible piece of text and the box of every element that takes a tap (an element with a React onClick, an
 * input, a button).
 *   Default mode: no text under 14 px except the tab bar's labels (≥ 12 px); every target ≥ 44 × 44 px.
 *   长辈模式 (switched on in 我的, remembered across a reload): every text ≥ 17 px, body text ≥ 18 px, titles
 *   ≥ 22 px, tab labels ≥ 12 px; every target ≥ 48 × 48 px.
 * On the four tabs and the wallet, voucher QR, check-in and contest sign-up pages; in the default mode also the
 * tills (the voucher redeem and card verify pages: the paste box, 刷新).
 */
import type { Page } from 'playwright-core'
import { browserTest, useBrowserApp } from './harness'
import { courierWithVoucher } from './steps'

const app = useBrowserApp()

interface Measured {
  texts: { text: string; size: number; cls: string }[]
  targets: { what: string; w: number; h: number }[]
}

/** What the visible page shows: text sizes and tap-target boxes (the tab bar's labels marked as such). */
async function measure(page: Page): Promise<Measured> {
  return page.evaluate(() => {
    const pages = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => p.offsetParent !== null || getComputedStyle(p).display !== 'none')
    const current = pages.filter((p) => p.getBoundingClientRect().width > 0).at(-1) ?? document.body
    const roots: Element[] = [current, ...Array.from(document.querySelectorAll('.weui-tabbar'))]
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect()
      if (r.width < 1 || r.height < 1) return false
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e)
        if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false
      }
      return true
    }
    const label = (el: Element) => `${el.tagName.toLowerCase()}.${String((el as HTMLElement).className || '').split(/\s+/).slice(0, 3).join('.')} "${(el.textContent ?? '').trim().slice(0, 16)}"`
    const texts: Measured['texts'] = []
    const targets: Measured['targets'] = []
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement
        if (!el || !(n.textContent ?? '').trim() || !visible(el)) continue
        texts.push({ text: (n.textContent ?? '').trim().slice(0, 20), size: parseFloat(getComputedStyle(el).fontSize), cls: String(el.className || '') + ' ' + String(el.parentElement?.className || '') })
      }
      for (const el of Array.from(root.querySelectorAll('*'))) {
        // Taro's H5 components are web components wrapped in React components that take the onClick: look up
        // from the element's React fiber through its wrappers (up to the next element) for an onClick.
        type Fiber = { tag: number; memoizedProps?: { onClick?: unknown }; return: Fiber | null }
        const fiberKey = Object.keys(el).find((k) => k.startsWith('__reactFiber$'))
        let onClick = false
        for (let f = fiberKey ? ((el as unknown as Record<string, Fiber>)[fiberKey]) : null, first = true; f && (first || (f.tag !== 5 && f.tag !== 3)); f = f.return, first = false) {
          if (typeof f.memoizedProps?.onClick === 'function') { onClick = true; break }
        }
        // NutUI's Tag carries a do-nothing onClick by default: a label here, not a target.
        const tappable = (onClick && !el.classList.contains('nut-tag')) || /^(button|input|textarea|a)$/i.test(el.tagName)
          || /^taro-(input|textarea)-core$/i.test(el.tagName)
        if (!tappable || !visible(el)) continue
        // A field: what takes the finger is the native field (Taro's element around it may be larger).
        if (/^taro-(input|textarea)-core$/i.test(el.tagName)) continue
        const r = el.getBoundingClientRect()
        targets.push({ what: label(el), w: Math.round(r.width * 10) / 10, h: Math.round(r.height * 10) / 10 })
      }
    }
    return { texts, targets }
  })
}

const isTabLabel = (t: Measured['texts'][number]) => t.cls.includes('weui-tabbar__label')
const isTitle = (t: Measured['texts'][number]) => /\bsection__title\b/.test(t.cls)
const isBody = (t: Measured['texts'][number]) => /\b(link-list__title|c-para|me__line)\b/.test(t.cls)

function check(name: string, m: Measured, mode: 'standard' | 'elder') {
  const min = mode === 'elder' ? { text: 17, body: 18, title: 22, tab: 12, tap: 48 } : { text: 14, body: 14, title: 14, tab: 12, tap: 44 }
  const small = m.texts.filter((t) => t.size < (isTabLabel(t) ? min.tab : isTitle(t) ? min.title : isBody(t) ? min.body : min.text))
  const tight = m.targets.filter((t) => t.w < min.tap || t.h < min.tap)
  const sizes = m.texts.filter((t) => !isTabLabel(t)).map((t) => t.size)
  console.log(`${mode.padEnd(8)} ${name.padEnd(10)} texts ${String(m.texts.length).padStart(3)} (smallest ${Math.min(...sizes).toFixed(1)} px, tab labels ${m.texts.filter(isTabLabel).map((t) => t.size).join('/') || '–'} px), targets ${String(m.targets.length).padStart(3)} (smallest ${m.targets.length ? Math.min(...m.targets.map((t) => Math.min(t.w, t.h))).toFixed(1) : '–'} px)`)
  return [...small.map((t) => `${name}: text "${t.text}" ${t.size} px (${t.cls.trim().slice(0, 60)})`), ...tight.map((t) => `${name}: target ${t.what} ${t.w}×${t.h}`)]
}

describe('text sizes and tap targets, default and 长辈模式 (H5)', () => {
  browserTest('every measured page in both modes', async ({ page, open, pickIdentity }) => {
    const voucher = await courierWithVoucher(app)
    await page.context().grantPermissions(['geolocation'])
    await page.context().setGeolocation({ latitude: 40.0331, longitude: 116.2985 }) // 北京上地: stations nearby

    const PAGES: { name: string; route: string; ready: string }[] = [
      { name: '首页', route: '/pages/index/index', ready: '.entry-card, .section' },
      { name: '清凉', route: '/pages/cooling/index', ready: '.cool-card' },
      { name: '驿站', route: '/pages/stations/index', ready: '.st-row' },
      { name: '我的', route: '/pages/me/index', ready: '.font-mode' },
      { name: '清凉券', route: '/packages/voucher/pages/wallet/index', ready: '.section, .voucher, [class*=wallet]' },
      { name: '券码', route: `/packages/voucher/pages/qr/index?id=${voucher.id}`, ready: 'img, canvas, .voucher-qr__token' },
      { name: '签到', route: '/packages/station/pages/checkin/index', ready: '.section, .page' },
      { name: '报名', route: '/packages/contest/pages/signup/index', ready: '.section, .page' },
    ]
    const problems: string[] = []
    const measureAll = async (mode: 'standard' | 'elder') => {
      for (const p of PAGES) {
        await open(p.route)
        await page.locator(`.taro_page[id^="${p.route.split('?')[0]}"]`).locator(p.ready).first().waitFor()
        await page.waitForTimeout(600) // the page's data has landed and laid out
        problems.push(...check(p.name, await measure(page), mode))
      }
    }

    /** Taps 长辈模式 in 我的: the switch then says `state`, and the page is (or is not) in the elder class. */
    const switchElderMode = async (state: string, elder: boolean) => {
      await open('/pages/me/index')
      await page.locator('.font-mode').click()
      await page.locator('.font-mode__state', { hasText: state }).waitFor()
      expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(elder)
    }

    expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(false)
    await measureAll('standard')

    // 长辈模式: switched on in 我的, as a person would; it is remembered on the device (a reload keeps it).
    await switchElderMode('已开启', true)
    await page.reload()
    await page.locator('.font-mode__state', { hasText: '已开启' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true)
    await measureAll('elder')

    // And off again.
    await switchElderMode('已关闭', false)

    // The tills: the box a cashier pastes a code into and the verifier's 刷新 (default mode).
    for (const [who, route, ready] of [
      ['demo-cashier', '/packages/voucher/pages/redeem/index', '.ui-paste__input'],
      ['demo-merchant', '/packages/member/pages/verify/index', '.ui-paste__input'],
    ] as const) {
      await pickIdentity(who)
      await open(route)
      await page.locator(`.taro_page[id^="${route}"]`).locator(ready).first().waitFor()
      await page.waitForTimeout(600)
      const m = await measure(page)
      expect(m.targets.some((t) => t.what.startsWith('textarea'))).toBe(true)
      problems.push(...check(route.split('/')[4], m, 'standard'))
    }

    expect(problems).toEqual([])
  }, 240_000)
})
