import { View, Text } from '@tarojs/components'
import { CONSENT_VERSION } from '@contract/common'
import { BackHome } from '@/components/BackHome'
import { Section } from '@/components/Section'
import { PRIVACY_NOTICE, PRIVACY_NOTICE_TITLE } from '../../privacy-notice'
import './index.scss'

/** The privacy notice, readable before agreeing (H5; the mini-program shows WeChat's own sheet first). */
export default function PrivacyNoticePage() {
  return (
    <View className='page privacy-notice'>
      <View className='privacy-notice__head'>
        <Text className='privacy-notice__title'>{PRIVACY_NOTICE_TITLE}</Text>
        <Text className='privacy-notice__version'>版本 {CONSENT_VERSION}</Text>
      </View>
      {PRIVACY_NOTICE.map((s) => (
        <Section key={s.title} title={s.title}>
          {s.items.map((p) => <Text key={p} className='privacy-notice__p'>{p}</Text>)}
        </Section>
      ))}
      <BackHome />
    </View>
  )
}
