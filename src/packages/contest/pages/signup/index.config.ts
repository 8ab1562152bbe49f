export default definePageConfig({ navigationBarTitleText: '大赛报名' })
