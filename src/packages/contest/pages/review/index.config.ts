export default definePageConfig({ navigationBarTitleText: '大赛报名审核', enablePullDownRefresh: true })
