import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { FieldError } from '@/components/FieldError'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import './index.scss'

export interface ConsentBoxProps {
  checked: boolean
  onChange: (checked: boolean) => void
  error?: string
  /** What others will see once submitted, said plainly before the person agrees. */
  publicNote?: string
}

/**
 * Opens the privacy notice: in the mini-program WeChat's own sheet of the declared
 * 用户隐私保护指引 (openPrivacyContract), falling back to the in-app page; on H5 the page.
 */
export function openPrivacyNotice(): void {
  if (process.env.TARO_ENV === 'weapp' && typeof Taro.openPrivacyContract === 'function') {
    // Typed as void, but Taro's promisified API may reject as well as call `fail`.
    Promise.resolve(Taro.openPrivacyContract({ fail: () => void go(ROUTES.member.privacyNotice) }) as unknown).catch(() => undefined)
    return
  }
  void go(ROUTES.member.privacyNotice)
}

/**
 * The consent a form needs before it collects personal data: a big tick box (the whole row toggles)
 * and, on its own row, the way to read the notice. The form sends consent only when ticked.
 */
export function ConsentBox({ checked, onChange, error, publicNote }: ConsentBoxProps) {
  return (
    <View className={`consent-box ${error ? 'consent-box--error' : ''}`}>
      {publicNote && <Text className='consent-box__public'>{publicNote}</Text>}
      <View
        className={`consent-box__check ${checked ? 'consent-box__check--on' : ''}`}
        role='checkbox'
        aria-checked={checked}
        onClick={() => onChange(!checked)}
      >
        <View className='consent-box__tick'>{checked ? <Text className='consent-box__mark'>✓</Text> : null}</View>
        <Text className='consent-box__label'>我已阅读并同意《隐私保护指引》，同意工会为办理此项服务使用以上信息</Text>
      </View>
      <View className='consent-box__notice' role='link' onClick={openPrivacyNotice}>
        <Text>阅读《隐私保护指引》 ›</Text>
      </View>
      <FieldError message={error} />
    </View>
  )
}

export default ConsentBox
