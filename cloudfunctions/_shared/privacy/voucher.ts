import { C } from '../collections'
import type { PrivacyPart } from './part'

/** The voucher area: vouchers are held by the person's alias, never the openid; tills' staff redeem them. */
export const voucherPrivacy: PrivacyPart = {
  area: 'voucher',
  records: {
    vouchers: { collection: C.vouchers, field: 'owner', by: 'alias' },
  },
  actors: [{ collection: C.vouchers, field: 'redeemedBy' }],
  /** A redeemed voucher names the partner where it was used, not the openid of the till's staff. */
  async exportView({ store }, out) {
    if (!Array.isArray(out.vouchers)) return
    const partners = new Map<string, string | null>()
    out.vouchers = await Promise.all((out.vouchers as Array<Record<string, unknown>>).map(async (v) => {
      const { redeemedBy, partnerId, ...rest } = v
      void redeemedBy
      if (typeof partnerId !== 'string') return rest
      if (!partners.has(partnerId)) partners.set(partnerId, (await store.collection<{ _id: string; name?: string }>(C.partners).get(partnerId))?.name ?? null)
      return { ...rest, partnerId, partnerName: partners.get(partnerId) ?? '合作商户' }
    }))
  },
}
