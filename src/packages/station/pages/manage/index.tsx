import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { Station } from '@contract'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { useAction, useAsync, useQuery } from '@/hooks/useApi'
import { useMe } from '@/hooks/useMe'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { CITIES } from '@/utils/location'
import { Chip, StationRow } from '@/packages/station/components/ui'
import { Notice } from '@/ui/Notice'
import '../../components/shared.scss'
import './index.scss'

function Actions({ s, admin }: { s: Station; admin: boolean }) {
  return (
    <View className='st-manage__actions'>
      <Text className='st-manage__action' onClick={() => void go(`${ROUTES.station.edit}?id=${s.id}`)}>编辑</Text>
      <Text className='st-manage__action' onClick={() => void go(`${ROUTES.station.poster}?id=${s.id}`)}>签到码</Text>
      {admin && <Text className='st-manage__action' onClick={() => void go(`${ROUTES.station.evaluate}?id=${s.id}`)}>星级评估</Text>}
    </View>
  )
}

function KeeperStations({ ids, admin }: { ids: string[]; admin: boolean }) {
  const get = useAction('station', 'get', { exclusive: false })
  const q = useAsync(() => Promise.all(ids.map((stationId) => get.run({ stationId }))), `keeper:${ids.join(',')}`)
  return (
    <Section title='我负责的驿站' flush>
      <View className='st-manage__list'>
        <PageState query={q} isEmpty={(d) => d.length === 0} emptyTitle='还没有分配驿站'>
          {(list) => list.map((s) => <StationRow key={s.id} s={s} extra={<Actions s={s} admin={admin} />} />)}
        </PageState>
      </View>
    </Section>
  )
}

function AllStations() {
  const [city, setCity] = useState(CITIES[0])
  const q = useQuery('station', 'nearby', { lat: city.lat, lng: city.lng, radiusKm: 50, limit: 50 })
  return (
    <Section title='各地驿站' flush>
      <View className='st-manage__cities'>
        {CITIES.map((c, i) => <Chip key={c.name} className={`st-manage__city st-manage__city--${i}`} on={c.name === city.name} onClick={() => setCity(c)}>{c.name}</Chip>)}
      </View>
      <View className='st-manage__list'>
        <PageState query={q} isEmpty={(d) => d.items.length === 0} emptyTitle={`${city.name}暂无驿站`}>
          {(d) => (
            <>
              <Text className='st-manage__note'>离{city.name}市中心最近的 {d.items.length} 家（50 公里内）</Text>
              {d.items.map((s) => <StationRow key={s.id} s={s} extra={<Actions s={s} admin />} />)}
            </>
          )}
        </PageState>
      </View>
    </Section>
  )
}

export default function ManagePage() {
  const { me, roles, loading, error, reload } = useMe()
  const admin = roles.includes('admin')
  const keeper = roles.includes('keeper')
  return (
    <View className='page st-manage'>
      <PageState query={{ data: me, error, loading, reload }}>
        {() => (!admin && !keeper ? (
          <Notice kind='info' title='仅限驿站站长和工会工作人员'>
            <Text>站长由工会授权后，可以在这里维护驿站信息、打印签到二维码。</Text>
          </Notice>
        ) : (
          <>
            {admin && (
              <View className='st-page__actions'>
                <BigButton onClick={() => void go(ROUTES.station.edit)}>新建驿站</BigButton>
                <BigButton type='default' onClick={() => void go(ROUTES.station.stats)}>服务统计</BigButton>
              </View>
            )}
            {keeper && <KeeperStations ids={me?.stationIds ?? []} admin={admin} />}
            {admin && <AllStations />}
          </>
        ))}
      </PageState>
      <BackHome />
    </View>
  )
}
