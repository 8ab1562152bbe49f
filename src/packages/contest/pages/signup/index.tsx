import { useEffect, useMemo, useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { SignupInput, type Contest, type Entry, type Genre, type Member } from '@contract'
import { BigButton } from '@/components/BigButton'
import { ConsentBox } from '@/components/ConsentBox'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { firstFieldErrors, newRequestId, useAction, useQuery } from '@/hooks/useApi'
import { useSubscribe } from '@/hooks/useSubscribe'
import { useMe } from '@/hooks/useMe'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { validate } from '@/ui/Field/validate'
import { Chips, Field } from '@/ui/Field'
import { Notice } from '@/ui/Notice'
import { GENRE_LABELS, genreOptions, md, useContest } from '../../lib'
import { VideoPicker, type PickedVideo } from './VideoPicker'
import '../../components/contest.scss'
import { useConsent } from '@/packages/shared/use-consent'

interface Draft {
  genre?: Genre
  name: string
  phone: string
  employer: string
  city: string
  pieceTitle: string
  video: PickedVideo | null
  /** Kept with the draft: a submit repeated after a lost answer gets the same entry back. */
  requestId: string
}
const draftKey = (contestId: string) => `contest-signup-draft:${contestId}`

function loadDraft(contestId: string, member: Member | null | undefined): Draft {
  try {
    const saved = Taro.getStorageSync(draftKey(contestId))
    if (saved && typeof saved === 'object' && typeof saved.requestId === 'string') return saved as Draft
  } catch { /* no storage: start fresh */ }
  return {
    name: member?.name ?? '', phone: member?.phone ?? '', employer: member?.employer ?? '', city: member?.city ?? '', pieceTitle: '',
    video: null, requestId: newRequestId(),
  }
}

function SignupForm({ c, uploadDir, member, onDone }: { c: Contest; uploadDir: string; member: Member | null | undefined; onDone: (e: Entry) => void }) {
  const [draft, setDraft] = useState<Draft>(() => loadDraft(c.id, member))
  const [errors, setErrors] = useState<Record<string, string>>({})
  // Not part of the saved draft: the person agrees each time they submit.
  const consent = useConsent(errors, setErrors)
  const signup = useAction('contest', 'signup', { retry: true })
  const notices = useSubscribe(['entry_reviewed', 'entry_advanced', 'award'])
  useEffect(() => {
    try { Taro.setStorageSync(draftKey(c.id), draft) } catch { /* storage full: the form still works */ }
  }, [draft, c.id])

  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }))
    setErrors((e) => ({ ...e, [k === 'video' ? 'videoFileId' : k]: '' }))
  }
  const cityOptions = useMemo(() => c.eligibleCities?.map((x) => ({ value: x, label: x })), [c.eligibleCities])
  // Each genre once per person: the ones already entered cannot be picked (the server would say DUPLICATE at submit).
  const mine = useQuery('contest', 'mine', {})
  const entered = useMemo(() => {
    const out: Partial<Record<Genre, string>> = {}
    for (const e of mine.data?.items ?? []) if (e.contestId === c.id) out[e.genre] = '您已报名，每人每个剧种限报一次'
    return out
  }, [mine.data, c.id])
  const allEntered = c.genres.length > 0 && c.genres.every((g) => entered[g])
  useEffect(() => {
    if (draft.genre && entered[draft.genre]) setDraft((d) => ({ ...d, genre: undefined }))
  }, [entered, draft.genre])

  const submit = async () => {
    const { video, ...rest } = draft
    const v = validate(SignupInput, { ...rest, contestId: c.id, videoFileId: video?.fileId ?? '', consent: consent.value })
    if (!v.ok) { setErrors(v.errors); return }
    const asked = notices.prompt()
    try {
      const entry = await signup.run(v.data)
      void notices.record(asked)
      Taro.removeStorageSync(draftKey(c.id))
      onDone(entry)
    } catch (e) {
      setErrors(firstFieldErrors(e))
    }
  }

  const err = signup.error
  if (allEntered) {
    return (
      <Notice kind='info' title='您已报名全部剧种' className='signup__all-entered'>
        <Text className='c-para'>每人每个剧种限报一次，您的报名都在「我的报名」里。</Text>
        <BigButton onClick={() => void go(`${ROUTES.contest.mine}?id=${c.id}`)}>查看我的报名</BigButton>
      </Notice>
    )
  }
  return (
    <View className='signup-form'>
      <Chips label='参赛剧种' name='genre' options={genreOptions(c)} value={draft.genre} onChange={set('genre')} error={errors.genre} disabled={entered} />
      {Object.keys(entered).length > 0 && (
        <Text className='c-muted signup__mine-link' onClick={() => void go(`${ROUTES.contest.mine}?id=${c.id}`)}>查看我的报名 ›</Text>
      )}
      <Field label='姓名' name='name' value={draft.name} onChange={set('name')} error={errors.name} placeholder='请填写真实姓名' maxlength={20} />
      <Field label='手机号' name='phone' type='number' value={draft.phone} onChange={set('phone')} error={errors.phone} placeholder='11 位手机号' maxlength={11}
        hint='仅您本人可见，对外显示为 139****5678' />
      <Field label='工作单位' name='employer' value={draft.employer} onChange={set('employer')} error={errors.employer} placeholder='单位全称，如：石家庄市第一棉纺厂' maxlength={60} />
      {cityOptions ? (
        <Chips label='所在城市' name='city' options={cityOptions} value={draft.city || undefined} onChange={set('city')} error={errors.city} small />
      ) : (
        <Field label='所在城市' name='city' value={draft.city} onChange={set('city')} error={errors.city} placeholder='如：石家庄' maxlength={20} />
      )}
      <Field label='参赛曲目' name='pieceTitle' value={draft.pieceTitle} onChange={set('pieceTitle')} error={errors.pieceTitle} placeholder='如：《贵妃醉酒》“海岛冰轮初转腾”' maxlength={40} />
      <VideoPicker uploadDir={uploadDir} value={draft.video} onChange={set('video')} error={errors.videoFileId} />
      <ConsentBox
        {...consent.box}
        publicNote='审核通过后，作品展示页将向所有人公开您的姓名、工作单位、城市、参赛曲目和视频；手机号不公开。'
      />
      {err && Object.keys(err.fieldErrors).length === 0 && (
        <Notice kind='error' title={err.message} className='signup__error'>
          {err.code === 'DUPLICATE' && <Text className='c-muted' onClick={() => void go(`${ROUTES.contest.mine}?id=${c.id}`)}>查看我的报名 ›</Text>}
        </Notice>
      )}
      <Text className='c-muted'>草稿会自动保存在本机，离开本页后回来可以继续填写。</Text>
      <View className='c-gap' />
      <BigButton className='signup__submit' loading={signup.loading} onClick={() => void submit()}>提交报名</BigButton>
    </View>
  )
}

export default function SignupPage() {
  const q = useContest()
  const me = useMe()
  const [done, setDone] = useState<Entry | null>(null)
  return (
    <View className='page signup'>
      <PageState query={{ data: q.data && me.me !== undefined ? q.data : undefined, error: q.error ?? me.error, loading: q.loading || me.loading, reload: () => Promise.all([q.reload(), me.reload()]) }}>
        {(c) => {
          if (done) {
            return (
              <>
                <Notice kind='success' title='报名已提交' className='signup__done'>
                  <Text className='c-para'>{GENRE_LABELS[done.genre]} · {done.pieceTitle}</Text>
                  <Text className='c-para'>工作人员审核通过后，作品将进入作品展示和人气投票，请留意「我的报名」。</Text>
                </Notice>
                <BigButton onClick={() => void go(`${ROUTES.contest.mine}?id=${c.id}`)}>查看我的报名</BigButton>
                <BigButton type='default' onClick={() => setDone(null)}>报名其他剧种</BigButton>
              </>
            )
          }
          if (!me.me) {
            return <Notice kind='info' title='请先登录'><Text>报名需要您的微信身份。{process.env.TARO_ENV === 'h5' ? '请在「我的」页面选择一个演示身份。' : ''}</Text></Notice>
          }
          if (!c.signupOpen) {
            return (
              <Notice kind='warning' title={c.today && c.today < c.signupStart ? '报名尚未开始' : '报名已截止'}>
                <Text>报名时间为 {md(c.signupStart)} 至 {md(c.signupEnd)}。</Text>
              </Notice>
            )
          }
          return (
            <>
              <Notice kind='info' title={c.title}>
                <Text>报名截止 {md(c.signupEnd)}。{c.eligibility ? `参赛条件：${c.eligibility}。` : ''}每人每个剧种限报一次。</Text>
              </Notice>
              <Section title='报名信息'>
                <SignupForm c={c} uploadDir={me.me.uploadDir} member={me.me.member} onDone={setDone} />
              </Section>
            </>
          )
        }}
      </PageState>
    </View>
  )
}
