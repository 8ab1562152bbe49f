import { call } from '@/api'
import { keepKeys, useOfflineCode, type CodeState } from '@/packages/shared/use-offline-code'

/** Whose rotating QR: the member card of the caller, or one of the caller's vouchers. */
export type TokenOf = { kind: 'card' } | { kind: 'voucher'; voucherId: string }

/** Answers after which no new code will come, per kind: stop, forget the kept key. */
export const FINAL_CODES = {
  // The caller is not (or no longer) an active member.
  card: new Set(['NOT_MEMBER', 'UNAUTHENTICATED']),
  // The voucher was used, expired, or is not the caller's.
  voucher: new Set(['ALREADY_USED', 'EXPIRED', 'NOT_FOUND', 'UNAUTHENTICATED']),
}

/**
 * The rotating QR of the card (member/card) and of a voucher (voucher/qr): made on the phone every 30 s from an
 * offline key kept on the device (so it shows with no signal), or the server's online token when no key can be
 * had; see src/packages/shared/use-offline-code.ts. Used only by subpackage pages, so @noble/hashes stays out of
 * the main package.
 */
export function useRotatingToken(of: TokenOf): CodeState {
  const voucherId = of.kind === 'voucher' ? of.voucherId : ''
  return useOfflineCode(
    of.kind === 'card'
      ? {
        kind: 'card',
        storageKey: 'card',
        fetchKey: () => call('member', 'offlineKey', {}),
        fetchOnline: () => call('member', 'cardToken', {}),
        final: FINAL_CODES.card,
      }
      : {
        kind: 'voucher',
        storageKey: `voucher:${voucherId}`,
        fetchKey: () => call('voucher', 'offlineKey', { voucherId }),
        fetchOnline: () => call('voucher', 'voucherToken', { voucherId }),
        final: FINAL_CODES.voucher,
      },
  )
}

/** Fetches and keeps the offline keys of these vouchers ahead of time (the wallet, for today's), quietly. */
export function keepVoucherKeys(voucherIds: string[]): Promise<void> {
  return keepKeys(voucherIds.map((voucherId) => ({ storageKey: `voucher:${voucherId}`, fetchKey: () => call('voucher', 'offlineKey', { voucherId }) })))
}
