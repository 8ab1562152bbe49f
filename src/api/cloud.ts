import Taro from '@tarojs/taro'

/** Once, when the mini-program starts: point wx.cloud at our environment. No-op on H5. */
export function initCloud(): void {
  if (process.env.TARO_ENV !== 'weapp') return
  const dynamicEnv = (Taro.cloud as unknown as { DYNAMIC_CURRENT_ENV?: string }).DYNAMIC_CURRENT_ENV
  Taro.cloud.init({ env: CLOUD_ENV || dynamicEnv, traceUser: true })
}
