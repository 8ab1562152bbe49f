/**
 * H5 only: fetch a page's code now, through the router's own loader, so the page opens later with no network
 * (the mini-program has every page on the phone). The router's loader is the one import the page is opened
 * with, so this fetches exactly the chunks opening it needs, however the build splits them.
 */
interface RouteConfig { path: string; load?: () => unknown }

export function preloadPage(route: string): void {
  if (process.env.TARO_ENV !== 'h5') return
  const path = route.replace(/^\//, '').replace(/\?.*$/, '')
  const routes = (window as unknown as { __taroAppConfig?: { routes?: RouteConfig[] } }).__taroAppConfig?.routes ?? []
  const r = routes.find((x) => x.path.replace(/^\//, '') === path)
  try {
    const loaded = r?.load?.()
    // The loader answers [import promise, context, params]: a failed fetch must not surface as an unhandled rejection.
    if (Array.isArray(loaded) && loaded[0] instanceof Promise) loaded[0].catch(() => undefined)
  } catch {
    // Nothing to preload: the page loads when opened, as it would anyway.
  }
}
