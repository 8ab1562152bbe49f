export default definePageConfig({ navigationBarTitleText: '职工戏剧票友大赛' })
