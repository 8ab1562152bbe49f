import { View, Text } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Tag } from '@nutui/nutui-react-taro'
import { INDUSTRY_LABELS, ROLE_LABELS } from '@contract/labels'
import type { Member } from '@contract'
import { BigButton } from '@/components/BigButton'
import { FontModeSwitch } from '@/components/FontModeSwitch'
import { IdentityPicker } from '@/components/IdentityPicker'
import { LinkList } from '@/components/LinkList'
import { PageState } from '@/components/PageState'
import { Skeleton } from '@/components/Skeleton'
import { Section } from '@/components/Section'
import { useMe } from '@/hooks/useMe'
import { useQuery } from '@/hooks/useApi'
import { useUnreadBadge } from '@/hooks/useSubscribe'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import './index.scss'

const STATUS = {
  active: { text: '已入会', type: 'success' },
  pending: { text: '审核中', type: 'warning' },
  rejected: { text: '未通过', type: 'danger' },
} as const

function Membership({ member }: { member: Member | null }) {
  if (!member) {
    return (
      <Section title='会员状态'>
        <Text className='me__line'>您还不是工会会员。入会后可使用电子会员卡、领取清凉券。</Text>
        <BigButton onClick={() => void go(ROUTES.member.index)}>了解入会</BigButton>
      </Section>
    )
  }
  const s = STATUS[member.status]
  return (
    <Section title='会员状态' extra={<Tag type={s.type}>{s.text}</Tag>}>
      <View className='me__rows'>
        <Row label='姓名' value={member.name} />
        {member.cardNo && <Row label='会员卡号' value={member.cardNo} />}
        <Row label='城市' value={member.city} />
        <Row label='行业' value={INDUSTRY_LABELS[member.industry]} />
        <Row label='工作单位' value={member.employer} />
        <Row label='手机' value={member.phone} />
      </View>
      {member.status === 'pending' && <Text className='me__line'>入会申请已提交，工会审核通过后即可使用会员服务。</Text>}
      {member.status === 'rejected' && <Text className='me__line'>未通过原因：{member.reason || '未填写'}。可修改信息后重新申请。</Text>}
    </Section>
  )
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View className='me__row'>
      <Text className='me__label'>{label}</Text>
      <Text className='me__value'>{value}</Text>
    </View>
  )
}

export default function MePage() {
  const state = useMe()
  const signedIn = !!state.me
  const inbox = useQuery('member', 'messages', { limit: 1 }, { enabled: signedIn })
  const refreshBadge = useUnreadBadge()
  usePullDownRefresh(() => void Promise.all([state.reload(), signedIn ? inbox.reload() : null]).finally(() => { refreshBadge(); Taro.stopPullDownRefresh() }))
  const unread = signedIn ? inbox.data?.unread ?? 0 : 0

  return (
    <View className='page me'>
      <PageState query={state.query} skeleton={<Skeleton variant='profile' />}>
        {(me) =>
          me === null ? (
            <Section title='我的'>
              <Text className='me__line'>您当前以游客身份浏览。{process.env.TARO_ENV === 'h5' ? '请在下方选择一个演示身份。' : ''}</Text>
            </Section>
          ) : (
            <>
              <Membership member={me.member} />
              {me.roles.length > 0 && (
                <Section title='我的角色' extra={<Text className='me__link' onClick={() => void go(ROUTES.staff.index)}>进入工作台 ›</Text>}>
                  <View className='me__tags'>
                    {me.roles.map((r) => (
                      <Tag key={r} type='primary' className='me__tag'>
                        {ROLE_LABELS[r]}
                      </Tag>
                    ))}
                  </View>
                  <BigButton type='default' onClick={() => void go(ROUTES.staff.index)}>
                    工作台
                  </BigButton>
                </Section>
              )}
            </>
          )
        }
      </PageState>

      {process.env.TARO_ENV === 'h5' && (
        <Section title='演示身份' flush>
          <Text className='me__hint'>本地演示版：选择一个身份体验不同角色。小程序里使用微信身份。</Text>
          <IdentityPicker variant='list' />
        </Section>
      )}

      <Section title='阅读' flush>
        <FontModeSwitch />
      </Section>

      <Section title='常用' flush>
        <LinkList
          items={[
            ...(signedIn ? [{ title: unread > 0 ? `消息（${unread} 条未读）` : '消息', description: '审核结果、晋级获奖、清凉券到期提醒', url: ROUTES.member.messages }] : []),
            { title: '电子会员卡', url: ROUTES.member.card },
            { title: '我的清凉券', url: ROUTES.voucher.wallet },
            { title: '我的大赛报名', url: ROUTES.contest.mine },
            { title: '合作商户', url: ROUTES.member.partners },
            { title: '我的数据与隐私', description: '导出或删除我的个人信息', url: ROUTES.member.privacy },
            { title: '会员卡专区', url: ROUTES.member.index },
            { title: '智送清凉', url: ROUTES.voucher.index },
            { title: '职工戏剧票友大赛', url: ROUTES.contest.index },
            { title: '爱心驿站', url: ROUTES.station.index },
          ]}
          hideMissing
        />
      </Section>
    </View>
  )
}
