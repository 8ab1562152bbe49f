import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { JoinInput, type Industry, type Member } from '@contract'
import { INDUSTRIES, INDUSTRY_LABELS } from '@contract/common'
import { BigButton } from '@/components/BigButton'
import { ConsentBox } from '@/components/ConsentBox'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { useAction } from '@/hooks/useApi'
import { useSubscribe } from '@/hooks/useSubscribe'
import { useMe } from '@/hooks/useMe'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { validate } from '@/ui/Field/validate'
import { Chips, Field } from '@/ui/Field'
import { Notice } from '@/ui/Notice'
import './index.scss'
import { Rows } from '@/ui/Rows'
import { useConsent } from '@/packages/shared/use-consent'

const INDUSTRY_OPTIONS = INDUSTRIES.map((value) => ({ value, label: INDUSTRY_LABELS[value] }))

interface Form { name: string; phone: string; city: string; industry: Industry | undefined; employer: string }
const EMPTY: Form = { name: '', phone: '', city: '', industry: undefined, employer: '' }
const fromMember = (m: Member): Form => ({ name: m.name, phone: m.phone, city: m.city, industry: m.industry, employer: m.employer })

/** What was typed, kept on the device until it is submitted (consent is not kept: it is ticked each time). */
const DRAFT_KEY = 'member-join-draft'
function loadDraft(initial: Form): Form {
  try {
    const saved = Taro.getStorageSync(DRAFT_KEY)
    if (saved && typeof saved === 'object') {
      const d = saved as Partial<Form>
      const str = (v: unknown, dflt: string) => (typeof v === 'string' ? v : dflt)
      return {
        name: str(d.name, initial.name), phone: str(d.phone, initial.phone), city: str(d.city, initial.city),
        employer: str(d.employer, initial.employer),
        industry: INDUSTRIES.includes(d.industry as Industry) ? d.industry : initial.industry,
      }
    }
  } catch { /* no storage: start from the record */ }
  return initial
}
const sameForm = (a: Form, b: Form) => (Object.keys(a) as (keyof Form)[]).every((k) => a[k] === b[k])

function JoinForm({ initial, submitText, onDone }: { initial: Form; submitText: string; onDone: () => void }) {
  const [form, setForm] = useState<Form>(() => loadDraft(initial))
  useEffect(() => {
    try {
      if (sameForm(form, initial)) Taro.removeStorageSync(DRAFT_KEY)
      else Taro.setStorageSync(DRAFT_KEY, form)
    } catch { /* storage full or private mode: the form still works */ }
  }, [form]) // eslint-disable-line react-hooks/exhaustive-deps -- saves the draft when the form changes; `initial` is fixed for the form's life
  const [errors, setErrors] = useState<Record<string, string>>({})
  const consent = useConsent(errors, setErrors)
  const join = useAction('member', 'join')
  const notices = useSubscribe(['join_result'])
  const set = <K extends keyof Form>(k: K) => (v: Form[K]) => {
    setForm((f) => ({ ...f, [k]: v }))
    setErrors((e) => ({ ...e, [k]: '' }))
  }

  const submit = async () => {
    const v = validate(JoinInput, { ...form, consent: consent.value })
    if (!v.ok) { setErrors(v.errors); return }
    const asked = notices.prompt()
    try {
      await join.run(v.data)
      try { Taro.removeStorageSync(DRAFT_KEY) } catch { /* nothing kept */ }
      void notices.record(asked)
      onDone()
    } catch (e) {
      const fe = (e as { fieldErrors?: Record<string, string[]> }).fieldErrors
      if (fe && Object.keys(fe).length) setErrors(Object.fromEntries(Object.entries(fe).map(([k, m]) => [k, m[0]])))
    }
  }

  return (
    <View className='join-form'>
      <Field label='姓名' name='name' value={form.name} onChange={set('name')} error={errors.name} placeholder='请填写真实姓名' maxlength={20} />
      <Field label='手机号' name='phone' type='number' value={form.phone} onChange={set('phone')} error={errors.phone} placeholder='11 位手机号' maxlength={11} hint='仅您本人和审核所需时可见，对外显示为 138****1234' />
      <Field label='所在城市' name='city' value={form.city} onChange={set('city')} error={errors.city} placeholder='如：阜新' maxlength={20} hint='写“汕头”或“汕头市”都可以' />
      <Chips label='从事行业' name='industry' options={INDUSTRY_OPTIONS} value={form.industry} onChange={set('industry')} error={errors.industry} />
      <Field label='工作单位' name='employer' value={form.employer} onChange={set('employer')} error={errors.employer} placeholder='单位全称，如：阜新中通快递细河网点' maxlength={60} />
      <ConsentBox
        {...consent.box}
        publicNote='入会信息只有您本人和审核的工会工作人员能看到，手机号对他人只显示为 138****1234。'
      />
      {join.error && Object.keys(join.error.fieldErrors).length === 0 && <Notice kind='error' title={join.error.message} />}
      <BigButton className='join-form__submit' loading={join.loading} onClick={() => void submit()}>{submitText}</BigButton>
    </View>
  )
}

export default function JoinPage() {
  const state = useMe()
  const [editing, setEditing] = useState(false)
  const [submitted, setSubmitted] = useState(false)
  useEffect(() => { if (submitted) void state.reload() }, [submitted]) // eslint-disable-line react-hooks/exhaustive-deps -- reload once after submitting; `state` is a new object each render

  return (
    <View className='page join'>
      <PageState query={state.query}>
        {(me) => {
          if (me === null) {
            return <Notice kind='info' title='请先登录'><Text>入会需要您的微信身份。{process.env.TARO_ENV === 'h5' ? '请在「我的」页面选择一个演示身份。' : ''}</Text></Notice>
          }
          const m = me.member
          if (m?.status === 'active') {
            return (
              <>
                <Notice kind='success' title='您已是工会会员'>
                  <Text>会员卡号 {m.cardNo}</Text>
                </Notice>
                <BigButton onClick={() => void go(ROUTES.member.card)}>打开电子会员卡</BigButton>
              </>
            )
          }
          if (m && !editing) {
            return (
              <>
                {submitted && <Notice kind='success' title='申请已提交'><Text>工会审核通过后会发放会员卡号，请留意本页状态。</Text></Notice>}
                {m.status === 'pending' ? (
                  <Notice kind='warning' title='审核中'><Text>您的入会申请已提交{m.appliedAt ? `（${m.appliedAt.slice(0, 10)}）` : ''}，工会审核通过后即可使用电子会员卡。</Text></Notice>
                ) : (
                  <Notice kind='error' title='申请未通过'><Text className='join__reason'>原因：{m.reason || '未填写'}</Text><Text>请按原因修改后重新申请。</Text></Notice>
                )}
                <Section title='我的申请'>
                  <Rows rows={[['姓名', m.name], ['手机号', m.phone], ['城市', m.city], ['行业', INDUSTRY_LABELS[m.industry]], ['工作单位', m.employer]]} />
                </Section>
                <BigButton type={m.status === 'rejected' ? 'primary' : 'default'} onClick={() => { setSubmitted(false); setEditing(true) }}>
                  {m.status === 'rejected' ? '修改后重新申请' : '修改申请'}
                </BigButton>
              </>
            )
          }
          return (
            <>
              {!m && (
                <Notice kind='info' title='加入工会'>
                  <Text>填写以下信息提交入会申请。工会审核通过后发放会员卡号，可在旅游景区、文化场馆、体育场馆等合作单位享受优惠。</Text>
                </Notice>
              )}
              <Section title={m ? (m.status === 'rejected' ? '重新申请' : '修改申请') : '入会信息'}>
                <JoinForm
                  initial={m ? fromMember(m) : EMPTY}
                  submitText={m ? '提交修改' : '提交入会申请'}
                  onDone={() => { setEditing(false); setSubmitted(true) }}
                />
              </Section>
              {m && <BigButton type='default' onClick={() => setEditing(false)}>取消</BigButton>}
            </>
          )
        }}
      </PageState>
    </View>
  )
}
