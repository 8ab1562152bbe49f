/**
 * cloudMain: configuration once per container, INTERNAL instead of a crash when it is bad, the
 * caller's identity from the WeChat context only, and the whole chain (real member function, real
 * SDK) talking to a capture server.
 */
import { startCaptureServer, type CaptureServer } from '../support/capture-server'
import type { CloudFunction, Deps } from '../../cloudfunctions/_shared/runtime'

const SECRET = 's'.repeat(40)
const GOOD = { TOKEN_SECRET: SECRET, ADMIN_OPENIDS: 'o-admin,o-boss', LOG_LEVEL: 'silent' }
const ENV_KEYS = ['WX_CONTEXT_KEYS', 'WX_OPENID', 'WX_APPID', 'TENCENTCLOUD'] as const
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]))

let cs: CaptureServer
let stderr: string[]
let stderrSpy: jest.SpyInstance

beforeAll(async () => {
  process.env.TENCENTCLOUD = 'true' // skip the SDK's cloud-metadata probe (see test/docstore/cloudbase.test.ts)
  cs = await startCaptureServer()
  cs.reply = (r) => (r.action === 'database.getDocument' ? { requestId: 'q', data: { list: [] } } : { code: 'UNEXPECTED', message: r.action })
})
afterAll(async () => {
  await cs.close()
  for (const k of ENV_KEYS) { if (savedEnv[k] === undefined) delete process.env[k]; else process.env[k] = savedEnv[k] }
})
beforeEach(() => {
  cs.requests.length = 0
  stderr = []
  stderrSpy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => { stderr.push(String(chunk)); return true })
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID'
  process.env.WX_APPID = 'wx-app'
  delete process.env.WX_OPENID
})
afterEach(() => stderrSpy.mockRestore())

const init = () => ({ env: 'test-env', secretId: 'id', secretKey: 'key', serviceUrl: `${cs.url}/admin`, keepalive: false })
/** A function that shows what it was handed. */
function probe(): CloudFunction & { seen: Array<{ openid: string | null; deps: Deps }> } {
  const seen: Array<{ openid: string | null; deps: Deps }> = []
  return { name: 'member', seen, handle: async (_e, openid, deps) => { seen.push({ openid, deps }); return { ok: true, data: { openid } } } }
}

describe('loading', () => {
  it('importing cloud.ts loads neither the SDK nor the sqlite adapter', () => {
    const loaded: string[] = []
    jest.isolateModules(() => {
      jest.doMock('@cloudbase/node-sdk', () => { loaded.push('sdk'); return {} })
      jest.doMock('better-sqlite3', () => { loaded.push('sqlite'); return {} })
      const { cloudMain } = require('../../cloudfunctions/_shared/cloud')
      expect(typeof cloudMain(probe())).toBe('function')
    })
    expect(loaded).toEqual([])
    jest.dontMock('@cloudbase/node-sdk')
    jest.dontMock('better-sqlite3')
  })
})

describe('bad configuration answers INTERNAL on every call and logs why', () => {
  const { cloudMain } = require('../../cloudfunctions/_shared/cloud') as typeof import('../../cloudfunctions/_shared/cloud')
  it.each([
    ['no TOKEN_SECRET', { ADMIN_OPENIDS: 'o-admin' }, 'TOKEN_SECRET'],
    ['a short TOKEN_SECRET', { ADMIN_OPENIDS: 'o-admin', TOKEN_SECRET: 'short' }, 'TOKEN_SECRET'],
    ['no ADMIN_OPENIDS', { TOKEN_SECRET: SECRET }, 'ADMIN_OPENIDS'],
    ['the embedded database', { ...GOOD, DOCSTORE: 'sqlite' }, 'DOCSTORE=cloudbase'],
    ['local storage', { ...GOOD, STORAGE: 'local' }, 'STORAGE=cloudbase'],
  ])('%s', async (_t, env, why) => {
    const fn = probe()
    const main = cloudMain(fn, { env, init: init() })
    for (let i = 0; i < 2; i++) {
      const out = await main({ action: 'me' }, {})
      expect(out).toMatchObject({ ok: false, error: { code: 'INTERNAL', details: { requestId: expect.any(String) } } })
      expect(JSON.stringify(out)).not.toContain(why)
    }
    expect(fn.seen).toHaveLength(0)
    expect(stderr).toHaveLength(2)
    expect(stderr[0]).toContain(why)
    expect(cs.requests).toHaveLength(0)
  })

  it('missing credentials outside the cloud answer INTERNAL instead of crashing the process', async () => {
    const fn = probe()
    const main = cloudMain(fn, { env: GOOD, init: { env: 'test-env', serviceUrl: `${cs.url}/admin` } })
    expect(await main({ action: 'me' }, {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(stderr.join('')).toContain('凭证缺失')
    expect(fn.seen).toHaveLength(0)
  })
})

describe('identity and deps', () => {
  const { cloudMain } = require('../../cloudfunctions/_shared/cloud') as typeof import('../../cloudfunctions/_shared/cloud')

  it('takes the OPENID from the WeChat context, never from the event, and builds deps once', async () => {
    const fn = probe()
    const main = cloudMain(fn, { env: GOOD, init: init() })
    process.env.WX_OPENID = 'o-real'
    const spoof = { action: 'me', data: {}, userInfo: { openId: 'o-spoof' }, openid: 'o-spoof' }
    expect(await main(spoof, {})).toEqual({ ok: true, data: { openid: 'o-real' } })
    delete process.env.WX_OPENID
    expect(await main(spoof, {})).toEqual({ ok: true, data: { openid: null } })
    expect(fn.seen).toHaveLength(2)
    expect(fn.seen[0].deps).toBe(fn.seen[1].deps)
    const { deps } = fn.seen[0]
    expect(deps.store.constructor.name).toBe('CloudbaseDocStore')
    expect(deps.storage.constructor.name).toBe('CloudbaseStorage')
    expect(deps.config).toMatchObject({ DOCSTORE: 'cloudbase', STORAGE: 'cloudbase', MEDIA_CHECK: 'wechat', ADMIN_OPENIDS: ['o-admin', 'o-boss'] })
    expect(cs.requests).toHaveLength(0) // nothing sent until a handler uses the store
  })

  it('reads WX_OPENID from the SCF context when the environment does not carry it', async () => {
    const fn = probe()
    const main = cloudMain(fn, { env: GOOD, init: init() })
    const context = { environment: JSON.stringify({ WX_CONTEXT_KEYS: 'WX_OPENID', WX_OPENID: 'o-ctx' }) }
    expect(await main({ action: 'me' }, context)).toEqual({ ok: true, data: { openid: 'o-ctx' } })
  })

  it('runs the real member function end to end against the capture server', async () => {
    const { memberFunction } = require('../../cloudfunctions/member/handlers')
    const main = cloudMain(memberFunction, { env: GOOD, init: init() })
    process.env.WX_OPENID = 'o-admin'
    const out = await main({ action: 'me', data: {} }, {})
    expect(out).toEqual({ ok: true, data: { openid: 'o-admin', roles: ['admin'], member: null, uploadDir: expect.stringMatching(/^contest\/[A-Za-z0-9_-]{16}\/$/) } })
    const gets = cs.requests.map((r) => [r.action, r.body.collectionName, r.body.query])
    expect(gets).toEqual(expect.arrayContaining([
      ['database.getDocument', 'roles', JSON.stringify({ _id: 'o-admin' })],
      ['database.getDocument', 'members', JSON.stringify({ _id: 'o-admin' })],
    ]))
    delete process.env.WX_OPENID
    expect(await main({ action: 'me', data: {} }, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await main({ action: 'nope' }, {})).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
  })
})
