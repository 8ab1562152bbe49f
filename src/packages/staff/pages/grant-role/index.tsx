import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { memberActions, type PersonHit, type Role } from '@contract'
import { ROLE_LABELS } from '@contract/common'
import { BigButton } from '@/components/BigButton'
import { FieldError } from '@/components/FieldError'
import { SaveButton } from '@/components/SaveButton'
import { Section } from '@/components/Section'
import { ApiError, useAction, useQuery } from '@/hooks/useApi'
import { CITIES } from '@/utils/location'
import { ReviewDone } from '@/ui/ReviewList'
import { Tabs } from '@/ui/Tabs'
import '@/ui/Field/index.scss'
import './index.scss'

type GrantableRole = 'merchant' | 'keeper' | 'judge'
const ROLES: GrantableRole[] = ['merchant', 'keeper', 'judge']
const HINT: Record<GrantableRole, string> = {
  merchant: '合作单位的核销员：扫会员卡二维码核销优惠、核销清凉券。请选择所属合作单位。',
  keeper: '驿站站长：维护驿站信息、打印签到码。请选择城市，再点选他负责的驿站（可多选）。',
  judge: '大赛评委：为参赛作品打分。',
}
const KIND_LABEL = { member: '会员', applicant: '合作申请人' } as const
const STATUS_LABEL: Record<string, string> = { active: '已入会', pending: '待审核', rejected: '未通过', approved: '已签约' }

function firstErrors(fe: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(fe).map(([k, m]) => [k.split('.')[0], m[0]]))
}

/** Find a person by name or the last 4 digits of their phone. */
function PersonSearch({ onPick }: { onPick: (p: PersonHit) => void }) {
  const search = useAction('member', 'search', { exclusive: false })
  const [q, setQ] = useState('')
  const [error, setError] = useState('')
  const [hits, setHits] = useState<PersonHit[] | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const run = async (more?: string) => {
    const parsed = memberActions.search.input.safeParse({ q, ...(more ? { cursor: more } : {}) })
    if (!parsed.success) { setError(parsed.error.issues[0]?.message ?? '请输入姓名或手机号后 4 位'); return }
    if (loading) return
    setError('')
    setLoading(true)
    try {
      const page = await search.run(parsed.data)
      setHits((h) => (more ? [...(h ?? []), ...page.items] : page.items))
      setCursor(page.nextCursor)
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '搜索失败，请重试')
    } finally {
      setLoading(false)
    }
  }
  return (
    <Section title='1. 找到这个人'>
      <Text className='ui-field__label grant-role__label'>姓名或手机号后 4 位</Text>
      <Input className='ui-field__input grant-role__q' value={q} maxlength={20} placeholder='如：马建国 或 5566' confirmType='search'
        onInput={(e) => setQ(e.detail.value)} onConfirm={() => void run()} />
      <FieldError message={error} />
      <BigButton className='grant-role__search' loading={loading} onClick={() => void run()}>搜索</BigButton>
      {hits && hits.length === 0 && !cursor && <Text className='grant-role__hint'>没有找到。可换成手机号后 4 位再试；只能找到已申请入会或申请合作的人。</Text>}
      {hits?.map((h) => (
        <View key={`${h.kind}-${h.openid}`} className='ui-review grant-role__hit'>
          <View className='ui-review__head'>
            <Text className='grant-role__hit-name'>{h.name}</Text>
            <Text className='grant-role__hit-kind'>{KIND_LABEL[h.kind]} · {STATUS_LABEL[h.status] ?? h.status}</Text>
          </View>
          <Text className='grant-role__hit-line'>{h.phone} · {h.city}{h.employer ? ` · ${h.employer}` : ''}{h.partnerName ? ` · ${h.partnerName}` : ''}</Text>
          <Text className='grant-role__hit-line'>现有角色：{h.roles.map((r) => ROLE_LABELS[r]).join('、') || '无'}</Text>
          <BigButton type='default' className='grant-role__pick' onClick={() => onPick(h)}>选择此人</BigButton>
        </View>
      ))}
      {cursor && <BigButton type='default' className='grant-role__more' loading={loading} onClick={() => void run(cursor)}>继续查找</BigButton>}
    </Section>
  )
}

function PartnerPicker({ value, onChange, error }: { value: string; onChange: (id: string) => void; error?: string }) {
  const partners = useQuery('member', 'partners', { limit: 50 }, { refreshOnShow: false })
  return (
    <>
      <Text className='ui-field__label grant-role__label'>合作单位</Text>
      {partners.loading && !partners.data && <Text className='grant-role__hint'>正在加载合作单位…</Text>}
      {partners.error && <Text className='grant-role__hint'>{partners.error.message}</Text>}
      <View className='grant-role__partners' role='radiogroup'>
        {partners.data?.items.map((p) => (
          <View key={p.id} role='radio' className={`grant-role__partner-opt ${value === p.id ? 'grant-role__partner-opt--on' : ''}`} onClick={() => onChange(p.id)}>
            <Text>{p.name}（{p.city}）</Text>
          </View>
        ))}
      </View>
      <FieldError message={error} />
    </>
  )
}

/** Stations near a city's centre, tapped to select; the ids stay editable for a station further out. */
function StationPicker({ value, onChange, error }: { value: string[]; onChange: (ids: string[]) => void; error?: string }) {
  const [city, setCity] = useState(CITIES[0])
  const near = useQuery('station', 'nearby', { lat: city.lat, lng: city.lng, radiusKm: 50, limit: 50 }, { refreshOnShow: false })
  const toggle = (id: string) => onChange(value.includes(id) ? value.filter((x) => x !== id) : [...value, id])
  return (
    <>
      <Text className='ui-field__label grant-role__label'>负责的驿站（已选 {value.length} 个）</Text>
      <View className='grant-role__partners' role='radiogroup'>
        {CITIES.map((c) => (
          <View key={c.name} role='radio' className={`grant-role__partner-opt grant-role__city ${c.name === city.name ? 'grant-role__partner-opt--on' : ''}`} onClick={() => setCity(c)}>
            <Text>{c.name}</Text>
          </View>
        ))}
      </View>
      {near.loading && !near.data && <Text className='grant-role__hint'>正在加载驿站…</Text>}
      {near.error && <Text className='grant-role__hint'>{near.error.message}</Text>}
      {near.data?.items.length === 0 && <Text className='grant-role__hint'>{city.name}暂无驿站</Text>}
      <View className='grant-role__station-list' role='group'>
        {near.data?.items.map((st) => (
          <View key={st.id} role='checkbox' className={`grant-role__station ${value.includes(st.id) ? 'grant-role__station--on' : ''}`} onClick={() => toggle(st.id)}>
            <Text className='grant-role__station-check'>{value.includes(st.id) ? '☑' : '☐'}</Text>
            <Text className='grant-role__station-name'>{st.name}</Text>
          </View>
        ))}
      </View>
      <FieldError message={error} />
    </>
  )
}

/** Grant a role to the picked person, or take one back. */
function RoleEditor({ person, onChanged }: { person: PersonHit; onChanged: (roles: Role[]) => void }) {
  const [role, setRole] = useState<GrantableRole>(person.kind === 'applicant' ? 'merchant' : 'judge')
  const [partnerId, setPartnerId] = useState(person.partnerId ?? person.rolePartnerId ?? '')
  const [stations, setStations] = useState<string[]>(person.stationIds ?? [])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [done, setDone] = useState('')
  const grant = useAction('member', 'grantRole')
  const revokeRole = useAction('member', 'revokeRole', { exclusive: false })
  const [revoking, setRevoking] = useState(false)
  const [failure, setFailure] = useState('')

  const submit = async () => {
    setDone('')
    setFailure('')
    const parsed = memberActions.grantRole.input.safeParse({
      openid: person.openid,
      role,
      ...(role === 'merchant' && partnerId ? { partnerId } : {}),
      ...(role === 'keeper' ? { stationIds: stations } : {}),
    })
    if (!parsed.success) {
      const e: Record<string, string> = {}
      for (const i of parsed.error.issues) e[String(i.path[0] ?? '_')] ??= i.message
      setErrors(e)
      return
    }
    setErrors({})
    try {
      const r = await grant.run(parsed.data)
      onChanged(r.roles)
      setDone(`已授予${person.name}「${ROLE_LABELS[role]}」`)
    } catch (e) {
      const fe = e instanceof ApiError ? firstErrors(e.fieldErrors) : {}
      setErrors(fe)
      if (!Object.keys(fe).length) setFailure(e instanceof ApiError ? e.message : '授权失败，请重试')
    }
  }

  const revoke = async (r: GrantableRole) => {
    if (revoking) return
    const ok = await Taro.showModal({ title: '收回角色', content: `确定收回${person.name}的「${ROLE_LABELS[r]}」角色吗？`, confirmText: '收回' })
    if (!ok.confirm) return
    setRevoking(true)
    setDone('')
    setFailure('')
    try {
      const res = await revokeRole.run({ openid: person.openid, role: r })
      onChanged(res.roles)
      setDone(`已收回${person.name}的「${ROLE_LABELS[r]}」`)
    } catch (e) {
      setFailure(e instanceof ApiError ? e.message : '操作失败，请重试')
    } finally {
      setRevoking(false)
    }
  }

  const revocable = person.roles.filter((r): r is GrantableRole => r !== 'admin')
  return (
    <Section title={`2. 为「${person.name}」设置角色`}>
      <Text className='grant-role__hit-line grant-role__picked'>{person.name} · {person.phone} · {KIND_LABEL[person.kind]}</Text>
      <View role='status' aria-live='polite'>
        {done && <ReviewDone ok className='grant-role__done'>{done}，现有角色：{person.roles.map((r) => ROLE_LABELS[r]).join('、') || '无'}</ReviewDone>}
        {failure && <ReviewDone ok={false}>{failure}</ReviewDone>}
      </View>
      {revocable.length > 0 && (
        <>
          <Text className='ui-field__label grant-role__label'>现有角色（可收回）</Text>
          {revocable.map((r) => (
            <BigButton key={r} type='default' className={`grant-role__revoke grant-role__revoke--${r}`} loading={revoking} onClick={() => void revoke(r)}>
              收回「{ROLE_LABELS[r]}」
            </BigButton>
          ))}
        </>
      )}
      <Text className='ui-field__label grant-role__label'>授予角色</Text>
      <Tabs className='grant-role__roles' options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} value={role} onChange={setRole} />
      <Text className='grant-role__hint'>{HINT[role]}</Text>
      <FieldError message={errors.role} />
      {role === 'merchant' && <PartnerPicker value={partnerId} onChange={(id) => { setPartnerId(id); setErrors({}) }} error={errors.partnerId} />}
      {role === 'keeper' && <StationPicker value={stations} onChange={(ids) => { setStations(ids); setErrors({}) }} error={errors.stationIds} />}
      <View className='grant-role__gap' />
      <SaveButton className='grant-role__submit' saving={grant.loading} onSave={() => void submit()}>授予「{ROLE_LABELS[role]}」</SaveButton>
    </Section>
  )
}

/** Grants merchant (bound to a partner), keeper (of stations) or judge to a person found by search; admins come only from the environment. */
export default function GrantRolePage() {
  const [person, setPerson] = useState<PersonHit | null>(null)
  return (
    <View className='page grant-role'>
      {person ? (
        <>
          <RoleEditor key={person.openid} person={person} onChanged={(roles) => setPerson((p) => (p ? { ...p, roles } : p))} />
          <BigButton type='default' className='grant-role__again' onClick={() => setPerson(null)}>换一个人</BigButton>
        </>
      ) : (
        <PersonSearch onPick={setPerson} />
      )}
      <Text className='grant-role__note'>工会工作人员（管理员）只能由部署时的环境变量 ADMIN_OPENIDS 指定，不能在这里授予或收回。</Text>
    </View>
  )
}
