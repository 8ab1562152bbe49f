import type { Ctx } from '../_shared/runtime'
import { notify, wallTime } from '../_shared/notify'

/** join_result: one per decision on an application (an application is keyed by its appliedAt). */
export async function notifyJoinResult(ctx: Ctx, m: { _id: string; status: string; appliedAt?: string; cardNo?: string; reason?: string }) {
  const ok = m.status === 'active'
  await notify(ctx.deps, {
    topic: 'join_result', openid: m._id, key: `join|${m._id}|${m.appliedAt ?? ''}`,
    title: ok ? '入会申请已通过' : '入会申请未通过',
    body: ok ? `欢迎加入工会！您的会员卡号 ${m.cardNo ?? ''}，可在“会员卡”中出示电子卡。` : `未通过原因：${m.reason ?? ''}。您可修改资料后重新申请。`,
    page: ok ? 'packages/member/pages/card/index' : 'packages/member/pages/join/index',
    fields: { subject: '工会入会申请', result: ok ? '已通过' : '未通过', note: ok ? `会员卡号 ${m.cardNo ?? ''}` : m.reason ?? '', time: wallTime(ctx.now) },
  }, ctx.now)
}

/** partner_result: one per application (an application is decided once). */
export async function notifyPartnerResult(ctx: Ctx, a: { _id: string; applicant?: string; name: string; status: string; reason?: string }) {
  if (!a.applicant) return
  const ok = a.status === 'approved'
  await notify(ctx.deps, {
    topic: 'partner_result', openid: a.applicant, key: `partner|${a._id}`,
    title: ok ? '合作申请已通过' : '合作申请未通过',
    body: ok ? `“${a.name}”已成为工会合作单位，您可在“核销会员权益”中为会员核销。` : `“${a.name}”的合作申请未通过：${a.reason ?? ''}`,
    page: ok ? 'packages/member/pages/verify/index' : 'packages/member/pages/apply-partner/index',
    fields: { subject: `${a.name}合作申请`, result: ok ? '已通过' : '未通过', note: ok ? '可为会员核销权益' : a.reason ?? '', time: wallTime(ctx.now) },
  }, ctx.now)
}
