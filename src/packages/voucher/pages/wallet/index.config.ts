export default definePageConfig({ navigationBarTitleText: '我的清凉券' })
