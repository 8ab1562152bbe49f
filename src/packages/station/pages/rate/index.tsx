import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { stationActions } from '@contract/station'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { useAction, useQuery } from '@/hooks/useApi'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { Notice, RatingText } from '@/pages/stations/ui'
import { Field, StarPicker, fieldErrorsOf } from '../../components/shared'
import '../../components/shared.scss'
import './index.scss'

function RateForm({ stationId, name }: { stationId: string; name: string }) {
  const [stars, setStars] = useState(0)
  const [comment, setComment] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const rate = useAction('station', 'rate')

  const submit = () => {
    const data = { stationId, stars, ...(comment.trim() ? { comment } : {}) }
    const parsed = stationActions.rate.input.safeParse(data)
    if (!parsed.success) { setErrors(fieldErrorsOf(parsed.error.issues)); return }
    setErrors({})
    void rate.run(data).catch(() => undefined)
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
  const notEligible = rate.error?.code === 'NOT_ELIGIBLE'
  return (
    <>
      {notEligible && (
        <Notice kind='warning' title='签到后才能评价'>
          <Text className='st-rate__line'>{rate.error?.message}。到了驿站，扫一扫门口的二维码签到，就能评价了。</Text>
          <BigButton type='default' onClick={() => void go(`${ROUTES.station.checkin}?stationId=${stationId}`)}>去扫码签到</BigButton>
        </Notice>
      )}
      {rate.error && !notEligible && <Notice kind='error' title={rate.error.message} />}
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
  const q = useQuery('station', 'get', { stationId: id }, { enabled: !!id, refreshOnShow: false })
  return (
    <View className='page st-rate'>
      {id ? (
        <PageState query={q}>
          {(s) => (
            <>
              <View className='st-rate__head'>
                <Text className='st-page__title'>{s.name}</Text>
                <RatingText rating={s.rating} />
              </View>
              <RateForm stationId={s.id} name={s.name} />
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
