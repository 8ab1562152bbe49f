import { View, Text, Image, ScrollView } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { Station } from '@contract'
import { hoursLabel } from '@contract/station'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { useQuery } from '@/hooks/useApi'
import { useMe } from '@/hooks/useMe'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { navigateTo } from '@/utils/location'
import { OpenBadge, RatingText, ServiceTags, Stars } from '@/packages/station/components/ui'
import { Notice } from '@/ui/Notice'
import '../../components/shared.scss'
import './index.scss'

function StaffActions({ s }: { s: Station }) {
  const { roles, me } = useMe()
  const admin = roles.includes('admin')
  const keeper = roles.includes('keeper') && (me?.stationIds ?? []).includes(s.id)
  if (!admin && !keeper) return null
  return (
    <Section title={admin ? '工会工作人员' : '我是这个驿站的站长'}>
      <View className='st-page__actions'>
        <BigButton type='default' onClick={() => void go(`${ROUTES.station.edit}?id=${s.id}`)}>编辑驿站信息</BigButton>
        <BigButton type='default' onClick={() => void go(`${ROUTES.station.poster}?id=${s.id}`)}>打印签到二维码</BigButton>
        {admin && <BigButton type='default' onClick={() => void go(`${ROUTES.station.evaluate}?id=${s.id}`)}>星级评估</BigButton>}
      </View>
    </Section>
  )
}

function Detail({ s }: { s: Station }) {
  const call = () => s.phone && void Taro.makePhoneCall({ phoneNumber: s.phone }).catch(() => undefined)
  return (
    <>
      <View className='st-detail__head'>
        <Text className='st-page__title st-detail__name'>{s.name}</Text>
        <View className='st-detail__badges'>
          <OpenBadge open={s.openNow} />
          <Stars stars={s.stars} size='l' />
        </View>
        <Text className='st-detail__address'>{s.district ? '' : `${s.city} · `}{s.address}</Text>
      </View>
      <View className='st-page__actions'>
        <BigButton type='success' className='st-go' onClick={() => void navigateTo(s).catch(() => undefined)}>导航到这里</BigButton>
        <BigButton type='primary' onClick={() => void go(`${ROUTES.station.checkin}?stationId=${s.id}`)}>到站扫码签到</BigButton>
      </View>
      {!!s.photoUrls?.length && (
        <ScrollView className='st-detail__photos' scrollX>
          {s.photoUrls.map((u, i) => (
            <Image key={u} className='st-detail__photo' src={u} mode='aspectFill' onClick={() => void Taro.previewImage({ urls: s.photoUrls!, current: u }).catch(() => undefined)}
              ariaLabel={`驿站照片 ${i + 1}`} />
          ))}
        </ScrollView>
      )}
      {s.demo && (
        <Notice kind='info' title='演示数据'>
          <Text>这个驿站由演示数据生成，位置和服务仅供体验。</Text>
        </Notice>
      )}
      <Section title='服务项目'>
        <ServiceTags services={s.services} size='l' />
        {s.intro && <Text className='st-detail__intro'>{s.intro}</Text>}
      </Section>
      <Section title='驿站信息'>
        <View className='st-page__kv'><Text className='st-page__k'>开放时间</Text><Text className='st-page__v'>{hoursLabel(s.openHours)}</Text></View>
        <View className='st-page__kv'><Text className='st-page__k'>已服务</Text><Text className='st-page__v st-detail__visits'>{s.visitCount} 人次</Text></View>
        <View className='st-page__kv'><Text className='st-page__k'>星级</Text><Text className='st-page__v'>{s.stars ? `${s.stars} 星（9 项评估）` : '尚未评星'}</Text></View>
        {s.phone && (
          <View className='st-page__kv st-detail__phone' onClick={call}>
            <Text className='st-page__k'>电话</Text>
            <Text className='st-page__v st-detail__call'>{s.phone} 拨打</Text>
          </View>
        )}
      </Section>
      <Section title='职工评价' extra={<RatingText rating={s.rating} />}>
        <Text className='st-detail__hint'>在驿站扫码签到后 7 天内，可以给驿站打分、留言。</Text>
        <BigButton type='default' onClick={() => void go(`${ROUTES.station.rate}?id=${s.id}`)}>评价这个驿站</BigButton>
      </Section>
      <StaffActions s={s} />
    </>
  )
}

export default function StationDetailPage() {
  const id = useRouter().params.id ?? ''
  const q = useQuery('station', 'get', { stationId: id }, { enabled: !!id })
  return (
    <View className='page st-detail'>
      {id ? <PageState query={q}>{(s) => <Detail s={s} />}</PageState> : (
        <Notice kind='info' title='请先选择一个驿站'>
          <BigButton type='success' className='st-go' onClick={() => void go(ROUTES.stations)}>找附近驿站</BigButton>
        </Notice>
      )}
      <BackHome />
    </View>
  )
}
