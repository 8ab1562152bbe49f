import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { request } from 'node:http'
import { startGateway, tempDir, type TestGateway } from '../support/gateway'
import { aliasOf } from '../../cloudfunctions/_shared/alias'
import { TINY_MP4 } from '../contest/helpers'

let gw: TestGateway
beforeAll(async () => { gw = await startGateway({ env: { ADMIN_OPENIDS: 'env-admin' } }) })
afterAll(async () => { await gw.close() })

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  gw.raw('/api/member', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })

describe('function calls', () => {
  test('member.me answers the caller from x-openid, with roles', async () => {
    const r = await gw.call('member', 'me', {}, 'demo-admin')
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ ok: true, data: { openid: 'demo-admin', roles: ['admin'], member: null, uploadDir: `contest/${aliasOf(gw.deps.config.TOKEN_SECRET, 'demo-admin')}/` } })
    expect(r.body.data.uploadDir).toMatch(/^contest\/[A-Za-z0-9_-]{16}\/$/)
    const c = await gw.call('member', 'me', undefined, 'demo-courier')
    expect(c.body.data.member).toMatchObject({ status: 'active', city: '汕头', industry: 'courier', cardNo: expect.any(String) })
  })

  test('me without an identity is UNAUTHENTICATED (401)', async () => {
    const r = await gw.call('member', 'me', {})
    expect(r.status).toBe(401)
    expect(r.body.error.code).toBe('UNAUTHENTICATED')
  })

  test('a malformed x-openid is refused, not trusted', async () => {
    for (const bad of ['a b', '__proto__', 'x'.repeat(65), '../etc']) {
      const r = await post(JSON.stringify({ action: 'me' }), { 'x-openid': bad })
      expect(r.status).toBe(401)
    }
  })

  test('ADMIN_OPENIDS bootstraps admins; grantRole grants judge; non-admins are FORBIDDEN', async () => {
    const denied = await gw.call('member', 'grantRole', { openid: 'w1', role: 'judge' }, 'demo-courier')
    expect(denied.status).toBe(403)
    expect(denied.body.error.code).toBe('FORBIDDEN')
    const ok = await gw.call('member', 'grantRole', { openid: 'w1', role: 'judge' }, 'env-admin')
    expect(ok.body).toEqual({ ok: true, data: { openid: 'w1', roles: ['judge'] } })
    const me = await gw.call('member', 'me', {}, 'w1')
    expect(me.body.data.roles).toEqual(['judge'])
  })

  test('grantRole never grants admin, and checks the role\'s scope', async () => {
    const r = await gw.call('member', 'grantRole', { openid: 'w2', role: 'admin' }, 'demo-admin')
    expect(r.status).toBe(400)
    expect(r.body.error.details.fieldErrors.role).toBeDefined()
    const m = await gw.call('member', 'grantRole', { openid: 'w2', role: 'merchant' }, 'demo-admin')
    expect(m.body.error.details.fieldErrors.partnerId).toBeDefined()
    const after = await gw.call('member', 'me', {}, 'w2')
    expect(after.body.data.roles).toEqual([])
  })

  test('concurrent grants of different roles to one person all land', async () => {
    await gw.deps.store.collection('stations').insert({ _id: 'grant-test-station', name: 't' })
    await Promise.all([
      gw.call('member', 'grantRole', { openid: 'w3', role: 'keeper', stationIds: ['grant-test-station'] }, 'demo-admin'),
      gw.call('member', 'grantRole', { openid: 'w3', role: 'judge' }, 'demo-admin'),
    ])
    const me = await gw.call('member', 'me', {}, 'w3')
    expect([...me.body.data.roles].sort()).toEqual(['judge', 'keeper'])
    expect(me.body.data.stationIds).toEqual(['grant-test-station'])
  })

  test('unknown field, unknown action, unknown function', async () => {
    const a = await gw.call('member', 'me', { extra: 1 }, 'demo-admin')
    expect(a.status).toBe(400)
    expect(a.body.error.code).toBe('VALIDATION_FAILED')
    expect(a.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    const b = await gw.call('member', 'dropDatabase', {}, 'demo-admin')
    expect(b.body.error.code).toBe('VALIDATION_FAILED')
    const c = await gw.call('payments', 'me', {}, 'demo-admin')
    expect(c.status).toBe(404)
    expect(c.body.error.code).toBe('NOT_FOUND')
  })

  test('non-JSON, empty and wrongly shaped bodies are VALIDATION_FAILED envelopes', async () => {
    for (const body of ['{bad', '', 'null', '[]', '"me"', '42', JSON.stringify({ action: 42 }), JSON.stringify({ action: 'me', data: 'x' })]) {
      const r = await post(body, { 'x-openid': 'demo-admin' })
      expect(r.status).toBe(400)
      const j = await r.json()
      expect(j.ok).toBe(false)
      expect(j.error.code).toBe('VALIDATION_FAILED')
    }
  })

  test('bodies over 100 KB are PAYLOAD_TOO_LARGE', async () => {
    const r = await post(JSON.stringify({ action: 'me', data: { pad: 'x'.repeat(101 * 1024) } }), { 'x-openid': 'demo-admin' })
    expect(r.status).toBe(413)
    expect((await r.json()).error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  test('healthz and unknown paths', async () => {
    expect((await gw.raw('/healthz')).status).toBe(200)
    const r = await gw.raw('/nope/nothing')
    expect(r.status).toBe(404)
    expect((await r.json()).error.code).toBe('NOT_FOUND')
  })

  test('favicon.ico is the app icon: an ICO file, cacheable, not a 404', async () => {
    const r = await gw.raw('/favicon.ico')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('image/x-icon')
    expect(r.headers.get('cache-control')).toMatch(/max-age=\d+/)
    const bytes = Buffer.from(await r.arrayBuffer())
    // ICONDIR: reserved 0, type 1 (icon), at least one image, each a PNG
    expect(bytes.readUInt16LE(0)).toBe(0)
    expect(bytes.readUInt16LE(2)).toBe(1)
    const count = bytes.readUInt16LE(4)
    expect(count).toBeGreaterThan(0)
    for (let i = 0; i < count; i++) {
      const at = bytes.readUInt32LE(6 + 16 * i + 12)
      expect(bytes.subarray(at, at + 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))
    }
    expect(bytes.equals(readFileSync(join(__dirname, '../../src/assets/web/favicon.ico')))).toBe(true)
  })
})

describe('storage', () => {
  const OPERA_DIR = () => aliasOf(gw.deps.config.TOKEN_SECRET, 'demo-opera')
  const upload = (path: string, openid: string | null, body: BodyInit) =>
    gw.raw('/storage/upload', { method: 'POST', headers: { 'x-cloud-path': path, ...(openid ? { 'x-openid': openid } : {}) }, body })

  test('upload under the uploader\'s own folder, then read it whole and by Range', async () => {
    const bytes = Buffer.concat([TINY_MP4, Buffer.from(Array.from({ length: 5000 - TINY_MP4.length }, (_, i) => i % 251))])
    const r = await upload(`contest/${OPERA_DIR()}/clip.mp4`, 'demo-opera', bytes)
    expect(r.status).toBe(200)
    const { data } = await r.json()
    expect(typeof data.fileId).toBe('string')
    const whole = await gw.raw(`/storage/${encodeURIComponent(data.fileId)}`)
    expect(whole.status).toBe(200)
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true)
    const part = await gw.raw(`/storage/${encodeURIComponent(data.fileId)}`, { headers: { range: 'bytes=100-199' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe('bytes 100-199/5000')
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true)
    const st = await gw.deps.storage.stat(data.fileId)
    expect(st).toEqual({ size: 5000, uploader: OPERA_DIR(), contentType: undefined })
  })

  test('uploads elsewhere than <area>/<own openid>/ are refused', async () => {
    expect((await upload(`contest/${aliasOf(gw.deps.config.TOKEN_SECRET, 'demo-courier')}/x.mp4`, 'demo-opera', 'abc')).status).toBe(403)
    expect((await upload('contest/demo-opera/x.mp4', 'demo-opera', 'abc')).status).toBe(403)
    expect((await upload(`contest/${OPERA_DIR()}/x.mp4`, null, 'abc')).status).toBe(401)
    expect((await upload('../../etc/passwd', 'demo-opera', 'abc')).status).toBe(400)
    expect((await upload('contest/demo-opera/../../x', 'demo-opera', 'abc')).status).toBe(400)
    expect((await upload(`contest/${OPERA_DIR()}/x.mp4.meta.json`, 'demo-opera', 'abc')).status).toBe(400)
    expect(existsSync(join(gw.dataDir, 'storage', 'contest', 'demo-courier', 'x.mp4'))).toBe(false)
  })

  test('uploads over 100 MB are PAYLOAD_TOO_LARGE and leave nothing behind', async () => {
    // Announce a body over the limit: the gateway answers before reading it.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const u = new URL(`${gw.url}/storage/upload`)
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: {
        'x-cloud-path': `contest/${OPERA_DIR()}/big.mp4`, 'x-openid': 'demo-opera', 'content-length': String(100 * 1024 * 1024 + 1) } },
      (res) => { let b = ''; res.on('data', (c) => (b += c)); res.on('end', () => resolve({ status: res.statusCode!, body: b })) })
      req.on('error', reject)
      req.write(Buffer.alloc(1024))
    })
    expect(status).toBe(413)
    expect(JSON.parse(body).error.code).toBe('PAYLOAD_TOO_LARGE')
    expect(existsSync(join(gw.dataDir, 'storage', 'contest', 'demo-opera', 'big.mp4'))).toBe(false)
  })

  test('unknown or foreign file ids are NOT_FOUND', async () => {
    for (const id of ['nope', 'local:contest/demo-opera/none.mp4', 'local:../db.sqlite', 'cloud://x/y']) {
      expect((await gw.raw(`/storage/${encodeURIComponent(id)}`)).status).toBe(404)
    }
  })
})

describe('persistence and configuration', () => {
  test('data survives a restart on the same data dir; the token secret is generated once and kept', async () => {
    const dir = tempDir()
    const a = await startGateway({ dataDir: dir })
    await a.call('member', 'grantRole', { openid: 'p1', role: 'judge' }, 'demo-admin')
    const secret = readFileSync(join(dir, 'token-secret'), 'utf8')
    await a.close()
    const b = await startGateway({ dataDir: dir })
    expect((await b.call('member', 'me', {}, 'p1')).body.data.roles).toEqual(['judge'])
    expect(readFileSync(join(dir, 'token-secret'), 'utf8')).toBe(secret)
    await b.close()
  })

  test('SEED=none starts empty; the demo seed is idempotent across restarts', async () => {
    const empty = await startGateway({ env: { SEED: 'none' } })
    expect((await empty.call('member', 'me', {}, 'demo-courier')).body.data.member).toBeNull()
    await empty.close()
    const dir = tempDir()
    const a = await startGateway({ dataDir: dir })
    const countA = await a.deps.store.collection('members').count({})
    await a.close()
    const b = await startGateway({ dataDir: dir })
    expect(await b.deps.store.collection('members').count({})).toBe(countA)
    await b.close()
  })

  test('a bad configuration refuses to start with a clear message', async () => {
    await expect(startGateway({ env: { DOCSTORE: 'mongo' } })).rejects.toThrow(/配置错误/)
  })
})
