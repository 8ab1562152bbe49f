/**
 * What erasure costs on the embedded store (issue #10): the write cost of `secure_delete` (documents
 * updated in place, so freed content is zeroed), and the time of `deleteMine` and of its WAL
 * checkpoint(TRUNCATE), on a store of 20,000 members with a voucher each.
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { createLocalDeps } from '../../cloudfunctions/_local/deps'
import { memberFunction } from '../../cloudfunctions/member/handlers'
import type { SqliteDocStore } from '../../cloudfunctions/_shared/docstore/sqlite'
import { fmt, tempDir } from './util'
import { C } from '../../cloudfunctions/_shared/collections'

const N = 20_000

export async function run(): Promise<void> {
  for (const secure of [false, true]) {
    const dir = tempDir('bench-erasure-')
    const deps = createLocalDeps({ DATA_DIR: dir, LOG_LEVEL: 'silent' })
    const store = deps.store as SqliteDocStore
    store.db.pragma(`secure_delete = ${secure ? 'ON' : 'OFF'}`)
    const members = store.collection(C.members)
    const vouchers = store.collection(C.vouchers)
    let t = performance.now()
    await Promise.all(Array.from({ length: N }, (_, i) => members.insert({
      _id: `m${i}`, status: 'active', name: '测试会员', phone: `139${String(i).padStart(8, '0')}`, city: '汕头', industry: 'courier', employer: '某快递公司',
    })))
    const insertMs = performance.now() - t
    await Promise.all(Array.from({ length: N }, (_, i) => vouchers.insert({ _id: `v${i}`, owner: `a${i}`, campaignId: 'c', day: '2026-07-01', status: 'unused' })))
    t = performance.now()
    // The voucher's own write path: one conditional update per redemption.
    await Promise.all(Array.from({ length: N }, (_, i) => vouchers.updateOne({ _id: `v${i}`, status: 'unused' }, { $set: { status: 'used', redeemedAt: '2026-07-01T02:00:00Z' } })))
    const updateMs = performance.now() - t

    const wal = () => { try { return statSync(join(dir, 'db.sqlite-wal')).size } catch { return 0 } }
    const walBefore = wal()
    const times: number[] = []
    for (let i = 0; i < 20; i++) {
      const s = performance.now()
      const r = await memberFunction.handle({ action: 'deleteMine' }, `m${i}`, deps)
      if (!r.ok) throw new Error(JSON.stringify(r))
      times.push(performance.now() - s)
    }
    const s = performance.now()
    await store.purge()
    const purgeMs = performance.now() - s
    times.sort((a, b) => a - b)
    process.stdout.write(`secure_delete ${secure ? 'ON ' : 'OFF'}: ${fmt(N / (insertMs / 1000))} member inserts/s, ${fmt(N / (updateMs / 1000))} voucher updates/s; `
      + `deleteMine median ${fmt(times[10], 1)} ms (max ${fmt(times[19], 1)} ms, incl. checkpoint); WAL ${fmt(walBefore / 1024)} KB before the first erasure, `
      + `${fmt(wal() / 1024)} KB after; a checkpoint with nothing to copy ${fmt(purgeMs, 2)} ms; db ${fmt(statSync(join(dir, 'db.sqlite')).size / 1024)} KB\n`)
    await store.close()
  }
}

if (require.main === module) run().catch((e) => { console.error(e); process.exit(1) })
