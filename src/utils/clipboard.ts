import Taro from '@tarojs/taro'

/**
 * Copies text and says so. A failure is never silent: in the mini-program setClipboardData fails when the
 * clipboard is not declared in the privacy guide or the person refused it; the toast says what to do instead.
 */
export async function copyText(text: string, done = '已复制'): Promise<boolean> {
  try {
    await Taro.setClipboardData({ data: text })
    // The mini-program shows its own 内容已复制 toast; H5 shows nothing.
    if (process.env.TARO_ENV === 'h5') void Taro.showToast({ title: done, icon: 'success' })
    return true
  } catch {
    void Taro.showToast({ title: '复制失败，请长按文字手动复制', icon: 'none', duration: 3000 })
    return false
  }
}
