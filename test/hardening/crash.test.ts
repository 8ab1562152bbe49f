import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { SqliteDocStore } from '../../cloudfunctions/_shared/docstore/sqlite'
import { shanghaiDay } from '../../cloudfunctions/_shared/clock'
import { tempDir } from '../support/gateway'
import { spawnGateway, callAt, type GatewayProcess } from '../support/process'

/**
 * Crash safety: the gateway process is killed with SIGKILL in the middle of a rush, restarted on the
 * same data dir, and clients that got no answer retry as the app does (same requestId). Whatever a
 * client was told must exist, and nothing may be counted twice.
 */
jest.setTimeout(120_000)

type Outcome = { openid: string; requestId: string; status: 'ok' | 'refused' | 'lost'; id?: string; code?: string }

async function withStore<T>(dir: string, f: (s: SqliteDocStore) => Promise<T>): Promise<T> {
  const s = new SqliteDocStore({ file: join(dir, 'db.sqlite') })
  try { return await f(s) } finally { await s.close() }
}

/** Fires `jobs` with bounded concurrency and kills the gateway once `killAfter` answers have arrived. */
async function rushAndKill<T>(gw: GatewayProcess, jobs: Array<() => Promise<T>>, killAfter: number, lost: (i: number) => T): Promise<T[]> {
  const out: T[] = new Array(jobs.length)
  let next = 0
  let answered = 0
  let killed = false
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++
      try {
        out[i] = await jobs[i]()
        if (++answered >= killAfter && !killed) { killed = true; gw.child.kill('SIGKILL') }
      } catch {
        out[i] = lost(i)
      }
    }
  }
  await Promise.all(Array.from({ length: 32 }, worker))
  if (!killed) gw.child.kill('SIGKILL')
  await gw.exited
  return out
}

test.each([1, 4])('SIGKILL in the middle of a claim rush (%i stock shards): every told voucher exists, stock + vouchers = daily stock, nothing doubled', async (shards) => {
  const dir = tempDir('ghyz-crash-')
  const members = Array.from({ length: 400 }, (_, i) => `crash-m${i}`)
  const STOCK = 150
  await withStore(dir, async (s) => {
    for (const id of members) {
      await s.collection('members').insert({ _id: id, status: 'active', cardNo: `GHC${id}`, name: '陈晓峰', phone: '13800000000', city: '汕头', industry: 'courier', employer: '顺达快递', joinedAt: '2026-01-01T00:00:00.000Z' })
    }
  })
  const a = await spawnGateway(dir)
  const created = await callAt(a.url, 'voucher', 'upsertCampaign', { title: '断电测试', city: '汕头', industries: ['courier'], startDate: '2000-01-01', endDate: '2099-12-31', dailyStock: STOCK, perMemberPerDay: 1, faceValue: 300, threshold: 0, shards }, 'demo-admin')
  expect(created.body.ok).toBe(true)
  const campaignId: string = created.body.data.id

  const requests = members.map((openid) => ({ openid, requestId: randomUUID() }))
  const outcomes: Outcome[] = await rushAndKill(
    a,
    requests.map((r) => async (): Promise<Outcome> => {
      const res = await callAt(a.url, 'voucher', 'claim', { campaignId, requestId: r.requestId }, r.openid)
      return res.body.ok ? { ...r, status: 'ok', id: res.body.data.id } : { ...r, status: 'refused', code: res.body.error.code }
    }),
    90,
    (i) => ({ ...requests[i], status: 'lost' }),
  )
  const told = outcomes.filter((o) => o.status === 'ok')
  const lost = outcomes.filter((o) => o.status === 'lost')
  expect(told.length).toBeGreaterThan(0)
  expect(lost.length).toBeGreaterThan(0)

  const b = await spawnGateway(dir)
  // Clients that got no answer: half retry with the same requestId, half only open their wallet later.
  const retried = new Map<string, { ok: boolean; id?: string; code?: string }>()
  await Promise.all(lost.map(async (o, i) => {
    if (i % 2 === 0) {
      const r = await callAt(b.url, 'voucher', 'claim', { campaignId, requestId: o.requestId }, o.openid)
      retried.set(o.openid, r.body.ok ? { ok: true, id: r.body.data.id } : { ok: false, code: r.body.error.code })
      expect(r.body.error?.code).not.toBe('INTERNAL')
    } else {
      const r = await callAt(b.url, 'voucher', 'mine', {}, o.openid)
      expect(r.body.ok).toBe(true)
    }
  }))
  // A retry that raced its own first attempt gets the same voucher again.
  for (const o of told.slice(0, 20)) {
    const again = await callAt(b.url, 'voucher', 'claim', { campaignId, requestId: o.requestId }, o.openid)
    expect(again.body.data?.id).toBe(o.id)
  }
  // Entries left in the ledger (grants in flight at the kill, keys queued for compaction in the dead
  // process, units of attempts that lost their slot) are settled by a repair pass: the admin's stats.
  const st = await callAt(b.url, 'voucher', 'stats', { campaignId }, 'demo-admin')
  expect(st.body.ok).toBe(true)
  b.child.kill('SIGTERM')
  await b.exited

  const day = shanghaiDay(new Date())
  await withStore(dir, async (s) => {
    const vouchers = (await s.collection('vouchers').find({ campaignId }, { limit: 1000 })) as Array<{ _id: string; owner: string }>
    // The day's ledgers, one per shard, added up.
    const shardDocs = (await s.collection('campaign_days').find({ campaignId, day })) as Array<{ _id: string; claimed: number; g: Record<string, { o: string; s: number }> }>
    expect(shardDocs).toHaveLength(shards)
    const ledger = { claimed: shardDocs.reduce((n, l) => n + l.claimed, 0), g: Object.assign({}, ...shardDocs.map((l) => l.g)) as Record<string, unknown> }
    const ids = new Set(vouchers.map((v) => v._id))
    for (const o of told) expect(ids.has(o.id!)).toBe(true)
    for (const [, r] of retried) if (r.ok) expect(ids.has(r.id!)).toBe(true)
    // nobody holds two, stock is never exceeded, ledger and vouchers agree
    expect(new Set(vouchers.map((v) => v.owner)).size).toBe(vouchers.length)
    expect(ledger!.claimed).toBeLessThanOrEqual(STOCK)
    // every grant in the ledger was materialised: either by a retry, by the wallet, or was told
    expect(vouchers.length).toBe(ledger!.claimed)
    // and after the repair pass nothing is left in flight: every grant entry was materialised (and
    // compacted away) or its unit released
    expect(Object.keys(ledger!.g)).toEqual([])
    const remaining = STOCK - ledger!.claimed
    expect(remaining + vouchers.length).toBe(STOCK)
    process.stdout.write(`claim crash (K=${shards}): ${told.length} told, ${lost.length} lost in flight, ${vouchers.length} vouchers after restart, ${remaining} stock left\n`)
  })
})

test('SIGKILL in the middle of a vote burst: every told vote exists, no vote counted twice, no voter over the daily limit', async () => {
  const dir = tempDir('ghyz-crash-vote-')
  const a = await spawnGateway(dir)
  const contests = await callAt(a.url, 'contest', 'list', {})
  const contestId: string = contests.body.data.items[0].id
  const listed = await callAt(a.url, 'contest', 'entries', { contestId, limit: 50 })
  const entryIds: string[] = listed.body.data.items.map((e: { id: string }) => e.id)
  expect(entryIds.length).toBeGreaterThan(1)
  const before = new Map<string, number>(listed.body.data.items.map((e: { id: string; votes: number }) => [e.id, e.votes]))

  // 150 voters, each tapping every entry, some twice at once (a double tap).
  const taps: Array<{ voter: string; entryId: string }> = []
  for (let v = 0; v < 150; v++) for (const entryId of entryIds) { taps.push({ voter: `crash-v${v}`, entryId }); if (v % 5 === 0) taps.push({ voter: `crash-v${v}`, entryId }) }
  const outcomes = await rushAndKill(
    a,
    taps.map((t) => async () => {
      const r = await callAt(a.url, 'contest', 'vote', { entryId: t.entryId }, t.voter)
      return { ...t, ok: r.body.ok as boolean, code: r.body.error?.code as string | undefined }
    }),
    Math.floor(taps.length / 3),
    (i) => ({ ...taps[i], ok: false, code: 'LOST' }),
  )
  const told = outcomes.filter((o) => o.ok)
  expect(told.length).toBeGreaterThan(0)
  expect(outcomes.some((o) => o.code === 'LOST')).toBe(true)
  expect(outcomes.some((o) => o.code === 'INTERNAL')).toBe(false)

  // After the restart the lost taps are retried; a vote that had landed answers DUPLICATE.
  const b = await spawnGateway(dir)
  const retried = await Promise.all(outcomes.filter((o) => o.code === 'LOST').map(async (o) => (await callAt(b.url, 'contest', 'vote', { entryId: o.entryId }, o.voter)).body))
  expect(retried.every((r) => r.ok || ['DUPLICATE', 'RATE_LIMITED'].includes(r.error.code))).toBe(true)
  const after = await callAt(b.url, 'contest', 'entries', { contestId, limit: 50 })
  b.child.kill('SIGTERM')
  await b.exited

  await withStore(dir, async (s) => {
    const stored = (await s.collection('votes').find({ contestId }, { limit: 1000 })) as unknown as Array<{ voter: string; entryId: string; day: string }>
    const key = (v: { voter: string; entryId: string }) => `${v.entryId}|${v.voter}`
    const keys = new Set(stored.map(key))
    for (const t of told) expect(keys.has(key(t))).toBe(true)
    expect(keys.size).toBe(stored.length)
    const perVoter = new Map<string, number>()
    for (const v of stored) perVoter.set(v.voter, (perVoter.get(v.voter) ?? 0) + 1)
    for (const n of perVoter.values()) expect(n).toBeLessThanOrEqual(10)
    // The entry's count never exceeds the stored votes (it may lag by a vote cut between its two steps).
    let lag = 0
    for (const e of after.body.data.items as Array<{ id: string; votes: number }>) {
      const real = (before.get(e.id) ?? 0) + stored.filter((v) => v.entryId === e.id && v.voter.startsWith('crash-v')).length
      expect(e.votes).toBeLessThanOrEqual(real)
      lag += real - e.votes
    }
    process.stdout.write(`vote crash: ${told.length} told, ${outcomes.filter((o) => o.code === 'LOST').length} lost in flight, ${stored.length} votes stored, counts lagging by ${lag}\n`)
  })
})
