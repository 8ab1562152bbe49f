/**
 * CloudbaseStorage with the real SDK pointed at a capture server: temporary URLs come from the
 * SDK's storage.batchGetDownloadUrl, bytes from ranged GETs the same server answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CloudbaseStorage, nodeRangeFetch } from '../../cloudfunctions/_shared/storage/cloudbase'
import { lazyCloudbaseApp } from '../../cloudfunctions/_shared/cloudbase-app'
import { startCaptureServer, type CaptureServer } from '../support/capture-server'
import { checkVideo } from '../../cloudfunctions/contest/video'
import { aliasOf } from '../../cloudfunctions/_shared/alias'

const saved = process.env.TENCENTCLOUD
process.env.TENCENTCLOUD = 'true' // skip the SDK's cloud-metadata probe (see test/docstore/cloudbase.test.ts)

const ENV = 'env-7f3a'
const fid = (path: string, env = ENV) => `cloud://${env}.656e-${env}-1300000000/${path}`
/** The first 16 bytes of an MP4: size 0x18, 'ftyp', brand 'isom'. */
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]), Buffer.alloc(200_000, 7)])

let cs: CaptureServer
let files: Map<string, { body: Buffer; type: string }>
let ranges: Array<string | undefined>
let ignoreRange = false
let storage: CloudbaseStorage

function serve(req: IncomingMessage, res: ServerResponse) {
  const u = new URL(req.url ?? '/', 'http://x')
  const f = u.pathname.startsWith('/tmp/') && u.searchParams.get('sign') === 'ok' ? files.get(decodeURIComponent(u.pathname.slice(5))) : undefined
  ranges.push(req.headers.range)
  if (!f) { res.writeHead(404); res.end(); return }
  const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '')
  if (!m || ignoreRange) { res.writeHead(200, { 'content-type': f.type, 'content-length': f.body.length }); res.end(f.body); return }
  const start = Number(m[1])
  if (start >= f.body.length) { res.writeHead(416, { 'content-range': `bytes */${f.body.length}` }); res.end(); return }
  const end = Math.min(Number(m[2]), f.body.length - 1)
  res.writeHead(206, { 'content-type': f.type, 'content-range': `bytes ${start}-${end}/${f.body.length}`, 'content-length': end - start + 1 })
  res.end(f.body.subarray(start, end + 1))
}

beforeAll(async () => {
  cs = await startCaptureServer()
  cs.onGet = serve
  cs.reply = (r) => {
    if (r.action === 'storage.batchDeleteFile') {
      return {
        requestId: 'd',
        data: {
          delete_list: r.body.fileid_list.map((id: string) => {
            const path = id.replace(/^cloud:\/\/[^/]+\//, '')
            return files.delete(path) ? { code: 'SUCCESS', fileID: id } : { code: 'STORAGE_FILE_NONEXIST', fileID: id }
          }),
        },
      }
    }
    if (r.action !== 'storage.batchGetDownloadUrl') return { code: 'UNEXPECTED', message: r.action }
    return {
      requestId: 'q',
      data: {
        download_list: r.body.file_list.map((f: { fileid: string }) => {
          const path = f.fileid.replace(/^cloud:\/\/[^/]+\//, '')
          return files.has(path)
            ? { code: 'SUCCESS', fileID: f.fileid, tempFileURL: `${cs.url}/tmp/${encodeURIComponent(path)}?sign=ok` }
            : { code: 'STORAGE_FILE_NONEXIST', fileID: f.fileid, tempFileURL: '' }
        }),
      },
    }
  }
})
const app = () => lazyCloudbaseApp({ env: ENV, secretId: 'id', secretKey: 'key', serviceUrl: `${cs.url}/admin`, keepalive: false })
let clock = 0
afterAll(async () => {
  await cs.close()
  if (saved === undefined) delete process.env.TENCENTCLOUD
  else process.env.TENCENTCLOUD = saved
})
beforeEach(() => {
  // a fresh adapter per test: temporary URLs are cached per instance
  clock = 1_000_000
  storage = new CloudbaseStorage({ app: app(), envId: ENV, tempUrlMaxAge: 600, now: () => clock })
  cs.requests.length = 0
  ranges = []
  ignoreRange = false
  files = new Map([
    ['contest/oUser_123-x/audition.mp4', { body: MP4, type: 'video/mp4' }],
    ['contest/oUser_123-x/empty.mp4', { body: Buffer.alloc(0), type: 'video/mp4' }],
  ])
})

describe('cloudPath', () => {
  it.each([
    [fid('contest/oUser_123-x/audition.mp4'), 'contest/oUser_123-x/audition.mp4'],
    [fid('station/o1/a.png'), 'station/o1/a.png'],
    [fid('avatar/o1/a.png'), null],
    [fid('contest/o1/evil.html'), null],
    [fid('contest/o1/..'), null],
    [fid('contest/oUser/a.mp4', 'other-env'), null],
    ['local:contest/oUser/a.mp4', null],
    ['https://example.com/contest/oUser/a.mp4', null],
    [fid('contest/../x/a.mp4'), null],
    [fid('contest/oUser/sub/a.mp4'), null],
    [fid('contest/oUser'), null],
    ['cloud://nobucket/contest/oUser/a.mp4', null],
  ])('%s → %s', (id, expected) => {
    expect(storage.cloudPath(id)).toBe(expected)
  })

  it('accepts any environment when none is configured', () => {
    const anyEnv = new CloudbaseStorage({ app: () => { throw new Error('unused') } })
    expect(anyEnv.cloudPath(fid('contest/o1/a.mp4', 'other-env'))).toBe('contest/o1/a.mp4')
  })
})

describe('the sign-up video check on CloudBase storage: the alias folder is the owner', () => {
  const SECRET = 's'.repeat(32)
  it('accepts a video under the caller\'s alias folder, refuses one under their openid or someone else\'s alias', async () => {
    const alias = aliasOf(SECRET, 'oUser_123-x')
    files.set(`contest/${alias}/a.mp4`, { body: MP4, type: 'video/mp4' })
    files.set(`contest/${aliasOf(SECRET, 'oOther')}/b.mp4`, { body: MP4, type: 'video/mp4' })
    await expect(checkVideo(storage, fid(`contest/${alias}/a.mp4`), 'oUser_123-x', SECRET)).resolves.toBeUndefined()
    for (const id of [fid('contest/oUser_123-x/audition.mp4'), fid(`contest/${aliasOf(SECRET, 'oOther')}/b.mp4`)]) {
      await expect(checkVideo(storage, id, 'oUser_123-x', SECRET)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    }
    // The temporary URL (what the gallery hands out) carries the alias, not the openid.
    expect(await storage.tempUrl(fid(`contest/${alias}/a.mp4`))).not.toContain('oUser_123-x')
  })
})

describe('delete (erasure)', () => {
  it('sends the SDK\'s deleteFile for the file; the file is then gone; a missing one is no error', async () => {
    const id = fid('contest/oUser_123-x/audition.mp4')
    expect(await storage.stat(id)).not.toBeNull()
    await storage.delete(id)
    const del = cs.requests.filter((r) => r.action === 'storage.batchDeleteFile')
    expect(del.map((r) => r.body.fileid_list)).toEqual([[id]])
    // The cached temporary URL is dropped with it: the next stat asks CloudBase, which has no such file.
    expect(await storage.stat(id)).toBeNull()
    await expect(storage.delete(id)).resolves.toBeUndefined()
  })

  it('never sends ids that are not valid paths of this environment', async () => {
    await storage.delete(fid('contest/../x/a.mp4'))
    await storage.delete(fid('contest/oUser/a.mp4', 'other-env'))
    expect(cs.requests).toHaveLength(0)
  })

  it('a refusal from CloudBase is an error (the erasure must not claim success)', async () => {
    const saved = cs.reply
    cs.reply = () => ({ requestId: 'd', data: { delete_list: [{ code: 'PERMISSION_DENIED', fileID: 'x' }] } })
    try {
      await expect(storage.delete(fid('contest/oUser_123-x/empty.mp4'))).rejects.toThrow(/PERMISSION_DENIED/)
    } finally { cs.reply = saved }
  })
})

describe('stat', () => {
  it('answers size, content type and the uploader from the path, reading one byte', async () => {
    const st = await storage.stat(fid('contest/oUser_123-x/audition.mp4'))
    expect(st).toEqual({ size: MP4.length, uploader: 'oUser_123-x', contentType: 'video/mp4' })
    expect(ranges).toEqual(['bytes=0-0'])
    expect(cs.requests).toHaveLength(1)
    expect(cs.requests[0].body.file_list).toEqual([{ fileid: fid('contest/oUser_123-x/audition.mp4'), max_age: 600 }])
  })

  it('answers null for a file CloudBase does not have, and for ids that are not ours without asking', async () => {
    expect(await storage.stat(fid('contest/oUser_123-x/missing.mp4'))).toBeNull()
    expect(cs.requests).toHaveLength(1)
    expect(await storage.stat('local:contest/oUser/a.mp4')).toBeNull()
    expect(await storage.stat(fid('contest/oUser/a.mp4', 'other-env'))).toBeNull()
    expect(cs.requests).toHaveLength(1)
  })

  it('answers size 0 for an empty file', async () => {
    expect(await storage.stat(fid('contest/oUser_123-x/empty.mp4'))).toMatchObject({ size: 0, uploader: 'oUser_123-x' })
  })

  it('falls back to Content-Length when the server ignores Range', async () => {
    ignoreRange = true
    expect(await storage.stat(fid('contest/oUser_123-x/audition.mp4'))).toMatchObject({ size: MP4.length })
  })
})

describe('readRange and tempUrl', () => {
  it('reads exactly the bytes asked for (the ftyp box)', async () => {
    const head = await storage.readRange(fid('contest/oUser_123-x/audition.mp4'), 0, 11)
    expect(head).toEqual(MP4.subarray(0, 12))
    expect(head.subarray(4, 8).toString()).toBe('ftyp')
    expect(ranges).toEqual(['bytes=0-11'])
    expect(await storage.readRange(fid('contest/oUser_123-x/audition.mp4'), 8, 11)).toEqual(Buffer.from('isom'))
  })

  it('slices the right bytes when the server ignores Range', async () => {
    ignoreRange = true
    expect(await storage.readRange(fid('contest/oUser_123-x/audition.mp4'), 4, 11)).toEqual(Buffer.from('ftypisom'))
  })

  it('answers an empty buffer past the end, and refuses foreign or missing files', async () => {
    expect(await storage.readRange(fid('contest/oUser_123-x/audition.mp4'), MP4.length + 10, MP4.length + 20)).toHaveLength(0)
    await expect(storage.readRange('local:contest/o/a.mp4', 0, 1)).rejects.toThrow()
    await expect(storage.readRange(fid('contest/oUser_123-x/missing.mp4'), 0, 1)).rejects.toThrow('not found')
  })

  it('tempUrl answers the temporary URL CloudBase issued', async () => {
    expect(await storage.tempUrl(fid('contest/oUser_123-x/audition.mp4'))).toBe(`${cs.url}/tmp/${encodeURIComponent('contest/oUser_123-x/audition.mp4')}?sign=ok`)
    await expect(storage.tempUrl(fid('contest/oUser_123-x/missing.mp4'))).rejects.toThrow('not found')
  })
})

describe('temporary URL cache', () => {
  it('reuses a URL for half its lifetime, then asks again; a missing file is not cached', async () => {
    const id = fid('contest/oUser_123-x/audition.mp4')
    const url = await storage.tempUrl(id)
    await storage.stat(id)
    await storage.readRange(id, 0, 3)
    expect(cs.requests).toHaveLength(1)
    expect(storage.ops.count).toBe(1)
    clock += 299_000
    expect(await storage.tempUrl(id)).toBe(url)
    expect(cs.requests).toHaveLength(1)
    clock += 2_000
    await storage.tempUrl(id)
    expect(cs.requests).toHaveLength(2)
    const missing = fid('contest/oUser_123-x/later.mp4')
    expect(await storage.stat(missing)).toBeNull()
    files.set('contest/oUser_123-x/later.mp4', { body: MP4, type: 'video/mp4' })
    expect(await storage.stat(missing)).toMatchObject({ size: MP4.length })
  })
})

describe('nodeRangeFetch', () => {
  it('stops reading once it has the bytes asked for, even from a server that sends the whole file', async () => {
    ignoreRange = true
    const r = await nodeRangeFetch(`${cs.url}/tmp/${encodeURIComponent('contest/oUser_123-x/audition.mp4')}?sign=ok`, 0, 0)
    expect(r.status).toBe(200)
    expect(r.body.length).toBeGreaterThanOrEqual(1)
    expect(r.body.length).toBeLessThan(MP4.length)
  })
})
