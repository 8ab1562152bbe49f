/**
 * The opera contest: the public vote rush and the gallery, in-process and through the gateway, and the
 * database operations one vote and one sign-up cost (counted in the adapter, `store.ops.count`).
 *
 *  - votes: 2,000 voters each voting for 10 of 40 approved entries (20,000 votes), then each trying an
 *    11th (RATE_LIMITED) and a repeat (DUPLICATE); through the gateway, 32 requests in flight.
 *  - gallery: `entries` pages of 20 with their video URLs.
 *  - sign-up: 500 sign-ups with a small MP4 each (the video checks read the file's first bytes).
 */
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { createGateway } from '../../cloudfunctions/_local/gateway'
import { aliasOf } from '../../cloudfunctions/_shared/alias'
import { CONSENT_VERSION } from '../../types'
import { makeMp4 } from '../../cloudfunctions/_local/seed/mp4'
import { contestFunction } from '../../cloudfunctions/contest/handlers'
import { fmt, percentile, poster, tally, tempDir } from './util'
import { C } from '../../cloudfunctions/_shared/collections'

const VOTERS = 2_000
const ENTRIES = 40
const IN_FLIGHT = 32

export async function run(): Promise<void> {
  const gw = await createGateway({ env: { DATA_DIR: tempDir('bench-contest-'), SEED: 'demo', LOG_LEVEL: 'silent' }, port: 0, h5Dir: null })
  const { store, storage } = gw.deps
  const post = poster(gw.url, 'contest')
  const video = makeMp4({ width: 16, height: 16, frames: 1 })
  const contestId = 'hebei-opera-1'
  const genres = ['jingju', 'pingju', 'hebei_bangzi'] as const

  // Sign-ups, in-process (the handler on the gateway's own store and storage).
  const signupOps0 = store.ops.count
  const t0 = Date.now()
  const ids: string[] = []
  for (let i = 0; i < 500; i++) {
    const who = `bench-s${i}`
    // Uploads live under the uploader's alias (SPEC, second wave), never the openid.
    const alias = aliasOf(gw.deps.config.TOKEN_SECRET, who)
    const path = `contest/${alias}/a.mp4`
    writeFileSync(storage.prepare(path), video)
    storage.writeMeta(path, { uploader: alias })
    const r = await contestFunction.handle({ action: 'signup', data: {
      contestId, genre: genres[i % 3], name: '测试选手', phone: '13900000000', employer: '测试单位', city: '石家庄', pieceTitle: '《测试》',
      videoFileId: storage.fileIdOf(path), requestId: randomUUID(), consent: { version: CONSENT_VERSION },
    } }, who, gw.deps)
    if (!r.ok) throw new Error(JSON.stringify(r))
    ids.push((r.data as { id: string }).id)
  }
  const signupMs = Date.now() - t0
  console.log(`sign-up (in-process, with the video checks): 500 in ${fmt(signupMs)} ms = ${fmt(500_000 / signupMs)}/s, ${fmt((store.ops.count - signupOps0) / 500, 1)} database operations each`)
  for (const id of ids.slice(0, ENTRIES)) await contestFunction.handle({ action: 'review', data: { entryId: id, approve: true } }, 'demo-admin', gw.deps)
  const entries = ids.slice(0, ENTRIES)

  // The vote rush through the gateway.
  const jobs: Array<[string, string]> = []
  for (let v = 0; v < VOTERS; v++) for (let k = 0; k < 10; k++) jobs.push([`bench-v${v}`, entries[(v + k * 3) % ENTRIES]])
  const { latencies, codes, timed } = tally('ok')
  const ops0 = store.ops.count
  const t1 = Date.now()
  for (let i = 0; i < jobs.length; i += IN_FLIGHT) {
    await Promise.all(jobs.slice(i, i + IN_FLIGHT).map(([voter, entryId]) => timed(() => post(voter, 'vote', { entryId }))))
  }
  const voteMs = Date.now() - t1
  const voteOps = (store.ops.count - ops0) / jobs.length
  latencies.sort((a, b) => a - b)
  console.log(`votes through the gateway: ${fmt(jobs.length)} in ${fmt(voteMs)} ms = ${fmt(jobs.length * 1000 / voteMs)}/s (${IN_FLIGHT} in flight), p50 ${fmt(percentile(latencies, 50), 1)} ms, p99 ${fmt(percentile(latencies, 99), 1)} ms, answers ${JSON.stringify(codes)}, ${fmt(voteOps, 1)} database operations per vote`)

  // Each voter's 11th vote and a repeat.
  const extra = tally('ok')
  for (let v = 0; v < VOTERS; v += IN_FLIGHT) {
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, VOTERS - v) }, async (_, k) => {
      const voter = `bench-v${v + k}`
      for (const entryId of [entries[(v + k + 1) % ENTRIES], entries[(v + k) % ENTRIES]]) await extra.timed(() => post(voter, 'vote', { entryId }))
    }))
  }
  const stored = await store.collection(C.votes).count({ voter: { $gte: 'bench-v', $lt: 'bench-w' } })
  console.log(`then an 11th vote and a repeat per voter: ${JSON.stringify(extra.codes)}; votes stored ${fmt(stored)} (expected ${fmt(VOTERS * 10)})`)

  // The gallery.
  const pageLat: number[] = []
  let cursor: string | null = null
  const t2 = Date.now()
  for (let i = 0; i < 200; i++) {
    const s = performance.now()
    const r = await post('bench-viewer', 'entries', { contestId, limit: 20, ...(cursor ? { cursor } : {}) })
    pageLat.push(performance.now() - s)
    cursor = r.data.nextCursor
  }
  pageLat.sort((a, b) => a - b)
  console.log(`gallery pages of 20 (with video URLs and counts): 200 in ${fmt(Date.now() - t2)} ms, p50 ${fmt(percentile(pageLat, 50), 1)} ms, p99 ${fmt(percentile(pageLat, 99), 1)} ms`)
  const awardsStart = performance.now()
  await post('bench-viewer', 'awards', { contestId })
  console.log(`awards: ${fmt(performance.now() - awardsStart, 1)} ms`)
  await gw.close()
}
