import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { PartnerApplyInput, type PartnerApplication, type PartnerCategory } from '@contract'
import { PARTNER_CATEGORIES, PARTNER_CATEGORY_LABELS } from '@contract/common'
import { BigButton } from '@/components/BigButton'
import { ConsentBox } from '@/components/ConsentBox'
import { FieldError } from '@/components/FieldError'
import { Section } from '@/components/Section'
import { useAction } from '@/hooks/useApi'
import { useSubscribe } from '@/hooks/useSubscribe'
import { useMe } from '@/hooks/useMe'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { validate } from '@/ui/Field/validate'
import { Chips, Field } from '@/ui/Field'
import { Notice } from '@/ui/Notice'
import { useConsent } from '@/packages/shared/use-consent'

const CATEGORY_OPTIONS = PARTNER_CATEGORIES.map((value) => ({ value, label: PARTNER_CATEGORY_LABELS[value] }))

interface Form {
  name: string; category: PartnerCategory | undefined; city: string; address: string
  lat: string; lng: string; offer: string; contactName: string; contactPhone: string
}
const EMPTY: Form = { name: '', category: undefined, city: '阜新', address: '', lat: '', lng: '', offer: '', contactName: '', contactPhone: '' }

const num = (s: string) => (s.trim() === '' ? undefined : Number(s))

export default function ApplyPartnerPage() {
  const me = useMe()
  const [form, setForm] = useState<Form>(EMPTY)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [done, setDone] = useState<PartnerApplication | null>(null)
  const consent = useConsent(errors, setErrors)
  const apply = useAction('member', 'applyPartner')
  const notices = useSubscribe(['partner_result'])
  const set = <K extends keyof Form>(k: K) => (v: Form[K]) => {
    setForm((f) => ({ ...f, [k]: v }))
    setErrors((e) => ({ ...e, [k]: '', ...(k === 'lat' || k === 'lng' ? { location: '', 'location.lat': '', 'location.lng': '' } : {}) }))
  }

  const pick = async () => {
    try {
      if (process.env.TARO_ENV === 'weapp') {
        const r = await Taro.chooseLocation({})
        setForm((f) => ({ ...f, lat: String(r.latitude), lng: String(r.longitude), address: f.address || r.address || r.name }))
      } else {
        const r = await Taro.getLocation({ type: 'gcj02' })
        setForm((f) => ({ ...f, lat: r.latitude.toFixed(6), lng: r.longitude.toFixed(6) }))
      }
      setErrors((e) => ({ ...e, location: '', 'location.lat': '', 'location.lng': '' }))
    } catch {
      setErrors((e) => ({ ...e, location: '未能获取位置，请允许使用位置信息或手动填写经纬度' }))
    }
  }

  const submit = async () => {
    const data = {
      name: form.name, category: form.category, city: form.city, address: form.address,
      location: { lat: num(form.lat), lng: num(form.lng) },
      offer: form.offer, contactName: form.contactName, contactPhone: form.contactPhone,
      consent: consent.value,
    }
    const v = validate(PartnerApplyInput, data)
    if (!v.ok) { setErrors(v.errors); return }
    const asked = notices.prompt()
    try {
      const made = await apply.run(v.data)
      void notices.record(asked)
      setDone(made)
    } catch (e) {
      const fe = (e as { fieldErrors?: Record<string, string[]> }).fieldErrors
      if (fe && Object.keys(fe).length) setErrors(Object.fromEntries(Object.entries(fe).map(([k, m]) => [k, m[0]])))
    }
  }

  if (done) {
    return (
      <View className='page apply-partner'>
        <Notice kind='success' title='申请已提交'>
          <Text>「{done.name}」的合作申请已提交，工会审核通过后，您将成为该单位的会员卡核销员，可在「工作台」扫码核销会员优惠。</Text>
        </Notice>
        <BigButton onClick={() => void go(ROUTES.member.partners)}>查看合作商户</BigButton>
      </View>
    )
  }

  const locError = errors.location || errors['location.lat'] || errors['location.lng']
  return (
    <View className='page apply-partner'>
      <Notice kind='info' title='招募福利项目签约单位'>
        <Text>旅游景区、文化场馆、体育场馆、商超、餐饮等单位，可为工会会员提供优惠服务。提交后由工会审核。</Text>
      </Notice>
      {me.isGuest && <Notice kind='warning' title='请先登录'><Text>{process.env.TARO_ENV === 'h5' ? '请在「我的」页面选择一个演示身份后再提交。' : '请使用微信打开。'}</Text></Notice>}
      <Section title='单位信息'>
        <Field label='单位名称' name='name' value={form.name} onChange={set('name')} error={errors.name} placeholder='如：阜新市博物馆' maxlength={60} />
        <Chips label='类别' name='category' options={CATEGORY_OPTIONS} value={form.category} onChange={set('category')} error={errors.category} />
        <Field label='城市' name='city' value={form.city} onChange={set('city')} error={errors.city} placeholder='如：阜新' maxlength={20} />
        <Field label='地址' name='address' value={form.address} onChange={set('address')} error={errors.address} placeholder='区、街道、门牌号' maxlength={120} />
        <View className='ui-field'>
          <Text className='ui-field__label'>位置（用于会员导航和计算距离）</Text>
          <BigButton type='default' onClick={() => void pick()}>{process.env.TARO_ENV === 'weapp' ? '在地图上选择位置' : '使用我当前的位置'}</BigButton>
        </View>
        <Field label='纬度' name='lat' type='digit' value={form.lat} onChange={set('lat')} placeholder='如：42.0215' maxlength={12} />
        <Field label='经度' name='lng' type='digit' value={form.lng} onChange={set('lng')} placeholder='如：121.6701' maxlength={12} />
        <FieldError message={locError} />
        <Field label='会员优惠' name='offer' value={form.offer} onChange={set('offer')} error={errors.offer} placeholder='如：持会员卡门票 8 折' maxlength={200} multiline />
      </Section>
      <Section title='联系人'>
        <Field label='联系人' name='contactName' value={form.contactName} onChange={set('contactName')} error={errors.contactName} maxlength={20} />
        <Field label='联系电话' name='contactPhone' type='number' value={form.contactPhone} onChange={set('contactPhone')} error={errors.contactPhone} placeholder='11 位手机号' maxlength={11} />
      </Section>
      <ConsentBox
        {...consent.box}
        publicNote='审核通过后，单位名称、地址、位置和会员优惠将向所有用户公开；联系人和联系电话只有工会工作人员能看到。'
      />
      {apply.error && Object.keys(apply.error.fieldErrors).length === 0 && <Notice kind='error' title={apply.error.message} />}
      <BigButton loading={apply.loading} disabled={me.isGuest} onClick={() => void submit()}>提交申请</BigButton>
    </View>
  )
}
