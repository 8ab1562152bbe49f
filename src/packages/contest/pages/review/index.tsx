import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { contestActions, type Contest, type EntryStatus, type Genre, type ReviewItem } from '@contract'
import { BigButton } from '@/components/BigButton'
import { SaveButton } from '@/components/SaveButton'
import { ApiError, useAction } from '@/hooks/useApi'
import { EntryItem } from '../../components/EntryItem'
import { Tabs } from '@/ui/Tabs'
import { validate } from '@/ui/Field/validate'
import { Field } from '@/ui/Field'
import { PagedList } from '@/ui/PagedList'
import { GENRE_LABELS, when } from '../../lib'
import { useQueue } from '../../staff'
import { ContestPage } from '../../components/ContestPage'
import '../../components/contest.scss'

const MEDIA_TEXT = { pending: '内容安全检测中', pass: '内容安全检测通过', manual: '需人工查看视频内容', error: '内容安全检测未完成，请人工查看' } as const

/**
 * A decision on an entry that may need a reason: the reason box open or not, its text, sending, and what went
 * wrong (the reason's own error, or the answer's message). `send` closes the box once the call went through.
 */
function useReasoned() {
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const send = async (call: () => Promise<unknown>) => {
    setBusy(true)
    setError('')
    try {
      await call()
      setOpen(false)
    } catch (err) {
      const a = ApiError.from(err)
      setError(a.fieldError('reason') ?? a.message)
    } finally {
      setBusy(false)
    }
  }
  return { open, setOpen, reason, setReason, error, setError, busy, send }
}

/** Staff take an approved entry out of the gallery, with a reason its owner sees. */
function WithdrawAction({ e, onChanged }: { e: ReviewItem; onChanged: (next: ReviewItem) => void }) {
  const withdraw = useAction('contest', 'withdraw', { exclusive: false })
  const r = useReasoned()
  const send = async () => {
    const v = validate(contestActions.withdraw.input, { entryId: e.id, reason: r.reason })
    if (!v.ok) { r.setError(v.errors.reason ?? Object.values(v.errors)[0]); return }
    const ok = await Taro.showModal({ title: '撤下作品', content: `撤下后「${e.pieceTitle}」不再展示，不能投票和评分；参赛者会看到理由。确定撤下吗？`, confirmText: '撤下' })
    if (!ok.confirm) return
    await r.send(() => withdraw.run(v.data).then(onChanged))
  }
  if (!r.open) return <BigButton type='default' className='review__withdraw' onClick={() => r.setOpen(true)}>撤下作品</BigButton>
  return (
    <View className='c-entry__actions'>
      <Field label='撤下理由（参赛者可见）' name='withdrawReason' value={r.reason} onChange={(v) => { r.setReason(v); r.setError('') }} error={r.error}
        placeholder='如：视频与报名曲目不符' maxlength={200} multiline />
      <SaveButton type='danger' saving={r.busy} className='review__confirm-withdraw' onSave={() => void send()}>确认撤下</SaveButton>
      <BigButton type='default' onClick={() => r.setOpen(false)}>取消</BigButton>
    </View>
  )
}

function ReviewActions({ e, onChanged }: { e: ReviewItem; onChanged: (next: ReviewItem) => void }) {
  const review = useAction('contest', 'review', { exclusive: false })
  const r = useReasoned()
  const send = (approve: boolean) => r.send(() => review.run({ entryId: e.id, approve, ...(approve ? {} : { reason: r.reason }) }).then((next) => {
    onChanged(next)
    void Taro.showToast({ title: approve ? '已通过' : '已驳回', icon: 'success' })
  }))
  return (
    <View className='c-entry__actions'>
      {r.open ? (
        <>
          <Field label='驳回理由' name='reason' value={r.reason} onChange={r.setReason} error={r.error} placeholder='如：视频无声音，请重新录制' maxlength={200} multiline />
          <BigButton type='danger' loading={r.busy} className='review__confirm-reject' onClick={() => void send(false)}>确认驳回</BigButton>
          <BigButton type='default' onClick={() => r.setOpen(false)}>取消</BigButton>
        </>
      ) : (
        <>
          {e.status !== 'approved' && <BigButton type='success' loading={r.busy} className='review__approve' onClick={() => void send(true)}>通过</BigButton>}
          {e.status !== 'rejected' && <BigButton type='default' className='review__reject' onClick={() => r.setOpen(true)}>驳回</BigButton>}
          {r.error && <Text className='c-entry__reason'>{r.error}</Text>}
        </>
      )}
    </View>
  )
}

function Queue({ c }: { c: Contest }) {
  const [status, setStatus] = useState<EntryStatus>('submitted')
  const [genre, setGenre] = useState<Genre | 'all'>('all')
  const q = useQueue({ contestId: c.id, status, ...(genre !== 'all' ? { genre } : {}) })
  usePullDownRefresh(() => void q.reload().finally(() => Taro.stopPullDownRefresh()))
  return (
    <>
      <Tabs className='ui-tabs--chips ui-tabs--opera c-tabs--status' value={status} onChange={setStatus} options={[{ value: 'submitted', label: '待审核' }, { value: 'approved', label: '已通过' }, { value: 'rejected', label: '已驳回' }, { value: 'withdrawn', label: '已撤下' }]} />
      <Tabs className='ui-tabs--chips ui-tabs--opera c-tabs--genre' value={genre} onChange={setGenre} options={[{ value: 'all', label: '全部剧种' }, ...c.genres.map((g) => ({ value: g, label: GENRE_LABELS[g] }))]} />
      <PagedList paged={q} emptyTitle={status === 'submitted' ? '没有待审核的报名' : '暂无记录'} keyOf={(e) => e.id}
        head={(list) => <><Text className='c-muted'>先到先审 · 已加载 {list.length} 条</Text><View className='c-gap' /></>}>
        {(e) => (
          <EntryItem e={e} showStatus className='review__item'>
            <Text className='c-entry__line'>手机 {e.phone} · 报名 {when(e.createdAt)}</Text>
            {e.mediaCheck && <Text className='c-entry__line'>{MEDIA_TEXT[e.mediaCheck]}</Text>}
            {e.status === 'rejected' && <Text className='c-entry__reason'>驳回理由：{e.reason}</Text>}
            {e.status === 'withdrawn' && <Text className='c-entry__reason review__withdrawn'>已撤下：{e.reason}</Text>}
            {e.status !== 'withdrawn' && e.stage === 'prelim' && !c.stages[0]?.settled && <ReviewActions e={e} onChanged={q.update} />}
            {e.status === 'approved' && <WithdrawAction e={e} onChanged={q.update} />}
          </EntryItem>
        )}
      </PagedList>
    </>
  )
}

export default function ReviewPage() {
  return <ContestPage className='contest-review'>{(contest) => <Queue c={contest} />}</ContestPage>
}
