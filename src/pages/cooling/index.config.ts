export default definePageConfig({ navigationBarTitleText: '智送清凉' })
