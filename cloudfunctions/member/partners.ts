import { randomBytes } from 'node:crypto'
import { notifyPartnerResult } from './notices'
import { maskPhone, type PartnerCategory, type Location, type ConsentRecord } from '../../types'
import { AppError } from '../_shared/errors'
import type { Ctx } from '../_shared/runtime'
import type { Filter } from '../_shared/ports'
import { findPage, type PageOpts } from '../_shared/paging'
import { grant } from './roles'
import { assertPublishable } from '../_shared/content/publish'
import { C } from '../_shared/collections'

/** What a partner is, as applied for and as approved. */
interface PartnerFields {
  _id: string
  name: string
  category: PartnerCategory
  city: string
  address: string
  location: Location
  offer: string
}

export interface PartnerDoc extends PartnerFields {
  /** Demo data seeded for the local gateway, not a real agreement. */
  demo?: boolean
  applicationId?: string
  createdAt?: string
}

export type ApplicationStatus = 'pending' | 'approved' | 'rejected'
export interface PartnerApplicationDoc extends PartnerFields {
  contactName: string
  contactPhone: string
  status: ApplicationStatus
  applicant: string
  createdAt: string
  reason?: string
  partnerId?: string
  reviewedBy?: string
  reviewedAt?: string
  /** The privacy notice the applicant agreed to, and when. */
  consent?: ConsentRecord
}

export type PartnerApplyData = Pick<PartnerApplicationDoc, 'name' | 'category' | 'city' | 'address' | 'location' | 'offer' | 'contactName' | 'contactPhone'> & { consent: { version: string } }

/** Pending applications one person may have open at once. */
const MAX_PENDING_PER_APPLICANT = 5

export function toPartner(p: PartnerDoc) {
  return {
    id: p._id, name: p.name, category: p.category, city: p.city, address: p.address, location: p.location, offer: p.offer,
    ...(p.demo ? { demo: true } : {}),
  }
}

function toPartnerApplication(a: PartnerApplicationDoc, viewer: string | null) {
  return {
    id: a._id, name: a.name, category: a.category, city: a.city, address: a.address, location: a.location, offer: a.offer,
    contactName: a.contactName,
    contactPhone: a.applicant === viewer ? a.contactPhone : maskPhone(a.contactPhone),
    status: a.status, applicant: a.applicant, createdAt: a.createdAt,
    ...(a.reason ? { reason: a.reason } : {}),
    ...(a.partnerId ? { partnerId: a.partnerId } : {}),
    ...(a.consent ? { consent: a.consent } : {}),
  }
}

export async function partners(data: { city?: string; category?: PartnerCategory } & PageOpts, ctx: Ctx) {
  const filter: Filter = { ...(data.city ? { city: data.city } : {}), ...(data.category ? { category: data.category } : {}) }
  const { docs, nextCursor } = await findPage(ctx.deps.store.collection<PartnerDoc>(C.partners), filter, data)
  return { items: docs.map(toPartner), nextCursor }
}

const newId = (prefix: string, now: Date) => `${prefix}${now.getTime().toString(36)}${randomBytes(4).toString('hex')}`

export async function applyPartner(data: PartnerApplyData, ctx: Ctx) {
  const applicant = ctx.me()
  const apps = ctx.deps.store.collection<PartnerApplicationDoc>(C.partner_applications)
  const pending = await apps.find({ applicant, status: 'pending' }, { limit: MAX_PENDING_PER_APPLICANT + 1 })
  if (pending.some((a) => a.name === data.name)) throw new AppError('DUPLICATE', '该单位的申请已提交，请等待工会审核')
  if (pending.length >= MAX_PENDING_PER_APPLICANT) throw new AppError('RATE_LIMITED', '您待审核的申请较多，请等审核后再提交')
  // The partner's name and offer are shown to every worker once approved.
  await assertPublishable(ctx, [
    { field: 'name', label: '单位名称', text: data.name, scene: 1 },
    { field: 'offer', label: '优惠内容', text: data.offer, scene: 3 },
  ])
  const { consent, ...fields } = data
  const at = ctx.now.toISOString()
  const doc: PartnerApplicationDoc = { _id: newId('pa', ctx.now), ...fields, status: 'pending', applicant, createdAt: at, consent: { version: consent.version, at } }
  await apps.insert(doc)
  return toPartnerApplication(doc, applicant)
}

export async function listPartnerApplications(data: { status?: ApplicationStatus } & PageOpts, ctx: Ctx) {
  const { docs, nextCursor } = await findPage(
    ctx.deps.store.collection<PartnerApplicationDoc>(C.partner_applications),
    data.status ? { status: data.status } : {},
    { cursor: data.cursor, limit: data.limit, sortBy: 'createdAt', desc: data.status !== 'pending' },
  )
  return { items: docs.map((a) => toPartnerApplication(a, ctx.openid)), nextCursor }
}

/**
 * Approving creates the partner in the same transaction that closes the application (doc-id
 * operations only), so a second review — also a concurrent one — is CONFLICT and never makes a
 * second partner. The applicant then becomes the partner's merchant.
 */
export async function reviewPartner(data: { applicationId: string; approve: boolean; reason?: string }, ctx: Ctx) {
  const reviewer = ctx.me()
  const now = ctx.now.toISOString()
  const { store } = ctx.deps
  const result = await store.runTransaction(async (tx) => {
    const app = await tx.get<PartnerApplicationDoc>(C.partner_applications, data.applicationId)
    if (!app) throw new AppError('NOT_FOUND', '没有找到该合作申请')
    if (app.status !== 'pending') throw new AppError('CONFLICT', app.status === 'approved' ? '该申请已通过，无需重复审核' : '该申请已被驳回')
    if (!data.approve) {
      const set = { status: 'rejected' as const, reason: data.reason!, reviewedBy: reviewer, reviewedAt: now }
      await tx.update(C.partner_applications, app._id, { $set: set })
      return { app: { ...app, ...set }, partner: null }
    }
    const partner: PartnerDoc = {
      _id: `pt${app._id.slice(2)}`,
      name: app.name, category: app.category, city: app.city, address: app.address, location: app.location, offer: app.offer,
      applicationId: app._id, createdAt: now,
    }
    const set = { status: 'approved' as const, partnerId: partner._id, reviewedBy: reviewer, reviewedAt: now }
    await tx.update(C.partner_applications, app._id, { $set: set })
    await tx.insert(C.partners, partner)
    return { app: { ...app, ...set }, partner }
  })
  if (result.partner) await grant(ctx, result.app.applicant, 'merchant', { partnerId: result.partner._id })
  await notifyPartnerResult(ctx, result.app)
  return { application: toPartnerApplication(result.app, reviewer), partner: result.partner ? toPartner(result.partner) : null }
}
