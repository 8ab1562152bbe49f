/**
 * The deployable artifacts: npm run build:functions output, built into a scratch folder inside the
 * repo (so the bundles resolve @cloudbase/node-sdk from node_modules like CloudBase's install does),
 * then run in a separate Node process configured only through the environment, as in the cloud.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Metafile } from 'esbuild'
import { buildFunctions, checkInputs, checkNode16, FUNCTIONS, type BuiltFunction } from '../../scripts/build-functions'
import { databaseIndexes, databaseRules, writeDatabaseFiles } from '../../scripts/cloud-indexes'
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections'
import { startCaptureServer } from '../support/capture-server'

const run = promisify(execFile)
const ROOT = join(__dirname, '../..')
const OUT = join(ROOT, '.tmp', `functions-test-${process.pid}`)
let built: BuiltFunction[]

beforeAll(async () => { built = await buildFunctions({ outDir: OUT }) }, 120_000)
afterAll(() => rmSync(OUT, { recursive: true, force: true }))

describe('bundles', () => {
  it('writes index.js and package.json for each of the four functions', () => {
    expect(built.map((b) => b.name)).toEqual([...FUNCTIONS])
    const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    for (const b of built) {
      const pkg = JSON.parse(readFileSync(join(b.dir, 'package.json'), 'utf8'))
      expect(pkg).toMatchObject({ main: 'index.js', dependencies: { '@cloudbase/node-sdk': rootPkg.dependencies['@cloudbase/node-sdk'] } })
      expect(Object.keys(pkg.dependencies)).toEqual(['@cloudbase/node-sdk'])
      expect(b.bytes).toBeGreaterThan(10_000)
    }
    expect(JSON.parse(readFileSync(join(OUT, 'contest/config.json'), 'utf8'))).toEqual({ permissions: { openapi: ['security.mediaCheckAsync'] } })
    expect(existsSync(join(OUT, 'member/config.json'))).toBe(false)
  })

  it('leaves only the SDK outside the bundle, and never bundles sqlite', () => {
    for (const b of built) {
      const code = readFileSync(join(b.dir, 'index.js'), 'utf8')
      expect(code).toContain('require("@cloudbase/node-sdk")')
      expect(code).not.toMatch(/require\("better-sqlite3"\)/)
      expect(code).not.toContain('CREATE VIRTUAL TABLE')
      expect(code).toMatch(/exports\.main|main:/)
    }
  })

  it('the tripwires catch sqlite, the gateway and Node 18 APIs', () => {
    const meta = (inputs: string[], externals: string[] = []): Metafile => ({
      inputs: Object.fromEntries(inputs.map((p) => [p, { bytes: 1, imports: [] }])),
      outputs: { 'index.js': { bytes: 1, inputs: {}, imports: externals.map((path) => ({ path, kind: 'require-call' as const, external: true })), exports: [], entryPoint: 'x' } },
    })
    expect(() => checkInputs('f', meta(['cloudfunctions/_shared/cloud.ts'], ['@cloudbase/node-sdk', 'node:crypto', 'crypto']))).not.toThrow()
    expect(() => checkInputs('f', meta(['cloudfunctions/_shared/docstore/sqlite.ts']))).toThrow('sqlite')
    expect(() => checkInputs('f', meta(['cloudfunctions/_shared/deps.ts']))).toThrow('deps.ts')
    expect(() => checkInputs('f', meta(['cloudfunctions/_local/gateway.ts']))).toThrow()
    expect(() => checkInputs('f', meta([], ['better-sqlite3']))).toThrow('better-sqlite3')
    expect(() => checkNode16('f', 'const a = structuredClone(b)')).toThrow('structuredClone')
    expect(() => checkNode16('f', 'await fetch(url)')).toThrow('fetch')
    expect(() => checkNode16('f', 'x.findLast((y) => y)')).toThrow('findLast')
    expect(() => checkNode16('f', 'this.fetch(url); client.fetchRange(u)')).not.toThrow()
  })
})

describe('a bundle in its own Node process, configured by the environment only', () => {
  const call = async (fn: string, env: Record<string, string>, event: unknown) => {
    const script = `require(${JSON.stringify(join(OUT, fn, 'index.js'))}).main(${JSON.stringify(event)}, {}).then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e); process.exit(1) })`
    const { stdout } = await run(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 })
    return JSON.parse(stdout)
  }

  it('answers INTERNAL without configuration instead of crashing', async () => {
    for (const fn of FUNCTIONS) {
      expect(await call(fn, { LOG_LEVEL: 'silent' }, { action: 'me' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    }
  })

  it('serves member.me through the real SDK (endpoint from TCB_CONTEXT_CNFG, identity from WX_OPENID)', async () => {
    const cs = await startCaptureServer()
    try {
      cs.reply = (r) => (r.action === 'database.getDocument' ? { requestId: 'q', data: { list: [] } } : { code: 'UNEXPECTED', message: r.action })
      const env = {
        TOKEN_SECRET: 'x'.repeat(40),
        ADMIN_OPENIDS: 'o-admin',
        LOG_LEVEL: 'silent',
        TCB_ENV: 'test-env',
        TENCENTCLOUD_SECRETID: 'tmp-id',
        TENCENTCLOUD_SECRETKEY: 'tmp-key',
        TENCENTCLOUD: 'true',
        TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${cs.url}/admin` }),
        WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID',
        WX_OPENID: 'o-admin',
        WX_APPID: 'wx-app',
      }
      const out = await call('member', env, { action: 'me', data: {}, userInfo: { openId: 'o-spoof' } })
      expect(out).toEqual({ ok: true, data: { openid: 'o-admin', roles: ['admin'], member: null, uploadDir: expect.stringMatching(/^contest\/[A-Za-z0-9_-]{16}\/$/) } })
      expect(cs.requests.map((r) => [r.action, r.body.collectionName, r.body.envName])).toEqual(expect.arrayContaining([
        ['database.getDocument', 'roles', 'test-env'],
        ['database.getDocument', 'members', 'test-env'],
      ]))
    } finally {
      await cs.close()
    }
  })
})

describe('database rules and indexes', () => {
  it('deny every collection to clients', () => {
    const rules = databaseRules()
    expect(Object.keys(rules).sort()).toEqual(Object.keys(COLLECTIONS).sort())
    for (const r of Object.values(rules)) expect(r).toEqual({ read: false, write: false })
  })

  it('list every index of collections.ts, with a 2dsphere index on geo fields and unique ones for unique fields', () => {
    const byName = Object.fromEntries(databaseIndexes().map((c) => [c.collection_name, c.create_indexes]))
    expect(Object.keys(byName).sort()).toEqual(Object.keys(COLLECTIONS).sort())
    for (const [name, spec] of Object.entries(COLLECTIONS)) {
      const expected = (spec.indexes ?? []).map((fields) => fields.map((f) => [f, '1']))
      for (const f of spec.unique ?? []) expected.push([[f, '1']])
      if (spec.geo) expected.push([[spec.geo, '2dsphere']])
      expect(byName[name].map((ix) => ix.keys.map((k) => [k.name, k.direction]))).toEqual(expected)
    }
    expect(byName.stations).toContainEqual({ name: 'location_2dsphere', unique: false, keys: [{ name: 'location', direction: '2dsphere' }] })
    expect(byName.vouchers).toContainEqual({ name: 'rk_1_unique', unique: true, keys: [{ name: 'rk', direction: '1' }] })
  })

  it('the committed JSON files match collections.ts (regenerate with npx tsx scripts/cloud-indexes.ts)', () => {
    expect(writeDatabaseFiles({ check: true })).toEqual([])
  })
})

describe('cloudbaserc.json', () => {
  const rc = JSON.parse(readFileSync(join(ROOT, 'cloudbaserc.json'), 'utf8'))
  it('describes the four built functions with their environment, and commits no environment id or secret', () => {
    expect(rc).toMatchObject({ version: '2.0', envId: '{{env.ENV_ID}}', functionRoot: './dist/functions' })
    expect(rc.functions.map((f: { name: string }) => f.name)).toEqual([...FUNCTIONS])
    for (const f of rc.functions) {
      expect(f).toMatchObject({ handler: 'index.main', runtime: 'Nodejs16.13', installDependency: true })
      expect(f.timeout).toBeGreaterThanOrEqual(10)
      expect(f.memorySize).toBeGreaterThanOrEqual(128)
      expect(f.envVariables).toEqual({
        TOKEN_SECRET: '{{env.TOKEN_SECRET}}',
        ADMIN_OPENIDS: '{{env.ADMIN_OPENIDS}}',
        DOCSTORE: 'cloudbase',
        STORAGE: 'cloudbase',
        MEDIA_CHECK: 'wechat',
        LOG_LEVEL: 'info',
      })
    }
  })
})
