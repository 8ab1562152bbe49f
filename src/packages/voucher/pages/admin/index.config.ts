export default definePageConfig({ navigationBarTitleText: '清凉活动管理' })
