import { View, Text, Image } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { fileUrl } from '@/hooks/useUpload'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { MissingParam } from '@/components/MissingParam'
import { PageState } from '@/components/PageState'
import { useQuery } from '@/hooks/useApi'
import { ServiceTags } from '@/packages/station/components/ui'
import { ROUTES } from '@/routes'
import { copyText } from '@/utils/clipboard'
import '../../components/shared.scss'
import './index.scss'

/**
 * The poster to print (A4) and put up at the station. Its code is made by the function: in the mini-program a
 * mini-program code (wxacode) that opens check-in with the station's scene; on the web version a QR of the H5
 * check-in address, so any phone camera opens it.
 */
export default function PosterPage() {
  const id = useRouter().params.id ?? ''
  const station = useQuery('station', 'get', { stationId: id }, { enabled: !!id, refreshOnShow: false })
  const qr = useQuery('station', 'qrcode', { stationId: id }, { enabled: !!id, refreshOnShow: false })
  const image = useQuery('station', 'posterImage', { stationId: id }, { enabled: !!id, refreshOnShow: false })
  const weapp = process.env.TARO_ENV === 'weapp'
  return (
    <View className='page st-poster'>
      {!id ? <MissingParam what='驿站' from='「驿站管理」' url={ROUTES.station.manage} action='去驿站管理' /> : (
      <PageState query={image}>
        {(img) => (
          <>
            <View className='st-poster__sheet'>
              <Text className='st-poster__brand'>工惠驿站 · 爱心驿站</Text>
              <Text className='st-poster__name'>{station.data?.name ?? ''}</Text>
              <Text className='st-poster__call'>职工朋友，欢迎歇歇脚</Text>
              <Image className='st-poster__code-image' src={fileUrl(img.fileId)} mode='scaleToFill' showMenuByLongpress />
              <Text className='st-poster__instruction'>{weapp ? '微信扫一扫，到站签到' : '用微信或手机相机扫码，到站签到'}</Text>
              {station.data && <ServiceTags services={station.data.services} />}
              {qr.data && <Text className='st-poster__code'>签到码：{qr.data.code}</Text>}
            </View>
            <View className='st-page__actions st-poster__actions'>
              {!weapp && <BigButton onClick={() => window.print()}>打印海报（A4）</BigButton>}
              {qr.data && (
                <BigButton type='default' onClick={() => void copyText(weapp ? qr.data!.path : qr.data!.url || qr.data!.path, '已复制')}>
                  {weapp ? '复制签到页路径' : '复制签到网址'}
                </BigButton>
              )}
            </View>
            {weapp && <Text className='st-poster__note'>长按小程序码可保存图片，发到电脑上打印。</Text>}
            {qr.data && <Text className='st-poster__note'>{weapp ? `签到页：${qr.data.path}` : `签到网址：${qr.data.url}`}</Text>}
          </>
        )}
      </PageState>
      )}
      <BackHome />
    </View>
  )
}
