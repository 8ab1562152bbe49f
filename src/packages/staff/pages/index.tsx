import { Text } from '@tarojs/components'
import type { Role } from '@contract'
import { ROLE_LABELS } from '@contract/common'
import { LinkSection, type LinkItem } from '@/components/LinkList'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { useMe } from '@/hooks/useMe'
import { ROUTES } from '@/routes'
import { AreaLanding } from '@/ui/AreaLanding'

/** What each role does here, per the programmes' rules. */
const TOOLS: Record<Role, LinkItem[]> = {
  admin: [
    { title: '入会审核', description: '审核入会申请，通过后发放会员卡号', url: ROUTES.staff.joins },
    { title: '合作单位审核', description: '审核福利项目签约申请，通过后申请人成为商户核销员', url: ROUTES.staff.partnerApplications },
    { title: '角色授权', description: '按姓名或手机号后 4 位找到人，授予或收回商户核销员、驿站站长、评委角色', url: ROUTES.staff.grantRole },
    { title: '清凉活动管理', description: '设置活动城市、行业、日期、每日库存、面值和门槛', url: ROUTES.staff.campaigns },
    { title: '大赛设置', description: '新建或修改大赛：剧种、报名时间、限报城市、各赛段日期', url: ROUTES.staff.contestEdit },
    { title: '大赛报名审核', description: '审核报名作品，通过后进入作品展示；撤下已通过的作品', url: ROUTES.staff.contestReview },
    { title: '大赛晋级', description: '按评委平均分，每个剧种晋级前若干名', url: ROUTES.staff.contestAdvance },
    { title: '驿站评估', description: '按 9 个方面打分，评定星级', url: ROUTES.staff.stationEvaluate },
    { title: '数据统计', description: '会员、领券核销、驿站服务人次', url: ROUTES.staff.stats },
    { title: '部署检查', description: '数据库集合、索引、设置和存储是否就绪，缺什么、怎么补', url: ROUTES.staff.health },
  ],
  merchant: [
    { title: '会员卡核销', description: '扫会员的电子会员卡二维码，核销本单位的会员优惠，查看今日核销', url: ROUTES.member.verify },
    { title: '扫码核销', description: '扫会员卡或清凉券二维码，核销会员权益或冷饮抵扣', url: ROUTES.staff.redeem },
  ],
  keeper: [
    { title: '驿站管理', description: '维护驿站地址、开放时间和服务项目', url: ROUTES.staff.stationManage },
    { title: '驿站签到码', description: '生成张贴在驿站的签到二维码', url: ROUTES.staff.stationManage },
  ],
  judge: [
    { title: '作品评分', description: '为各赛段作品打分（0–100 分，保留一位小数），赛段开放期间可修改', url: ROUTES.staff.score },
  ],
}

export default function StaffHome() {
  const state = useMe()
  return (
    <AreaLanding hero={{ title: '工作台', facts: '工会工作人员、商户、站长、评委' }} tone='staff'>
      <PageState query={state.query}>
        {(me) =>
          !me || me.roles.length === 0 ? (
            <Section title='暂无工作权限'>
              <Text>工作台供工会工作人员、合作商户核销员、驿站站长和大赛评委使用。如需开通，请联系所在工会。</Text>
            </Section>
          ) : (
            me.roles.map((role) => <LinkSection key={role} title={ROLE_LABELS[role]} items={TOOLS[role]} />)
          )
        }
      </PageState>
    </AreaLanding>
  )
}
