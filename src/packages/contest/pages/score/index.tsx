import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { contestActions, type Contest, type Genre, type ReviewItem, type Stage } from '@contract'
import { SaveButton } from '@/components/SaveButton'
import { firstFieldErrors, useAction } from '@/hooks/useApi'
import { EntryItem } from '../../components/EntryItem'
import { Tabs } from '@/ui/Tabs'
import { validate } from '@/ui/Field/validate'
import { Field } from '@/ui/Field'
import { Notice } from '@/ui/Notice'
import { PagedList } from '@/ui/PagedList'
import { GENRE_LABELS, STAGE_LABELS, range, stageState } from '../../lib'
import { useQueue } from '../../staff'
import { ContestPage } from '../../components/ContestPage'
import '../../components/contest.scss'

function ScoreForm({ e, stage, open, onSaved }: { e: ReviewItem; stage: Stage; open: boolean; onSaved: (score: number, comment?: string) => void }) {
  const scoreAction = useAction('contest', 'score', { exclusive: false })
  const [score, setScore] = useState(e.myScore === null || e.myScore === undefined ? '' : String(e.myScore))
  const [comment, setComment] = useState(e.myComment ?? '')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState('')
  const [savedText, setSavedText] = useState('')
  const save = async () => {
    setMessage('')
    setSavedText('')
    const v = validate(contestActions.score.input, { entryId: e.id, stage, score: score.trim() === '' ? undefined : Number(score), comment })
    if (!v.ok) { setErrors(v.errors); return }
    setBusy(true)
    try {
      const r = await scoreAction.run(v.data)
      setErrors({})
      onSaved(r.score, r.comment)
      // Said under the button, not in a toast over the page: the judge can correct the score at once.
      setSavedText(`已保存：${r.score} 分`)
    } catch (err) {
      const fe = firstFieldErrors(err)
      if (Object.keys(fe).length) setErrors(fe)
      else setMessage((err as { message?: string }).message ?? '保存失败')
    } finally {
      setBusy(false)
    }
  }
  const scored = e.myScore !== null && e.myScore !== undefined
  return (
    <View className='c-entry__actions score__form'>
      {scored && <Text className='c-score__mine score__mine'>我的评分：{e.myScore} 分{open ? '（本赛段结束前可修改）' : ''}</Text>}
      <Field label='分数（0–100，可保留一位小数）' name='score' type='digit' value={score} onChange={(v) => { setScore(v); setErrors({}) }} error={errors.score} placeholder='如 88.5' maxlength={5} disabled={!open} />
      <Field label='评语（选填）' name='comment' value={comment} onChange={setComment} error={errors.comment} placeholder='唱腔、身段、表演…' maxlength={500} multiline disabled={!open} />
      {message && <Text className='c-entry__reason'>{message}</Text>}
      <View role='status' aria-live='polite'>{savedText && <Text className='c-score__mine score__saved'>{savedText}</Text>}</View>
      {open && <SaveButton saving={busy} className='score__save' onSave={() => void save()}>{scored ? '修改评分' : '提交评分'}</SaveButton>}
    </View>
  )
}

function Scoring({ c }: { c: Contest }) {
  const [stage, setStage] = useState<Stage>(c.currentStage ?? c.stages[0].id)
  const [genre, setGenre] = useState<Genre | 'all'>('all')
  const q = useQueue({ contestId: c.id, status: 'approved', stage, ...(genre !== 'all' ? { genre } : {}) })
  const st = c.stages.find((s) => s.id === stage)!
  const open = !st.settled && stageState(c, st) === 'now'
  return (
    <>
      <Tabs className='ui-tabs--chips ui-tabs--opera c-tabs--stage' value={stage} onChange={setStage} options={c.stages.map((s) => ({ value: s.id, label: STAGE_LABELS[s.id] }))} />
      <Tabs className='ui-tabs--chips ui-tabs--opera c-tabs--genre' value={genre} onChange={setGenre} options={[{ value: 'all', label: '全部剧种' }, ...c.genres.map((g) => ({ value: g, label: GENRE_LABELS[g] }))]} />
      {open
        ? <Notice kind='info' title={`${STAGE_LABELS[stage]}评分进行中`}><Text>评分时间 {range(st.startDate, st.endDate)}，截止前可以修改。</Text></Notice>
        : <Notice kind='warning' title={st.settled ? `${STAGE_LABELS[stage]}已完成晋级，评分已锁定` : `${STAGE_LABELS[stage]}评分时间为 ${range(st.startDate, st.endDate)}`} />}
      <PagedList paged={q} emptyTitle='暂无待评作品' emptyDescription={`${STAGE_LABELS[stage]}还没有通过审核的作品`} keyOf={(e) => `${e.id}-${stage}`}
        head={(list) => <><Text className='c-muted'>已评 {list.filter((e) => e.myScore !== null && e.myScore !== undefined).length} / {list.length}</Text><View className='c-gap' /></>}>
        {(e) => (
          <EntryItem e={e} className='score__item'>
            <ScoreForm e={e} stage={stage} open={open} onSaved={(score, comment) => q.update({ ...e, myScore: score, ...(comment ? { myComment: comment } : {}) })} />
          </EntryItem>
        )}
      </PagedList>
    </>
  )
}

export default function ScorePage() {
  return <ContestPage className='contest-score'>{(contest) => <Scoring c={contest} />}</ContestPage>
}
