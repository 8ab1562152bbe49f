import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import type { Contest } from '@contract'
import { BackHome } from '@/components/BackHome'
import { PageState } from '@/components/PageState'
import { useContest } from '../lib'

/** A staff page about one contest (`?id=`, or the current one): loads it, draws the page, ends with BackHome. */
export function ContestPage({ className, children }: { className: string; children: (c: Contest) => ReactNode }) {
  const c = useContest()
  return (
    <View className={`page ${className}`}>
      <PageState query={c}>{children}</PageState>
      <BackHome />
    </View>
  )
}
