export default definePageConfig({ navigationBarTitleText: '部署检查', enablePullDownRefresh: true })
