import Taro from '@tarojs/taro'
import { render, screen, fireEvent } from '@testing-library/react'
import { taroTest } from './shims/taro'
import { FontModeSwitch } from '@/components/FontModeSwitch'
import { FONT_MODE_KEY, LARGE_FONT_SETTING, applyFontMode, getFontMode, setFontMode } from '@/utils/fontMode'

/**
 * 长辈模式: follows WeChat's font-size setting until the person chooses; the choice is remembered on the device
 * and puts the class on the root (<html> on H5).
 */
const T = Taro as unknown as Record<string, unknown>
const systemInfo = T.getSystemInfoSync
afterEach(() => {
  taroTest.reset()
  T.getSystemInfoSync = systemInfo
  delete T.getAppBaseInfo
  document.documentElement.classList.remove('elder')
})

describe('getFontMode', () => {
  test('standard where there is no font-size setting (H5) or it is the usual size', () => {
    expect(getFontMode()).toBe('standard')
    T.getAppBaseInfo = () => ({ fontSizeSetting: 17 })
    expect(getFontMode()).toBe('standard')
  })

  test("on by default when WeChat's font size is large (getAppBaseInfo, or the older getSystemInfoSync)", () => {
    T.getAppBaseInfo = () => ({ fontSizeSetting: LARGE_FONT_SETTING })
    expect(getFontMode()).toBe('elder')
    delete T.getAppBaseInfo
    T.getSystemInfoSync = () => ({ fontSizeSetting: 22 })
    expect(getFontMode()).toBe('elder')
  })

  test("the person's choice wins over the setting, both ways", () => {
    T.getAppBaseInfo = () => ({ fontSizeSetting: 24 })
    Taro.setStorageSync(FONT_MODE_KEY, 'standard')
    expect(getFontMode()).toBe('standard')
    T.getAppBaseInfo = () => ({ fontSizeSetting: 16 })
    Taro.setStorageSync(FONT_MODE_KEY, 'elder')
    expect(getFontMode()).toBe('elder')
  })
})

describe('applying it', () => {
  test('H5: the class on <html>; setFontMode saves the choice', () => {
    applyFontMode()
    expect(document.documentElement.classList.contains('elder')).toBe(false)
    setFontMode('elder')
    expect(Taro.getStorageSync(FONT_MODE_KEY)).toBe('elder')
    expect(document.documentElement.classList.contains('elder')).toBe(true)
    setFontMode('standard')
    expect(document.documentElement.classList.contains('elder')).toBe(false)
  })

  test('the switch in 我的 says its state and turns the mode on and off', () => {
    render(<FontModeSwitch />)
    expect(screen.getByText('已关闭')).toBeTruthy()
    fireEvent.click(screen.getByText('长辈模式'))
    expect(screen.getByText('已开启')).toBeTruthy()
    expect(getFontMode()).toBe('elder')
    expect(document.documentElement.classList.contains('elder')).toBe(true)
    fireEvent.click(screen.getByText('长辈模式'))
    expect(screen.getByText('已关闭')).toBeTruthy()
    expect(Taro.getStorageSync(FONT_MODE_KEY)).toBe('standard')
  })
})
