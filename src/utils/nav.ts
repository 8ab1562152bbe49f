import Taro from '@tarojs/taro'
import { isTabPage, ROUTES } from '@/routes'

/** The mini-program keeps at most 10 pages on its stack. */
const MAX_STACK = 10

/** Opens a page by URL: tab pages by switchTab, others pushed (or replacing the top when the stack is full). */
export function go(url: string): Promise<unknown> {
  if (isTabPage(url)) return Taro.switchTab({ url: url.split('?')[0] })
  if (Taro.getCurrentPages().length >= MAX_STACK) return Taro.redirectTo({ url })
  return Taro.navigateTo({ url })
}

/** Back one page, or home when this page was opened directly (a shared link, a scanned code). */
export function back(): Promise<unknown> {
  if (Taro.getCurrentPages().length > 1) return Taro.navigateBack()
  return Taro.switchTab({ url: ROUTES.home })
}

export function goHome(): Promise<unknown> {
  return Taro.switchTab({ url: ROUTES.home })
}
