export default definePageConfig({ navigationBarTitleText: '清凉券核销' })
