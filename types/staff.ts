import * as z from 'zod'
import { OpenId, Role, Industry, Cursor, Limit, page } from './common'

/** What staff type to find a person: a name (or part of it) or the last 4 digits of a phone. */
export const MemberSearchInput = z.strictObject({
  q: z.string({ error: '请输入姓名或手机号后 4 位' }).trim().normalize('NFKC')
    .min(1, { error: '请输入姓名或手机号后 4 位' }).max(20, { error: '搜索内容最多 20 个字' })
    .refine((s) => !/^\d+$/.test(s) || s.length === 4, { error: '按手机号搜索请输入后 4 位数字' }),
  cursor: Cursor.optional(),
  limit: Limit.optional(),
})
export type MemberSearchInput = z.infer<typeof MemberSearchInput>

/** A person found by `member.search`: a member (any status) or a partner applicant. Phones are masked. */
export const PersonHit = z.object({
  /** For staff use only (granting and revoking roles); never shown to others. */
  openid: z.string(),
  kind: z.enum(['member', 'applicant']),
  name: z.string(),
  phone: z.string(),
  city: z.string(),
  /** Members: union membership status; applicants: the partner application's status. */
  status: z.string(),
  employer: z.string().optional(),
  industry: Industry.optional(),
  /** Applicants: the venue applied for, and its partner id once approved. */
  partnerName: z.string().optional(),
  partnerId: z.string().optional(),
  roles: z.array(Role),
  stationIds: z.array(z.string()).optional(),
  rolePartnerId: z.string().optional(),
})
export type PersonHit = z.infer<typeof PersonHit>

export const RevokeRoleInput = z.strictObject({
  openid: OpenId,
  role: z.enum(['merchant', 'keeper', 'judge'], { error: '只能收回商户、站长或评委角色' }),
})

export const staffMemberActions = {
  /** Paged like every list; a page may hold fewer than `limit` hits while `nextCursor` says more is left to look through. */
  search: { input: MemberSearchInput, output: page(PersonHit) },
  revokeRole: { input: RevokeRoleInput, output: z.object({ openid: z.string(), roles: z.array(Role) }) },
}
