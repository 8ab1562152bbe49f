export default definePageConfig({ navigationBarTitleText: '大赛设置' })
