/**
 * Member card: benefit redemptions through the gateway on the sqlite store.
 *
 *  - "till rush": 5,000 active members each show a fresh card QR; two tills of one partner scan every
 *    code at the same time (10,000 redeem requests, 32 in flight). Exactly one use per member must be
 *    recorded; figures: redeem requests/s, p50/p99 latency, database operations per request.
 *  - "stats": the evaluation figures over those members and uses.
 */
import { createGateway } from '../../cloudfunctions/_local/gateway'
import type { AnyDoc } from '../../cloudfunctions/_shared/ports'
import { shanghaiDay } from '../../cloudfunctions/_shared/clock'
import { fmt, percentile, poster, tally, tempDir } from './util'
import { C } from '../../cloudfunctions/_shared/collections'

const MEMBERS = 5_000
const IN_FLIGHT = 32

export async function run(): Promise<void> {
  const gw = await createGateway({ env: { DATA_DIR: tempDir('bench-member-'), SEED: 'demo', LOG_LEVEL: 'silent' }, port: 0, h5Dir: null })
  const { store } = gw.deps
  const at = new Date().toISOString()
  await store.runTransaction(async (tx) => {
    for (let i = 0; i < MEMBERS; i++) {
      const m: AnyDoc = {
        _id: `bench-m${i}`, status: 'active', cardNo: `GH2109${String(100_000 + i)}`, name: '测试会员', phone: '13800000000', city: '阜新',
        industry: (['courier', 'sanitation', 'construction', 'taxi'] as const)[i % 4], employer: '测试单位', appliedAt: at, joinedAt: at,
      }
      await tx.insert(C.members, m)
    }
    await tx.set(C.roles, { _id: 'bench-till-2', roles: ['merchant'], partnerId: 'fuxin-p01', v: 1 } as AnyDoc)
  })
  const post = poster(gw.url, 'member')

  const tokens: string[] = []
  const t0 = Date.now()
  for (let i = 0; i < MEMBERS; i += IN_FLIGHT) {
    const batch = await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, MEMBERS - i) }, (_, k) => post(`bench-m${i + k}`, 'cardToken', {})))
    for (const b of batch) tokens.push(b.data.token)
  }
  const tokenMs = Date.now() - t0

  // Every code scanned by both tills at once.
  const jobs = tokens.flatMap((token) => [['demo-merchant', token], ['bench-till-2', token]] as const)
  const { latencies, codes, timed } = tally('OK')
  const ops0 = store.ops.count
  const t1 = Date.now()
  let next = 0
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < jobs.length) {
      const [till, token] = jobs[next++]
      await timed(() => post(till, 'redeemBenefit', { token }))
    }
  }))
  const redeemMs = Date.now() - t1
  const ops = store.ops.count - ops0
  latencies.sort((a, b) => a - b)
  const day = shanghaiDay(new Date())
  const recorded = await store.collection(C.benefit_uses).count({ partnerId: 'fuxin-p01', day })
  const daily = (await store.collection(C.benefit_daily).get(`${day}_fuxin-p01`)) as { count?: number } | null

  const s0 = performance.now()
  const stats = await post('demo-admin', 'stats', {})
  const statsMs = performance.now() - s0

  console.log(`card tokens: ${fmt(MEMBERS)} in ${fmt(tokenMs)} ms (${fmt((MEMBERS / tokenMs) * 1000)}/s)`)
  console.log(`till rush: ${fmt(jobs.length)} redeem requests (2 tills × ${fmt(MEMBERS)} codes, ${IN_FLIGHT} in flight) in ${fmt(redeemMs)} ms → ${fmt((jobs.length / redeemMs) * 1000)} req/s`)
  console.log(`  latency p50 ${fmt(percentile(latencies, 50), 1)} ms, p99 ${fmt(percentile(latencies, 99), 1)} ms; answers ${JSON.stringify(codes)}`)
  console.log(`  uses recorded ${fmt(recorded)} (want ${fmt(MEMBERS)}), daily counter ${fmt(daily?.count ?? 0)}; ${fmt(ops / jobs.length, 1)} database operations per request`)
  console.log(`stats over ${fmt(stats.data.members.total)} members: ${fmt(statsMs, 1)} ms`)
  if (recorded !== MEMBERS || daily?.count !== MEMBERS || codes.OK !== MEMBERS) throw new Error('member bench: uses do not add up')
  await gw.close()
}
