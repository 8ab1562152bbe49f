import { useState } from 'react'
import { copyText } from '@/utils/clipboard'
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { BigButton } from '@/components/BigButton'
import { Section } from '@/components/Section'
import { OFFLINE_KEY_PREFIX, QUERY_CACHE_PREFIX, useAction } from '@/hooks/useApi'
import { useMe } from '@/hooks/useMe'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { Notice } from '@/ui/Notice'
import './index.scss'
import { Rows } from '@/ui/Rows'

/**
 * Forms kept on this phone hold the person's name and phone, the offline copies their card and vouchers, the
 * offline keys their codes: all erased with the account (the demo identity stays).
 */
const DRAFT_PREFIXES = ['member-join-draft', 'contest-signup-draft:', QUERY_CACHE_PREFIX, OFFLINE_KEY_PREFIX]
function forgetDrafts() {
  try {
    for (const key of Taro.getStorageInfoSync().keys) {
      if (DRAFT_PREFIXES.some((p) => key.startsWith(p))) Taro.removeStorageSync(key)
    }
  } catch { /* no storage to clear */ }
}

const LABELS: Record<string, string> = {
  member: '会员信息', roles: '角色', benefitUses: '会员优惠使用记录', partnerApplications: '合作单位申请',
  vouchers: '清凉券', entries: '大赛报名', votes: '投票记录', checkins: '驿站签到', stationVisits: '驿站到访', ratings: '驿站评价',
  messages: '消息', subscriptions: '消息订阅',
}

function summary(data: Record<string, unknown>): Array<[string, string]> {
  return Object.entries(LABELS).filter(([k]) => k in data).map(([k, label]) => {
    const v = data[k]
    return [label, Array.isArray(v) ? `${v.length} 条` : v ? '有' : '无']
  })
}

function download(json: string) {
  const blob = new Blob([json], { type: 'application/json' })
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = `我的数据-${new Date().toISOString().slice(0, 10)}.json`
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 5000)
}

export default function PrivacyPage() {
  const me = useMe()
  const exp = useAction('member', 'exportMine')
  const del = useAction('member', 'deleteMine')
  const [deleted, setDeleted] = useState<boolean | null>(null)

  const doExport = async () => {
    const data = await exp.run({}).catch(() => null)
    if (!data) return
    const json = JSON.stringify(data, null, 2)
    if (process.env.TARO_ENV === 'h5') download(json)
    else await copyText(json, '已复制到剪贴板')
  }

  const doDelete = async () => {
    const ok = await Taro.showModal({
      title: '确认注销账号？',
      content: '将删除您的姓名、手机号、工作单位和会员卡号，并解除商户、站长等角色。已领的券和使用记录只保留不含个人信息的统计。此操作不可恢复。',
      confirmText: '确认注销',
      confirmColor: '#c4161c',
      cancelText: '再想想',
    }).then((r) => r.confirm, () => false)
    if (!ok) return
    const r = await del.run({}).catch(() => null)
    if (r) {
      forgetDrafts()
      setDeleted(r.deleted)
      void me.reload()
    }
  }

  if (me.isGuest) {
    return (
      <View className='page privacy'>
        <Notice kind='info' title='请先登录'><Text>{process.env.TARO_ENV === 'h5' ? '请在「我的」页面选择一个演示身份。' : '请使用微信打开。'}</Text></Notice>
        <BigButton onClick={() => void go(ROUTES.me)}>去「我的」</BigButton>
      </View>
    )
  }

  return (
    <View className='page privacy'>
      <Section title='我们保存了哪些信息'>
        <Text className='privacy__p'>入会：姓名、手机号、城市、行业、工作单位（审核和发卡需要）；会员卡：每次在合作单位使用优惠的记录；以及您在清凉券、大赛、爱心驿站中的领取、报名、投票、签到和评价记录。手机号对他人只显示为 138****1234。位置只在查看距离时使用，不保存。</Text>
      </Section>

      <Section title='导出我的数据'>
        <Text className='privacy__p'>把平台保存的关于您的全部信息导出为 JSON 文件{process.env.TARO_ENV === 'h5' ? '（下载到本机）' : '（复制到剪贴板）'}。</Text>
        {exp.data && (
          <Notice kind='success' title={process.env.TARO_ENV === 'h5' ? '已导出并下载' : '已导出并复制'}>
            <Rows rows={summary(exp.data as Record<string, unknown>)} />
          </Notice>
        )}
        {exp.error && <Notice kind='error' title={exp.error.message} />}
        <BigButton className='privacy__export' type='default' loading={exp.loading} onClick={() => void doExport()}>导出我的数据</BigButton>
      </Section>

      <Section title='注销账号'>
        {deleted === null ? (
          <Text className='privacy__p'>注销后，您的个人信息将被删除或匿名化，会员卡失效；为保证统计准确，记录的数量会保留但不再能对应到您。之后可重新申请入会。</Text>
        ) : (
          <Notice kind='success' title={deleted ? '账号已注销' : '没有需要删除的信息'}>
            <Text>{deleted ? '您的个人信息已删除或匿名化。' : '平台没有保存您的个人信息。'}</Text>
          </Notice>
        )}
        {del.error && <Notice kind='error' title={del.error.message} />}
        <BigButton className='privacy__delete' type='danger' fill='outline' loading={del.loading} onClick={() => void doDelete()}>注销账号</BigButton>
      </Section>
    </View>
  )
}
