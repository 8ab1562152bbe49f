import { useCallback, useEffect, useRef } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import type { Topic } from '@contract'
import { call, getDemoOpenid, IDENTITY_EVENT } from '@/api'
import { TAB_PAGES } from '@/routes'

type Templates = Array<{ topic: Topic; templateId: string }>

/**
 * Asking for subscribe messages at the right moment: `prompt()` must be called first thing in the
 * tap handler of the action that leads to a decision (WeChat shows its dialog only on a user's tap),
 * without awaiting it before the action: the action runs while the dialog is up, and refusing,
 * dismissing or a failure never blocks it. `record(prompted)` then stores what was accepted, once
 * the action succeeded. On H5 there is no dialog: the tap itself records a local subscription.
 */
export function useSubscribe(topics: Topic[]) {
  const templates = useRef<Templates | null>(null)
  const key = topics.join(',')
  useEffect(() => {
    if (process.env.TARO_ENV !== 'weapp') return
    call('member', 'subscribeTemplates', {}).then((r) => { templates.current = r.items }, () => { templates.current = [] })
  }, [])

  const prompt = useCallback((): Promise<Topic[]> => {
    const wanted = key.split(',') as Topic[]
    if (process.env.TARO_ENV !== 'weapp') return Promise.resolve(wanted)
    const tpl = (templates.current ?? []).filter((t) => wanted.includes(t.topic))
    if (!tpl.length) return Promise.resolve([])
    return Taro.requestSubscribeMessage({ tmplIds: tpl.map((t) => t.templateId) } as Taro.requestSubscribeMessage.Option)
      .then((res) => tpl.filter((t) => (res as unknown as Record<string, string>)[t.templateId] === 'accept').map((t) => t.topic))
      .catch(() => [] as Topic[])
  }, [key])

  const record = useCallback(async (prompted: Promise<Topic[]>) => {
    const accepted = await prompted
    if (accepted.length) await call('member', 'subscribe', { topics: accepted }).catch(() => undefined)
  }, [])

  return { prompt, record }
}

const ME_TAB = Object.keys(TAB_PAGES).indexOf('me')

/** The red badge on 我的: the caller's unread messages, refreshed whenever a tab page shows. */
export function useUnreadBadge() {
  const refresh = useCallback(() => {
    const show = (unread: number) => {
      try {
        const p = unread > 0
          ? Taro.setTabBarBadge({ index: ME_TAB, text: unread > 99 ? '99+' : String(unread) })
          : Taro.removeTabBarBadge({ index: ME_TAB })
        void Promise.resolve(p).catch(() => undefined)
      } catch { /* no tab bar on this page */ }
    }
    if (process.env.TARO_ENV === 'h5' && !getDemoOpenid()) return show(0)
    call('member', 'messages', { limit: 1 }).then((r) => show(r.unread), () => undefined)
  }, [])
  useDidShow(refresh)
  useEffect(() => {
    Taro.eventCenter.on(IDENTITY_EVENT, refresh)
    return () => void Taro.eventCenter.off(IDENTITY_EVENT, refresh)
  }, [refresh])
  return refresh
}
