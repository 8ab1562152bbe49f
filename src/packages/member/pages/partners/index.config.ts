export default definePageConfig({ navigationBarTitleText: '合作商户', enablePullDownRefresh: true })
