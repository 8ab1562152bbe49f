import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { QrCode } from '@/components/QrCode'
import { useQuery } from '@/hooks/useApi'
import { ServiceTags } from '@/pages/stations/ui'
import '../../components/shared.scss'
import './index.scss'

/**
 * The poster to print and put up at the station. Its code opens the check-in page with the station and its
 * code (in production a mini-program code carrying the same in its `scene`).
 */
export default function PosterPage() {
  const id = useRouter().params.id ?? ''
  const station = useQuery('station', 'get', { stationId: id }, { enabled: !!id, refreshOnShow: false })
  const qr = useQuery('station', 'qrcode', { stationId: id }, { enabled: !!id, refreshOnShow: false })
  const copy = (text: string) => void Taro.setClipboardData({ data: text }).catch(() => undefined)
  return (
    <View className='page st-poster'>
      <PageState query={qr}>
        {(q) => (
          <>
            <View className='st-poster__sheet'>
              <Text className='st-poster__brand'>工惠驿站 · 爱心驿站</Text>
              <Text className='st-poster__name'>{station.data?.name ?? ''}</Text>
              <Text className='st-poster__call'>职工朋友，欢迎歇歇脚</Text>
              <QrCode value={q.path} size={480} caption='微信扫一扫 · 签到' />
              {station.data && <ServiceTags services={station.data.services} />}
              <Text className='st-poster__code'>签到码：{q.code}</Text>
            </View>
            <View className='st-page__actions'>
              {process.env.TARO_ENV === 'h5' && <BigButton onClick={() => window.print()}>打印海报</BigButton>}
              <BigButton type='default' onClick={() => copy(q.path)}>复制二维码内容</BigButton>
            </View>
            <Text className='st-poster__note'>二维码内容：{q.path}</Text>
          </>
        )}
      </PageState>
      <BackHome />
    </View>
  )
}
