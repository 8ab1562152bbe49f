import type { Me, Role } from '@contract'
import { call, getDemoOpenid } from '@/api'
import { useAsync } from './useApi'

export interface MeState {
  /** null for a guest (no identity: H5 游客) */
  me: Me | null | undefined
  roles: Role[]
  isGuest: boolean
  isStaff: boolean
  loading: boolean
  error: ReturnType<typeof useAsync>['error']
  reload: () => Promise<void>
  /** The same for <PageState query>: the caller as its data (offline copies are not marked on these pages). */
  query: { data: Me | null | undefined; error: MeState['error']; loading: boolean; reload: () => Promise<void> }
}

/** The caller: identity, roles and membership (member.me). A caller without identity is a guest, not an error. */
export function useMe(): MeState {
  const q = useAsync<Me | null>(
    () =>
      // H5 without a picked identity is a guest: no need to ask (and log a 401 on every page).
      process.env.TARO_ENV === 'h5' && !getDemoOpenid() ? Promise.resolve(null) : call('member', 'me', {}).catch((e: { code?: string }) => {
        if (e?.code === 'UNAUTHENTICATED') return null
        throw e
      }),
    'member.me',
    // Offline, pages that need the caller (the card, the wallet) still know who it is.
    { cacheKey: 'member.me' },
  )
  const roles = q.data?.roles ?? []
  return {
    me: q.data,
    roles,
    isGuest: q.data === null,
    isStaff: roles.length > 0,
    loading: q.loading,
    error: q.error,
    reload: q.reload,
    query: { data: q.data, error: q.error, loading: q.loading, reload: q.reload },
  }
}
