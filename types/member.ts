import * as z from 'zod'
import {
  action, Id, OpenId, text, personName, optionalText, Phone, City, Industry, PartnerCategory, Role, Location, Limit, Cursor, Token, Empty, page, Day, OfflineKey, Consent, ConsentRecord,
} from './common'
import { messageActions } from './messages'

/** One line of the health checklist: `name` says what, `detail` what was found or what to do. */
export const HealthCheck = z.object({ name: z.string(), ok: z.boolean(), detail: z.string() })
export type HealthCheck = z.infer<typeof HealthCheck>
import { staffMemberActions } from './staff'

export const MemberStatus = z.enum(['pending', 'active', 'rejected'])
export type MemberStatus = z.infer<typeof MemberStatus>

export const JoinInput = z.strictObject({
  name: personName(20, '姓名'),
  phone: Phone,
  city: City,
  industry: Industry,
  employer: text(60, '工作单位'),
  consent: Consent,
})
export type JoinInput = z.infer<typeof JoinInput>

export const Member = z.object({
  status: MemberStatus,
  cardNo: z.string().optional(),
  name: z.string(),
  phone: z.string(),
  city: z.string(),
  industry: Industry,
  employer: z.string(),
  joinedAt: z.string().optional(),
  appliedAt: z.string().optional(),
  reason: z.string().optional(),
  /** The privacy notice the person agreed to when applying, and when. */
  consent: ConsentRecord.optional(),
})
export type Member = z.infer<typeof Member>

export const Application = Member.extend({ openid: z.string() })
export type Application = z.infer<typeof Application>

export const Partner = z.object({
  id: z.string(),
  name: z.string(),
  category: PartnerCategory,
  city: z.string(),
  address: z.string(),
  location: Location,
  offer: z.string(),
  demo: z.boolean().optional(),
})
export type Partner = z.infer<typeof Partner>

export const PartnerApplyInput = z.strictObject({
  name: text(60, '单位名称'),
  category: PartnerCategory,
  city: City,
  address: text(120, '地址'),
  location: Location,
  offer: text(200, '优惠内容'),
  contactName: personName(20, '联系人'),
  contactPhone: Phone,
  consent: Consent,
})
export const PartnerApplication = PartnerApplyInput.omit({ consent: true }).extend({
  id: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  applicant: z.string().optional(),
  reason: z.string().optional(),
  partnerId: z.string().optional(),
  createdAt: z.string(),
  consent: ConsentRecord.optional(),
})
export type PartnerApplication = z.infer<typeof PartnerApplication>

export const Me = z.object({ openid: z.string(), roles: z.array(Role), member: Member.nullable(),
  /** Where this person uploads contest videos: `contest/<alias>/` (the alias names nobody). */
  uploadDir: z.string(),
  partnerId: z.string().optional(), stationIds: z.array(z.string()).optional() })
export type Me = z.infer<typeof Me>

/** A rejection tells the applicant why, so they can fix it and apply again. */
function needReasonToReject(v: { approve: boolean; reason?: string }, ctx: z.RefinementCtx) {
  if (!v.approve && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '驳回时请填写理由' })
}

export const memberActions = {
  me: action(Empty, Me),
  join: action(JoinInput, z.object({ status: MemberStatus })),
  listJoins: action(
    z.strictObject({ status: MemberStatus.optional(), cursor: Cursor.optional(), limit: Limit.optional() }),
    page(Application),
  ),
  reviewJoin: action(
    z.strictObject({ openid: OpenId, approve: z.boolean({ error: '请选择通过或驳回' }), reason: optionalText(200, '理由') })
      .superRefine(needReasonToReject),
    Application,
  ),
  cardToken: action(Empty, z.object({ token: z.string(), expiresAt: z.string() })),
  /** The card's offline key (SPEC "Offline codes", types/offline.ts): active members only; valid some days. */
  offlineKey: action(Empty, OfflineKey),
  partners: action(
    z.strictObject({ city: City.optional(), category: PartnerCategory.optional(), cursor: Cursor.optional(), limit: Limit.optional() }),
    page(Partner),
  ),
  redeemBenefit: action(
    z.strictObject({ token: Token }),
    z.object({ cardNo: z.string(), name: z.string(), partnerId: z.string(), usedAt: z.string(), offer: z.string().optional() }),
  ),
  /** The merchant's own verifications today (for the till's list), with the partner they verify for. */
  benefitUses: action(z.strictObject({ day: Day.optional() }),
    z.object({
      partner: z.object({ id: z.string(), name: z.string(), offer: z.string() }),
      day: z.string(),
      items: z.array(z.object({ cardNo: z.string(), name: z.string(), usedAt: z.string() })),
    })),
  applyPartner: action(PartnerApplyInput, PartnerApplication),
  listPartnerApplications: action(
    z.strictObject({ status: z.enum(['pending', 'approved', 'rejected']).optional(), cursor: Cursor.optional(), limit: Limit.optional() }),
    page(PartnerApplication),
  ),
  reviewPartner: action(
    z.strictObject({ applicationId: Id, approve: z.boolean({ error: '请选择通过或驳回' }), reason: optionalText(200, '理由') })
      .superRefine(needReasonToReject),
    z.object({ application: PartnerApplication, partner: Partner.nullable() }),
  ),
  grantRole: action(
    z.strictObject({
      openid: OpenId,
      role: z.enum(['merchant', 'keeper', 'judge'], { error: '只能授予商户、站长或评委角色' }),
      partnerId: Id.optional(),
      stationIds: z.array(Id).min(1).max(50).optional(),
    }).superRefine((v, ctx) => {
      if (v.role === 'merchant' && !v.partnerId) ctx.addIssue({ code: 'custom', path: ['partnerId'], message: '商户角色需要指定合作单位' })
      if (v.role === 'keeper' && !v.stationIds) ctx.addIssue({ code: 'custom', path: ['stationIds'], message: '站长角色需要指定驿站' })
    }),
    z.object({ openid: z.string(), roles: z.array(Role) }),
  ),
  stats: action(
    Empty,
    z.object({
      members: z.object({
        byStatus: z.record(z.string(), z.number()),
        byCity: z.record(z.string(), z.number()),
        byIndustry: z.record(z.string(), z.number()),
        total: z.number(),
      }),
      benefitUses: z.array(z.object({ partnerId: z.string(), partnerName: z.string(), day: z.string(), count: z.number() })),
    }),
  ),
  exportMine: action(Empty, z.record(z.string(), z.unknown())),
  deleteMine: action(Empty, z.object({ deleted: z.boolean() })),
  ...messageActions,
  /** What a deploy needs, as a checklist: collections and indexes, settings, storage. */
  health: action(Empty, z.object({ checks: z.array(HealthCheck) })),
  ...staffMemberActions,
}
