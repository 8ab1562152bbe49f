export default definePageConfig({ navigationBarTitleText: '编辑清凉活动' })
