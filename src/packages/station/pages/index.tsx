import { Text } from '@tarojs/components'
import { SERVICE_LABELS, SERVICES } from '@contract/common'
import { LinkSection } from '@/components/LinkList'
import { Section } from '@/components/Section'
import { PROGRAMMES } from '@/content'
import { useMe } from '@/hooks/useMe'
import { ROUTES } from '@/routes'
import { AreaLanding } from '@/ui/AreaLanding'

export default function StationHome() {
  const p = PROGRAMMES.station
  const { roles } = useMe()
  const admin = roles.includes('admin')
  const keeper = roles.includes('keeper')
  return (
    <AreaLanding
      hero={p} tone='green' linksTitle='驿站服务' aboutTitle='关于爱心驿站'
      links={[
        { title: '找附近驿站', description: '按距离由近到远，可只看营业中、按服务筛选，一键导航', url: ROUTES.station.nearby },
        { title: '扫码签到', description: '扫描驿站张贴的二维码完成签到；签到后 7 天内可评价', url: ROUTES.station.checkin },
      ]}
    >
      {(admin || keeper) && (
        <LinkSection
          title={admin ? '工会工作人员' : '站长'}
          items={[
            { title: admin ? '驿站管理与星级评估' : '我负责的驿站', description: '维护地址、开放时间和服务项目，打印签到二维码', url: ROUTES.station.manage },
            ...(admin ? [
              { title: '新建驿站', url: ROUTES.station.edit },
              { title: '服务统计', description: '各驿站每天签到人次、累计服务人次', url: ROUTES.station.stats },
            ] : []),
          ]}
        />
      )}
      <Section title='可能提供的服务'>
        <Text>{SERVICES.map((s) => SERVICE_LABELS[s]).join('、')}</Text>
      </Section>
    </AreaLanding>
  )
}
