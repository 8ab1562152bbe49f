import Taro from '@tarojs/taro'

/**
 * H5 only: who the local gateway should take the caller to be (the `x-openid` header).
 * In the mini-program the identity is WeChat's and none of this is used.
 */
export interface DemoIdentity {
  openid: string
  label: string
  hint: string
}

export const DEMO_IDENTITIES: readonly DemoIdentity[] = [
  { openid: 'demo-courier', label: '汕头快递员', hint: '已入会会员，可领冰饮清凉券' },
  { openid: 'demo-opera', label: '石家庄票友', hint: '可报名职工戏剧票友大赛' },
  { openid: 'demo-driver', label: '北京网约车司机', hint: '找驿站、扫码签到、评价' },
  { openid: 'demo-merchant', label: '商户核销员', hint: '阜新合作商户：核销会员权益' },
  { openid: 'demo-cashier', label: '汕头超市收银员', hint: '核销汕头的冰饮清凉券' },
  { openid: 'demo-keeper', label: '驿站站长', hint: '管理驿站、打印驿站码' },
  { openid: 'demo-judge', label: '评委', hint: '为参赛作品打分' },
  { openid: 'demo-admin', label: '工会工作人员', hint: '审核、活动管理、统计' },
]

export const GUEST_LABEL = '游客'
export const IDENTITY_EVENT = 'identity:change'
const STORAGE_KEY = 'demo-openid'

export function getDemoOpenid(): string | null {
  try {
    const v = Taro.getStorageSync(STORAGE_KEY)
    return typeof v === 'string' && v ? v : null
  } catch {
    return null
  }
}

export function setDemoOpenid(openid: string | null): void {
  if (openid) Taro.setStorageSync(STORAGE_KEY, openid)
  else Taro.removeStorageSync(STORAGE_KEY)
  Taro.eventCenter.trigger(IDENTITY_EVENT, openid)
}

export function identityLabel(openid: string | null): string {
  return DEMO_IDENTITIES.find((d) => d.openid === openid)?.label ?? (openid ? openid : GUEST_LABEL)
}
