import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { Contest, Entry, Genre, Stage } from '@contract'
import { BackHome } from '@/components/BackHome'
import { PageState } from '@/components/PageState'
import { ApiError, useAction } from '@/hooks/useApi'
import { useMe } from '@/hooks/useMe'
import { usePagedQuery } from '@/hooks/usePagedQuery'
import { EntryItem } from '../../components/EntryItem'
import { Tabs } from '@/ui/Tabs'
import { Notice } from '@/ui/Notice'
import { PagedList } from '@/ui/PagedList'
import { GENRE_LABELS, STAGE_LABELS, useContest } from '../../lib'
import '../../components/contest.scss'

function VoteButton({ e, canVote, onVoted }: { e: Entry; canVote: boolean; onVoted: (votes: number) => void }) {
  const voteAction = useAction('contest', 'vote')
  const [busy, setBusy] = useState(false)
  const [msg, setMsg] = useState('')
  const [voted, setVoted] = useState(false)
  const vote = async () => {
    if (busy) return
    if (!canVote) { setMsg(process.env.TARO_ENV === 'h5' ? '请先在「我的」页面选择一个演示身份再投票' : '请先登录再投票'); return }
    setBusy(true)
    setMsg('')
    try {
      const r = await voteAction.run({ entryId: e.id })
      onVoted(r.votes)
      setVoted(true)
      void Taro.showToast({ title: '投票成功', icon: 'success' })
    } catch (err) {
      const a = ApiError.from(err)
      if (a.code === 'DUPLICATE') setVoted(true)
      setMsg(a.message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <View className='c-entry__foot'>
        <Text className='c-entry__votes entries__votes'>{e.votes} 票</Text>
        <View className={`c-entry__vote entries__vote ${voted ? 'c-entry__vote--done' : ''}`} hoverClass='entry-card--pressed' onClick={() => void vote()}>
          <Text>{busy ? '投票中…' : voted ? '今日已投' : '投 票'}</Text>
        </View>
      </View>
      {msg && <Text className='c-entry__msg entries__msg'>{msg}</Text>}
    </>
  )
}

function Gallery({ c, canVote }: { c: Contest; canVote: boolean }) {
  const [genre, setGenre] = useState<Genre | 'all'>('all')
  const [stage, setStage] = useState<Stage>(c.currentStage ?? c.stages[0].id)
  const paged = usePagedQuery('contest', 'entries', { contestId: c.id, stage, limit: 10, ...(genre !== 'all' ? { genre } : {}) })
  usePullDownRefresh(() => void paged.reload().finally(() => Taro.stopPullDownRefresh()))

  return (
    <>
      <Tabs className='ui-tabs--chips ui-tabs--opera c-tabs--genre' value={genre} onChange={setGenre} options={[{ value: 'all', label: '全部' }, ...c.genres.map((g) => ({ value: g, label: GENRE_LABELS[g] }))]} />
      <Tabs className='ui-tabs--chips ui-tabs--opera c-tabs--stage' value={stage} onChange={setStage} options={c.stages.filter((s) => s.id !== 'showcase').map((s) => ({ value: s.id, label: STAGE_LABELS[s.id] }))} />
      {c.votingOpen
        ? <Text className='c-muted'>为喜欢的作品投票：每人每天最多 10 票，同一作品每天 1 票。决赛选手中得票最多的 5 位获最佳人气奖。</Text>
        : <Text className='c-muted'>投票已结束，票数为最终结果。</Text>}
      <View className='c-gap' />
      <PagedList paged={paged} emptyTitle='暂无作品' emptyDescription={`${STAGE_LABELS[stage]}还没有通过审核的作品`} keyOf={(e) => e.id}>
        {(e) => (
          <EntryItem e={e} className='entries__item'>
            {c.votingOpen && (
              <VoteButton e={e} canVote={canVote} onVoted={(votes) => paged.update((cur) => cur.map((x) => (x.id === e.id ? { ...x, votes } : x)))} />
            )}
            {!c.votingOpen && <Text className='c-entry__votes'>{e.votes} 票</Text>}
          </EntryItem>
        )}
      </PagedList>
    </>
  )
}

export default function EntriesPage() {
  const q = useContest()
  const me = useMe()
  return (
    <View className='page contest-entries'>
      <PageState query={q}>
        {(c) => (
          <>
            {me.isGuest && c.votingOpen && <Notice kind='info' title='登录后可以投票'><Text>{process.env.TARO_ENV === 'h5' ? '请在「我的」页面选择一个演示身份。' : '投票需要您的微信身份。'}</Text></Notice>}
            <Gallery c={c} canVote={!me.isGuest} />
          </>
        )}
      </PageState>
      <BackHome />
    </View>
  )
}
