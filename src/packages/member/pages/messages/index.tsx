import { useCallback, useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { TOPIC_LABELS, type Message } from '@contract'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { ApiError, useAction, useAsync } from '@/hooks/useApi'
import { isPage } from '@/routes'
import { go } from '@/utils/nav'
import './index.scss'

type Inbox = { items: Message[]; nextCursor: string | null; unread: number }

/** Locally (H5) nothing reaches WeChat: the message was delivered to the local store only. */
const DELIVERED = process.env.TARO_ENV === 'weapp' ? ' · 已推送到微信' : ' · 已推送（本地演示）'

/** 7月10日 18:00 on the phone's clock; the message centre is read where the worker is. */
function when(iso: string): string {
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

function MessageRow({ m, onOpen }: { m: Message; onOpen: (m: Message) => void }) {
  return (
    <View className={`messages__item ${m.read ? '' : 'messages__item--unread'}`} hoverClass='messages__item--pressed' onClick={() => onOpen(m)}>
      <View className='messages__head'>
        {!m.read && <Text className='messages__dot'>未读</Text>}
        <Text className='messages__title'>{m.title}</Text>
      </View>
      <Text className='messages__body'>{m.body}</Text>
      <View className='messages__meta'>
        <Text>{TOPIC_LABELS[m.topic]} · {when(m.sentAt)}{m.delivered ? DELIVERED : ''}</Text>
        <Text className='messages__arrow'>查看 ›</Text>
      </View>
    </View>
  )
}

/** 我的 → 消息: decisions and reminders, newest first; tapping one marks it read and opens its page. */
export default function MessagesPage() {
  const [more, setMore] = useState<{ items: Message[]; nextCursor: string | null } | null>(null)
  const [moreError, setMoreError] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const [readIds, setReadIds] = useState<Set<string>>(new Set())
  const messages = useAction('member', 'messages', { exclusive: false })
  const readMessages = useAction('member', 'readMessages', { exclusive: false })
  const q = useAsync<Inbox>(async () => {
    const first = await messages.run({})
    setMore(null)
    setReadIds(new Set())
    return first
  }, 'member.messages')
  usePullDownRefresh(() => void q.reload().finally(() => Taro.stopPullDownRefresh()))

  const runMessages = messages.run
  const loadMore = useCallback(async (cursor: string) => {
    setLoadingMore(true)
    setMoreError(null)
    try {
      const page = await runMessages({ cursor })
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], nextCursor: page.nextCursor }))
    } catch (e) {
      setMoreError(e instanceof ApiError ? e.message : '加载失败，请重试')
    } finally {
      setLoadingMore(false)
    }
  }, [runMessages])

  const markRead = (ids?: string[]) => {
    setReadIds((s) => new Set([...s, ...(ids ?? [])]))
    return readMessages.run(ids ? { ids } : {}).catch(() => undefined)
  }
  const open = (m: Message) => {
    if (!m.read && !readIds.has(m.id)) void markRead([m.id])
    const url = `/${m.page}`
    if (isPage(url)) void go(url)
  }
  const readAll = async () => {
    await markRead()
    void q.reload()
  }

  return (
    <View className='page messages'>
      <PageState
        query={q}
        isEmpty={(d) => d.items.length === 0}
        emptyTitle='还没有消息'
        emptyDescription='入会和合作申请的审核结果、大赛报名审核、晋级和获奖，以及清凉券当天到期提醒，都会发到这里。提交申请、报名或领券时允许“订阅消息”，还能在微信里收到通知。'
      >
        {(d) => {
          const items = [...d.items, ...(more?.items ?? [])].map((m) => (readIds.has(m.id) ? { ...m, read: true } : m))
          const next = more ? more.nextCursor : d.nextCursor
          const unread = items.filter((m) => !m.read).length
          return (
            <View>
              <View className='messages__bar'>
                <Text className='messages__count'>{unread > 0 ? `${unread} 条未读` : '全部已读'}</Text>
                {unread > 0 && <Text className='messages__read-all' onClick={() => void readAll()}>全部标为已读</Text>}
              </View>
              {items.map((m) => <MessageRow key={m.id} m={m} onOpen={open} />)}
              {next && (
                <BigButton type='default' loading={loadingMore} onClick={() => void loadMore(next)}>
                  {moreError ? `${moreError}，点此重试` : '加载更多'}
                </BigButton>
              )}
            </View>
          )
        }}
      </PageState>
      <BackHome />
    </View>
  )
}
