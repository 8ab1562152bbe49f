/**
 * The deployable artifacts: npm run build:functions output, built into a scratch folder inside the
 * repo (so the bundles resolve @cloudbase/node-sdk from node_modules like CloudBase's install does),
 * then run in a separate Node process configured only through the environment, as in the cloud.
 */
import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Metafile } from 'esbuild'
import { APP_FILE, buildFunctions, CACHE_SUFFIX, cachedLoader, checkInputs, checkRuntime, FUNCTIONS, RUNTIME, SDK_DIR, type BuiltFunction } from '../../scripts/build-functions'
import { C, cloudIndexes, COLLECTIONS } from '../../cloudfunctions/_shared/collections'
import { startCaptureServer } from '../support/capture-server'
import { cloudEnv, emptyDatabaseReply, FIRST_CALLS, probeBundle } from '../../scripts/lib/cloud-probe'

const run = promisify(execFile)
const ROOT = join(__dirname, '../..')
const OUT = join(ROOT, '.tmp', `functions-test-${process.pid}`)
let built: BuiltFunction[]

beforeAll(async () => { built = await buildFunctions({ outDir: OUT }) }, 120_000)
afterAll(() => rmSync(OUT, { recursive: true, force: true }))

describe('bundles', () => {
  it('writes index.js, the bundled SDK at the pinned version and a package.json with nothing to install', () => {
    expect(built.map((b) => b.name)).toEqual([...FUNCTIONS])
    const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    const pinned = rootPkg.dependencies['@cloudbase/node-sdk']
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/) // exact, no range
    for (const b of built) {
      const pkg = JSON.parse(readFileSync(join(b.dir, 'package.json'), 'utf8'))
      expect(pkg).toMatchObject({ main: 'index.js', dependencies: {} })
      const sdkPkg = JSON.parse(readFileSync(join(b.dir, SDK_DIR, 'package.json'), 'utf8'))
      expect(sdkPkg).toMatchObject({ name: '@cloudbase/node-sdk', version: pinned, main: 'index.js' })
      expect(b.bytes).toBeGreaterThan(10_000)
      expect(b.bytes).toBeLessThanOrEqual(300 * 1024)
      // The bundled SDK reports its real version (its version.js would read a package.json that is not there).
      expect(readFileSync(join(b.dir, SDK_DIR, 'sdk.js'), 'utf8')).toContain(`version=${JSON.stringify(pinned)}`)
    }
    const openapi = (fn: string) => JSON.parse(readFileSync(join(OUT, `${fn}/config.json`), 'utf8'))
    expect(openapi('contest')).toEqual({ permissions: { openapi: ['security.mediaCheckAsync', 'security.msgSecCheck', 'subscribeMessage.send'] } })
    expect(openapi('member')).toEqual({ permissions: { openapi: ['security.msgSecCheck', 'subscribeMessage.send'] } })
    expect(openapi('station')).toEqual({ permissions: { openapi: ['security.msgSecCheck', 'wxacode.getUnlimited'] } })
    expect(openapi('voucher')).toEqual({
      permissions: { openapi: ['subscribeMessage.send'] },
      triggers: [{ name: 'remind', type: 'timer', config: '0 */10 18 * * * *' }],
    })
  })

  it('index.js loads app.js and the SDK with a V8 code cache that this Node accepts', async () => {
    for (const b of built) {
      for (const [dir, target] of [[b.dir, APP_FILE], [join(b.dir, SDK_DIR), 'sdk.js']]) {
        expect(readFileSync(join(dir, 'index.js'), 'utf8')).toBe(cachedLoader(target))
        const cache = readFileSync(join(dir, target + CACHE_SUFFIX))
        expect(cache.length).toBeGreaterThan(10_000)
        // The same check V8 does when the loader runs: the cache fits this file and this V8.
        const script = `const vm = require('vm'), Module = require('module'), fs = require('fs');
          const s = new vm.Script(Module.wrap(fs.readFileSync(process.argv[1], 'utf8')), { filename: process.argv[1], cachedData: fs.readFileSync(process.argv[1] + '.cache') });
          process.stdout.write(String(s.cachedDataRejected))`
        const { stdout } = await run(process.execPath, ['-e', script, join(dir, target)])
        expect(stdout).toBe('false')
      }
    }
  }, 60_000)

  it('each function carries its own folder and _shared/, and no other function\'s code', () => {
    for (const b of built) {
      expect(b.sources).toContain(`cloudfunctions/${b.name}/index.ts`)
      expect(b.sources.filter((p) => !p.startsWith(`cloudfunctions/${b.name}/`) && !p.startsWith('cloudfunctions/_shared/'))).toEqual([])
    }
    // member's exportMine/deleteMine gather every area's part from the privacy registry in _shared.
    const member = built.find((b) => b.name === 'member')!
    expect(member.sources).toEqual(expect.arrayContaining(['cloudfunctions/_shared/privacy/station.ts', 'cloudfunctions/_shared/privacy/contest.ts', 'cloudfunctions/_shared/privacy/voucher.ts']))
  })

  it('leaves only the SDK outside app.js, and never bundles sqlite', () => {
    for (const b of built) {
      const code = readFileSync(join(b.dir, APP_FILE), 'utf8')
      expect(code).toContain('require("@cloudbase/node-sdk")')
      // Only the Chinese locale of zod is shipped (no Hebrew or Cyrillic messages).
      // (esbuild writes non-ASCII characters as \\u escapes.)
      expect(code).not.toMatch(/\\u0[45][0-9a-f]{2}/i)
      expect(code).toContain('\\u65E0\\u6548') // 无效

      expect(code).not.toMatch(/require\("better-sqlite3"\)/)
      expect(code).not.toContain('CREATE VIRTUAL TABLE')
      expect(code).toMatch(/exports\.main|main:/)
    }
  })

  it('the tripwires catch sqlite, the gateway and APIs newer than the runtime', () => {
    const meta = (inputs: string[], externals: string[] = []): Metafile => ({
      inputs: Object.fromEntries(inputs.map((p) => [p, { bytes: 1, imports: [] }])),
      outputs: { 'index.js': { bytes: 1, inputs: {}, imports: externals.map((path) => ({ path, kind: 'require-call' as const, external: true })), exports: [], entryPoint: 'x' } },
    })
    expect(() => checkInputs('f', meta(['cloudfunctions/_shared/cloud.ts'], ['@cloudbase/node-sdk', 'node:crypto', 'crypto']))).not.toThrow()
    expect(() => checkInputs('f', meta(['cloudfunctions/_shared/docstore/sqlite.ts']))).toThrow('sqlite')
    expect(() => checkInputs('f', meta(['cloudfunctions/_local/deps.ts']))).toThrow('_local/deps.ts')
    expect(() => checkInputs('f', meta(['cloudfunctions/_local/gateway.ts']))).toThrow()
    expect(() => checkInputs('f', meta([], ['better-sqlite3']))).toThrow('better-sqlite3')
    expect(() => checkInputs('member', meta(['cloudfunctions/member/privacy.ts', 'cloudfunctions/_shared/privacy/station.ts']))).not.toThrow()
    expect(() => checkInputs('member', meta(['cloudfunctions/station/model.ts']))).toThrow('station/model.ts')
    expect(() => checkRuntime('f', 'await Array.fromAsync(it)')).toThrow('Array.fromAsync')
    expect(() => checkRuntime('f', 'Promise.try(() => 1)')).toThrow('Promise.try')
    expect(() => checkRuntime('f', 'const a = structuredClone(b); await fetch(url); x.findLast((y) => y); x.toSorted()')).not.toThrow()
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

  it('each bundle answers its first call under the deploy runtime, through the SDK shipped inside it', async () => {
    // The machine's Node must be the runtime's major version (cloudbaserc.json says Nodejs20.19).
    expect(RUNTIME).toMatch(/^Nodejs(\d+)\.(\d+)$/)
    const [, major] = /^Nodejs(\d+)/.exec(RUNTIME)!
    const cs = await startCaptureServer()
    try {
      cs.reply = (r) => emptyDatabaseReply(r.action)
      const answers: Record<string, unknown> = {}
      for (const fn of FUNCTIONS) {
        const first = FIRST_CALLS[fn]
        // No NODE_PATH: the bundle must find the SDK in its own folder, as in the cloud.
        const r = await probeBundle(join(OUT, fn, 'index.js'), { ...first.event, userInfo: { openId: 'o-spoof' } }, cloudEnv(cs.url, first.openid))
        expect(r.node.split('.')[0]).toBe(`v${major}`)
        answers[fn] = r.answer
      }
      expect(answers).toEqual({
        member: { ok: true, data: { openid: 'o-admin', roles: ['admin'], member: null, uploadDir: expect.stringMatching(/^contest\/[A-Za-z0-9_-]{16}\/$/) } },
        voucher: { ok: true, data: { items: [], nextCursor: null } },
        contest: { ok: true, data: { items: [] } },
        station: { ok: true, data: { items: [] } },
      })
      const sent = cs.requests.map((r) => [r.action, r.body.collectionName, r.body.envName])
      expect(sent).toEqual(expect.arrayContaining([
        ['database.getDocument', 'roles', 'test-env'],
        ['database.getDocument', 'members', 'test-env'],
        ['database.getDocument', 'vouchers', 'test-env'],
        ['database.getDocument', 'contests', 'test-env'],
        ['database.getDocument', 'stations', 'test-env'],
      ]))
      // nearby asked the database for a $nearSphere query around the given point.
      const near = cs.requests.find((r) => r.body.collectionName === 'stations')!
      expect(String(near.body.query)).toContain('$nearSphere')
      expect(String(near.body.query)).toContain('113.26')
    } finally {
      await cs.close()
    }
  }, 60_000)
})

describe('collections.ts: the one list of collections and indexes', () => {
  it('names every index after its fields, with a 2dsphere index on geo fields', () => {
    for (const [name, spec] of Object.entries(COLLECTIONS)) {
      const ix = cloudIndexes(spec)
      const expected = (spec.indexes ?? []).map((fields) => fields.map((f) => [f, '1']))
      for (const f of spec.unique ?? []) expected.push([[f, '1']])
      if (spec.geo) expected.push([[spec.geo, '2dsphere']])
      expect(ix.map((i) => i.keys.map((k) => [k.name, k.direction]))).toEqual(expected)
      expect(new Set(ix.map((i) => i.name)).size).toBe(ix.length)
      expect(C[name as keyof typeof C]).toBe(name)
    }
    expect(cloudIndexes(COLLECTIONS.stations)).toContainEqual({ name: 'location_2dsphere', unique: false, keys: [{ name: 'location', direction: '2dsphere' }] })
    expect(cloudIndexes(COLLECTIONS.checkins).map((i) => i.name)).toEqual(['stationId_1_day_1', 'openid_1', 'city_1_day_1', 'day_1', 'claim_1'])
    expect(cloudIndexes(COLLECTIONS.vouchers)).toContainEqual({ name: 'rk_1_unique', unique: true, keys: [{ name: 'rk', direction: '1' }] })
  })
})

describe('cloudbaserc.json', () => {
  const rc = JSON.parse(readFileSync(join(ROOT, 'cloudbaserc.json'), 'utf8'))
  it('describes the four built functions with their environment, and commits no environment id or secret', () => {
    expect(rc).toMatchObject({ version: '2.0', envId: '{{env.ENV_ID}}', functionRoot: './dist/functions' })
    expect(rc.functions.map((f: { name: string }) => f.name)).toEqual([...FUNCTIONS])
    for (const f of rc.functions) {
      expect(f).toMatchObject({ handler: 'index.main', runtime: RUNTIME, installDependency: false })
      expect(f.timeout).toBeGreaterThanOrEqual(10)
      expect(f.memorySize).toBeGreaterThanOrEqual(128)
      expect(f.envVariables).toEqual({
        TOKEN_SECRET: '{{env.TOKEN_SECRET}}',
        ADMIN_OPENIDS: '{{env.ADMIN_OPENIDS}}',
        DOCSTORE: 'cloudbase',
        STORAGE: 'cloudbase',
        MEDIA_CHECK: 'wechat',
        NOTIFIER: 'wechat',
        SUBSCRIBE_TEMPLATES: '{{env.SUBSCRIBE_TEMPLATES}}',
        LOG_LEVEL: 'info',
      })
    }
  })

  it('runs voucher.remind daily from 18:00, resuming every 10 minutes until 18:50 (CloudBase timers run on Beijing time), and no other timer', () => {
    const triggers = Object.fromEntries(rc.functions.map((f: { name: string; triggers?: unknown }) => [f.name, f.triggers ?? []]))
    expect(triggers).toEqual({ member: [], voucher: [{ name: 'remind', type: 'timer', config: '0 */10 18 * * * *' }], contest: [], station: [] })
  })
})
