export default definePageConfig({ navigationBarTitleText: '合作单位审核', enablePullDownRefresh: true })
