import type { PropsWithChildren } from 'react'
import Taro, { usePageNotFound } from '@tarojs/taro'
import { configure as configureIcons } from '@nutui/icons-react-taro'
import { document as taroDocument, hooks } from '@tarojs/runtime'
import { initCloud } from './api/cloud'
import { ROUTES } from './routes'
import { applyFontMode, setPageRootLookup } from './utils/fontMode'
import './app.scss'

initCloud()
// NutUI icons render as <i> by default, which the mini-program has no template for: use a view there.
if (process.env.TARO_ENV !== 'h5') configureIcons({ tag: 'view' })

// 长辈模式 at the root, once for every page: <html> on H5; in the mini-program each page's root view, set when
// the page loads and whenever it shows again (the switch in 我的 may have changed it meanwhile).
if (process.env.TARO_ENV === 'h5') applyFontMode()
else {
  setPageRootLookup((id) => taroDocument.getElementById(id) as never)
  hooks.tap('modifyPageObject', (config: Record<string, unknown>) => {
    for (const lifecycle of ['onLoad', 'onShow']) {
      const original = config[lifecycle] as ((this: { $taroPath?: string }, ...args: unknown[]) => unknown) | undefined
      config[lifecycle] = function (this: { $taroPath?: string }, ...args: unknown[]) {
        const result = original?.apply(this, args)
        applyFontMode(undefined, this.$taroPath)
        return result
      }
    }
  })
}

/** An unknown address (an old shared link, a typo) lands on a page that says so, not on the previous page. */
function toNotFound({ path }: { path?: string }) {
  void Taro.redirectTo({ url: `${ROUTES.notFound}?path=${encodeURIComponent(path ?? '')}` }).catch(() => Taro.reLaunch({ url: ROUTES.notFound }))
}
// H5: Taro's router announces a route it cannot resolve on its event centre, already for the first address
// (before the app component has mounted and could register a hook).
if (process.env.TARO_ENV === 'h5') Taro.eventCenter.on('__taroRouterNotFound', toNotFound)
// H5: the HTML shell paints a skeleton (src/index.html) while the scripts download; it goes once the router has
// shown the first page, which draws its own skeleton until its data arrives.
if (process.env.TARO_ENV === 'h5') {
  Taro.eventCenter.once('__afterTaroRouterChange', () => document.getElementById('boot-skeleton')?.remove())
}

function App({ children }: PropsWithChildren) {
  // The mini-program: App.onPageNotFound (a page removed since a link to it was shared).
  usePageNotFound((e) => { if (process.env.TARO_ENV !== 'h5') toNotFound(e) })
  return children
}

export default App
