export default definePageConfig({ navigationBarTitleText: '驿站星级评估' })
