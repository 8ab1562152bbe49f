/**
 * 长辈模式 (large text): secondary text ≥ 17 px, body ≥ 18 px, titles ≥ 22 px, targets ≥ 48 px. It is one class,
 * `elder`, on the root: the type sizes and the tap size are CSS variables (src/styles/theme.scss, app.scss), so
 * no page styles it on its own. Remembered on the device; until the person chooses, it follows WeChat's own
 * font-size setting (我 → 设置 → 通用 → 字体大小): on when that is large.
 *   H5: the class is on <html>.
 *   Mini-program: there is no element above the pages, so the class goes on each page's root view when the
 *   page shows (and on every open page when the switch changes).
 */
import Taro from '@tarojs/taro'

export type FontMode = 'standard' | 'elder'
export const FONT_MODE_KEY = 'font-mode'
export const FONT_MODE_EVENT = 'font-mode-change'
/**
 * WeChat's font size in px (fontSizeSetting): the standard setting is 16–17 px; the larger steps start at 20 px.
 */
export const LARGE_FONT_SETTING = 20

/** WeChat's font-size setting in px, or null where there is none (H5). getAppBaseInfo is the current API. */
function systemFontSize(): number | null {
  try {
    const api = Taro as unknown as { getAppBaseInfo?: () => { fontSizeSetting?: number } }
    const base = typeof api.getAppBaseInfo === 'function' ? api.getAppBaseInfo() : undefined
    const size = base?.fontSizeSetting ?? Taro.getSystemInfoSync().fontSizeSetting
    return typeof size === 'number' && size > 0 ? size : null
  } catch {
    return null
  }
}

/** The person's choice, or else WeChat's setting. */
export function getFontMode(): FontMode {
  try {
    const saved = Taro.getStorageSync(FONT_MODE_KEY)
    if (saved === 'elder' || saved === 'standard') return saved
  } catch {
    // storage unavailable: follow the system
  }
  const size = systemFontSize()
  return size !== null && size >= LARGE_FONT_SETTING ? 'elder' : 'standard'
}

type ClassTarget = { classList?: { add(c: string): void; remove(c: string): void } }

type TaroNode = ClassTarget & { nodeType?: number; childNodes?: TaroNode[] }
/** Finds a page's root element by page id: Taro's own document in the mini-program (app.tsx sets it). */
let findPageRoot: ((pageId: string) => TaroNode | null | undefined) | null = null
export function setPageRootLookup(find: (pageId: string) => TaroNode | null | undefined) {
  findPageRoot = find
}

/** The root view of a mini-program page (the first element under Taro's page root). */
function pageRootView(pageId: string | undefined): ClassTarget | null {
  if (!pageId || !findPageRoot) return null
  return findPageRoot(pageId)?.childNodes?.find((n) => n.nodeType === 1) ?? null
}

function mark(target: ClassTarget | null, mode: FontMode) {
  if (!target?.classList) return
  if (mode === 'elder') target.classList.add('elder')
  else target.classList.remove('elder')
}

/** Puts the mode on the root: <html> on H5; in the mini-program, the root view of the page with this id. */
export function applyFontMode(mode: FontMode = getFontMode(), pageId?: string) {
  if (process.env.TARO_ENV === 'h5') {
    mark(typeof document !== 'undefined' ? (document.documentElement as ClassTarget) : null, mode)
    return
  }
  applyToPage(mode, pageId, 0)
}

/** A page that has just loaded may not have rendered its root view yet: look again shortly (up to about 1 s). */
function applyToPage(mode: FontMode, pageId: string | undefined, tries: number) {
  const view = pageRootView(pageId)
  if (view) mark(view, mode)
  else if (pageId && tries < 20) setTimeout(() => applyToPage(mode, pageId, tries + 1), 50)
}

/** Saves the choice and applies it at once (H5: the root; mini-program: every open page). */
export function setFontMode(mode: FontMode) {
  try {
    Taro.setStorageSync(FONT_MODE_KEY, mode)
  } catch {
    // not remembered, but still applied now
  }
  if (process.env.TARO_ENV === 'h5') applyFontMode(mode)
  else for (const p of Taro.getCurrentPages()) applyFontMode(mode, (p as { $taroPath?: string }).$taroPath)
  Taro.eventCenter.trigger(FONT_MODE_EVENT, mode)
}
