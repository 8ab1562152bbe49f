import { View, Text } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { Contest, Entry } from '@contract'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { useAction, useAsync } from '@/hooks/useApi'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { EntryItem } from '../../components/EntryItem'
import { Notice } from '@/ui/Notice'
import { STAGE_LABELS, fetchContest, stageLine, when } from '../../lib'
import '../../components/contest.scss'
import { Row } from '@/ui/Rows'

function Results({ c, e }: { c: Contest; e: Entry }) {
  if (e.status === 'submitted') return <Text className='c-entry__line mine__state'>已提交，等待工作人员审核（{when(e.createdAt)}）</Text>
  if (e.status === 'rejected') return <Text className='c-entry__reason mine__state'>未通过审核：{e.reason || '未说明原因'}</Text>
  if (e.status === 'withdrawn') return <Text className='c-entry__reason mine__state mine__withdrawn'>作品已被工作人员撤下，不再展示和参与投票、评分。理由：{e.reason || '未说明原因'}</Text>
  const reached = c.stages.filter((s) => (e.results ?? []).some((r) => r.stage === s.id))
  return (
    <View className='c-entry__results mine__results'>
      {reached.map((s) => (
        <Row key={s.id} label={STAGE_LABELS[s.id]}>{stageLine(c, e, s.id)}</Row>
      ))}
      <Row label='人气票数'>{e.votes} 票</Row>
    </View>
  )
}

export default function MinePage() {
  const mine = useAction('contest', 'mine', { exclusive: false })
  const get = useAction('contest', 'get', { exclusive: false })
  const q = useAsync(async () => {
    const [{ items }, contest] = await Promise.all([mine.run({}), fetchContest(Taro.getCurrentInstance().router?.params?.id || undefined)])
    const contests = new Map<string, Contest>([[contest.id, contest]])
    for (const e of items) if (!contests.has(e.contestId)) contests.set(e.contestId, await get.run({ contestId: e.contestId }))
    return { items, contests, current: contest }
  }, 'contest.mine')
  usePullDownRefresh(() => void q.reload().finally(() => Taro.stopPullDownRefresh()))

  return (
    <View className='page contest-mine'>
      <PageState query={q} isEmpty={(d) => d.items.length === 0} emptyTitle='还没有报名'
        emptyDescription='京剧、评剧、河北梆子，每个剧种可以各报一次'
        emptyAction={q.data?.current.signupOpen ? <BigButton onClick={() => void go(`${ROUTES.contest.signup}?id=${q.data!.current.id}`)}>去报名</BigButton> : undefined}>
        {(d) => (
          <>
            {d.items.some((e) => e.awards?.length) && <Notice kind='success' title='恭喜获奖！'><Text>获奖证书和奖杯将由工会统一颁发。</Text></Notice>}
            {d.items.map((e) => (
              <EntryItem key={e.id} e={e} showStatus className='mine__entry'>
                <Text className='c-entry__line'>手机 {e.phone} · 报名时间 {when(e.createdAt)}</Text>
                <Results c={d.contests.get(e.contestId)!} e={e} />
              </EntryItem>
            ))}
            {d.current.signupOpen && d.items.filter((e) => e.contestId === d.current.id).length < d.current.genres.length && (
              <BigButton type='default' onClick={() => void go(`${ROUTES.contest.signup}?id=${d.current.id}`)}>报名其他剧种</BigButton>
            )}
          </>
        )}
      </PageState>
      <BackHome />
    </View>
  )
}
