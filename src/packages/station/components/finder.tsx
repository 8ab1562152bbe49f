import { useCallback, useEffect, useMemo, useState } from 'react'
import { View, Text, Map } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Service } from '@contract'
import { SERVICE_LABELS } from '@contract/labels'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { Skeleton } from '@/components/Skeleton'
import { useQuery } from '@/hooks/useApi'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { CITIES, LocationDenied, locate, openLocationSettings, saveCity, savedCity, type Where } from '@/utils/location'
import { Chip, SERVICE_ICONS, StationRow } from './ui'
import './finder.scss'

/** What drivers and couriers look for first; the rest behind 更多. */
const MAIN_SERVICES: Service[] = ['microwave', 'water', 'rest', 'charging', 'toilet', 'parking']
const MORE_SERVICES: Service[] = ['meal', 'aircon', 'medicine', 'wifi', 'legal', 'counseling']
const RADII = [5, 20, 50]
/** Rows rendered at first (and added per tap on 再显示): the first screen shows a few, not all 20 (setData ≤ 50 KB). */
const LIST_SLICE = 6

type Status = 'locating' | 'ready' | 'denied'

/** Where am I: the location when allowed, else a city picked by hand (remembered), or the map's centre on weapp. */
function useWhere() {
  const [where, setWhere] = useState<Where | null>(null)
  const [status, setStatus] = useState<Status>('locating')
  /** The permission was refused: 重新定位 cannot help, the settings page can. */
  const [refused, setRefused] = useState(false)
  const relocate = useCallback(async () => {
    setStatus('locating')
    try {
      const p = await locate()
      setWhere({ ...p, label: '我的位置', source: 'gps' })
      setRefused(false)
      setStatus('ready')
    } catch (e) {
      const c = savedCity()
      if (c) setWhere({ lat: c.lat, lng: c.lng, label: `${c.name}市中心`, source: 'city' })
      setRefused(e instanceof LocationDenied)
      setStatus('denied')
    }
  }, [])
  const openSettings = useCallback(async () => {
    if (await openLocationSettings()) await relocate()
    else void Taro.showToast({ title: '定位仍未开启，可以先选城市', icon: 'none' })
  }, [relocate])
  useEffect(() => void relocate(), [relocate])
  const pickCity = (name: string) => {
    const c = CITIES.find((x) => x.name === name)!
    saveCity(name)
    setWhere({ lat: c.lat, lng: c.lng, label: `${c.name}市中心`, source: 'city' })
  }
  const centreOnMap = (lat: number, lng: number) => setWhere({ lat, lng, label: '地图中心', source: 'map' })
  return { where, status, refused, relocate, openSettings, pickCity, centreOnMap }
}

/** Says why the list is centred where it is; 定位未开启 only when the permission really was refused. */
export function whereHint(where: Where, status: Status, refused: boolean): string {
  if (where.source === 'gps') return '按距离由近到远'
  const place = where.source === 'map' ? '按地图中心查找' : '按所选城市查找'
  if (refused) return `定位未开启，${place}`
  if (status === 'denied') return `没能定位，${place}`
  return `${place}，点“重新定位”回到我的位置`
}

export function Finder() {
  const { where, status, refused, relocate, openSettings, pickCity, centreOnMap } = useWhere()
  const [services, setServices] = useState<Service[]>([])
  const [openNow, setOpenNow] = useState(false)
  const [more, setMore] = useState(false)
  const [radiusKm, setRadius] = useState(5)
  const [choosing, setChoosing] = useState(false)
  const [shown, setShown] = useState(LIST_SLICE)

  const data = useMemo(() => ({
    lat: where?.lat ?? 0,
    lng: where?.lng ?? 0,
    radiusKm,
    limit: 20,
    ...(services.length ? { services } : {}),
    ...(openNow ? { openNow: true } : {}),
  }), [where, services, openNow, radiusKm])
  const q = useQuery('station', 'nearby', data, { enabled: !!where, refreshOnShow: false, cacheKey: `stations-nearby:${radiusKm}:${services.join(',')}:${openNow ? 1 : 0}` })
  // A new search starts again with the first few rows.
  useEffect(() => setShown(LIST_SLICE), [data])
  const toggle = (s: Service) => setServices((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]))
  const weapp = process.env.TARO_ENV === 'weapp'

  const onRegionChange = (e: { type?: string; detail?: { type?: string; causedBy?: string } }) => {
    // Only a drag by the person moves the search; the map moving to new markers does not.
    if ((e.type ?? e.detail?.type) !== 'end' || e.detail?.causedBy !== 'drag') return
    Taro.createMapContext('station-map').getCenterLocation({
      success: (c) => centreOnMap(c.latitude, c.longitude),
    })
  }

  return (
    <View className='finder'>
      <View className='finder__where'>
        <View className='finder__where-text'>
          <Text className='finder__where-label'>{status === 'locating' ? '正在定位…' : where ? `${where.label}附近` : '未能获取位置'}</Text>
          {where && <Text className='finder__where-hint'>{whereHint(where, status, refused)}</Text>}
        </View>
        <View className='finder__where-actions'>
          <Text className='finder__link' onClick={() => void (refused ? openSettings() : relocate())}>{refused ? '开启定位' : '重新定位'}</Text>
          <Text className='finder__link' onClick={() => setChoosing((v) => !v)}>切换城市</Text>
        </View>
      </View>

      {refused && (
        <View className='finder__settings'>
          <Text className='finder__cities-note'>您没有允许使用位置信息。可以去设置里开启，或直接选一个城市。</Text>
          <BigButton className='finder__open-settings' type='default' onClick={() => void openSettings()}>去设置开启定位</BigButton>
        </View>
      )}
      {(status === 'denied' && !where) || choosing || refused ? (
        <View className='finder__cities'>
          {status === 'denied' && !where && !refused && (
            <Text className='finder__cities-note'>没能拿到您的位置。选一个城市，也可以稍后点“重新定位”。</Text>
          )}
          <View className='finder__chips'>
            {CITIES.map((c, i) => (
              <Chip key={c.name} className={`finder__city finder__city--${i}`} on={where?.label === `${c.name}市中心`} onClick={() => { pickCity(c.name); setChoosing(false) }}>
                {c.name}
              </Chip>
            ))}
          </View>
          {weapp && <Text className='finder__cities-note'>也可以拖动下方地图，按地图中心查找。</Text>}
        </View>
      ) : null}

      <View className='finder__filters'>
        <View className='finder__chips'>
          <Chip className='finder__chip finder__chip--open' on={openNow} onClick={() => setOpenNow((v) => !v)}>营业中</Chip>
          {[...MAIN_SERVICES, ...(more ? MORE_SERVICES : [])].map((s) => (
            <Chip key={s} className={`finder__chip finder__chip--${s}`} on={services.includes(s)} onClick={() => toggle(s)}>
              {SERVICE_ICONS[s]} {SERVICE_LABELS[s]}
            </Chip>
          ))}
          <Chip className='finder__chip finder__chip--more' on={false} onClick={() => setMore((v) => !v)}>{more ? '收起' : '更多'}</Chip>
        </View>
      </View>

      {weapp && where && (
        <Map
          id='station-map'
          className='finder__map'
          latitude={where.lat}
          longitude={where.lng}
          scale={radiusKm > 5 ? 11 : 13}
          showLocation
          markers={(q.data?.items ?? []).map((s, i) => ({
            id: i,
            latitude: s.location.lat,
            longitude: s.location.lng,
            title: s.name,
            iconPath: '/assets/tab/stations-active.png',
            width: 28,
            height: 28,
            callout: { content: s.name, display: 'BYCLICK', fontSize: 14, padding: 6, borderRadius: 6, color: '#1a1a1a', bgColor: '#ffffff', textAlign: 'center' },
          })) as never}
          onMarkerTap={(e) => {
            const s = q.data?.items[Number((e.detail as { markerId?: number }).markerId)]
            if (s) void go(`${ROUTES.station.detail}?id=${s.id}`)
          }}
          onRegionChange={onRegionChange as never}
          onError={() => undefined}
        />
      )}

      {where && (
        <PageState
          // Enabled only once the place is known: until its first answer, it is loading (not empty-handed).
          query={{ ...q, loading: q.loading || (q.data === undefined && !q.error) }}
          isEmpty={(d) => d.items.length === 0}
          emptyTitle={`${radiusKm} 公里内没有${openNow ? '正在营业、' : ''}符合条件的驿站`}
          emptyDescription={services.length || openNow ? '可以少选几项服务，或扩大范围' : '可以扩大范围，或换个城市看看'}
          emptyAction={
            <View className='finder__empty-actions'>
              {RADII.filter((r) => r > radiusKm).slice(0, 1).map((r) => (
                <BigButton key={r} type='success' className='st-go' onClick={() => setRadius(r)}>扩大到 {r} 公里</BigButton>
              ))}
              {(services.length > 0 || openNow) && (
                <BigButton type='default' onClick={() => { setServices([]); setOpenNow(false) }}>清除筛选</BigButton>
              )}
            </View>
          }
          loadingText='正在查找附近驿站…'
          skeleton={<Skeleton variant='station' count={4} />}
        >
          {(d) => (
            <View className='finder__list'>
              <Text className='finder__count'>{radiusKm} 公里内，离您最近的 {d.items.length} 家</Text>
              {d.items.slice(0, shown).map((s) => (
                <StationRow key={s.id} s={s} highlight={services} onClick={() => void go(`${ROUTES.station.detail}?id=${s.id}`)} />
              ))}
              {d.items.length > shown && (
                <BigButton type='default' className='finder__more' onClick={() => setShown((n) => n + LIST_SLICE)}>
                  再显示 {Math.min(LIST_SLICE, d.items.length - shown)} 家（还有 {d.items.length - shown} 家）
                </BigButton>
              )}
              {d.items.length === 20 && shown >= 20 && <Text className='finder__count'>只显示最近的 20 家</Text>}
              {radiusKm < 50 && d.items.length < 20 && (
                <BigButton type='default' onClick={() => setRadius(RADII.find((r) => r > radiusKm)!)}>扩大到 {RADII.find((r) => r > radiusKm)} 公里</BigButton>
              )}
            </View>
          )}
        </PageState>
      )}
    </View>
  )
}
