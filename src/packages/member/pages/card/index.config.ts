export default definePageConfig({ navigationBarTitleText: '电子会员卡' })
