import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { SERVICES, type Service, type Station } from '@contract'
import { SERVICE_LABELS } from '@contract/common'
import { StationInput } from '@contract/station'
import { fileUrl } from '@/hooks/useUpload'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { useAction, useQuery } from '@/hooks/useApi'
import { useMe } from '@/hooks/useMe'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { Chip, SERVICE_ICONS } from '@/packages/station/components/ui'
import { Notice } from '@/ui/Notice'
import { validate } from '@/ui/Field/validate'
import { Field } from '../../components/shared'
import { PhotoEditor, type StationPhoto } from '../../components/Photos'
import '../../components/shared.scss'
import './index.scss'

interface Form {
  name: string; city: string; district: string; address: string; lat: string; lng: string
  services: Service[]; allDay: boolean; open: string; close: string; phone: string; intro: string; photos: StationPhoto[]
}
const EMPTY: Form = { name: '', city: '武汉', district: '', address: '', lat: '', lng: '', services: ['water', 'rest', 'microwave'], allDay: false, open: '08:00', close: '20:00', phone: '', intro: '', photos: [] }

const fromStation = (s: Station): Form => ({
  name: s.name, city: s.city, district: s.district ?? '', address: s.address, lat: String(s.location.lat), lng: String(s.location.lng),
  services: s.services, allDay: s.openHours === '24h', open: s.openHours === '24h' ? '08:00' : s.openHours.open, close: s.openHours === '24h' ? '20:00' : s.openHours.close,
  phone: s.phone ?? '', intro: s.intro ?? '',
  photos: (s.photos ?? []).map((fileId, i) => ({ fileId, url: s.photoUrls?.[i] ?? fileUrl(fileId) })),
})
const num = (t: string): number | string => (t.trim() !== '' && Number.isFinite(Number(t)) ? Number(t) : t)

function toInput(f: Form, id?: string) {
  return {
    ...(id ? { id } : {}),
    name: f.name, city: f.city, ...(f.district.trim() ? { district: f.district } : {}), address: f.address,
    location: { lat: num(f.lat), lng: num(f.lng) }, services: f.services,
    openHours: f.allDay ? '24h' : { open: f.open.trim(), close: f.close.trim() },
    ...(f.phone.trim() ? { phone: f.phone.trim() } : {}), ...(f.intro.trim() ? { intro: f.intro } : {}),
    photos: f.photos.map((p) => p.fileId),
  }
}

function StationForm({ id, initial, uploadDir }: { id?: string; initial: Form; uploadDir: string }) {
  const [f, setF] = useState<Form>(initial)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const save = useAction('station', 'upsert')
  const set = <K extends keyof Form>(k: K) => (v: Form[K]) => setF((cur) => ({ ...cur, [k]: v }))
  const weapp = process.env.TARO_ENV === 'weapp'

  const pick = async () => {
    try {
      const r = await Taro.chooseLocation({ latitude: Number(f.lat) || undefined, longitude: Number(f.lng) || undefined } as Taro.chooseLocation.Option)
      setF((cur) => ({ ...cur, lat: r.latitude.toFixed(6), lng: r.longitude.toFixed(6), address: cur.address || r.address || r.name }))
    } catch {
      // cancelled
    }
  }
  const submit = () => {
    const data = toInput(f, id)
    const v = validate(StationInput, data)
    if (!v.ok) { setErrors(v.errors); return }
    setErrors({})
    void save.run(v.data).catch(() => undefined)
  }
  const err = (k: string) => errors[k] ?? save.fieldErrors[k]

  if (save.data) {
    return (
      <Notice kind='success' title={id ? '已保存' : '驿站已建好'}>
        <Text>「{save.data.name}」的信息已更新，附近的职工马上就能找到。</Text>
        <View className='st-page__actions'>
          <BigButton type='default' onClick={() => void go(`${ROUTES.station.detail}?id=${save.data!.id}`)}>查看驿站</BigButton>
          <BigButton type='default' onClick={() => void go(`${ROUTES.station.poster}?id=${save.data!.id}`)}>打印签到二维码</BigButton>
        </View>
      </Notice>
    )
  }
  return (
    <View className='st-edit__form'>
      {save.error && save.error.code !== 'VALIDATION_FAILED' && <Notice kind='error' title={save.error.message} />}
      <Section title='基本信息'>
        <Field label='驿站名称' name='name' value={f.name} onChange={set('name')} error={err('name')} placeholder='如：武昌区机安社区爱心驿站' />
        <Field label='城市' name='city' value={f.city} onChange={set('city')} error={err('city')} placeholder='武汉' />
        <Field label='区（选填）' name='district' value={f.district} onChange={set('district')} error={err('district')} placeholder='武昌区' />
        <Field label='地址' name='address' value={f.address} onChange={set('address')} error={err('address')} maxlength={120} />
        <Field label='电话（选填）' name='phone' value={f.phone} onChange={set('phone')} error={err('phone')} placeholder='027-12351' />
      </Section>
      <Section title='位置（GCJ-02，与微信地图一致）'>
        {weapp && <BigButton type='success' className='st-go' onClick={() => void pick()}>在地图上选点</BigButton>}
        <View className='st-edit__coords'>
          <Field label='纬度' name='lat' type='digit' value={f.lat} onChange={set('lat')} error={err('location.lat') ?? err('location')} placeholder='30.5436' />
          <Field label='经度' name='lng' type='digit' value={f.lng} onChange={set('lng')} error={err('location.lng')} placeholder='114.3016' />
        </View>
      </Section>
      <Section title='服务项目'>
        <View className='st-edit__chips'>
          {SERVICES.map((s) => (
            <Chip key={s} className={`st-edit__service st-edit__service--${s}`} on={f.services.includes(s)} onClick={() => set('services')(f.services.includes(s) ? f.services.filter((x) => x !== s) : [...f.services, s])}>
              {SERVICE_ICONS[s]} {SERVICE_LABELS[s]}
            </Chip>
          ))}
        </View>
        {err('services') && <Text className='field-error'>{err('services')}</Text>}
      </Section>
      <Section title='开放时间'>
        <View className='st-edit__chips'>
          <Chip className='st-edit__hours st-edit__hours--24h' on={f.allDay} onClick={() => set('allDay')(true)}>24 小时</Chip>
          <Chip className='st-edit__hours st-edit__hours--range' on={!f.allDay} onClick={() => set('allDay')(false)}>定时开放</Chip>
        </View>
        {!f.allDay && (
          <View className='st-edit__coords'>
            <Field label='开门' name='open' value={f.open} onChange={set('open')} error={err('openHours.open') ?? err('openHours')} placeholder='08:00' maxlength={5} />
            <Field label='关门' name='close' value={f.close} onChange={set('close')} error={err('openHours.close')} placeholder='20:00' hint='早于开门时间表示次日' maxlength={5} />
          </View>
        )}
      </Section>
      <Section title='照片'>
        <PhotoEditor uploadDir={uploadDir} value={f.photos} onChange={set('photos')}
          error={err('photos') ?? Object.entries({ ...save.fieldErrors, ...errors }).find(([k, m]) => k.startsWith('photos.') && m)?.[1]} />
      </Section>
      <Section title='简介（选填）'>
        <Field label='' name='intro' value={f.intro} onChange={set('intro')} error={err('intro')} multiline maxlength={200} placeholder='如：平价餐 9.99 元一份，可停车' />
      </Section>
      <BigButton className='st-edit__submit' loading={save.loading} onClick={submit}>{id ? '保存修改' : '新建驿站'}</BigButton>
    </View>
  )
}

export default function EditPage() {
  const id = useRouter().params.id || undefined
  const { roles, me, loading, error, reload } = useMe()
  const q = useQuery('station', 'get', { stationId: id ?? '' }, { enabled: !!id, refreshOnShow: false })
  const allowed = roles.includes('admin') || (!!id && roles.includes('keeper') && (me?.stationIds ?? []).includes(id))
  return (
    <View className='page st-edit'>
      <PageState query={{ data: me, error, loading, reload }}>
        {() => (!allowed ? (
          <Notice kind='warning' title={id ? '只能编辑自己负责的驿站' : '只有工会工作人员可以新建驿站'}>
            <Text>如需调整，请联系工会。</Text>
          </Notice>
        ) : id ? (
          <PageState query={q}>{(s) => <StationForm id={id} initial={fromStation(s)} uploadDir={me?.uploadDir ?? ''} />}</PageState>
        ) : (
          <StationForm initial={EMPTY} uploadDir={me?.uploadDir ?? ''} />
        ))}
      </PageState>
      <BackHome />
    </View>
  )
}
