import { maskPhone, type MemberSearchInput, type PersonHit, type Role } from '../../types'
import type { Ctx } from '../_shared/runtime'
import type { RoleDoc } from '../_shared/roles'
import { DEFAULT_LIMIT, decodeCursor, encodeCursor, invalidCursor } from '../_shared/paging'
import type { MemberRecord } from './joins'
import type { PartnerApplicationDoc } from './partners'
import { C } from '../_shared/collections'

/** Documents read per query, and at most this many per call: a search never reads the whole collection in one go. */
const SCAN_BATCH = 500
const SCAN_BUDGET = 5000
type Phase = 'm' | 'a'

/**
 * Staff find a person by name (any part of it) or the last 4 digits of a phone, among members (any status)
 * and then partner applicants. The store has no text match that works the same on CloudBase and the
 * embedded store, so this walks both collections in id order, a bounded number of documents per call, and
 * the cursor says where it stopped: a page may hold fewer hits than asked while `nextCursor` is not null.
 */
export async function search(data: MemberSearchInput, ctx: Ctx): Promise<{ items: PersonHit[]; nextCursor: string | null }> {
  const limit = data.limit ?? DEFAULT_LIMIT
  const q = data.q
  const byPhone = /^\d{4}$/.test(q)
  const nameHit = (...names: Array<string | undefined>) => names.some((n) => n && n.normalize('NFKC').includes(q))
  const { store } = ctx.deps
  let [phase, after] = data.cursor ? decode(data.cursor) : (['m', null] as [Phase, string | null])
  const found: Array<Omit<PersonHit, 'roles'>> = []
  let scanned = 0
  while (phase && found.length < limit && scanned < SCAN_BUDGET) {
    const coll = store.collection<MemberRecord | PartnerApplicationDoc>(phase === 'm' ? C.members : C.partner_applications)
    const batch = await coll.find(after === null ? {} : { _id: { $gt: after } }, { orderBy: [['_id', 'asc']], limit: SCAN_BATCH })
    let used = 0
    for (const doc of batch) {
      used++
      scanned++
      after = doc._id
      const hit = phase === 'm' ? memberHit(doc as MemberRecord) : applicantHit(doc as PartnerApplicationDoc)
      if (hit && (byPhone ? hit.fullPhone.endsWith(q) : nameHit(hit.name, 'partnerName' in hit ? hit.partnerName : undefined))) {
        const { fullPhone, ...shown } = hit
        void fullPhone
        found.push(shown)
        if (found.length === limit) break
      }
    }
    if (used === batch.length && batch.length < SCAN_BATCH) {
      phase = phase === 'm' ? 'a' : (null as unknown as Phase)
      after = null
    }
  }
  const items = await withRoles(ctx, found)
  return { items, nextCursor: phase ? encode(phase, after) : null }
}

function memberHit(m: MemberRecord) {
  if (m.deleted) return null
  return {
    openid: m._id, kind: 'member' as const, name: m.name, phone: maskPhone(m.phone), fullPhone: m.phone, city: m.city,
    status: m.status, employer: m.employer, industry: m.industry,
  }
}

function applicantHit(a: PartnerApplicationDoc) {
  if (!a.applicant || !a.contactName) return null
  return {
    openid: a.applicant, kind: 'applicant' as const, name: a.contactName, phone: maskPhone(a.contactPhone), fullPhone: a.contactPhone,
    city: a.city, status: a.status, partnerName: a.name, ...(a.partnerId ? { partnerId: a.partnerId } : {}),
  }
}

async function withRoles(ctx: Ctx, found: Array<Omit<PersonHit, 'roles'>>): Promise<PersonHit[]> {
  const ids = [...new Set(found.map((f) => f.openid))]
  const docs = ids.length ? await ctx.deps.store.collection<RoleDoc>(C.roles).find({ _id: { $in: ids } }, { limit: ids.length }) : []
  const byId = new Map(docs.map((d) => [d._id, d]))
  return found.map((f) => {
    const doc = byId.get(f.openid)
    const roles = new Set<Role>(doc?.roles ?? [])
    if (ctx.deps.config.ADMIN_OPENIDS.includes(f.openid)) roles.add('admin')
    return {
      ...f, roles: [...roles],
      ...(doc?.stationIds?.length ? { stationIds: doc.stationIds } : {}),
      ...(doc?.partnerId ? { rolePartnerId: doc.partnerId } : {}),
    }
  })
}

/** The cursor says where the walk stopped: the phase and the last id read in it ('' before the first). */
const encode = (phase: Phase, after: string | null) => encodeCursor(phase, after ?? '')
function decode(cursor: string): [Phase, string | null] {
  const [phase, after] = decodeCursor(cursor)
  if (phase !== 'm' && phase !== 'a') throw invalidCursor()
  return [phase, after || null]
}
