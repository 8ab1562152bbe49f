import { MAIN_PAGES, SUBPACKAGES, TAB_PAGES } from './routes'

// Pages and subpackages come from src/routes.ts: register new pages there, not here.
export default defineAppConfig({
  pages: [TAB_PAGES.home, TAB_PAGES.cooling, TAB_PAGES.stations, TAB_PAGES.me, ...Object.values(MAIN_PAGES)],
  subPackages: Object.entries(SUBPACKAGES).map(([name, { root, pages }]) => ({ name, root, pages })),
  window: {
    navigationBarBackgroundColor: '#d7261e',
    navigationBarTitleText: '工惠驿站',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f5f5',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    color: '#6b6f76',
    selectedColor: '#d7261e',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: TAB_PAGES.home, text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: TAB_PAGES.cooling, text: '清凉', iconPath: 'assets/tab/cooling.png', selectedIconPath: 'assets/tab/cooling-active.png' },
      { pagePath: TAB_PAGES.stations, text: '驿站', iconPath: 'assets/tab/stations.png', selectedIconPath: 'assets/tab/stations-active.png' },
      { pagePath: TAB_PAGES.me, text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-active.png' },
    ],
  },
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': { desc: '用于查找离您最近的爱心驿站和合作商户' },
  },
  lazyCodeLoading: 'requiredComponents',
  // Base libraries 2.32.3–3.0 apply the privacy-guide check only when asked; later ones always do. The items
  // to declare are in src/privacy.ts (README: 隐私保护指引).
  ...({ __usePrivacyCheck__: true } as Record<string, unknown>),
  // Open the area subpackages ahead of time on the tabs that link into them.
  preloadRule: {
    [TAB_PAGES.cooling]: { network: 'all', packages: ['voucher'] },
    [TAB_PAGES.stations]: { network: 'all', packages: ['station'] },
  },
})
