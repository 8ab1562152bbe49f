import Taro from '@tarojs/taro'

/**
 * Once, when the mini-program starts: point wx.cloud at our environment. No-op on H5.
 * A release build always has CLOUD_ENV (config/cloud-env.ts refuses to build without it). A demo build
 * (DEMO_BUILD=1) has none and uses the default environment of the AppID, as WeChat DevTools does;
 * DYNAMIC_CURRENT_ENV is a constant of the function side and means nothing here.
 */
export function initCloud(): void {
  if (process.env.TARO_ENV !== 'weapp') return
  Taro.cloud.init(CLOUD_ENV ? { env: CLOUD_ENV, traceUser: true } : { traceUser: true })
}
