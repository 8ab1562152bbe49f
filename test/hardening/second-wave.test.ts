/**
 * Regression tests of issue #10 (SPEC "Contract additions (second wave)") at the gateway: uploads that
 * cannot become pages, path segments, slow bodies and quotas, escapes, swapped videos, names, scores,
 * prototype keys.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { connect } from 'node:net'
import { randomUUID } from 'node:crypto'
import { startGateway, type TestGateway } from '../support/gateway'
import { aliasOf } from '../../cloudfunctions/_shared/alias'
import { ADMIN, PNG, TINY_MP4, aliasIn, person, signupData, upload } from '../contest/helpers'

let gw: TestGateway
beforeAll(async () => { gw = await startGateway({ idleBodyMs: 800 }) })
afterAll(async () => { await gw.close() })

const put = (path: string, openid: string, body: Buffer | string) =>
  gw.raw('/storage/upload', { method: 'POST', headers: { 'x-cloud-path': path, 'x-openid': openid }, body: typeof body === 'string' ? body : new Uint8Array(body) })
const HTML = Buffer.concat([Buffer.from('00000018667479706d703432', 'hex'), Buffer.from('<html><script>alert(document.cookie)</script></html>')])
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
const filesUnder = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name)) : [])

describe('1. uploads cannot become pages', () => {
  test('an ftyp-headed evil.html, an .svg and a script are refused: extension per area, bytes must match', async () => {
    const me = person(); const dir = aliasIn(gw, me)
    for (const [name, body] of [['evil.html', HTML], ['x.svg', SVG], ['x.js', 'alert(1)'], ['x.mp4', SVG], ['x.png', TINY_MP4], ['x.mp4', PNG]] as const) {
      const r = await put(`contest/${dir}/${name}`, me, body)
      expect([name, r.status, (await r.json()).error.code]).toEqual([name, 400, 'VALIDATION_FAILED'])
    }
    expect((await put(`station/${dir}/p.png`, me, PNG)).status).toBe(200)
    expect((await put(`station/${dir}/p.mp4`, me, TINY_MP4)).status).toBe(400)
    expect(filesUnder(join(gw.dataDir, 'storage', 'contest', dir))).toEqual([])
  })

  test('stored files are served as what their bytes are, with nosniff and a CSP that allows nothing', async () => {
    const me = person()
    const fileId = await upload(gw, me, TINY_MP4, 'clip.mov')
    const r = await gw.raw(`/storage/${encodeURIComponent(fileId)}`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^video\/mp4/)
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('content-security-policy')).toContain("default-src 'none'")
    // A file whose bytes are HTML that got into storage by another way is never served as a page.
    const path = `contest/${aliasIn(gw, me)}/planted.mp4`
    require('node:fs').writeFileSync(gw.deps.storage.prepare(path), '<html><script>alert(1)</script>')
    const p = await gw.raw(`/storage/${encodeURIComponent(gw.deps.storage.fileIdOf(path))}`)
    expect(p.headers.get('content-type')).toBe('application/octet-stream')
    expect(p.headers.get('content-disposition')).toBe('attachment')
    expect(p.headers.get('x-content-type-options')).toBe('nosniff')
  })
})

describe('4. path segments', () => {
  test('. and .. segments, empty segments and foreign or unknown areas are 4xx and leave nothing behind', async () => {
    const me = person(); const dir = aliasIn(gw, me)
    for (const path of [`avatar/${dir}/..`, `contest/${dir}/..`, `contest/${dir}/.`, `contest/${dir}/`, `contest//x.mp4`, `contest/${dir}/a/b.mp4`, `avatar/${dir}/a.png`]) {
      const r = await put(path, me, TINY_MP4)
      expect([path, r.status]).toEqual([path, 400])
      expect((await r.json()).ok).toBe(false)
    }
    expect(existsSync(join(gw.dataDir, 'storage', 'avatar'))).toBe(false)
    expect(filesUnder(join(gw.dataDir, 'storage')).filter((f) => f.endsWith('.part'))).toEqual([])
    // Uploads keep working for everyone.
    expect((await put(`contest/${dir}/ok.mp4`, me, TINY_MP4)).status).toBe(200)
  })
})

describe('5. slow bodies and quotas', () => {
  test('a body that goes silent is cut off, and its temp file removed', async () => {
    const me = person()
    const u = new URL(gw.url)
    const closedAfter = await new Promise<number>((resolve, reject) => {
      const started = Date.now()
      const s = connect(Number(u.port), u.hostname, () => {
        s.write(`POST /storage/upload HTTP/1.1\r\nhost: x\r\nx-openid: ${me}\r\nx-cloud-path: contest/${aliasIn(gw, me)}/slow.mp4\r\ncontent-length: 100000\r\n\r\n`)
        s.write(TINY_MP4)
      })
      const timer = setTimeout(() => { s.destroy(); reject(new Error('still open after 10 s')) }, 10_000)
      s.on('close', () => { clearTimeout(timer); resolve(Date.now() - started) })
      s.on('error', () => {})
    })
    expect(closedAfter).toBeLessThan(5000)
    await new Promise((r) => setTimeout(r, 200))
    expect(filesUnder(join(gw.dataDir, 'storage', 'contest', aliasIn(gw, me)))).toEqual([])
  })

  test('a function call whose body arrived is not cut off while it runs; a silent function body is', async () => {
    const u = new URL(gw.url)
    const silent = await new Promise<number>((resolve, reject) => {
      const started = Date.now()
      const s = connect(Number(u.port), u.hostname, () => s.write('POST /api/member HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"action":'))
      const timer = setTimeout(() => { s.destroy(); reject(new Error('still open after 10 s')) }, 10_000)
      s.on('close', () => { clearTimeout(timer); resolve(Date.now() - started) })
      s.on('error', () => {})
    })
    expect(silent).toBeLessThan(5000)
    // Keep-alive connections carry several calls, each answered, past the idle time in total.
    const a = await gw.call('member', 'me', {}, 'demo-courier')
    await new Promise((r) => setTimeout(r, 1000))
    const b = await gw.call('member', 'me', {}, 'demo-courier')
    expect([a.status, b.status]).toEqual([200, 200])
  })

  test('at most 2 uploads running per identity: a third is RATE_LIMITED', async () => {
    const me = person(); const u = new URL(gw.url)
    const open = () => connect(Number(u.port), u.hostname, function (this: import('node:net').Socket) {
      this.write(`POST /storage/upload HTTP/1.1\r\nhost: x\r\nx-openid: ${me}\r\nx-cloud-path: contest/${aliasIn(gw, me)}/${randomUUID()}.mp4\r\ncontent-length: 100000\r\n\r\n`)
      this.write(TINY_MP4)
    })
    const held = [open(), open()]
    for (const s of held) s.on('error', () => {})
    await new Promise((r) => setTimeout(r, 300))
    const third = await put(`contest/${aliasIn(gw, me)}/third.mp4`, me, TINY_MP4)
    expect([third.status, (await third.json()).error.code]).toEqual([429, 'RATE_LIMITED'])
    for (const s of held) s.destroy()
    await new Promise((r) => setTimeout(r, 300))
    expect((await put(`contest/${aliasIn(gw, me)}/fourth.mp4`, me, TINY_MP4)).status).toBe(200)
  })

  test('1 GB a day per identity', async () => {
    const me = person()
    const day = require('../../cloudfunctions/_shared/clock').shanghaiDay(gw.deps.clock.now())
    await gw.deps.store.collection('rate_limits').insert({ _id: `upload_${aliasIn(gw, me)}_${day}`, n: 1024 * 1024 * 1024 - 10, name: 'upload', until: '2999-01-01' })
    const r = await put(`contest/${aliasIn(gw, me)}/q.mp4`, me, TINY_MP4)
    expect([r.status, (await r.json()).error.code]).toEqual([429, 'RATE_LIMITED'])
  })
})

describe('9. escapes', () => {
  test('GET /storage/%25 is NOT_FOUND, a malformed escape answers the envelope', async () => {
    for (const path of ['/storage/%25', '/storage/%E0%A4%A', '/storage/%', '/api/%zz']) {
      const r = await gw.raw(path)
      expect([path, r.status]).toEqual([path, 404])
      expect((await r.json()).error.code).toBe('NOT_FOUND')
    }
  })
})

describe('10. a video swapped after sign-up', () => {
  test('re-uploading to the path of a submitted entry is CONFLICT; the bytes stay', async () => {
    const me = person()
    const name = `${randomUUID()}.mp4`
    const fileId = await upload(gw, me, TINY_MP4, name)
    const s = await gw.call('contest', 'signup', signupData({ videoFileId: fileId }), me)
    expect(s.status).toBe(200)
    const other = Buffer.concat([TINY_MP4, Buffer.alloc(100, 1)])
    const r = await put(`contest/${aliasIn(gw, me)}/${name}`, me, other)
    expect([r.status, (await r.json()).error.code]).toEqual([409, 'CONFLICT'])
    const served = Buffer.from(await (await gw.raw(`/storage/${encodeURIComponent(fileId)}`)).arrayBuffer())
    expect(served.equals(TINY_MP4)).toBe(true)
  })
})

describe('3. no openid in public', () => {
  test('the gallery and its video URLs carry no openid; me.uploadDir is contest/<alias>/', async () => {
    const me = person()
    const meR = await gw.call('member', 'me', {}, me)
    expect(meR.body.data.uploadDir).toBe(`contest/${aliasOf(gw.deps.config.TOKEN_SECRET, me)}/`)
    expect(meR.body.data.uploadDir).not.toContain(me)
    const fileId = await upload(gw, me, TINY_MP4)
    const s = await gw.call('contest', 'signup', signupData({ videoFileId: fileId }), me)
    expect((await gw.call('contest', 'review', { entryId: s.body.data.id, approve: true }, ADMIN)).status).toBe(200)
    const list = await gw.call('contest', 'entries', { contestId: 'hebei-opera-1', genre: 'jingju' })
    const text = JSON.stringify(list.body)
    expect(text).toContain(s.body.data.id)
    expect(text).not.toContain(me)
  })
})

describe('8 and 9. names, scores, prototype keys', () => {
  test('zero-width, bidi and control characters in names are refused; names are NFKC-normalised', async () => {
    for (const name of ['\u200b', '张\u200b三', '\u202e三张', 'a\u0007', '\u2066李四\u2069', '\ufeff王五']) {
      const r = await gw.call('member', 'join', { name, phone: '13912345678', city: '汕头', industry: 'courier', employer: '某公司' }, person())
      expect([JSON.stringify(name), r.status, r.body.error?.code]).toEqual([JSON.stringify(name), 400, 'VALIDATION_FAILED'])
    }
    const who = person()
    expect((await gw.call('member', 'join', { name: 'ＡＢＣ', phone: '13912345678', city: '汕头市', industry: 'courier', employer: '某公司' }, who)).status).toBe(200)
    const me = await gw.call('member', 'me', {}, who)
    expect(me.body.data.member).toMatchObject({ name: 'ABC', city: '汕头' })
  })

  test('a score of 99.99999999999 is refused, not stored as 100', async () => {
    const r = await gw.call('contest', 'score', { entryId: 'e1', stage: 'prelim', score: 99.99999999999 }, 'demo-judge')
    expect([r.status, r.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(Object.keys(r.body.error.details.fieldErrors)).toContain('score')
  })

  test('city "toString" gets an ordinary card number; stats.byCity keeps "__proto__"', async () => {
    const a = person(); const b = person()
    for (const [who, city] of [[a, 'toString'], [b, '__proto__']] as const) {
      expect((await gw.call('member', 'join', { name: '测试', phone: '13912345679', city, industry: 'courier', employer: '某公司' }, who)).status).toBe(200)
    }
    const r = await gw.call('member', 'reviewJoin', { openid: a, approve: true }, ADMIN)
    expect(r.body.data.cardNo).toMatch(/^GH9900\d+$/)
    const stats = await gw.call('member', 'stats', {}, ADMIN)
    const text = JSON.stringify(stats.body.data.members.byCity)
    expect(text).toContain('"__proto__":1')
    expect(text).toContain('"toString":1')
  })
})

describe('1. security headers on the H5 pages', () => {
  test('index.html: a CSP allowing its own scripts and its inline script by hash only, nosniff, a referrer policy', async () => {
    const { mkdtempSync, writeFileSync } = require('node:fs') as typeof import('node:fs')
    const { tmpdir } = require('node:os') as typeof import('node:os')
    const { createHash } = require('node:crypto') as typeof import('node:crypto')
    const h5 = mkdtempSync(join(tmpdir(), 'h5-'))
    const inline = 'document.documentElement.style.fontSize="20px"'
    writeFileSync(join(h5, 'index.html'), `<!doctype html><html><head><script>${inline}</script><script defer src="/js/app.js"></script></head><body></body></html>`)
    const web = await startGateway({ h5Dir: h5 })
    try {
      const r = await web.raw('/')
      expect(r.status).toBe(200)
      const csp = r.headers.get('content-security-policy')!
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain(`script-src 'self' 'sha256-${createHash('sha256').update(inline).digest('base64')}'`)
      expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/)
      expect(csp).toContain("object-src 'none'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
      expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
      // Stored files keep their own, stricter policy.
      const me = 'h5-header-user'
      const up = await web.raw('/storage/upload', { method: 'POST', headers: { 'x-openid': me, 'x-cloud-path': `contest/${aliasIn(web, me)}/a.mp4` }, body: new Uint8Array(TINY_MP4) })
      const f = await web.raw(`/storage/${encodeURIComponent((await up.json()).data.fileId)}`)
      expect(f.headers.get('content-security-policy')).toMatch(/^default-src 'none'/)
    } finally { await web.close() }
  })
})
