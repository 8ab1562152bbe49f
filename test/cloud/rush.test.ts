/**
 * The voucher claim on the real cloudbase adapter against the simulated cloud (test/support/sim-cloud.ts):
 * what a claim costs on the wire, and a morning rush at the basic tier's 30 database QPS, driven by
 * clients that follow the app's own retry policy (src/api/retry.ts).
 */
import { randomUUID } from 'node:crypto'
import { createLocalDeps } from '../../cloudfunctions/_local/deps'
import { CloudbaseDocStore } from '../../cloudfunctions/_shared/docstore/cloudbase'
import { issuePass } from '../../cloudfunctions/_shared/pass'
import type { AnyDoc } from '../../cloudfunctions/_shared/ports'
import type { Deps } from '../../cloudfunctions/_shared/runtime'
import { voucherFunction } from '../../cloudfunctions/voucher/handlers'
import { cloudRush } from '../support/cloud-rush'
import { tempDir } from '../support/gateway'
import { startSimCloud, type SimCloud } from '../support/sim-cloud'

jest.setTimeout(300_000)
const savedEnv = { TENCENTCLOUD: process.env.TENCENTCLOUD, SILENCE: process.env.SILENCE }
process.env.TENCENTCLOUD = 'true' // skip the SDK's cloud metadata probe
afterAll(() => {
  for (const [k, v] of Object.entries(savedEnv)) { if (v === undefined) delete process.env[k]; else process.env[k] = v }
})

describe('what a claim costs on the wire', () => {
  let sim: SimCloud
  let deps: Deps
  beforeAll(async () => {
    sim = await startSimCloud({ latencyMs: 1 })
    const local = createLocalDeps({ DATA_DIR: tempDir('ghyz-wire-'), LOG_LEVEL: 'silent' })
    await local.store.close()
    deps = { ...local, store: new CloudbaseDocStore({ init: { env: 'wire-env', secretId: 'w', secretKey: 'w', serviceUrl: sim.serviceUrl, keepalive: true, timeout: 10_000 } }) }
    for (const id of ['w-a', 'w-b', 'w-c', 'w-d']) {
      await sim.store.collection('members').insert(<AnyDoc>{ _id: id, status: 'active', cardNo: id, name: '测试', phone: '13800000000', city: '汕头', industry: 'courier', employer: 'x', joinedAt: '2026-01-01T00:00:00.000Z' })
    }
    for (const [id, shards] of [['w-c1', 1], ['w-c4', 4]] as const) {
      await sim.store.collection('campaigns').insert(<AnyDoc>{ _id: id, title: '冰饮清凉券', city: '汕头', industries: ['courier'], startDate: '2000-01-01', endDate: '2099-12-31', dailyStock: 100, perMemberPerDay: 1, shards, faceValue: 300, threshold: 0 })
    }
  })
  afterAll(async () => { await sim.close() })

  async function claimOnWire(who: string, campaignId: string, withPass: boolean): Promise<string[]> {
    const pass = issuePass(deps.tokens, { _id: who, city: '汕头', industry: 'courier' }, deps.clock.now().getTime()).pass
    const from = sim.capture.requests.length
    const r = await voucherFunction.handle({ action: 'claim', data: { campaignId, requestId: randomUUID(), ...(withPass ? { pass } : {}) } }, who, deps)
    expect(r.ok).toBe(true)
    return sim.capture.requests.slice(from).map((q) => `${q.action.replace('database.', '')} ${q.body.collectionName}`)
  }

  test.each([['one ledger', 'w-c1'], ['4 shards', 'w-c4']])('%s: the warm path is 2 operations with the pass, 3 without', async (_t, campaignId) => {
    // The day's first claim creates the ledgers (and reads the campaign into the container's cache).
    await claimOnWire('w-a', campaignId, true)
    expect(await claimOnWire('w-b', campaignId, true)).toEqual(['modifyDocument campaign_days', 'insertDocument vouchers'])
    expect(await claimOnWire('w-c', campaignId, false)).toEqual(['getDocument members', 'modifyDocument campaign_days', 'insertDocument vouchers'])
  })
})

test('Done when: at 30 QPS, 1,000 claims by 300 members on a stock of 100 settle with exactly 100 vouchers, nobody with two, no INTERNAL, every client answered', async () => {
  const r = await cloudRush({ qps: 30, shards: 4, members: 300, claims: 1000, stock: 100 })
  try {
    process.stdout.write(`cloud rush at 30 QPS (K=4): ${r.outcomes.length} claims in ${r.seconds.toFixed(1)} s, p99 ${(r.p99 / 1000).toFixed(1)} s, ` +
      `answers ${JSON.stringify(r.byCode)}, ${r.served} operations served, ${r.refused} refused for QPS, ${r.resends} busy answers resent by clients\n`)
    // Every client got a definite answer: a voucher, SOLD_OUT or ALREADY_CLAIMED; nothing else (no INTERNAL, nobody still queued).
    expect(r.outcomes).toHaveLength(1000)
    expect(Object.keys(r.byCode).sort()).toEqual(['ALREADY_CLAIMED', 'SOLD_OUT', 'ok'])
    // The platform did refuse requests: the test is about throttling, not a calm morning.
    expect(r.refused).toBeGreaterThan(0)
    const vouchers = await r.sim.store.collection('vouchers').find({ campaignId: r.campaignId })
    expect(vouchers).toHaveLength(100)
    expect(new Set(vouchers.map((v) => v.owner)).size).toBe(100)
    // Every voucher a client was told of is stored, once; the ones nobody was told of do not exist.
    const told = r.outcomes.filter((o) => o.code === 'ok')
    expect(told).toHaveLength(100)
    expect(new Set(told.map((o) => o.voucherId))).toEqual(new Set(vouchers.map((v) => v._id)))
    const byId = new Map(vouchers.map((v) => [v._id, v]))
    for (const o of told) expect(byId.get(o.voucherId!)!.requestId).toBe(o.requestId)
    // The shards add up to the vouchers once settled (the admin's stats settle them).
    const st = await voucherFunction.handle({ action: 'stats', data: { campaignId: r.campaignId } }, 'rush-admin', { ...r.deps, config: { ...r.deps.config, ADMIN_OPENIDS: ['rush-admin'] } })
    expect(st.ok ? 'ok' : JSON.stringify(st)).toBe('ok')
    const ledgers = await r.sim.store.collection('campaign_days').find({ campaignId: r.campaignId })
    expect(ledgers).toHaveLength(4)
    expect(ledgers.reduce((n, l) => n + (l.claimed as number), 0)).toBe(100)
  } finally {
    await r.close()
  }
})
