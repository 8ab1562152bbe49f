import { randomUUID } from 'node:crypto'
import type { Industry } from '../../types'
import { startGateway, type TestGateway } from '../support/gateway'
import type { Clock } from '../../cloudfunctions/_shared/clock'
import type { AnyDoc, Collection, DocStore } from '../../cloudfunctions/_shared/ports'
import { holderOf, voucherId } from '../../cloudfunctions/voucher/model'
import { busy } from '../../cloudfunctions/_shared/errors'

export const ADMIN = 'demo-admin'
export const MERCHANT = 'demo-cashier'
export const COURIER = 'demo-courier'

/** The alias that holds a member's vouchers and ledger entries. */
export const holder = (gw: TestGateway, openid: string) => holderOf(gw.deps.config.TOKEN_SECRET, openid)

let seq = 0
const uniq = (tag: string) => `v-${tag}-${process.pid}-${++seq}`

/** Active members inserted straight into the store (the member area's join/review is tested there). */
export async function addMembers(gw: TestGateway, n: number, opts: { industry?: Industry; status?: 'active' | 'pending'; tag?: string; city?: string } = {}): Promise<string[]> {
  const ids: string[] = []
  const at = new Date().toISOString()
  for (let i = 0; i < n; i++) {
    const id = uniq(opts.tag ?? 'm')
    ids.push(id)
    await gw.deps.store.collection('members').insert({
      _id: id, status: opts.status ?? 'active', cardNo: `GHT${seq}`, name: '陈晓峰', phone: '13800000000', city: opts.city ?? '汕头',
      industry: opts.industry ?? 'courier', employer: '汕头市顺达快递', appliedAt: at, ...(opts.status === 'pending' ? {} : { joinedAt: at }),
    })
  }
  return ids
}

export function campaignData(over: Record<string, unknown> = {}) {
  return {
    title: '测试清凉券', city: '汕头', industries: ['courier', 'sanitation'], startDate: '2000-01-01', endDate: '2099-12-31',
    dailyStock: 100, perMemberPerDay: 1, faceValue: 300, threshold: 0, ...over,
  }
}

/** Merchant staff at `n` tills of one supermarket (shantou-p01). */
export async function tills(gw: TestGateway, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `v-till-${process.pid}-${randomUUID().slice(0, 8)}-${i}`)
  for (const openid of ids) await gw.deps.store.collection('roles').insert({ _id: openid, roles: ['merchant'], partnerId: 'shantou-p01', v: 1 })
  return ids
}

/** A campaign created by the admin through the API. */
export async function createCampaign(gw: TestGateway, over: Record<string, unknown> = {}): Promise<string> {
  const r = await gw.call('voucher', 'upsertCampaign', campaignData(over), ADMIN)
  expect(r.body.ok).toBe(true)
  return r.body.data.id
}

export const claim = (gw: TestGateway, openid: string | undefined, campaignId: string, requestId: string = randomUUID()) =>
  gw.call('voucher', 'claim', { campaignId, requestId }, openid)

/** A new member of the campaign's city who has just claimed one voucher of it. */
export async function claimedVoucher(gw: TestGateway, campaignId: string) {
  const [owner] = await addMembers(gw, 1)
  const v = await claim(gw, owner, campaignId)
  expect(v.status).toBe(200)
  return { owner, voucher: v.body.data }
}

export interface CampaignSuite { gw: TestGateway; campaignId: string }

/** Before the file's tests a gateway on `clock` with one campaign of ample stock (1000 a day); closed after them. */
export function campaignSuite(clock: Clock): CampaignSuite {
  const suite = {} as CampaignSuite
  beforeAll(async () => {
    suite.gw = await startGateway({ clock })
    suite.campaignId = await createCampaign(suite.gw, { dailyStock: 1000 })
  })
  afterAll(async () => { await suite.gw.close() })
  return suite
}

/** A freshly claimed voucher of the suite's campaign and what its owner gets from `action` for it (the QR token, the offline key). */
export async function claimedVoucherWith({ gw, campaignId }: CampaignSuite, action: 'voucherToken' | 'offlineKey') {
  const { owner, voucher } = await claimedVoucher(gw, campaignId)
  const r = await gw.call('voucher', action, { voucherId: voucher.id }, owner)
  expect(r.status).toBe(200)
  return { owner, voucher, data: r.body.data }
}

export async function ledgerOf(gw: TestGateway, campaignId: string, day: string) {
  return gw.deps.store.collection('campaign_days').get(`${campaignId}_${day}`) as Promise<{ claimed: number; g: Record<string, { o: string; s: number; r: string; i: string; t: string }>; ind?: Record<string, number> } | null>
}

export const vouchersOf = (gw: TestGateway, campaignId: string) =>
  gw.deps.store.collection('vouchers').find({ campaignId }, { limit: 1000 }) as Promise<Array<{ _id: string; owner: string; requestId: string; status: string; day: string; ak?: string; slot: number }>>

/** The ledger's entries whose voucher is the one their attempt materialised (compactable), and the rest. */
export async function ledgerEntries(gw: TestGateway, campaignId: string, day: string) {
  const ledger = await ledgerOf(gw, campaignId, day)
  const byId = new Map((await vouchersOf(gw, campaignId)).map((v) => [v._id, v]))
  const entries = Object.entries(ledger?.g ?? {})
  const materialised = entries.filter(([ak, e]) => byId.get(voucherId(campaignId, day, e.o, e.s))?.ak === ak)
  return { ledger, entries, materialised, other: entries.filter((x) => !materialised.includes(x)) }
}

/** The voucher insert lands, then the platform drops the answer (a timed-out write): the caller sees busy, once. */
export function busyAfterVoucherInsert(store: DocStore): DocStore {
  return wrapVoucherInsert(store, async (insert, doc) => { await insert(doc); throw busy(50) })
}

/** The store, except that the first voucher insert dies (a container killed between steps 2 and 3). */
export function crashingOnVoucherInsert(store: DocStore): DocStore {
  return wrapVoucherInsert(store, async () => { throw new Error('simulated crash after the ledger update') })
}

function wrapVoucherInsert(store: DocStore, once: (insert: (doc: AnyDoc) => Promise<unknown>, doc: AnyDoc) => Promise<unknown>): DocStore {
  let armed = true
  return {
    get ops() { return store.ops },
    close: () => store.close(),
    runTransaction: (fn) => store.runTransaction(fn),
    collection<T extends AnyDoc>(name: string): Collection<T> {
      const c = store.collection<T>(name)
      if (name !== 'vouchers') return c
      return new Proxy(c, {
        get(target, prop, recv) {
          if (prop === 'insert') {
            return async (doc: T) => {
              if (armed) { armed = false; return once((d) => target.insert(d as T), doc) }
              return target.insert(doc)
            }
          }
          const v = Reflect.get(target, prop, recv)
          return typeof v === 'function' ? v.bind(target) : v
        },
      })
    },
  } as DocStore
}
