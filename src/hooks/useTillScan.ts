import { useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import type { ActionOutput } from '@contract'
import { ApiError, call } from '@/api'

/** Card codes: online `card.…`, or made offline on the member's phone `OC1.…` (types/offline.ts). */
const isCardToken = (token: string) => token.startsWith('card.') || token.startsWith('OC1.')
/** Voucher codes: online `voucher.…`, or made offline `OV1.…`. */
export const isVoucherToken = (token: string) => token.startsWith('voucher.') || token.startsWith('OV1.')

/** What the server said to a scanned code. */
export type TillAnswer =
  | { kind: 'card'; r: ActionOutput<'member', 'redeemBenefit'> }
  | { kind: 'voucher'; r: ActionOutput<'voucher', 'redeem'> }
  | { kind: 'error'; error: ApiError }

export interface TillScanOptions<O> {
  /** 'card': member card codes only (member/verify); 'any': vouchers, and card codes at the same till (voucher/redeem). */
  accept: 'card' | 'any'
  /** The trimmed code before anything is sent: an outcome to show instead (empty, the wrong kind), or null to send. */
  check: (token: string) => O | null
  /** The server's answer as the page's outcome. */
  outcome: (answer: TillAnswer) => O
  /** After a code was redeemed (e.g. reload today's list). */
  onRedeemed?: () => void
}

export interface TillScan<O> {
  outcome: O | null
  /** True while a code is being redeemed. */
  busy: boolean
  /** The paste box (manual entry); emptied after a redeemed code. */
  pasted: string
  setPasted: (v: string) => void
  /** Redeems a pasted or scanned code. */
  submit: (raw: string) => Promise<void>
  /** Mini-program: opens the camera and redeems what it reads; a cancelled scan shows nothing. */
  scan: () => Promise<void>
}

/** The till's scan (or paste) → redeem → outcome flow of card verify and voucher redeem. */
export function useTillScan<O>(opts: TillScanOptions<O>): TillScan<O> {
  const [outcome, setOutcome] = useState<O | null>(null)
  const [busy, setBusy] = useState(false)
  const [pasted, setPasted] = useState('')
  const ref = useRef(opts)
  ref.current = opts

  const submit = async (raw: string) => {
    const { accept, check, outcome: toOutcome, onRedeemed } = ref.current
    const token = raw.trim()
    const early = check(token)
    if (early !== null) { setOutcome(early); return }
    setBusy(true)
    try {
      const answer: TillAnswer = accept === 'card' || isCardToken(token)
        ? { kind: 'card', r: await call('member', 'redeemBenefit', { token }) }
        : { kind: 'voucher', r: await call('voucher', 'redeem', { token }) }
      setOutcome(toOutcome(answer))
      setPasted('')
      onRedeemed?.()
    } catch (e) {
      setOutcome(toOutcome({ kind: 'error', error: ApiError.from(e) }))
    } finally {
      setBusy(false)
    }
  }

  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      await submit(r.result)
    } catch {
      // Cancelled at the till: nothing to show.
    }
  }

  return { outcome, busy, pasted, setPasted, submit, scan }
}
