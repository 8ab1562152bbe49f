/**
 * A morning rush on the simulated cloud, shared by the rush test and `npm run bench -- cloud-rush`:
 * the voucher function on the REAL cloudbase adapter and SDK, against test/support/sim-cloud.ts with a
 * QPS limit and a per-operation latency, driven by clients that follow the app's own retry policy
 * (src/api/retry.ts: backoff, jitter, the same requestId, 人多，正在排队 while refused for load).
 *
 * Each member is one phone: their claims go one after another (a new requestId per claim, as the app
 * makes one per intended claim), all members at once. Members carry the eligibility pass the campaign
 * list hands out (issued by the same function, not fetched: the list loads are not part of the rush).
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalDeps } from '../../cloudfunctions/_local/deps'
import { CloudbaseDocStore } from '../../cloudfunctions/_shared/docstore/cloudbase'
import { issuePass } from '../../cloudfunctions/_shared/pass'
import type { AnyDoc } from '../../cloudfunctions/_shared/ports'
import type { Deps } from '../../cloudfunctions/_shared/runtime'
import { voucherFunction } from '../../cloudfunctions/voucher/handlers'
import { ApiError } from '../../src/api/errors'
import { withRetry, type RetryPolicy } from '../../src/api/retry'
import { startSimCloud, type SimCloud } from './sim-cloud'

export interface RushOptions {
  qps: number
  shards: number
  members: number
  claims: number
  stock: number
  latencyMs?: number
  policy?: Partial<RetryPolicy>
}

export interface ClaimOutcome { member: string; requestId: string; code: string; voucherId?: string; ms: number; tries: number }

export interface RushResult {
  outcomes: ClaimOutcome[]
  seconds: number
  claimsPerSecond: number
  p50: number
  p99: number
  /** Final answers by code ('ok' for a voucher). */
  byCode: Record<string, number>
  /** Requests the simulated cloud refused (over QPS) or timed out; database requests it served. */
  refused: number
  served: number
  /** Requests that got RATE_LIMITED (busy) and were sent again by the client. */
  resends: number
  sim: SimCloud
  deps: Deps
  campaignId: string
  close(): Promise<void>
}

const pct = (sorted: number[], p: number) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN

export async function cloudRush(o: RushOptions): Promise<RushResult> {
  process.env.TENCENTCLOUD = 'true' // the SDK skips its cloud metadata probe
  process.env.SILENCE = 'true' // and its "request longer than 3s" warnings: queueing is what a rush measures
  const sim = await startSimCloud({ latencyMs: o.latencyMs ?? 15 })
  const local = createLocalDeps({ DATA_DIR: mkdtempSync(join(tmpdir(), 'ghyz-rush-')), LOG_LEVEL: 'silent' })
  await local.store.close()
  const store = new CloudbaseDocStore({ init: { env: 'rush-env', secretId: 'rush', secretKey: 'rush', serviceUrl: sim.serviceUrl, keepalive: true, timeout: 30_000 } })
  const deps: Deps = { ...local, store }

  // Seeded straight into the simulated database (not through the limit).
  const campaignId = `rush-${randomUUID().slice(0, 8)}`
  const members = Array.from({ length: o.members }, (_, i) => `rush-m${i}`)
  await sim.store.runTransaction(async (tx) => {
    for (const id of members) {
      await tx.insert('members', <AnyDoc>{ _id: id, status: 'active', cardNo: `GHR${id}`, name: '测试会员', phone: '13800000000', city: '汕头', industry: 'courier', employer: '测试单位', joinedAt: '2026-01-01T00:00:00.000Z' })
    }
    await tx.insert('campaigns', <AnyDoc>{
      _id: campaignId, title: '冰饮清凉券', city: '汕头', industries: ['courier'], startDate: '2000-01-01', endDate: '2099-12-31',
      dailyStock: o.stock, perMemberPerDay: 1, shards: o.shards, faceValue: 300, threshold: 0,
    })
  })
  const now = deps.clock.now().getTime()
  const passes = new Map(members.map((id) => [id, issuePass(deps.tokens, { _id: id, city: '汕头', industry: 'courier' }, now).pass]))

  // Claims per member: o.claims spread as evenly as possible.
  const perMember = members.map((_, i) => Math.floor(o.claims / o.members) + (i < o.claims % o.members ? 1 : 0))
  sim.set({ qps: o.qps })
  const outcomes: ClaimOutcome[] = []
  let resends = 0
  const served0 = sim.stats.accepted
  const t0 = Date.now()
  await Promise.all(members.map(async (member, i) => {
    for (let n = 0; n < perMember[i]; n++) {
      const requestId = randomUUID()
      const started = Date.now()
      let tries = 0
      const send = async () => {
        tries++
        const r = await voucherFunction.handle({ action: 'claim', data: { campaignId, requestId, pass: passes.get(member) } }, member, deps)
        if (r.ok) return r.data as { id: string }
        throw new ApiError(r.error.code, r.error.message, r.error.details)
      }
      try {
        const v = await withRetry(send, { policy: o.policy, onRetry: ({ reason }) => { if (reason === 'busy') resends++ } })
        outcomes.push({ member, requestId, code: 'ok', voucherId: v.id, ms: Date.now() - started, tries })
      } catch (e) {
        outcomes.push({ member, requestId, code: e instanceof ApiError ? e.code : 'THROWN', ms: Date.now() - started, tries })
      }
    }
  }))
  const seconds = (Date.now() - t0) / 1000
  sim.set({ qps: Infinity })
  const lat = outcomes.map((x) => x.ms).sort((a, b) => a - b)
  const byCode: Record<string, number> = {}
  for (const x of outcomes) byCode[x.code] = (byCode[x.code] ?? 0) + 1
  return {
    outcomes, seconds, claimsPerSecond: outcomes.length / seconds, p50: pct(lat, 50), p99: pct(lat, 99), byCode,
    refused: sim.stats.refused + sim.stats.timedOut, served: sim.stats.accepted - served0, resends, sim, deps, campaignId,
    close: () => sim.close(),
  }
}
