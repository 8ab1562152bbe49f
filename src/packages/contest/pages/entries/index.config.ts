export default definePageConfig({ navigationBarTitleText: '作品展示 · 人气投票', enablePullDownRefresh: true })
