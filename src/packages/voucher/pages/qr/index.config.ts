export default definePageConfig({ navigationBarTitleText: '出示券码' })
