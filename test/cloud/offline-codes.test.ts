/**
 * Offline codes on the cloudbase adapter (the real SDK against the simulated cloud, test/support/sim-cloud.ts):
 * a voucher's offline token, computed by the phone's own code, is accepted once when tills race.
 */
import { randomUUID } from 'node:crypto'
import { createLocalDeps } from '../../cloudfunctions/_local/deps'
import { CloudbaseDocStore } from '../../cloudfunctions/_shared/docstore/cloudbase'
import type { AnyDoc } from '../../cloudfunctions/_shared/ports'
import type { Deps } from '../../cloudfunctions/_shared/runtime'
import { voucherFunction } from '../../cloudfunctions/voucher/handlers'
import { tokenAt } from '../../src/packages/shared/offline-code'
import { tempDir } from '../support/gateway'
import { startSimCloud, type SimCloud } from '../support/sim-cloud'

const savedTencentCloud = process.env.TENCENTCLOUD
process.env.TENCENTCLOUD = 'true' // skip the SDK's cloud metadata probe

let sim: SimCloud
let deps: Deps
const TILLS = ['oc-till-1', 'oc-till-2', 'oc-till-3', 'oc-till-4']
beforeAll(async () => {
  sim = await startSimCloud({ latencyMs: 5 })
  const local = createLocalDeps({ DATA_DIR: tempDir('ghyz-offline-'), LOG_LEVEL: 'silent' })
  await local.store.close()
  deps = { ...local, store: new CloudbaseDocStore({ init: { env: 'oc-env', secretId: 'o', secretKey: 'o', serviceUrl: sim.serviceUrl, keepalive: true, timeout: 10_000 } }) }
  await sim.store.collection('members').insert(<AnyDoc>{ _id: 'oc-m', status: 'active', cardNo: 'GH4405009001', name: '林海生', phone: '13800000000', city: '汕头', industry: 'courier', employer: 'x', joinedAt: '2026-01-01T00:00:00.000Z' })
  await sim.store.collection('campaigns').insert(<AnyDoc>{ _id: 'oc-c', title: '冰饮清凉券', city: '汕头', industries: ['courier'], startDate: '2000-01-01', endDate: '2099-12-31', dailyStock: 100, perMemberPerDay: 1, shards: 1, faceValue: 300, threshold: 0 })
  await sim.store.collection('partners').insert(<AnyDoc>{ _id: 'oc-p1', name: '汕头测试超市', city: '汕头', category: 'retail', offer: '会员九折' })
  await sim.store.collection('partners').insert(<AnyDoc>{ _id: 'oc-p2', name: '汕头测试书店', city: '汕头', category: 'culture', offer: '会员八折' })
  for (const [i, id] of TILLS.entries()) await sim.store.collection('roles').insert(<AnyDoc>{ _id: id, roles: ['merchant'], partnerId: i % 2 ? 'oc-p2' : 'oc-p1', v: 1 })
})
afterAll(async () => {
  await sim.close()
  if (savedTencentCloud === undefined) delete process.env.TENCENTCLOUD
  else process.env.TENCENTCLOUD = savedTencentCloud
})

test('a voucher\'s offline token: eight tills at once → one redemption, seven ALREADY_USED', async () => {
  const v = await voucherFunction.handle({ action: 'claim', data: { campaignId: 'oc-c', requestId: randomUUID() } }, 'oc-m', deps)
  if (!v.ok) throw new Error(JSON.stringify(v))
  const voucher = v.data as { id: string }
  const k = await voucherFunction.handle({ action: 'offlineKey', data: { voucherId: voucher.id } }, 'oc-m', deps)
  if (!k.ok) throw new Error(JSON.stringify(k))
  const key = k.data as { key: string; ref: string }
  const token = tokenAt('voucher', key.key, key.ref, deps.clock.now().getTime())
  const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => voucherFunction.handle({ action: 'redeem', data: { token } }, TILLS[i % 4], deps)))
  expect(answers.filter((a) => a.ok)).toHaveLength(1)
  expect(answers.flatMap((a) => (a.ok ? [] : [a.error.code]))).toEqual(Array(7).fill('ALREADY_USED'))
  expect(await sim.store.collection('vouchers').get(voucher.id)).toMatchObject({ status: 'used' })
})

// The card's once-only use is written in a transaction with the benefit use (member/card.ts recordUse); the
// simulated cloud answers transactions with an error, so that race runs on the embedded store only
// (test/member/offline-card.test.ts); the cloudbase adapter's transactions are tested in test/docstore.
