/**
 * Sign-up through the gateway against the real sqlite store and storage folder: SPEC's rule order,
 * the video checks (owner by path, type by content, size), one entry per person per genre, and
 * idempotent retries, also racing.
 */
import { closeSync, openSync, ftruncateSync, writeFileSync, writeSync } from 'node:fs'
import { resolve } from 'node:path'
import { entryIdOf } from '../../cloudfunctions/contest/model'
import { makeMp4 } from '../../cloudfunctions/_local/seed/mp4'
import { gatewayAt } from '../support/gateway'
import { contestFunction } from '../../cloudfunctions/contest/handlers'
import { laggyCaller } from './laggy'
import { ADMIN, OPERA, PNG, TINY_MP4, aliasIn, plant, createContest, person, signupData, upload } from './helpers'

// Noon in Shijiazhuang, 2026-07-10.
const NOW = '2026-07-10T04:00:00.000Z'
const { gw, clock } = gatewayAt(NOW)

const signup = (openid: string | undefined, over: Record<string, unknown>) => gw.call('contest', 'signup', signupData(over), openid)
const entriesOf = (owner: string) => gw.deps.store.collection('entries').find({ owner })

describe('the demo contest', () => {
  test('get: title, genres, stages with dates, eligibility, awards, and where it stands today', async () => {
    const r = await gw.call('contest', 'get', { contestId: 'hebei-opera-1' })
    expect(r.status).toBe(200)
    const c = r.body.data
    expect(c.title).toBe('中国梦·劳动美——河北省首届职工戏剧票友大赛')
    expect(c.genres).toEqual(['jingju', 'pingju', 'hebei_bangzi'])
    expect(c.stages.map((s: { id: string }) => s.id)).toEqual(['prelim', 'semi', 'final', 'showcase'])
    expect(c.today).toBe('2026-07-10')
    expect(c.signupOpen).toBe(true)
    expect(c.signupStart <= '2026-07-10' && '2026-07-10' <= c.signupEnd).toBe(true)
    expect(c.currentStage).toBe('prelim')
    expect(c.stages[2]).toMatchObject({ id: 'final', startDate: '2026-09-12', endDate: '2026-09-18' })
    expect(c.stages[3].note).toContain('石家庄市第一工人文化宫')
    expect(c.eligibility).toContain('河北境内')
    expect(c.eligibleCities).toEqual(expect.arrayContaining(['石家庄', '唐山', '定州', '辛集']))
    expect(c.awards.map((a: { name: string }) => a.name)).toEqual(['燕赵职工名票', '最佳风采奖', '最佳人气奖'])
    const list = await gw.call('contest', 'list', {})
    expect(list.body.data.items.map((x: { id: string }) => x.id)).toContain('hebei-opera-1')
    expect((await gw.call('contest', 'get', { contestId: 'nope' })).body.error.code).toBe('NOT_FOUND')
  })

  test('demo-opera signs up with an uploaded video; the entry is submitted, in prelim, and listed in mine', async () => {
    const fileId = await upload(gw, OPERA, TINY_MP4, 'audition.mp4')
    const r = await signup(OPERA, { genre: 'pingju', videoFileId: fileId, phone: '13933115678', pieceTitle: '《花为媒》' })
    expect(r.status).toBe(200)
    expect(r.body.data).toMatchObject({
      contestId: 'hebei-opera-1', genre: 'pingju', status: 'submitted', stage: 'prelim', votes: 0,
      phone: '13933115678', videoFileId: fileId, createdAt: NOW, mediaCheck: 'manual',
    })
    expect(r.body.data.id).toBe(entryIdOf('hebei-opera-1', 'pingju', aliasIn(gw, OPERA)))
    expect(r.body.data).not.toHaveProperty('_id')
    expect(r.body.data).not.toHaveProperty('owner')
    const mine = await gw.call('contest', 'mine', {}, OPERA)
    expect(mine.body.data.items).toEqual([expect.objectContaining({ id: r.body.data.id, status: 'submitted', phone: '13933115678' })])
    // Others see the phone masked (the admin's review queue).
    const q = await gw.call('contest', 'reviewQueue', { contestId: 'hebei-opera-1', status: 'submitted', limit: 50 }, ADMIN)
    expect(q.body.data.items.find((e: { id: string }) => e.id === r.body.data.id).phone).toBe('139****5678')
    // Not approved yet: not in the public gallery.
    const g = await gw.call('contest', 'entries', { contestId: 'hebei-opera-1', genre: 'pingju', limit: 50 })
    expect(g.body.data.items.map((e: { id: string }) => e.id)).not.toContain(r.body.data.id)
  })
})

describe('video checks', () => {
  test('a PNG renamed .mp4 is refused by its content', async () => {
    const me = person()
    // The gateway refuses it at upload; one put into storage some other way is refused by signup.
    const up = await gw.raw('/storage/upload', { method: 'POST', headers: { 'x-cloud-path': `contest/${aliasIn(gw, me)}/photo.mp4`, 'x-openid': me }, body: new Uint8Array(PNG) })
    expect([up.status, (await up.json()).error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const fileId = plant(gw, me, PNG, 'photo.mp4')
    const r = await signup(me, { videoFileId: fileId })
    expect([r.status, r.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(r.body.error.message).toContain('MP4 或 MOV')
    expect(r.body.error.details.fieldErrors.videoFileId[0]).toContain('MP4 或 MOV')
    expect(await entriesOf(me)).toHaveLength(0)
  })

  test('another person\'s file is refused, whether named by its id or copied into one\'s own folder', async () => {
    const owner = person(); const thief = person()
    const fileId = await upload(gw, owner, TINY_MP4)
    const r = await signup(thief, { videoFileId: fileId })
    expect([r.status, r.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(r.body.error.details.fieldErrors.videoFileId[0]).toContain('本人上传')
    // A file that sits under the thief's path but whose recorded uploader is someone else.
    const path = `contest/${aliasIn(gw, thief)}/planted.mp4`
    writeFileSync(gw.deps.storage.prepare(path), TINY_MP4)
    gw.deps.storage.writeMeta(path, { uploader: aliasIn(gw, owner) })
    const r2 = await signup(thief, { videoFileId: gw.deps.storage.fileIdOf(path) })
    expect(r2.body.error.details.fieldErrors.videoFileId[0]).toContain('本人上传')
    // Paths outside contest/<me>/ and ids that are not ours at all.
    for (const id of [gw.deps.storage.fileIdOf(`member/${thief}/x.mp4`), 'cloud://elsewhere/contest/x.mp4', `local:contest/${aliasIn(gw, thief)}/../${aliasIn(gw, owner)}/x.mp4`]) {
      const r3 = await signup(thief, { videoFileId: id })
      expect([r3.status, r3.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    }
    expect(await entriesOf(thief)).toHaveLength(0)
  })

  test('a missing file is refused', async () => {
    const me = person()
    const r = await signup(me, { videoFileId: `local:contest/${aliasIn(gw, me)}/never-uploaded.mp4` })
    expect(r.body.error.code).toBe('VALIDATION_FAILED')
    expect(r.body.error.message).toContain('没有找到')
  })

  test('over 100 MB is refused (a sparse file with a valid MP4 header)', async () => {
    const me = person()
    const path = `contest/${aliasIn(gw, me)}/long.mp4`
    const abs = gw.deps.storage.prepare(path)
    const fd = openSync(abs, 'w')
    writeSync(fd, TINY_MP4)
    ftruncateSync(fd, 100 * 1024 * 1024 + 1)
    closeSync(fd)
    gw.deps.storage.writeMeta(path, { uploader: aliasIn(gw, me) })
    const r = await signup(me, { videoFileId: gw.deps.storage.fileIdOf(path) })
    expect([r.status, r.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(r.body.error.message).toContain('100 MB')
    // Exactly 100 MB is allowed.
    const fd2 = openSync(abs, 'r+'); ftruncateSync(fd2, 100 * 1024 * 1024); closeSync(fd2)
    const ok = await signup(me, { videoFileId: gw.deps.storage.fileIdOf(path) })
    expect(ok.body.ok).toBe(true)
    expect(resolve(abs).startsWith(gw.dataDir)).toBe(true)
  })

  test('brands: QuickTime and a video brand listed only as compatible pass; audio (M4A) and HEIC do not', async () => {
    const qt = makeMp4({ width: 16, height: 16, frames: 1, majorBrand: 'qt  ' })
    const compatOnly = makeMp4({ width: 16, height: 16, frames: 1, majorBrand: 'XAVC' }) // compatible: isom iso2 avc1 mp41
    const m4a = makeMp4({ width: 16, height: 16, frames: 1, majorBrand: 'M4A ' })
    const heic = Buffer.concat([Buffer.from('00000018667479706865696300000000', 'hex'), Buffer.from('mif1heic', 'latin1'), Buffer.alloc(64)])
    for (const [buf, ok] of [[qt, true], [compatOnly, true], [m4a, false], [heic, false]] as const) {
      const me = person()
      const r = await signup(me, { videoFileId: plant(gw, me, buf) })
      expect(r.body.ok).toBe(ok)
      if (!ok) expect(r.body.error.code).toBe('VALIDATION_FAILED')
    }
  })
})

describe('rule order: window → city → duplicate → video', () => {
  test('each rule answers its own code, and an earlier rule wins', async () => {
    const me = person()
    const video = await upload(gw, me, TINY_MP4)
    // Outside the window (and from Beijing, with a PNG): OUTSIDE_WINDOW first.
    clock.set('2026-12-31T04:00:00.000Z')
    const late = await signup(me, { city: '北京', videoFileId: plant(gw, me, PNG, 'a.mp4') })
    expect([late.status, late.body.error.code]).toEqual([409, 'OUTSIDE_WINDOW'])
    clock.set(NOW)
    // From Beijing with a PNG: NOT_ELIGIBLE before the video.
    const bj = await signup(me, { city: '北京', videoFileId: plant(gw, me, PNG, 'b.mp4') })
    expect([bj.status, bj.body.error.code]).toEqual([403, 'NOT_ELIGIBLE'])
    expect(bj.body.error.message).toContain('河北境内')
    // A first entry, then a second one in the same genre with a PNG: DUPLICATE before the video.
    expect((await signup(me, { videoFileId: video })).body.ok).toBe(true)
    const dup = await signup(me, { videoFileId: plant(gw, me, PNG, 'c.mp4') })
    expect([dup.status, dup.body.error.code]).toEqual([409, 'DUPLICATE'])
    expect(dup.body.error.message).toContain('京剧')
    // Another genre is fine.
    expect((await signup(me, { genre: 'hebei_bangzi', videoFileId: video })).body.ok).toBe(true)
    expect(await entriesOf(me)).toHaveLength(2)
    // Without an identity.
    const anon = await signup(undefined, { videoFileId: video })
    expect([anon.status, anon.body.error.code]).toEqual([401, 'UNAUTHENTICATED'])
  })

  test('a genre the contest does not have, an unknown contest, a city with 市', async () => {
    const me = person()
    const video = await upload(gw, me, TINY_MP4)
    const only = await createContest(gw, { genres: ['jingju'] })
    const r = await signup(me, { contestId: only, genre: 'pingju', videoFileId: video })
    expect(r.body.error.details.fieldErrors.genre).toEqual(['本大赛没有该剧种'])
    expect((await signup(me, { contestId: 'no-such', videoFileId: video })).body.error.code).toBe('NOT_FOUND')
    // A city written with 市 is stored without it.
    const shi = await signup(me, { city: '石家庄市', videoFileId: video })
    expect(shi.body.data.city).toBe('石家庄')
    // A contest without eligibleCities takes any city.
    expect((await signup(me, { contestId: only, city: '北京', videoFileId: video })).body.ok).toBe(true)
  })
})

describe('idempotent on requestId', () => {
  test('a retried sign-up returns the same entry, even after the window closed; a new requestId is DUPLICATE', async () => {
    const me = person()
    const data = signupData({ videoFileId: await upload(gw, me, TINY_MP4) })
    const first = await gw.call('contest', 'signup', data, me)
    expect(first.body.ok).toBe(true)
    const again = await gw.call('contest', 'signup', data, me)
    expect(again.body).toEqual(first.body)
    clock.set('2026-12-31T04:00:00.000Z')
    expect((await gw.call('contest', 'signup', data, me)).body.data.id).toBe(first.body.data.id)
    clock.set(NOW)
    const other = await gw.call('contest', 'signup', { ...data, requestId: '0b7f3c1e-5d2a-4c8b-9e6f-1a2b3c4d5e6f' }, me)
    expect(other.body.error.code).toBe('DUPLICATE')
    // The same requestId with the genre changed: CONFLICT (SPEC second wave), not a second entry.
    const changed = await gw.call('contest', 'signup', { ...data, genre: 'pingju' }, me)
    expect([changed.status, changed.body.error.code]).toEqual([409, 'CONFLICT'])
    expect(await entriesOf(me)).toHaveLength(1)
  })

  test('8 racing retries of one sign-up: all answer the same entry, one is stored', async () => {
    const me = person()
    const data = signupData({ videoFileId: await upload(gw, me, TINY_MP4) })
    const rs = await Promise.all(Array.from({ length: 8 }, () => gw.call('contest', 'signup', data, me)))
    expect(rs.map((r) => r.status)).toEqual(Array(8).fill(200))
    for (const r of rs) expect(r.body).toEqual(rs[0].body)
    expect(await entriesOf(me)).toHaveLength(1)
  })

  test('8 racing sign-ups in one genre with different requestIds: one entry, the rest DUPLICATE', async () => {
    const me = person()
    const video = await upload(gw, me, TINY_MP4)
    const rs = await Promise.all(Array.from({ length: 8 }, () => signup(me, { videoFileId: video })))
    expect(rs.filter((r) => r.body.ok)).toHaveLength(1)
    expect(rs.filter((r) => !r.body.ok).map((r) => r.body.error.code)).toEqual(Array(7).fill('DUPLICATE'))
    expect(await entriesOf(me)).toHaveLength(1)
  })
})

describe('idempotent on requestId, racing on a store with network latency (interleaved between every read and write)', () => {
  test('8 racing retries: one entry stored, every answer the same', async () => {
    const call = laggyCaller(contestFunction, gw.deps)
    for (let round = 0; round < 5; round++) {
      const me = person()
      const data = signupData({ videoFileId: await upload(gw, me, TINY_MP4) })
      const rs = await Promise.all(Array.from({ length: 8 }, () => call('signup', data, me)))
      for (const r of rs) expect(r).toEqual(rs[0])
      expect(rs[0].ok).toBe(true)
      expect(await entriesOf(me)).toHaveLength(1)
    }
  })

  test('8 racing sign-ups in one genre with different requestIds: one entry, 7 DUPLICATE', async () => {
    const call = laggyCaller(contestFunction, gw.deps)
    for (let round = 0; round < 5; round++) {
      const me = person()
      const video = await upload(gw, me, TINY_MP4)
      const rs = await Promise.all(Array.from({ length: 8 }, () => call('signup', signupData({ videoFileId: video }), me)))
      expect(rs.filter((r) => r.ok)).toHaveLength(1)
      expect(rs.flatMap((r) => (r.ok ? [] : [r.error.code]))).toEqual(Array(7).fill('DUPLICATE'))
      expect(await entriesOf(me)).toHaveLength(1)
    }
  })
})

describe('review', () => {
  test('approve makes an entry public; reject needs a reason and shows it to the owner', async () => {
    const me = person()
    const video = await upload(gw, me, TINY_MP4)
    const a = (await signup(me, { videoFileId: video, genre: 'jingju' })).body.data
    const b = (await signup(me, { videoFileId: video, genre: 'pingju' })).body.data
    expect((await gw.call('contest', 'review', { entryId: a.id, approve: true }, person())).body.error.code).toBe('FORBIDDEN')
    expect((await gw.call('contest', 'review', { entryId: b.id, approve: false }, ADMIN)).body.error.details.fieldErrors.reason).toEqual(['驳回时请填写理由'])
    expect((await gw.call('contest', 'review', { entryId: a.id, approve: true }, ADMIN)).body.data.status).toBe('approved')
    expect((await gw.call('contest', 'review', { entryId: b.id, approve: false, reason: '视频无声音' }, ADMIN)).body.data).toMatchObject({ status: 'rejected', reason: '视频无声音' })
    const mine = (await gw.call('contest', 'mine', {}, me)).body.data.items
    expect(mine.find((e: { id: string }) => e.id === b.id)).toMatchObject({ status: 'rejected', reason: '视频无声音' })
    const gallery = await gw.call('contest', 'entries', { contestId: 'hebei-opera-1', genre: 'jingju', limit: 50 })
    const shown = gallery.body.data.items.find((e: { id: string }) => e.id === a.id)
    expect(shown.phone).toMatch(/^\d{3}\*{4}\d{4}$/)
    expect(shown.videoUrl).toBe(`/storage/${encodeURIComponent(video)}`)
    // The video URL plays: the gateway serves it with HTTP Range.
    const part = await gw.raw(shown.videoUrl, { headers: { range: 'bytes=4-11' } })
    expect(part.status).toBe(206)
    expect(Buffer.from(await part.arrayBuffer()).toString('latin1')).toBe('ftypisom')
    expect((await gw.call('contest', 'review', { entryId: 'no-such', approve: true }, ADMIN)).body.error.code).toBe('NOT_FOUND')
  })
})
