import { View, Text } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { HealthCheck } from '@contract'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { useQuery } from '@/hooks/useApi'
import './index.scss'

function Row({ c }: { c: HealthCheck }) {
  return (
    <View className={`health__row health__row--${c.ok ? 'ok' : 'bad'}`}>
      <Text className='health__mark'>{c.ok ? '✓' : '✗'}</Text>
      <View className='health__body'>
        <Text className='health__name'>{c.name}</Text>
        <Text className='health__detail'>{c.detail}</Text>
      </View>
    </View>
  )
}

/**
 * What a deploy needs, as a checklist (member.health): problems first, each with what to do;
 * then everything that is in place. Pull down or tap 重新检查 after fixing something.
 */
export default function HealthPage() {
  const q = useQuery('member', 'health', {}, { refreshOnShow: false })
  usePullDownRefresh(() => void q.reload().finally(() => Taro.stopPullDownRefresh()))
  return (
    <View className='page health'>
      <PageState query={q}>
        {({ checks }) => {
          const bad = checks.filter((c) => !c.ok)
          const good = checks.filter((c) => c.ok)
          return (
            <>
              <View className={`health__summary health__summary--${bad.length ? 'bad' : 'ok'}`}>
                <Text className='health__summary-title'>{bad.length ? `${bad.length} 项需要处理` : '全部正常'}</Text>
                <Text className='health__summary-sub'>共检查 {checks.length} 项{bad.length ? '，按提示处理后再查一次' : '，可以开始使用'}</Text>
              </View>
              {bad.length > 0 && (
                <Section title='需要处理'>
                  {bad.map((c) => <Row key={c.name} c={c} />)}
                </Section>
              )}
              <Section title={bad.length ? '已就绪' : '检查项'}>
                {good.map((c) => <Row key={c.name} c={c} />)}
              </Section>
              <View className='health__actions'>
                <BigButton loading={q.loading} onClick={() => void q.reload()}>重新检查</BigButton>
              </View>
            </>
          )
        }}
      </PageState>
      <BackHome />
    </View>
  )
}
