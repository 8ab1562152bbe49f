export default definePageConfig({ navigationBarTitleText: '清凉券数据' })
