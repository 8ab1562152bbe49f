import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import { memberActions } from '@contract'
import { ROLE_LABELS } from '@contract/common'
import { BigButton } from '@/components/BigButton'
import { FieldError } from '@/components/FieldError'
import { Section } from '@/components/Section'
import { useAction } from '@/hooks/useApi'
import '../../components/ReviewActions/item.scss'
import './index.scss'

type GrantableRole = 'merchant' | 'keeper' | 'judge'
const ROLES: GrantableRole[] = ['merchant', 'keeper', 'judge']
const HINT: Record<GrantableRole, string> = {
  merchant: '合作单位的核销员：扫会员卡二维码核销优惠、核销清凉券。需指定合作单位编号（如 fuxin-p01）。',
  keeper: '驿站站长：维护驿站信息、打印签到码。需指定驿站编号，多个用逗号分隔。',
  judge: '大赛评委：为参赛作品打分。',
}

/** Grants merchant (bound to a partner), keeper (of stations) or judge; admins come only from the environment. */
export default function GrantRolePage() {
  const [openid, setOpenid] = useState('')
  const [role, setRole] = useState<GrantableRole>('merchant')
  const [partnerId, setPartnerId] = useState('')
  const [stations, setStations] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const grant = useAction('member', 'grantRole')

  const submit = async () => {
    const data = {
      openid: openid.trim(),
      role,
      ...(role === 'merchant' && partnerId.trim() ? { partnerId: partnerId.trim() } : {}),
      ...(role === 'keeper' ? { stationIds: stations.split(/[,，\s]+/).filter(Boolean) } : {}),
    }
    const parsed = memberActions.grantRole.input.safeParse(data)
    if (!parsed.success) {
      const e: Record<string, string> = {}
      for (const i of parsed.error.issues) e[String(i.path[0] ?? '_')] ??= i.message
      setErrors(e)
      return
    }
    setErrors({})
    try {
      await grant.run(parsed.data)
    } catch (e) {
      const fe = (e as { fieldErrors?: Record<string, string[]> }).fieldErrors ?? {}
      setErrors(Object.fromEntries(Object.entries(fe).map(([k, m]) => [k.split('.')[0], m[0]])))
    }
  }

  return (
    <View className='page grant-role'>
      <Section title='授予角色'>
        <Text className='grant-role__label'>用户标识（openid）</Text>
        <Input className='grant-role__input grant-role__openid' value={openid} maxlength={64} placeholder='如：demo-driver' onInput={(e) => setOpenid(e.detail.value)} />
        <FieldError message={errors.openid} />

        <Text className='grant-role__label'>角色</Text>
        <View className='review-tabs grant-role__roles' role='tablist'>
          {ROLES.map((r) => (
            <View key={r} role='tab' className={`review-tabs__tab ${role === r ? 'review-tabs__tab--on' : ''}`} onClick={() => setRole(r)}>
              <Text>{ROLE_LABELS[r]}</Text>
            </View>
          ))}
        </View>
        <Text className='grant-role__hint'>{HINT[role]}</Text>
        <FieldError message={errors.role} />

        {role === 'merchant' && (
          <>
            <Text className='grant-role__label'>合作单位编号</Text>
            <Input className='grant-role__input grant-role__partner' value={partnerId} maxlength={64} placeholder='如：fuxin-p01' onInput={(e) => setPartnerId(e.detail.value)} />
            <FieldError message={errors.partnerId} />
          </>
        )}
        {role === 'keeper' && (
          <>
            <Text className='grant-role__label'>驿站编号</Text>
            <Input className='grant-role__input grant-role__stations' value={stations} maxlength={500} placeholder='多个用逗号分隔' onInput={(e) => setStations(e.detail.value)} />
            <FieldError message={errors.stationIds} />
          </>
        )}
        {grant.error && Object.keys(grant.error.fieldErrors).length === 0 && <Text className='review-item__done review-item__done--no'>{grant.error.message}</Text>}
        {grant.data && (
          <Text className='review-item__done review-item__done--ok'>
            已授权：{grant.data.openid} 现有角色 {grant.data.roles.map((r) => ROLE_LABELS[r]).join('、') || '无'}
          </Text>
        )}
        <View className='grant-role__gap' />
        <BigButton className='grant-role__submit' loading={grant.loading} onClick={() => void submit()}>授予</BigButton>
      </Section>
      <Text className='grant-role__note'>工会工作人员（管理员）只能由部署时的环境变量 ADMIN_OPENIDS 指定，不能在这里授予。</Text>
    </View>
  )
}
