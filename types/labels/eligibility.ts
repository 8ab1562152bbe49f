// Why a worker cannot claim from a campaign (types/labels: the contract's zod-free labels; see index.ts).

import type { ErrorCode } from './errors'
import { INDUSTRY_LABELS, type INDUSTRIES } from './people'

/**
 * Reason codes, finer than the error code a claim would answer (INELIGIBLE_CODES): the client picks its next
 * step by them (登录, 申请入会, or nothing to do but wait), never by the text.
 */
export const INELIGIBLE_REASONS = ['SIGN_IN', 'NOT_JOINED', 'JOIN_PENDING', 'INDUSTRY', 'CITY', 'NOT_STARTED', 'ENDED', 'ENDED_EARLY'] as const
export type IneligibleReason = (typeof INELIGIBLE_REASONS)[number]

/** The error code a claim answers for each reason, in SPEC's order of the claim rules. */
export const INELIGIBLE_CODES = {
  SIGN_IN: 'UNAUTHENTICATED',
  NOT_JOINED: 'NOT_MEMBER',
  JOIN_PENDING: 'NOT_MEMBER',
  INDUSTRY: 'NOT_ELIGIBLE',
  CITY: 'NOT_ELIGIBLE',
  NOT_STARTED: 'OUTSIDE_WINDOW',
  ENDED: 'OUTSIDE_WINDOW',
  ENDED_EARLY: 'OUTSIDE_WINDOW',
} as const satisfies Record<IneligibleReason, ErrorCode>
export type IneligibleCode = (typeof INELIGIBLE_CODES)[IneligibleReason]

/** What a campaign's text needs: who may claim, where, from when. */
export interface CampaignTerms {
  industries: readonly (typeof INDUSTRIES)[number][]
  city: string
  startDate: string
}

/** The Chinese text of each reason: the function's `message`, and what the app shows. */
export const INELIGIBLE_LABELS: Record<IneligibleReason, (c: CampaignTerms) => string> = {
  SIGN_IN: () => '请先登录',
  NOT_JOINED: () => '请先入会',
  JOIN_PENDING: () => '入会申请审核中，通过后即可领取',
  INDUSTRY: (c) => `本活动仅限${c.industries.map((i) => INDUSTRY_LABELS[i]).join('、')}的工会会员`,
  CITY: (c) => `本活动仅限${c.city}的工会会员`,
  NOT_STARTED: (c) => `活动 ${c.startDate} 开始，到时再来领`,
  ENDED: () => '活动已结束',
  ENDED_EARLY: () => '活动已提前结束',
}
