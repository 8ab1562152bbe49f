export default definePageConfig({ navigationBarTitleText: '评委打分' })
