import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import { Empty, Loading } from '@nutui/nutui-react-taro'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { BigButton } from '../BigButton'
import './index.scss'

interface ErrorLike {
  message: string
  code?: string
}

interface QueryLike<T> {
  data: T | undefined
  error: ErrorLike | null
  loading: boolean
  reload: () => unknown
  /** Data kept on the device shown for lack of network, saved at this time (useQuery's `cacheKey`). */
  offlineAt?: number | null
}

const pad = (n: number) => String(n).padStart(2, '0')
/** 「离线 · 更新于 HH:mm」: the phone's local time of the last answer. */
export const offlineLine = (at: number) => `离线 · 更新于 ${pad(new Date(at).getHours())}:${pad(new Date(at).getMinutes())}`

export interface PageStateProps<T> {
  /** A useQuery/useAsync result: data, error, loading and reload in one. */
  query?: QueryLike<T>
  /** Or the parts, without a query. */
  loading?: boolean
  error?: ErrorLike | null
  empty?: boolean
  onRetry?: () => unknown
  /** With `query`: which data counts as empty, e.g. `(d) => d.items.length === 0`. */
  isEmpty?: (data: T) => boolean
  emptyTitle?: string
  emptyDescription?: string
  /** e.g. a BigButton to create the first item. */
  emptyAction?: ReactNode
  loadingText?: string
  /** Shown instead of the spinner while the first data loads: a <Skeleton> shaped like the content. */
  skeleton?: ReactNode
  /** The content; with `query`, a function of the loaded data. */
  children?: ReactNode | ((data: T) => ReactNode)
}

/**
 * The four states of anything loaded: loading, error (with 重试), empty, content.
 * A failed reload over data already shown keeps the data and adds a slim banner instead.
 */
export function PageState<T>(props: PageStateProps<T>) {
  const { query, isEmpty, emptyTitle = '暂无内容', emptyDescription, emptyAction, loadingText = '加载中…', skeleton, children } = props
  const data = query?.data
  const hasData = query ? data !== undefined : !props.loading && !props.error
  const error = query ? query.error : props.error ?? null
  const loading = query ? query.loading : !!props.loading
  const retry = query ? query.reload : props.onRetry
  const empty = query ? hasData && !!isEmpty?.(data as T) : !!props.empty

  if (!hasData && error) return <ErrorState error={error} onRetry={retry} />
  if (!hasData && loading) {
    if (skeleton) {
      return (
        <View className='page-state page-state--skeleton' aria-busy='true'>
          <Text className='page-state__sr'>{loadingText}</Text>
          {skeleton}
        </View>
      )
    }
    return (
      <View className='page-state page-state--loading' aria-busy='true'>
        <Loading type='spinner' direction='vertical'>
          {loadingText}
        </Loading>
      </View>
    )
  }
  if (empty) {
    return (
      <View className='page-state page-state--empty'>
        <Empty image={<View className='page-state__icon'>○</View>} title={emptyTitle} description={emptyDescription ?? ''} />
        {emptyAction}
      </View>
    )
  }
  const content = typeof children === 'function' ? (children as (d: T) => ReactNode)(data as T) : children
  const offlineAt = query?.offlineAt
  return (
    <>
      {hasData && offlineAt && (
        <View className='page-state__offline' role='status' onClick={() => retry?.()}>
          <Text className='page-state__offline-text'>{offlineLine(offlineAt)}</Text>
          <Text className='page-state__banner-retry'>有网后自动刷新</Text>
        </View>
      )}
      {hasData && error && (
        <View className='page-state__banner' onClick={() => retry?.()}>
          <Text>{error.message}</Text>
          <Text className='page-state__banner-retry'>点此重试</Text>
        </View>
      )}
      {content}
    </>
  )
}

function ErrorState({ error, onRetry }: { error: ErrorLike; onRetry?: () => unknown }) {
  const needsIdentity = error.code === 'UNAUTHENTICATED' && process.env.TARO_ENV === 'h5'
  return (
    <View className='page-state page-state--error' role='alert'>
      <View className='page-state__icon page-state__icon--error'>!</View>
      <Text className='page-state__title'>{error.message}</Text>
      {needsIdentity && <Text className='page-state__hint'>请先在「我的」页面选择一个演示身份</Text>}
      {onRetry && (
        <BigButton type='primary' onClick={() => void onRetry()}>
          重试
        </BigButton>
      )}
      {needsIdentity && (
        <BigButton type='default' onClick={() => void go(ROUTES.me)}>
          去选择身份
        </BigButton>
      )}
    </View>
  )
}

export default PageState
