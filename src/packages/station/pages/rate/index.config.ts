export default definePageConfig({ navigationBarTitleText: '评价驿站' })
