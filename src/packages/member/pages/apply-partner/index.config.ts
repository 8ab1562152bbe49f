export default definePageConfig({ navigationBarTitleText: '成为合作单位' })
