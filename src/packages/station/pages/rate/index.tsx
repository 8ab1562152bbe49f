import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { stationActions } from '@contract/station'
import type { Station } from '@contract'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { useAction, useQuery } from '@/hooks/useApi'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { RatingText } from '@/packages/station/components/ui'
import { Notice } from '@/ui/Notice'
import { validate } from '@/ui/Field/validate'
import { Field, StarPicker } from '../../components/shared'
import '../../components/shared.scss'
import './index.scss'

type Summary = Station['rating']

/** Shown instead of the form when the caller has not checked in here within 7 days: before anything is filled in. */
function CheckinFirst({ stationId, message }: { stationId: string; message?: string }) {
  return (
    <Notice kind='warning' title='签到后才能评价'>
      <Text className='st-rate__line'>{message ? `${message}。` : '在驿站扫码签到后 7 天内才能评价。'}到了驿站，扫一扫门口的二维码签到，就能评价了。</Text>
      <View className='st-page__actions'>
        <BigButton type='success' className='st-rate__checkin' onClick={() => void go(`${ROUTES.station.checkin}?stationId=${stationId}`)}>去扫码签到</BigButton>
        <BigButton type='default' onClick={() => void go(`${ROUTES.station.detail}?id=${stationId}`)}>看看这个驿站</BigButton>
      </View>
    </Notice>
  )
}

function RateForm({ stationId, name, onRated }: { stationId: string; name: string; onRated: (r: Summary) => void }) {
  const [stars, setStars] = useState(0)
  const [comment, setComment] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const rate = useAction('station', 'rate')

  const submit = () => {
    const data = { stationId, stars, ...(comment.trim() ? { comment } : {}) }
    const v = validate(stationActions.rate.input, data)
    if (!v.ok) { setErrors(v.errors); return }
    setErrors({})
    void rate.run(data).then((r) => onRated({ average: r.average, count: r.count }), () => undefined)
  }

  if (rate.data) {
    return (
      <Notice kind='success' title='谢谢您的评价'>
        <Text className='st-rate__line'>您给「{name}」打了 {rate.data.mine?.stars} 星。</Text>
        <Text className='st-rate__line'>
          现在的评分：{rate.data.average?.toFixed(1)} 分，{rate.data.count} 人评价。7 天内再次提交会替换这次的评价。
        </Text>
        <View className='st-page__actions'>
          <BigButton type='default' onClick={() => rate.reset()}>修改评价</BigButton>
          <BigButton type='default' onClick={() => void go(`${ROUTES.station.detail}?id=${stationId}`)}>返回驿站</BigButton>
        </View>
      </Notice>
    )
  }
  // The page asks first (station.get's rateUntil); this covers a check-in window that ran out meanwhile.
  if (rate.error?.code === 'NOT_ELIGIBLE') return <CheckinFirst stationId={stationId} message={rate.error.message} />
  return (
    <>
      {rate.error && <Notice kind='error' title={rate.error.message} />}
      <Section title='打分'>
        <StarPicker value={stars} onChange={setStars} />
        {errors.stars && <Text className='field-error st-rate__stars-error'>请选择 1–5 星</Text>}
      </Section>
      <Section title='说几句（选填）'>
        <Field label='' name='comment' value={comment} onChange={setComment} multiline maxlength={200} placeholder='热水、微波炉好不好用？站长热情吗？' error={errors.comment ?? rate.fieldErrors.comment} hint={`${comment.length}/200`} />
      </Section>
      <BigButton className='st-rate__submit' loading={rate.loading} onClick={submit}>提交评价</BigButton>
    </>
  )
}

export default function RatePage() {
  const id = useRouter().params.id ?? ''
  // Asked again on return (e.g. from checking in), so the gate opens without leaving the page; what was
  // picked stays, since the data shown is kept while it reloads.
  const q = useQuery('station', 'get', { stationId: id }, { enabled: !!id })
  // The header shows the summary the rating returned, so it never stays 暂无评价 after one (until the next read).
  const [rated, setRated] = useState<Summary | null>(null)
  useEffect(() => setRated(null), [q.data])
  return (
    <View className='page st-rate'>
      {id ? (
        <PageState query={q}>
          {(s) => (
            <>
              <View className='st-rate__head'>
                <Text className='st-page__title'>{s.name}</Text>
                <RatingText rating={rated ?? s.rating} />
              </View>
              {s.rateUntil === null ? <CheckinFirst stationId={s.id} /> : <RateForm stationId={s.id} name={s.name} onRated={setRated} />}
            </>
          )}
        </PageState>
      ) : (
        <Notice kind='info' title='请先选择要评价的驿站'>
          <BigButton type='success' className='st-go' onClick={() => void go(ROUTES.stations)}>找附近驿站</BigButton>
        </Notice>
      )}
      <BackHome />
    </View>
  )
}
