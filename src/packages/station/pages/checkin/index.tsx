import { useEffect, useRef, useState } from 'react'
import { View, Text, Textarea } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { Section } from '@/components/Section'
import { ApiError, useAction, useQuery } from '@/hooks/useApi'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { Notice } from '@/ui/Notice'
import { hhmm, parseCheckin, sceneOf, type CheckinTarget } from './parse'
import '../../components/shared.scss'
import '@/ui/Field/index.scss'
import './index.scss'

type Outcome =
  | { kind: 'ok'; stationId: string; visitNo: number; checkedInAt: string; repeat: boolean }
  | { kind: 'error'; code: string; message: string; stationId?: string }

const ERRORS: Record<string, string> = {
  INVALID_TOKEN: '这不是驿站的签到码。请扫描驿站张贴的“扫码签到”二维码。',
  NOT_FOUND: '没有找到这个驿站，二维码可能已经停用。',
  RATE_LIMITED: '操作太频繁了，请稍等一分钟再试。',
}

function Result({ o }: { o: Outcome }) {
  const station = useQuery('station', 'get', { stationId: o.stationId ?? '' }, { enabled: o.kind === 'ok', refreshOnShow: false })
  if (o.kind === 'error') {
    return (
      <Notice kind={o.code === 'RATE_LIMITED' ? 'warning' : 'error'} title={o.code === 'INVALID_TOKEN' ? '签到码无效' : '签到没有成功'}>
        <Text className='st-checkin__error'>{ERRORS[o.code] ?? o.message}</Text>
        {o.code === 'UNAUTHENTICATED' && (
          <BigButton type='default' onClick={() => void go(ROUTES.me)}>{process.env.TARO_ENV === 'h5' ? '去选择演示身份' : '去登录'}</BigButton>
        )}
      </Notice>
    )
  }
  return (
    <View className='st-checkin__ok' role='status'>
      <Text className='st-checkin__tick'>✓</Text>
      <Text className='st-checkin__title'>签到成功</Text>
      {station.data && <Text className='st-checkin__station'>{station.data.name}</Text>}
      <Text className='st-checkin__no'>您是本站第 <Text className='st-checkin__num'>{o.visitNo}</Text> 位到访职工</Text>
      <Text className='st-checkin__time'>
        {o.repeat ? `您在 ${hhmm(o.checkedInAt)} 已签到，2 小时内不重复计数` : `签到时间 ${hhmm(o.checkedInAt)}`}
      </Text>
      <View className='st-page__actions'>
        <BigButton type='primary' onClick={() => void go(`${ROUTES.station.rate}?id=${o.stationId}`)}>评价这个驿站</BigButton>
        <BigButton type='default' onClick={() => void go(`${ROUTES.station.detail}?id=${o.stationId}`)}>查看驿站服务</BigButton>
      </View>
    </View>
  )
}

/** The poster's scene: from the mini-program code's launch options (weapp) or the H5 URL (`?scene=`). */
function launchScene(params: Record<string, string | undefined>): string {
  if (params.scene) return sceneOf(params.scene)
  if (process.env.TARO_ENV === 'weapp') {
    // A mini-program code opens the page with `scene` in its query; Taro passes it on as a param, but a cold
    // start from the code also has it in the launch options.
    const launch = Taro.getEnterOptionsSync?.()
    if (launch?.path === CHECKIN_PAGE && launch.query?.scene) return sceneOf(launch.query.scene)
  }
  return ''
}
const CHECKIN_PAGE = 'packages/station/pages/checkin/index'
const SCAN_TYPES = ['qrCode', 'wxCode'] as unknown as Array<keyof Taro.scanCode.ScanType>

export default function CheckinPage() {
  const params = useRouter().params
  const scene = launchScene(params)
  const fromPoster: CheckinTarget | null = scene ? { scene } : params.code && params.stationId ? { stationId: params.stationId, code: params.code } : null
  const knownStationId = params.stationId || (fromPoster && 'stationId' in fromPoster ? fromPoster.stationId : undefined)
  const known = useQuery('station', 'get', { stationId: knownStationId ?? '' }, { enabled: !!knownStationId && !fromPoster, refreshOnShow: false })
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [busy, setBusy] = useState(false)
  const [pasted, setPasted] = useState('')
  const [pasteError, setPasteError] = useState('')
  const started = useRef(false)
  const checkin = useAction('station', 'checkin', { exclusive: false })

  const submit = async (t: CheckinTarget) => {
    setBusy(true)
    try {
      const r = await checkin.run(t)
      setOutcome({ kind: 'ok', stationId: r.stationId, visitNo: r.visitNo, checkedInAt: r.checkedInAt, repeat: Date.now() - Date.parse(r.checkedInAt) > 60_000 })
    } catch (e) {
      const err = ApiError.from(e)
      setOutcome({ kind: 'error', code: err.code, message: err.message, stationId: 'stationId' in t ? t.stationId : undefined })
    } finally {
      setBusy(false)
    }
  }

  // Opened from the poster's code: check in straight away.
  useEffect(() => {
    if (fromPoster && !started.current) {
      started.current = true
      void submit(fromPoster)
    }
  }, [scene, params.stationId, params.code]) // eslint-disable-line react-hooks/exhaustive-deps -- runs per poster code opened; `fromPoster` is derived from these

  const scan = async () => {
    try {
      // Mini-program codes (wxCode: `path` carries the page and its scene) and plain QR codes of the H5 address.
      // wx.scanCode accepts 'wxCode'; Taro's types list only the generic kinds.
      const r = await Taro.scanCode({ scanType: SCAN_TYPES })
      const t = parseCheckin(r.path || r.result, knownStationId)
      if (t) await submit(t)
      else setOutcome({ kind: 'error', code: 'INVALID_TOKEN', message: '' })
    } catch {
      // cancelled: nothing to show
    }
  }
  const checkinPasted = () => {
    const t = parseCheckin(pasted, knownStationId)
    if (!t) { setPasteError(knownStationId ? '请粘贴签到码或二维码里的内容' : '请粘贴二维码里的网址或完整内容'); return }
    setPasteError('')
    void submit(t)
  }

  const weapp = process.env.TARO_ENV === 'weapp'
  return (
    <View className='page st-checkin'>
      {outcome && <Result o={outcome} />}
      {busy && !outcome && <Notice kind='info' title='正在签到…' />}
      {(!outcome || outcome.kind === 'error') && !(fromPoster && busy) && (
        <Section title={known.data ? `在「${known.data.name}」签到` : '到站扫码签到'}>
          <Text className='st-checkin__hint'>驿站门口或服务台张贴有“扫码签到”二维码。签到后 7 天内可以评价驿站；2 小时内重复签到只算一次。</Text>
          {weapp && <BigButton loading={busy} onClick={() => void scan()}>扫描驿站二维码</BigButton>}
          <View className='st-checkin__manual'>
            <Text className='ui-field__label'>{weapp ? '无法扫码时，粘贴二维码内容' : '用手机相机扫海报上的二维码即可签到；也可在这里粘贴二维码里的网址'}</Text>
            <Textarea className='ui-field__input ui-field__input--multi st-checkin__input' value={pasted} placeholder='二维码里的网址，或海报上的签到码' maxlength={512} onInput={(e) => setPasted(e.detail.value)} />
            {pasteError && <Text className='field-error'>{pasteError}</Text>}
            <BigButton className='st-checkin__submit' type={weapp ? 'default' : 'primary'} loading={busy} onClick={checkinPasted}>签到</BigButton>
          </View>
        </Section>
      )}
      <BackHome />
    </View>
  )
}
