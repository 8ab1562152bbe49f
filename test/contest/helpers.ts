import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { makeMp4 } from '../../cloudfunctions/_local/seed/mp4'
import type { TestGateway } from '../support/gateway'
import { aliasOf } from '../../cloudfunctions/_shared/alias'

export const ADMIN = 'demo-admin'
export const OPERA = 'demo-opera'

let seq = 0
/** A fresh identity per call, so tests never share quotas or entries. */
export const person = (tag = 'p') => `t-${tag}-${process.pid}-${++seq}`
export const phoneOf = (n: number) => `139${String(10_000_000 + n).slice(-8)}`

/** A tiny but valid MP4 (one 16×16 frame): enough for the content check, quick to upload. */
export const TINY_MP4 = makeMp4({ width: 16, height: 16, frames: 1 })
/** The 8-byte PNG signature and an IHDR chunk: what a photo renamed to .mp4 starts with. */
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000100000001008060000001ff3ff61', 'hex'),
  Buffer.alloc(64, 7),
])

/** A person's upload folder name (what member.me's uploadDir carries). */
export const aliasIn = (gw: TestGateway, openid: string) => aliasOf(gw.deps.config.TOKEN_SECRET, openid)

export async function upload(gw: TestGateway, openid: string, body: Buffer, name = `${randomUUID()}.mp4`, area = 'contest'): Promise<string> {
  const r = await gw.raw('/storage/upload', {
    method: 'POST',
    headers: { 'content-type': 'video/mp4', 'x-cloud-path': `${area}/${aliasIn(gw, openid)}/${name}`, 'x-openid': openid },
    body: new Uint8Array(body),
  })
  const j = await r.json()
  expect(j.ok).toBe(true)
  return j.data.fileId
}

/**
 * A file put straight into the storage folder under the person's upload folder, bypassing the gateway's
 * upload checks: what a client uploading to CloudBase storage directly could leave there.
 */
export function plant(gw: TestGateway, openid: string, body: Buffer, name = `${randomUUID()}.mp4`): string {
  const path = `contest/${aliasIn(gw, openid)}/${name}`
  writeFileSync(gw.deps.storage.prepare(path), body)
  gw.deps.storage.writeMeta(path, { uploader: aliasIn(gw, openid) })
  return gw.deps.storage.fileIdOf(path)
}

export function signupData(over: Record<string, unknown> = {}) {
  return {
    contestId: 'hebei-opera-1', genre: 'jingju', name: '赵春燕', phone: phoneOf(++seq), employer: '石家庄市第一棉纺厂',
    city: '石家庄', pieceTitle: '《贵妃醉酒》', videoFileId: 'local:contest/nobody/none.mp4', requestId: randomUUID(), ...over,
  }
}

/** Uploads a video and signs up; returns the entry. */
export async function enter(gw: TestGateway, contestId: string, genre: string, openid = person(), over: Record<string, unknown> = {}) {
  const videoFileId = await upload(gw, openid, TINY_MP4)
  const r = await gw.call('contest', 'signup', signupData({ contestId, genre, videoFileId, ...over }), openid)
  if (!r.body.ok) throw new Error(`signup failed: ${JSON.stringify(r.body)}`)
  return { ...r.body.data, owner: openid } as { id: string; owner: string; createdAt: string; [k: string]: any }
}

export async function approve(gw: TestGateway, entryId: string) {
  const r = await gw.call('contest', 'review', { entryId, approve: true }, ADMIN)
  expect(r.body.ok).toBe(true)
  return r.body.data
}

/** A new judge, granted the role by the admin through the API. */
export async function newJudge(gw: TestGateway): Promise<string> {
  const openid = person('judge')
  const g = await gw.call('member', 'grantRole', { openid, role: 'judge' }, ADMIN)
  expect(g.body.ok).toBe(true)
  return openid
}

export async function createContest(gw: TestGateway, over: Record<string, unknown> = {}): Promise<string> {
  const r = await gw.call('contest', 'upsertContest', {
    title: '测试大赛', genres: ['jingju', 'pingju'], signupStart: '2026-07-01', signupEnd: '2026-07-20',
    stages: [
      { id: 'prelim', startDate: '2026-07-05', endDate: '2026-07-25' },
      { id: 'final', startDate: '2026-08-01', endDate: '2026-08-10' },
      { id: 'showcase', startDate: '2026-09-28', endDate: '2026-10-08' },
    ],
    ...over,
  }, ADMIN)
  if (!r.body.ok) throw new Error(`upsertContest failed: ${JSON.stringify(r.body)}`)
  return r.body.data.id
}
