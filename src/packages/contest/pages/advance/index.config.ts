export default definePageConfig({ navigationBarTitleText: '晋级与评奖' })
