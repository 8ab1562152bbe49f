import { randomBytes } from 'node:crypto'
import { COLLECTIONS } from '../_shared/collections'
import type { Ctx } from '../_shared/runtime'
import type { Doc, Filter } from '../_shared/ports'
import type { MemberRecord } from './joins'
import { benefitUseId, type BenefitUseDoc } from './card'
import { moveStationDataToAlias } from '../station/privacy'
import { aliasOf } from '../_shared/alias'
import { AREA_EXTENSIONS } from '../_shared/storage/rules'

/** What replaces a name once its owner deleted the account. */
export const DELETED_NAME = '已注销用户'

/** What an erased entry says in its owner's place (it leaves the gallery: no longer approved). */
export const ERASED_REASON = '本人已注销，作品已撤下'

/**
 * Every collection that stores something keyed by a person, the field that holds the person's openid
 * (or, with `by: 'alias'`, their alias: see _shared/alias.ts), and the personal fields to blank on
 * deletion. Records stay (counts, stock and votes must add up), re-keyed to a random pseudonym that
 * nothing links back to the person. `files`: fields holding uploaded files, deleted from storage.
 * An area that stores personal data in a new place adds a line here.
 */
export interface PersonalData {
  key: string; collection: string; field: string; by?: 'alias'
  scrub?: Record<string, unknown>; drop?: string[]; files?: string[]
}
export const PERSONAL_DATA: PersonalData[] = [
  { key: 'partnerApplications', collection: 'partner_applications', field: 'applicant', scrub: { contactName: DELETED_NAME, contactPhone: '' } },
  { key: 'vouchers', collection: 'vouchers', field: 'owner', by: 'alias' },
  {
    key: 'entries', collection: 'entries', field: 'owner', files: ['videoFileId'],
    scrub: { name: DELETED_NAME, phone: '', employer: '', videoFileId: '', status: 'rejected', reason: ERASED_REASON },
  },
  { key: 'votes', collection: 'votes', field: 'voter' },
  { key: 'checkins', collection: 'checkins', field: 'openid' },
  { key: 'stationVisits', collection: 'station_visitors', field: 'openid' },
  { key: 'ratings', collection: 'ratings', field: 'openid', drop: ['comment'] },
]

/** Fields naming the person as the staff member who acted (verified, reviewed): re-keyed on deletion. */
const ACTOR_FIELDS: Array<{ collection: string; field: string }> = [
  { collection: 'benefit_uses', field: 'merchant' },
  { collection: 'vouchers', field: 'redeemedBy' },
  { collection: 'members', field: 'reviewedBy' },
  { collection: 'partner_applications', field: 'reviewedBy' },
]

const present = (collection: string) => Object.prototype.hasOwnProperty.call(COLLECTIONS, collection)

const withId = <T extends Doc>(d: T) => {
  const { _id, ...rest } = d
  return { id: _id, ...rest }
}

/** Every document matching `filter`, in id order, page by page (a find returns at most 1000). */
async function findAll(ctx: Ctx, collection: string, filter: Filter): Promise<Doc[]> {
  const coll = ctx.deps.store.collection(collection)
  const out: Doc[] = []
  for (;;) {
    const last = out[out.length - 1]
    const batch = await coll.find(last ? { $and: [filter, { _id: { $gt: last._id } }] } : filter, { orderBy: [['_id', 'asc']], limit: 1000 })
    out.push(...batch)
    if (batch.length < 1000) return out
  }
}

/** Everything stored about the caller, as JSON: their own data, unmasked. */
export async function exportMine(_: Record<string, never>, ctx: Ctx) {
  const openid = ctx.me()
  const { store } = ctx.deps
  const [member, roles] = await Promise.all([
    store.collection<MemberRecord>('members').get(openid),
    store.collection('roles').get(openid),
  ])
  const out: Record<string, unknown> = {
    exportedAt: ctx.now.toISOString(),
    openid,
    member: member && !member.deleted ? withId(member) : null,
    roles: roles ? withId(roles) : null,
  }
  out.benefitUses = (await findAll(ctx, 'benefit_uses', { openid })).map(withId)
  const alias = aliasOf(ctx.deps.config.TOKEN_SECRET, openid)
  for (const p of PERSONAL_DATA) {
    if (!present(p.collection)) continue
    out[p.key] = (await findAll(ctx, p.collection, { [p.field]: p.by === 'alias' ? alias : openid })).map(withId)
  }
  // A redeemed voucher names the partner where it was used, not the openid of the till's staff.
  if (Array.isArray(out.vouchers)) {
    const partners = new Map<string, string | null>()
    out.vouchers = await Promise.all((out.vouchers as Array<Record<string, unknown>>).map(async (v) => {
      const { redeemedBy, partnerId, ...rest } = v
      void redeemedBy
      if (typeof partnerId !== 'string') return rest
      if (!partners.has(partnerId)) partners.set(partnerId, ((await store.collection('partners').get(partnerId)) as { name?: string } | null)?.name ?? null)
      return { ...rest, partnerId, partnerName: partners.get(partnerId) ?? '合作商户' }
    }))
  }
  return out
}

/**
 * Erases the caller's personal data. The member record moves to a random pseudonymous id with name,
 * phone, employer and card number blanked and status, city and industry kept (so the evaluation
 * counts stay); roles are removed; records in the other areas are re-keyed and blanked the same way.
 * The caller can join again afterwards as a new applicant.
 */
export async function deleteMine(_: Record<string, never>, ctx: Ctx) {
  const openid = ctx.me()
  const { store, storage } = ctx.deps
  const personAlias = aliasOf(ctx.deps.config.TOKEN_SECRET, openid)
  // A random pseudonym the records move to: unlike the person's alias, nothing can recompute it.
  const alias = `anon-${randomBytes(12).toString('base64url')}`
  const now = ctx.now.toISOString()
  let deleted = false

  const member = await store.collection<MemberRecord>('members').get(openid)
  if (member) {
    const anon: MemberRecord = {
      _id: alias, status: member.status, city: member.city, industry: member.industry,
      name: DELETED_NAME, phone: '', employer: '',
      ...(member.appliedAt ? { appliedAt: member.appliedAt } : {}),
      ...(member.joinedAt ? { joinedAt: member.joinedAt } : {}),
      deleted: true, deletedAt: now,
    }
    await store.runTransaction(async (tx) => {
      await tx.insert('members', anon)
      await tx.remove('members', openid)
    })
    deleted = true
  }
  if (await store.collection('roles').remove({ _id: openid })) deleted = true

  // A use's id embeds the openid (the once-a-day key), so each use moves to the alias' id.
  for (const use of await findAll(ctx, 'benefit_uses', { openid }) as BenefitUseDoc[]) {
    const anon: BenefitUseDoc = { ...use, _id: benefitUseId(use.partnerId, use.day, alias), openid: alias, name: DELETED_NAME, cardNo: '' }
    await store.runTransaction(async (tx) => {
      await tx.insert('benefit_uses', anon)
      await tx.remove('benefit_uses', use._id)
    })
    deleted = true
  }

  // Station visitor windows and ratings are keyed by (station, person): they move to the alias's keys.
  if (await moveStationDataToAlias(ctx.deps, openid, alias)) deleted = true

  // Uploaded files first (their ids are blanked below), then every upload folder of the person.
  for (const p of PERSONAL_DATA) {
    if (!p.files?.length || !present(p.collection)) continue
    for (const d of await findAll(ctx, p.collection, { [p.field]: p.by === 'alias' ? personAlias : openid })) {
      for (const f of p.files) {
        const fileId = (d as unknown as Record<string, unknown>)[f]
        if (typeof fileId === 'string' && fileId) { await storage.delete(fileId); deleted = true }
      }
    }
  }
  if (storage.deleteDir) for (const area of AREA_EXTENSIONS.keys()) await storage.deleteDir(area, personAlias)

  for (const p of [...PERSONAL_DATA, ...ACTOR_FIELDS]) {
    if (!present(p.collection)) continue
    const coll = store.collection(p.collection)
    const { scrub, drop, by } = p as PersonalData
    const update = {
      $set: { [p.field]: alias, ...(scrub ?? {}) },
      ...(drop?.length ? { $unset: Object.fromEntries(drop.map((f) => [f, 1 as const])) } : {}),
    }
    // updateMany changes at most 1000 documents per call; the filter stops matching what it changed.
    for (;;) {
      const n = await coll.updateMany({ [p.field]: by === 'alias' ? personAlias : openid }, update)
      if (n > 0) deleted = true
      if (n < 1000) break
    }
  }
  // Nothing of the person may stay readable in the store's files (the WAL, freed pages).
  await store.purge?.()
  return { deleted }
}
