import { useRef, useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { contestActions, GENRES, STAGES, type Contest, type Genre, type Stage } from '@contract'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { SaveButton } from '@/components/SaveButton'
import { ApiError, firstFieldErrors, useAction, useQuery } from '@/hooks/useApi'
import { useMe } from '@/hooks/useMe'
import { validate } from '@/ui/Field/validate'
import { Field } from '@/ui/Field'
import { Notice } from '@/ui/Notice'
import { GENRE_LABELS, STAGE_LABELS, range } from '../../lib'
import '../../components/contest.scss'
import './index.scss'

interface StageDraft { on: boolean; startDate: string; endDate: string; note: string }
interface Form {
  title: string; genres: Genre[]; signupStart: string; signupEnd: string; cities: string; eligibility: string; description: string
  stages: Record<Stage, StageDraft>
}
const blankStages = () => Object.fromEntries(STAGES.map((s) => [s, { on: s === 'prelim', startDate: '', endDate: '', note: '' }])) as Record<Stage, StageDraft>
const EMPTY: Form = { title: '', genres: [...GENRES], signupStart: '', signupEnd: '', cities: '', eligibility: '', description: '', stages: blankStages() }

function formOf(c: Contest): Form {
  const stages = blankStages()
  stages.prelim.on = false
  for (const s of c.stages) stages[s.id] = { on: true, startDate: s.startDate, endDate: s.endDate, note: s.note ?? '' }
  return {
    title: c.title, genres: c.genres, signupStart: c.signupStart, signupEnd: c.signupEnd, cities: (c.eligibleCities ?? []).join('，'),
    eligibility: c.eligibility ?? '', description: c.description ?? '', stages,
  }
}

/** The contract's input, built from the form: stages in SPEC's order, only those switched on. */
function inputOf(f: Form, id?: string) {
  const on = STAGES.filter((s) => f.stages[s].on)
  const cities = f.cities.split(/[,，、\s]+/).map((c) => c.trim()).filter(Boolean)
  return {
    ...(id ? { id } : {}),
    title: f.title, genres: f.genres, signupStart: f.signupStart.trim(), signupEnd: f.signupEnd.trim(),
    ...(cities.length ? { eligibleCities: cities } : {}),
    ...(f.eligibility.trim() ? { eligibility: f.eligibility } : {}),
    ...(f.description.trim() ? { description: f.description } : {}),
    stages: on.map((s) => ({ id: s, startDate: f.stages[s].startDate.trim(), endDate: f.stages[s].endDate.trim(), ...(f.stages[s].note.trim() ? { note: f.stages[s].note } : {}) })),
  }
}

/** Errors keyed `stages.<index>.<field>` by the schema, shown under the stage they name. */
function stageErrors(errors: Record<string, string>, f: Form): Record<Stage, Record<string, string>> {
  const on = STAGES.filter((s) => f.stages[s].on)
  const out = Object.fromEntries(STAGES.map((s) => [s, {}])) as Record<Stage, Record<string, string>>
  for (const [k, m] of Object.entries(errors)) {
    const hit = /^stages\.(\d+)\.(\w+)/.exec(k)
    if (hit && on[Number(hit[1])]) out[on[Number(hit[1])]][hit[2]] ??= m
  }
  return out
}

function ContestForm({ initial, onSaved }: { initial?: Contest; onSaved: (c: Contest) => void }) {
  const upsert = useAction('contest', 'upsertContest', { exclusive: false })
  const [form, setForm] = useState<Form>(initial ? formOf(initial) : EMPTY)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState<Contest | null>(null)
  const [failure, setFailure] = useState('')
  const inFlight = useRef(false)
  const editingId = initial?.id ?? saved?.id
  const set = <K extends keyof Form>(k: K) => (v: Form[K]) => { setForm((f) => ({ ...f, [k]: v })); setErrors((e) => ({ ...e, [k]: '' })) }
  const setStage = (s: Stage, patch: Partial<StageDraft>) => {
    setForm((f) => ({ ...f, stages: { ...f.stages, [s]: { ...f.stages[s], ...patch } } }))
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('stages'))))
  }
  const toggleGenre = (g: Genre) => set('genres')(form.genres.includes(g) ? form.genres.filter((x) => x !== g) : GENRES.filter((x) => x === g || form.genres.includes(x)))
  const toTop = () => void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)

  const submit = async () => {
    // Two taps in one frame both reach here before `saving` re-renders: the ref lets one through.
    if (inFlight.current) return
    setFailure('')
    const v = validate(contestActions.upsertContest.input, inputOf(form, editingId))
    if (!v.ok) { setErrors(v.errors); setSaved(null); return }
    inFlight.current = true
    setSaving(true)
    try {
      const c = await upsert.run(v.data)
      setSaved(c)
      setErrors({})
      onSaved(c)
      toTop()
    } catch (e) {
      const fe = firstFieldErrors(e)
      setErrors(fe)
      setSaved(null)
      setFailure(ApiError.from(e).message)
      toTop()
    } finally {
      inFlight.current = false
      setSaving(false)
    }
  }
  const se = stageErrors(errors, form)
  const general = errors.stages
  return (
    <View className='contest-edit__form'>
      <View aria-live='polite'>
        {saved && <Notice kind='success' title='已保存' className='contest-edit__saved'><Text>「{saved.title}」已保存，现在修改的就是这个大赛。</Text></Notice>}
        {failure && <Notice kind='error' title={failure} />}
        {!failure && Object.values(errors).some(Boolean) && <Notice kind='error' title='请按红字提示修改后再保存' />}
      </View>
      <Text className='contest-edit__heading'>{editingId ? `编辑大赛：${saved?.title ?? initial?.title ?? form.title}` : '新建大赛'}</Text>
      <Field label='大赛名称' name='title' value={form.title} onChange={set('title')} error={errors.title} maxlength={60} placeholder='如：河北省首届职工戏曲票友大赛' />
      <View className={`ui-field ui-field--genres ${errors.genres ? 'ui-field--error' : ''}`}>
        <Text className='ui-field__label'>剧种（可多选）</Text>
        <View className='ui-chips' role='group'>
          {GENRES.map((g) => (
            <View key={g} role='checkbox' className={`ui-chip ${form.genres.includes(g) ? 'ui-chip--on' : ''}`} onClick={() => toggleGenre(g)}><Text>{GENRE_LABELS[g]}</Text></View>
          ))}
        </View>
        {errors.genres && <Text className='field-error'>{errors.genres}</Text>}
      </View>
      <Field label='报名开始' name='signupStart' value={form.signupStart} onChange={set('signupStart')} error={errors.signupStart} placeholder='2026-07-01' maxlength={10} />
      <Field label='报名截止' name='signupEnd' value={form.signupEnd} onChange={set('signupEnd')} error={errors.signupEnd} placeholder='2026-07-31' maxlength={10}
        hint='报名应不晚于第一个赛段开始，并在它结束前截止' />
      <Field label='限报城市（选填，多个用逗号分隔）' name='cities' value={form.cities} onChange={set('cities')} error={errors.eligibleCities} placeholder='如：石家庄，保定' maxlength={300} />
      <Field label='参赛条件（选填，展示给报名者）' name='eligibility' value={form.eligibility} onChange={set('eligibility')} error={errors.eligibility} maxlength={200} multiline />
      <Field label='大赛简介（选填）' name='description' value={form.description} onChange={set('description')} error={errors.description} maxlength={500} multiline />
      <Text className='contest-edit__sub'>赛段（按顺序，后一赛段在前一赛段结束后开始）</Text>
      {general && <Text className='field-error contest-edit__stages-error'>{general}</Text>}
      {STAGES.map((s) => {
        const d = form.stages[s]
        const settled = initial?.stages.find((x) => x.id === s)?.settled
        return (
          <View key={s} className={`contest-edit__stage contest-edit__stage--${s} ${d.on ? 'contest-edit__stage--on' : ''}`}>
            <View className='contest-edit__stage-head' role='checkbox' onClick={() => !settled && setStage(s, { on: !d.on })}>
              <Text className='contest-edit__check'>{d.on ? '☑' : '☐'}</Text>
              <Text className='contest-edit__stage-name'>{STAGE_LABELS[s]}</Text>
              {settled && <Text className='c-muted'>（已完成晋级，不能取消）</Text>}
            </View>
            {d.on && (
              <>
                <Field label='开始日期' name={`${s}-start`} value={d.startDate} onChange={(v) => setStage(s, { startDate: v })} error={se[s].startDate ?? se[s].id} placeholder='2026-08-01' maxlength={10} />
                <Field label='结束日期' name={`${s}-end`} value={d.endDate} onChange={(v) => setStage(s, { endDate: v })} error={se[s].endDate} placeholder='2026-08-10' maxlength={10} />
                <Field label='说明（选填）' name={`${s}-note`} value={d.note} onChange={(v) => setStage(s, { note: v })} error={se[s].note} placeholder='如：线上视频评审' maxlength={60} />
              </>
            )}
          </View>
        )
      })}
      <SaveButton className='contest-edit__save' saving={saving} onSave={() => void submit()}>{editingId ? '保存修改' : '创建大赛'}</SaveButton>
    </View>
  )
}

/** Staff create a contest or pick one to edit (?id= opens it directly). */
export default function ContestEditPage() {
  const id = useRouter().params?.id
  const { roles, me, loading, error, reload } = useMe()
  const list = useQuery('contest', 'list', {}, { enabled: !id })
  const one = useQuery('contest', 'get', { contestId: id ?? '' }, { enabled: !!id, refreshOnShow: false })
  const [editing, setEditing] = useState<Contest | 'new' | null>(null)
  return (
    <View className='page contest-edit'>
      <PageState query={{ data: me, error, loading, reload }}>
        {() => (!roles.includes('admin') ? <Notice kind='info' title='仅限工会工作人员使用' /> : id ? (
          <PageState query={one}>{(c) => <ContestForm initial={c} onSaved={() => undefined} />}</PageState>
        ) : editing ? (
          <>
            <ContestForm key={editing === 'new' ? 'new' : editing.id} initial={editing === 'new' ? undefined : editing} onSaved={() => void list.reload()} />
            <BigButton type='default' className='contest-edit__back' onClick={() => setEditing(null)}>返回大赛列表</BigButton>
          </>
        ) : (
          <>
            <BigButton className='contest-edit__new' onClick={() => setEditing('new')}>新建大赛</BigButton>
            <PageState query={list} isEmpty={(d) => d.items.length === 0} emptyTitle='还没有大赛'>
              {(d) => (
                <>
                  {d.items.map((c) => (
                    <View key={c.id} className='c-card contest-edit__item'>
                      <Text className='contest-edit__item-title'>{c.title}</Text>
                      <Text className='c-muted'>报名 {range(c.signupStart, c.signupEnd)} · {c.stages.map((s) => STAGE_LABELS[s.id]).join('、')}</Text>
                      <BigButton type='default' className='contest-edit__edit' onClick={() => setEditing(c)}>编辑</BigButton>
                    </View>
                  ))}
                </>
              )}
            </PageState>
          </>
        ))}
      </PageState>
      <BackHome />
    </View>
  )
}
