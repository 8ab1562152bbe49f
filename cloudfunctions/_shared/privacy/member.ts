import { C } from '../collections'
import { benefitUseId } from '../keys'
import { findAll, withId } from '../paging'
import type { MemberDoc } from '../runtime'
import { DELETED_NAME, type PrivacyPart } from './part'

interface MemberRecord extends MemberDoc { deletedAt?: string }
interface BenefitUse { _id: string; partnerId: string; day: string; openid: string; name: string; cardNo: string }

/**
 * The member area: the member record and roles (keyed by the openid itself), benefit uses (their id
 * embeds the openid: the once-a-day rule), partner applications, and the staff fields of reviews and
 * verifications.
 */
export const memberPrivacy: PrivacyPart = {
  area: 'member',
  async exportOwn({ store }, { openid }) {
    const [member, roles] = await Promise.all([store.collection<MemberRecord>(C.members).get(openid), store.collection(C.roles).get(openid)])
    return {
      member: member && !member.deleted ? withId(member) : null,
      roles: roles ? withId(roles) : null,
      benefitUses: (await findAll(store.collection(C.benefit_uses), { openid })).map(withId),
    }
  },
  records: {
    partnerApplications: { collection: C.partner_applications, field: 'applicant', scrub: { contactName: DELETED_NAME, contactPhone: '' } },
  },
  actors: [
    { collection: C.benefit_uses, field: 'merchant' },
    { collection: C.members, field: 'reviewedBy' },
    { collection: C.partner_applications, field: 'reviewedBy' },
  ],
  /**
   * The member record moves to the pseudonym's id with name, phone, employer and card number blanked and
   * status, city and industry kept (so the evaluation counts stay); roles are removed; each benefit use
   * moves to the pseudonym's use id. The person can join again afterwards as a new applicant.
   */
  async move({ store }, { openid }, pseudonym, now) {
    let moved = 0
    const member = await store.collection<MemberRecord>(C.members).get(openid)
    if (member) {
      const anon: MemberRecord = {
        _id: pseudonym, status: member.status, city: member.city, industry: member.industry,
        name: DELETED_NAME, phone: '', employer: '',
        ...(member.appliedAt ? { appliedAt: member.appliedAt } : {}),
        ...(member.joinedAt ? { joinedAt: member.joinedAt } : {}),
        deleted: true, deletedAt: now,
      }
      await store.runTransaction(async (tx) => {
        await tx.insert(C.members, anon)
        await tx.remove(C.members, openid)
      })
      moved++
    }
    moved += await store.collection(C.roles).remove({ _id: openid })
    for (const use of await findAll(store.collection<BenefitUse>(C.benefit_uses), { openid })) {
      const anon: BenefitUse = { ...use, _id: benefitUseId(use.partnerId, use.day, pseudonym), openid: pseudonym, name: DELETED_NAME, cardNo: '' }
      await store.runTransaction(async (tx) => {
        await tx.insert(C.benefit_uses, anon)
        await tx.remove(C.benefit_uses, use._id)
      })
      moved++
    }
    return moved
  },
}
