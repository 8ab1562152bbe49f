import { PROGRAMMES } from '@/content'
import { ROUTES } from '@/routes'
import { AreaLanding } from '@/ui/AreaLanding'

export default function MemberHome() {
  const p = PROGRAMMES.member
  return (
    <AreaLanding
      hero={{ ...p, title: `工会${p.title}` }} linksTitle='会员服务' aboutTitle='项目介绍'
      links={[
        { title: '入会申请', description: '填写姓名、手机、城市、行业和工作单位，工会审核通过后发放会员卡号', url: ROUTES.member.join },
        { title: '电子会员卡', description: '在合作单位出示会员卡二维码，享受会员优惠', url: ROUTES.member.card },
        { title: '合作商户', description: '旅游景区、文化场馆、体育场馆、商超、餐饮等合作单位及优惠内容', url: ROUTES.member.partners },
        { title: '成为合作单位', description: '面向社会招募福利项目签约单位，提交申请由工会审核', url: ROUTES.member.applyPartner },
        { title: '我的数据与隐私', description: '导出或删除我在本平台的个人信息', url: ROUTES.member.privacy },
      ]}
    />
  )
}
