/**
 * A production mini-program must name its CloudBase environment: without it the app would call
 * cloud.init({ env: DYNAMIC_CURRENT_ENV }), a constant of the function side that is undefined on the phone.
 * Demo and test builds (DEMO_BUILD=1, set by scripts/lib/builds.mjs) and development builds go without.
 */
export function assertCloudEnv(e: Record<string, string | undefined>): void {
  const weapp = (e.TARO_ENV || 'weapp') === 'weapp'
  if (!weapp || e.NODE_ENV === 'development' || e.DEMO_BUILD === '1' || (e.CLOUD_ENV ?? '').trim()) return
  throw new Error(
    '生产构建缺少 CLOUD_ENV：请用 `CLOUD_ENV=<云开发环境 ID> npm run build:weapp` 构建要上传的小程序；'
      + '演示或测试构建请设置 DEMO_BUILD=1（npm test 已设置）。',
  )
}
