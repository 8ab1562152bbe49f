/**
 * The simulated cloud (test/support/sim-cloud.ts) through the real cloudbase adapter and SDK: that it
 * answers like the database (so the rush tests mean something), serialises writes per document with
 * its latency, and refuses requests over its QPS limit with the platform's error, which the adapter
 * turns into RATE_LIMITED (busy).
 */
import { CloudbaseDocStore } from '../../cloudfunctions/_shared/docstore/cloudbase'
import { AppError, DuplicateKeyError, isBusy } from '../../cloudfunctions/_shared/errors'
import { startSimCloud, type SimCloud } from '../support/sim-cloud'

const savedTencentCloud = process.env.TENCENTCLOUD
process.env.TENCENTCLOUD = 'true' // skip the SDK's cloud metadata probe

let sim: SimCloud
let store: CloudbaseDocStore
beforeAll(async () => {
  sim = await startSimCloud({ latencyMs: 20 })
  store = new CloudbaseDocStore({ init: { env: 'sim-env', secretId: 'sim', secretKey: 'sim', serviceUrl: sim.serviceUrl, keepalive: true, timeout: 10_000 } })
})
afterAll(async () => {
  await sim.close()
  if (savedTencentCloud === undefined) delete process.env.TENCENTCLOUD
  else process.env.TENCENTCLOUD = savedTencentCloud
})
afterEach(() => sim.set({ qps: Infinity, latencyMs: 20, timeoutRate: 0 }))

test('answers like the database: insert, duplicate, get, find, count, conditional update, $unset, remove', async () => {
  const days = store.collection('campaign_days')
  await days.insert({ _id: 'd1', claimed: 0, g: {}, ind: {} })
  await expect(days.insert({ _id: 'd1' })).rejects.toBeInstanceOf(DuplicateKeyError)
  expect(await days.updateOne({ _id: 'd1', claimed: { $lt: 2 } }, { $inc: { claimed: 1, 'ind.courier': 1 }, $set: { 'g.ak1': { o: 'm', s: 1 } } })).toBe(1)
  expect(await days.updateOne({ _id: 'd1', claimed: { $lt: 2 } }, { $inc: { claimed: 1 }, $set: { 'g.ak2': { o: 'n', s: 1 } } })).toBe(1)
  expect(await days.updateOne({ _id: 'd1', claimed: { $lt: 2 } }, { $inc: { claimed: 1 } })).toBe(0)
  expect(await days.updateOne({ _id: 'd1', 'g.ak1': { $exists: true } }, { $unset: { 'g.ak1': 1 } })).toBe(1)
  expect(await days.get('d1')).toEqual({ _id: 'd1', claimed: 2, g: { ak2: { o: 'n', s: 1 } }, ind: { courier: 1 } })
  await days.insert({ _id: 'd2', claimed: 5 })
  expect((await days.find({ _id: { $in: ['d1', 'd2', 'd3'] } }, { orderBy: [['claimed', 'desc']] })).map((d) => d._id)).toEqual(['d2', 'd1'])
  expect(await days.count({ claimed: { $gte: 2 } })).toBe(2)
  expect(await days.remove({ _id: 'd2' })).toBe(1)
  expect(await days.get('d2')).toBeNull()
})

test('writes to one document queue behind each other; other documents and reads do not wait', async () => {
  const c = store.collection('campaign_days')
  await Promise.all([c.insert({ _id: 'hot', n: 0 }), ...Array.from({ length: 10 }, (_, i) => c.insert({ _id: `cold${i}`, n: 0 }))])
  let t = Date.now()
  await Promise.all(Array.from({ length: 10 }, () => c.updateOne({ _id: 'hot' }, { $inc: { n: 1 } })))
  const hot = Date.now() - t
  t = Date.now()
  await Promise.all(Array.from({ length: 10 }, (_, i) => c.updateOne({ _id: `cold${i}` }, { $inc: { n: 1 } })))
  const cold = Date.now() - t
  expect((await c.get('hot'))!.n).toBe(10)
  expect(hot).toBeGreaterThanOrEqual(10 * 20)
  expect(cold).toBeLessThan(hot / 2)
})

test('over its QPS limit it refuses with the platform error; the adapter answers RATE_LIMITED busy and nothing is written', async () => {
  // A low limit, so the burst outruns the refill also on a loaded machine (where 60 calls can take a second to leave).
  sim.set({ qps: 5, latencyMs: 1 })
  await new Promise((r) => setTimeout(r, 1100)) // a full bucket
  // Without the adapter's own resends, to see each refusal.
  const direct = new CloudbaseDocStore({ overLimitRetries: 0, init: { env: 'sim-env', secretId: 'sim', secretKey: 'sim', serviceUrl: sim.serviceUrl, keepalive: true, timeout: 10_000 } })
  const c = direct.collection('rate_limits')
  const before = { ...sim.stats }
  const t0 = Date.now()
  const results = await Promise.all(Array.from({ length: 60 }, (_, i) => c.insert({ _id: `q${i}`, n: 1 }).then(() => 'ok', (e) => e)))
  const elapsedS = (Date.now() - t0) / 1000
  const refused = results.filter((r) => r !== 'ok')
  expect(sim.stats.refused - before.refused).toBe(refused.length)
  // A burst of 5, then 5 a second while the 60 arrive.
  expect(60 - refused.length).toBeGreaterThanOrEqual(5)
  expect(60 - refused.length).toBeLessThanOrEqual(5 + Math.ceil(elapsedS * 5) + 1)
  expect(refused.length).toBeGreaterThan(0)
  for (const e of refused) {
    expect(e).toBeInstanceOf(AppError)
    expect(isBusy(e)).toBe(true)
    expect((e as AppError).details).toEqual({ busy: true, retryAfterMs: 1000 })
  }
  sim.set({ qps: Infinity })
  expect(await c.count({ _id: { $in: Array.from({ length: 60 }, (_, i) => `q${i}`) } })).toBe(60 - refused.length)
})

test('DATABASE_TIMEOUT answers become busy with a longer hint', async () => {
  sim.set({ timeoutRate: 1 })
  const e = await store.collection('members').get('x').catch((x) => x)
  expect(isBusy(e)).toBe(true)
  expect((e as AppError).details).toEqual({ busy: true, retryAfterMs: 2000 })
})
