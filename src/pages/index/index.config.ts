export default definePageConfig({
  navigationBarTitleText: '工惠驿站',
  enablePullDownRefresh: true,
})
