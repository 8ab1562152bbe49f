import { CONSENT_VERSION } from '../../types'
import type { TestGateway } from '../support/gateway'

export const ADMIN = 'demo-admin'
export const MERCHANT = 'demo-merchant'

let seq = 0
/** A fresh worker identity per call, so tests in one file never share state. */
export const worker = (tag = 'w') => `t-${tag}-${process.pid}-${++seq}`

/** 11-digit phones that differ per call. */
export const phoneOf = (n: number) => `139${String(10_000_000 + n).slice(-8)}`

export function joinData(over: Record<string, unknown> = {}) {
  return { name: '韩立新', phone: phoneOf(seq), city: '阜新', industry: 'construction', employer: '阜新市建筑工程有限公司', consent: { version: CONSENT_VERSION }, ...over }
}

/** Joins and is approved by the admin: an active member with a card. */
export async function activeMember(gw: TestGateway, over: Record<string, unknown> = {}): Promise<{ openid: string; cardNo: string; name: string }> {
  const openid = worker('m')
  const data = joinData(over)
  const j = await gw.call('member', 'join', data, openid)
  expect(j.body).toEqual({ ok: true, data: { status: 'pending' } })
  const r = await gw.call('member', 'reviewJoin', { openid, approve: true }, ADMIN)
  expect(r.body.ok).toBe(true)
  return { openid, cardNo: r.body.data.cardNo, name: data.name as string }
}

export async function tokenOf(gw: TestGateway, openid: string): Promise<string> {
  const t = await gw.call('member', 'cardToken', {}, openid)
  expect(t.body.ok).toBe(true)
  return t.body.data.token
}

/** A merchant bound to a partner, granted by the admin through the API. */
export async function merchantOf(gw: TestGateway, partnerId: string): Promise<string> {
  const openid = worker('merchant')
  const g = await gw.call('member', 'grantRole', { openid, role: 'merchant', partnerId }, ADMIN)
  expect(g.body.ok).toBe(true)
  return openid
}
