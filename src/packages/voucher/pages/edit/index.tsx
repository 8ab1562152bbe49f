import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { CampaignInput, type Campaign, type Industry } from '@contract'
import { INDUSTRY_LABELS } from '@contract/common'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { SaveButton } from '@/components/SaveButton'
import { ApiError, useAction, useQuery, useRequestIds } from '@/hooks/useApi'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { Field, MultiChips } from '@/ui/Field'
import { Notice } from '@/ui/Notice'
import './index.scss'
import { StaffOnly } from '@/ui/StaffOnly'

/** The six industries of the Shantou programme first, then the others. */
const INDUSTRY_OPTIONS = (['courier', 'ride_hailing', 'truck', 'taxi', 'sanitation', 'construction', 'food_delivery', 'other'] as const)
  .map((value) => ({ value, label: INDUSTRY_LABELS[value] }))

interface Form {
  title: string; city: string; industries: Industry[]; startDate: string; endDate: string
  dailyStock: string; perMemberPerDay: string; faceValue: string; threshold: string
}
const EMPTY: Form = {
  title: '冰饮清凉券', city: '汕头', industries: ['courier', 'ride_hailing', 'truck', 'taxi', 'sanitation', 'construction'],
  startDate: '', endDate: '', dailyStock: '2000', perMemberPerDay: '1', faceValue: '3', threshold: '0',
}

/** "3" / "2.5" 元 → fen; anything else stays as text so the schema names the field. */
const toFen = (yuanText: string): number | string => {
  const t = yuanText.trim()
  return /^\d+(\.\d{1,2})?$/.test(t) ? Math.round(Number(t) * 100) : t
}
const toInt = (s: string): number | string => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : s)
const fenText = (fen: number) => String(fen / 100)

/** Field → first message from a zod parse of the same schema the function uses. */
function check(data: unknown): { ok: true; data: CampaignInput } | { ok: false; errors: Record<string, string> } {
  const r = CampaignInput.safeParse(data)
  if (r.success) return { ok: true, data: r.data }
  const errors: Record<string, string> = {}
  for (const i of r.error.issues) errors[i.path.length ? String(i.path[0]) : '_'] ??= i.message
  return { ok: false, errors }
}

function CampaignForm({ id }: { id?: string }) {
  const list = useQuery('voucher', 'campaigns', {}, { enabled: !!id, refreshOnShow: false })
  const [form, setForm] = useState<Form>(EMPTY)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState<Campaign | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [ending, setEnding] = useState(false)
  // One requestId per intended save: a double tap or a retry of the same save makes one campaign. A change
  // to the form is another save, with a new id.
  const requestIds = useRequestIds()
  const upsert = useAction('voucher', 'upsertCampaign', { retry: true })
  const end = useAction('voucher', 'endCampaign')
  const existing = id ? list.data?.items.find((c) => c.id === id) : undefined
  // After the first save the page edits that campaign: the next save updates it, never creates another.
  const editingId = id ?? saved?.id
  const current: Campaign | undefined = saved ?? existing

  useEffect(() => {
    if (!existing) return
    setForm({
      title: existing.title, city: existing.city, industries: existing.industries, startDate: existing.startDate, endDate: existing.endDate,
      dailyStock: String(existing.dailyStock), perMemberPerDay: String(existing.perMemberPerDay), faceValue: fenText(existing.faceValue), threshold: fenText(existing.threshold),
    })
  }, [existing?.id]) // eslint-disable-line react-hooks/exhaustive-deps -- fills the form once per campaign loaded, not on every refetch of the list

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: editingId ? '编辑清凉活动' : '创建清凉活动' }).catch(() => undefined)
  }, [!!editingId]) // eslint-disable-line react-hooks/exhaustive-deps -- the title changes only between 创建 and 编辑

  const set = <K extends keyof Form>(k: K) => (v: Form[K]) => {
    setForm((f) => ({ ...f, [k]: v }))
    setErrors((e) => ({ ...e, [k]: '' }))
    requestIds.done()
  }
  const toTop = () => void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)

  const submit = async () => {
    setFailure(null)
    const r = check({
      ...(editingId ? { id: editingId } : {}), requestId: requestIds.id(),
      title: form.title, city: form.city, industries: form.industries, startDate: form.startDate.trim(), endDate: form.endDate.trim(),
      dailyStock: toInt(form.dailyStock), perMemberPerDay: toInt(form.perMemberPerDay), faceValue: toFen(form.faceValue), threshold: toFen(form.threshold),
    })
    if (!r.ok) { setErrors(r.errors); return }
    setSaving(true)
    try {
      const c = await upsert.run(r.data)
      setSaved(c)
      setErrors({})
      requestIds.done()
      toTop()
    } catch (e) {
      const err = ApiError.from(e)
      const fe: Record<string, string> = {}
      for (const [k, v] of Object.entries(err.fieldErrors)) fe[k.split('.')[0]] = v[0]
      setErrors(fe)
      setFailure(err.message)
      toTop()
    } finally {
      setSaving(false)
    }
  }

  const endNow = async () => {
    if (!editingId || ending) return
    const ok = await Taro.showModal({ title: '提前结束活动', content: '结束后今天起不能再领取，已领的券当天仍可使用。确定结束吗？', confirmText: '结束活动' })
    if (!ok.confirm) return
    setEnding(true)
    setFailure(null)
    try {
      setSaved(await end.run({ campaignId: editingId }))
      toTop()
    } catch (e) {
      setFailure(ApiError.from(e).message)
    } finally {
      setEnding(false)
    }
  }

  if (id && !list.data) return <PageState query={list} />
  if (id && !existing) return <Notice kind='warning' title='没有找到这个活动'><Text>只能编辑进行中、即将开始或刚结束的活动。</Text></Notice>
  return (
    <View className='v-edit__form'>
      <View className='v-edit__status' aria-live='polite'>
        {saved && !failure && (
          <Notice kind='success' title={saved.endedAt ? '活动已结束' : '已保存'}>
            <Text className='v-edit__saved'>{saved.endedAt ? '从现在起不能再领取。' : `「${saved.title}」已保存，现在修改的就是这个活动。`}</Text>
            <BigButton type='default' onClick={() => void go(ROUTES.voucher.admin)}>返回活动列表</BigButton>
          </Notice>
        )}
        {failure && <Notice kind='error' title={failure} />}
      </View>
      <Text className='v-edit__heading'>{editingId ? `编辑活动：${current?.title ?? form.title}` : '创建清凉活动'}</Text>
      {current?.endedAt && <Notice kind='info' title='此活动已提前结束' />}
      <Field label='活动名称' name='title' value={form.title} onChange={set('title')} error={errors.title} maxlength={60} />
      <Field label='城市' name='city' value={form.city} onChange={set('city')} error={errors.city} hint='如：汕头' maxlength={60} />
      <MultiChips label='可领取的行业' name='industries' options={INDUSTRY_OPTIONS} value={form.industries} onChange={set('industries')} error={errors.industries} tone='cool' />
      <Field label='开始日期' name='startDate' value={form.startDate} onChange={set('startDate')} error={errors.startDate} placeholder='2026-07-01' maxlength={60} />
      <Field label='结束日期' name='endDate' value={form.endDate} onChange={set('endDate')} error={errors.endDate} placeholder='2026-09-30' maxlength={60} />
      <Field label='每日库存（张）' name='dailyStock' type='number' value={form.dailyStock} onChange={set('dailyStock')} error={errors.dailyStock} maxlength={60} />
      <Field label='每人每天限领（张）' name='perMemberPerDay' type='number' value={form.perMemberPerDay} onChange={set('perMemberPerDay')} error={errors.perMemberPerDay} maxlength={60} />
      <Field label='面值（元）' name='faceValue' type='digit' value={form.faceValue} onChange={set('faceValue')} error={errors.faceValue} maxlength={60} />
      <Field label='使用门槛（元，0 为无门槛）' name='threshold' type='digit' value={form.threshold} onChange={set('threshold')} error={errors.threshold} maxlength={60} />
      <SaveButton className='v-edit__save' saving={saving} onSave={() => void submit()}>{editingId ? '保存修改' : '创建活动'}</SaveButton>
      {editingId && !current?.endedAt && (
        <BigButton type='default' className='v-edit__end' loading={ending} onClick={() => void endNow()}>提前结束活动</BigButton>
      )}
    </View>
  )
}

/** Union staff create or edit a campaign; the form checks with the same schema as the function. */
export default function CampaignEdit() {
  const raw = useRouter().params.id
  const id = raw ? decodeURIComponent(raw) : undefined
  return (
    <StaffOnly className='v-edit' allow={(m) => m.roles.includes('admin')} title='仅限工会工作人员使用'>
      {() => <CampaignForm id={id} />}
    </StaffOnly>
  )
}
