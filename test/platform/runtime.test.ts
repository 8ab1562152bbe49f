import { CONTRACT, ACCESS, FUNCTIONS } from '../../types'
import { defineFunction } from '../../cloudfunctions/_shared/runtime'
import { createLocalDeps } from '../../cloudfunctions/_local/deps'
import { ManualClock, shanghaiDay, endOfShanghaiDay, startOfShanghaiDay, addDays, shanghaiTime } from '../../cloudfunctions/_shared/clock'
import { Tokens } from '../../cloudfunctions/_shared/tokens'
import { AppError } from '../../cloudfunctions/_shared/errors'
import { loadConfig, assertCloudConfig } from '../../cloudfunctions/_shared/config'
import { tempDir } from '../support/gateway'

describe('contract and access table agree', () => {
  test.each(FUNCTIONS.map((f) => [f]))('%s: every action has an access rule and every rule an action', (fn) => {
    expect(Object.keys(ACCESS[fn]).sort()).toEqual(Object.keys(CONTRACT[fn]).sort())
  })
})

describe('router', () => {
  const deps = createLocalDeps({ DATA_DIR: tempDir(), LOG_LEVEL: 'silent', ADMIN_OPENIDS: 'boss' })
  afterAll(() => deps.store.close())
  const fn = defineFunction('member', {
    me: async (_d, ctx) => { if (ctx.openid === 'crash') throw new Error('secret internals'); return { openid: ctx.me(), roles: [], member: null, uploadDir: 'contest/x/' } },
    stats: async () => { throw new AppError('CONFLICT', '自定义提示') },
  })

  test('a thrown bug is INTERNAL with a request id and no internals', async () => {
    const r = await fn.handle({ action: 'me' }, 'crash', deps)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('INTERNAL')
    expect(r.error.details?.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(JSON.stringify(r)).not.toMatch(/secret internals/)
  })

  test('business errors keep their code and Chinese message', async () => {
    const r = await fn.handle({ action: 'stats', data: {} }, 'boss', deps)
    expect(r).toEqual({ ok: false, error: { code: 'CONFLICT', message: '自定义提示' } })
  })

  test('role rules run after validation and before the handler', async () => {
    const bad = await fn.handle({ action: 'stats', data: { x: 1 } }, 'nobody', deps)
    expect(!bad.ok && bad.error.code).toBe('VALIDATION_FAILED')
    const forbidden = await fn.handle({ action: 'stats', data: {} }, 'nobody', deps)
    expect(!forbidden.ok && forbidden.error.code).toBe('FORBIDDEN')
    const anon = await fn.handle({ action: 'stats', data: {} }, null, deps)
    expect(!anon.ok && anon.error.code).toBe('UNAUTHENTICATED')
  })

  test('an action in the contract without a handler yet is a typed error, not INTERNAL', async () => {
    const r = await fn.handle({ action: 'listJoins', data: {} }, 'boss', deps)
    expect(!r.ok && r.error.code).toBe('NOT_FOUND')
  })

  test('prototype keys never resolve to actions', async () => {
    for (const action of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const r = await fn.handle({ action }, 'boss', deps)
      expect(!r.ok && r.error.code).toBe('VALIDATION_FAILED')
    }
  })

  test('field errors name the field, in Chinese', async () => {
    const f2 = defineFunction('member', {})
    const r = await f2.handle({ action: 'join', data: { name: '', phone: '123', city: ' 市 ', industry: 'pilot', employer: 'x' } }, 'u', deps)
    expect(r.ok).toBe(false)
    if (r.ok) return
    const fe = r.error.details!.fieldErrors!
    expect(Object.keys(fe).sort()).toEqual(['city', 'consent', 'industry', 'name', 'phone'])
    expect(fe.consent).toEqual(['请先阅读并勾选同意《隐私保护指引》'])
    for (const msgs of Object.values(fe)) expect(msgs[0]).toMatch(/[\u4e00-\u9fa5]/)
  })
})

describe('clock: Asia/Shanghai calendar days', () => {
  test('the day turns at 16:00 UTC', () => {
    expect(shanghaiDay(new Date('2026-07-01T15:59:59.999Z'))).toBe('2026-07-01')
    expect(shanghaiDay(new Date('2026-07-01T16:00:00.000Z'))).toBe('2026-07-02')
    expect(shanghaiTime(new Date('2026-07-01T00:30:00Z'))).toBe('08:30')
  })
  test('day bounds and arithmetic', () => {
    expect(endOfShanghaiDay('2026-07-01')).toBe('2026-07-01T15:59:59.999Z')
    expect(startOfShanghaiDay('2026-07-01')).toBe('2026-06-30T16:00:00.000Z')
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
  })
  test('ManualClock moves', () => {
    const c = new ManualClock(Date.parse('2026-07-01T00:00:00Z'))
    c.advance(3600_000)
    expect(c.now().toISOString()).toBe('2026-07-01T01:00:00.000Z')
  })
})

describe('tokens', () => {
  const t = new Tokens('s'.repeat(32))
  const now = Date.parse('2026-07-01T00:00:00Z')
  test('round trip, expiry, forgery, wrong kind', () => {
    const tok = t.sign('card', { sub: 'demo-courier', exp: now + 60_000 })
    expect(t.verify('card', tok, now).sub).toBe('demo-courier')
    expect(() => t.verify('card', tok, now + 60_001)).toThrow(expect.objectContaining({ code: 'EXPIRED' }))
    expect(() => t.verify('voucher', tok, now)).toThrow(expect.objectContaining({ code: 'INVALID_TOKEN' }))
    const [k, body, sig] = tok.split('.')
    const forgedBody = Buffer.from(JSON.stringify({ sub: 'someone-else', exp: now + 60_000 })).toString('base64url')
    expect(() => t.verify('card', `${k}.${forgedBody}.${sig}`, now)).toThrow(expect.objectContaining({ code: 'INVALID_TOKEN' }))
    expect(() => t.verify('card', `${k}.${body}.${sig.slice(0, -2)}xx`, now)).toThrow(expect.objectContaining({ code: 'INVALID_TOKEN' }))
    expect(() => new Tokens('o'.repeat(32)).verify('card', tok, now)).toThrow(expect.objectContaining({ code: 'INVALID_TOKEN' }))
    for (const junk of ['', 'card', 'card..', 'a.b.c.d', '中文.二维码.无效']) {
      expect(() => t.verify('card', junk, now)).toThrow(expect.objectContaining({ code: 'INVALID_TOKEN' }))
    }
  })
  test('static codes for printed posters', () => {
    const code = t.staticCode('station', 'st-1')
    expect(t.checkStaticCode('station', 'st-1', code)).toBe(true)
    expect(t.checkStaticCode('station', 'st-2', code)).toBe(false)
    expect(t.checkStaticCode('station', 'st-1', code.slice(1))).toBe(false)
  })
})

describe('configuration', () => {
  test('defaults, admin list, validation', () => {
    const c = loadConfig({ ADMIN_OPENIDS: ' a, b ,,', TOKEN_SECRET: 'x'.repeat(32) })
    expect(c.ADMIN_OPENIDS).toEqual(['a', 'b'])
    expect(c.DOCSTORE).toBe('sqlite')
    expect(() => loadConfig({ TOKEN_SECRET: 'short' })).toThrow(/TOKEN_SECRET/)
    expect(() => loadConfig({})).toThrow(/TOKEN_SECRET/)
  })
  test('the cloud refuses to start without its secrets', () => {
    const c = loadConfig({ TOKEN_SECRET: 'x'.repeat(32) })
    expect(() => assertCloudConfig(c, { TOKEN_SECRET: 'x'.repeat(32) })).toThrow(/ADMIN_OPENIDS/)
    expect(() => assertCloudConfig(c, { ADMIN_OPENIDS: 'a' })).toThrow(/TOKEN_SECRET/)
    expect(() => assertCloudConfig(c, { ADMIN_OPENIDS: 'a', TOKEN_SECRET: 'x'.repeat(32) })).not.toThrow()
  })
})
