/**
 * `npm run bench -- cloud-rush`: a morning rush through the real cloudbase adapter and SDK against the
 * simulated cloud (test/support/sim-cloud.ts: 15 ms per operation, writes serialised per document, a QPS
 * limit answered with the platform's EXCEED_RATELIMIT), for K = 1, 4 and 16 stock shards at 30 QPS (the
 * basic tier) and 1,000 QPS. Clients follow the app's retry policy (backoff, jitter, same requestId).
 *
 * Kept to about two minutes: at 30 QPS the rush is 300 claims by 100 members on a stock of 30 (the
 * Done-when rush of 1,000 claims by 300 members takes ~2 minutes by itself: test/cloud/rush.test.ts);
 * at 1,000 QPS it is the full 1,000 claims by 300 members on a stock of 100. RUSH_FULL=1 runs the full
 * rush at both rates, and K = 16 at 30 QPS too.
 */
import { EventEmitter } from 'node:events'
import { cloudRush, type RushOptions } from '../../test/support/cloud-rush'
import { fmt } from './util'
import { C } from '../../cloudfunctions/_shared/collections'

export async function run() {
  // The SDK's keep-alive agent hands a connecting socket to every request queued on it, and each adds a
  // one-off 'connect' listener (request-core.js, onTimeout): at 1,000 QPS more than Node's default of 10 wait
  // on one socket. They go once it connects; without this the warning buries the table.
  const defaultMax = EventEmitter.defaultMaxListeners
  EventEmitter.defaultMaxListeners = 100
  try {
    await rushes()
  } finally {
    EventEmitter.defaultMaxListeners = defaultMax
  }
}

async function rushes() {
  const full = process.env.RUSH_FULL === '1'
  const big = { members: 300, claims: 1000, stock: 100 }
  const small = full ? big : { members: 100, claims: 300, stock: 30 }
  console.log('QPS    K  claims  members  stock  seconds  claims/s  p50 ms  p99 ms  ops/claim  refused  resent  answers')
  for (const qps of [30, 1000]) {
    // K = 16 at 30 QPS (~40 s, and the slowest of the three: more shards only add reads there) runs with
    // RUSH_FULL=1, so that the whole `npm run bench` stays under five minutes.
    for (const shards of qps === 30 && !full ? [1, 4] : [1, 4, 16]) {
      const size = qps === 30 ? small : big
      const o: RushOptions = { qps, shards, ...size, latencyMs: 15 }
      const r = await cloudRush(o)
      try {
        const vouchers = await r.sim.store.collection(C.vouchers).find({ campaignId: r.campaignId })
        const answers = Object.entries(r.byCode).map(([k, v]) => `${k} ${v}`).join(', ')
        const bad = vouchers.length !== size.stock || new Set(vouchers.map((v) => v.owner)).size !== vouchers.length ? '  !! INVARIANT BROKEN' : ''
        console.log(
          `${String(qps).padEnd(5)} ${String(shards).padStart(2)}  ${String(size.claims).padStart(6)}  ${String(size.members).padStart(7)}  ${String(size.stock).padStart(5)}  ` +
          `${fmt(r.seconds, 1).padStart(7)}  ${fmt(r.claimsPerSecond, 1).padStart(8)}  ${fmt(r.p50).padStart(6)}  ${fmt(r.p99).padStart(6)}  ` +
          `${fmt(r.served / size.claims, 2).padStart(9)}  ${String(r.refused).padStart(7)}  ${String(r.resends).padStart(6)}  ${answers}; ${vouchers.length} vouchers${bad}`,
        )
      } finally {
        await r.close()
      }
    }
  }
  console.log('refused: requests the simulated cloud refused over its QPS (resent inside the function up to 3 times, then answered busy);')
  console.log('resent: busy answers the clients waited out and sent again with the same requestId; ops/claim: operations served per claim.')
}
