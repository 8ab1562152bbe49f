/**
 * Mixed traffic through the gateway, as its own process: claims, nearby queries, votes and check-ins
 * for BENCH_MIXED_SECONDS (default 30, so that the whole `npm run bench` stays under five minutes) with 32 connections. Prints throughput, p50/p99 latency, the
 * gateway's memory at start and end, and every answer by code: only business codes are expected.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SqliteDocStore } from '../../cloudfunctions/_shared/docstore/sqlite'
import type { AnyDoc } from '../../cloudfunctions/_shared/ports'
import { spawnGateway, callAt } from '../../test/support/process'
import { autocannon, fmt, tempDir } from './util'
import { C } from '../../cloudfunctions/_shared/collections'


const MEMBERS = 200_000
const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

export async function run() {
  const seconds = Number(process.env.BENCH_MIXED_SECONDS ?? 30)
  const dir = tempDir('bench-mixed-')
  const store = new SqliteDocStore({ file: join(dir, 'db.sqlite') })
  const at = new Date().toISOString()
  await store.runTransaction(async (tx) => {
    for (let i = 0; i < MEMBERS; i++) {
      const m: AnyDoc = { _id: `mx${i}`, status: 'active', cardNo: `GHX${i}`, name: '测试会员', phone: '13800000000', city: '汕头', industry: 'courier', employer: '测试单位', appliedAt: at, joinedAt: at }
      await tx.insert(C.members, m)
    }
    const c: AnyDoc = { _id: 'mixed-c', title: '冰饮清凉券', city: '汕头', industries: ['courier'], startDate: '2000-01-01', endDate: '2099-12-31', dailyStock: 1_000_000, perMemberPerDay: 1, faceValue: 300, threshold: 0 }
    await tx.insert(C.campaigns, c)
  })
  await store.close()

  const gw = await spawnGateway(dir, { SEED: 'demo', LOG_LEVEL: 'error', ADMIN_OPENIDS: 'bench-admin' })
  try {
    const near = await callAt(gw.url, 'station', 'nearby', { lat: 30.58, lng: 114.3, radiusKm: 50, limit: 50 })
    const stations: Array<{ id: string; code: string }> = []
    for (const s of near.body.data.items as Array<{ id: string }>) {
      const q = await callAt(gw.url, 'station', 'qrcode', { stationId: s.id }, 'bench-admin')
      stations.push({ id: s.id, code: q.body.data.code })
    }
    const contests = await callAt(gw.url, 'contest', 'list', {})
    const contestId: string = contests.body.data.items[0].id
    const entries = await callAt(gw.url, 'contest', 'entries', { contestId, limit: 50 })
    const entryIds: string[] = entries.body.data.items.map((e: { id: string }) => e.id)
    if (!stations.length || !entryIds.length) throw new Error('demo stations or approved entries missing')

    const SERVICES = ['water', 'microwave', 'rest', 'charging', 'toilet', 'parking']
    const tally: Record<string, number> = {}
    let n = 0
    const rss0 = rssMb(gw.child.pid!)
    const t0 = Date.now()
    const result = await autocannon({
      url: gw.url,
      connections: 32,
      duration: seconds,
      timeout: 30,
      requests: [{
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          const i = n++
          const kind = i % 4
          let fn: string; let openid: string | undefined; let body: unknown
          if (kind === 0) {
            fn = 'voucher'; openid = `mx${(i >> 2) % MEMBERS}`
            body = { action: 'claim', data: { campaignId: 'mixed-c', requestId: randomUUID() } }
          } else if (kind === 1) {
            fn = 'station'
            const services = i % 3 === 0 ? [SERVICES[i % SERVICES.length]] : undefined
            body = { action: 'nearby', data: { lat: 30.45 + ((i * 7919) % 3000) / 10000, lng: 114.15 + ((i * 104729) % 3000) / 10000, ...(services ? { services } : {}) } }
          } else if (kind === 2) {
            fn = 'contest'; openid = `bv${Math.floor(i / 32)}`
            body = { action: 'vote', data: { entryId: entryIds[(i * 31) % entryIds.length] } }
          } else {
            fn = 'station'; openid = `bc${i}`
            const s = stations[i % stations.length]
            body = { action: 'checkin', data: { stationId: s.id, code: s.code } }
          }
          return { ...req, path: `/api/${fn}`, headers: { 'content-type': 'application/json', ...(openid ? { 'x-openid': openid } : {}) }, body: JSON.stringify(body) }
        },
        onResponse: (status: number, body: string) => {
          let key: string
          try { const j = JSON.parse(body); key = j.ok ? 'ok' : j.error.code } catch { key = `unparsed ${status}` }
          tally[key] = (tally[key] ?? 0) + 1
        },
      }],
    })
    const s = (Date.now() - t0) / 1000
    const rss1 = rssMb(gw.child.pid!)
    const health = await fetch(`${gw.url}/healthz`)
    console.log(`mixed traffic ${fmt(s, 1)} s, 32 connections (claims, nearby, votes, check-ins in equal parts): ${fmt(result.requests.total)} requests = ${fmt(result.requests.total / s)} req/s`)
    console.log(`  latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; transport errors ${result.errors}, timeouts ${result.timeouts}`)
    console.log(`  answers: ${Object.entries(tally).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`)
    console.log(`  INTERNAL answers: ${tally.INTERNAL ?? 0}; gateway memory (RSS) ${fmt(rss0)} MB at start, ${fmt(rss1)} MB at end; healthz after: ${health.status}`)
  } finally {
    gw.child.kill('SIGTERM')
    await gw.exited
  }
}
