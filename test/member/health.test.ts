/**
 * member.health: the deploy checklist, against the real embedded database through the gateway
 * (collections, indexes, R*Trees, settings, storage folder), and against CloudBase through the
 * real SDK pointed at a capture server (a missing collection and a missing geo index are named).
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { collectionNames, cloudIndexes, COLLECTIONS } from '../../cloudfunctions/_shared/collections'
import { startGateway, type TestGateway } from '../support/gateway'
import { startCaptureServer, type CaptureServer } from '../support/capture-server'
import { ADMIN, worker } from './helpers'

type Check = { name: string; ok: boolean; detail: string }
const byName = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.name, c]))

describe('member.health on the local gateway (embedded database)', () => {
  let gw: TestGateway
  beforeAll(async () => { gw = await startGateway() })
  afterAll(async () => { await gw.close() })

  it('lists every collection, the settings and storage, all ok on a fresh data folder', async () => {
    const r = await gw.call('member', 'health', {}, ADMIN)
    expect(r.body.ok).toBe(true)
    const checks = r.body.data.checks as Check[]
    expect(checks.map((c) => c.name)).toEqual([
      ...collectionNames().map((n) => `集合 ${n}`),
      '设置 TOKEN_SECRET', '设置 ADMIN_OPENIDS', '云开发环境', '文件存储',
    ])
    expect(checks.filter((c) => !c.ok)).toEqual([])
    const s = byName(checks)
    expect(s['集合 stations'].detail).toBe(`已创建；${cloudIndexes(COLLECTIONS.stations).length} 个索引正常`)
    expect(s['集合 meta'].detail).toBe('已创建；无需索引')
    expect(s['文件存储'].detail).toBe('本地存储目录可读写')
  })

  it('names a dropped index and a dropped geo index, and says what to run', async () => {
    const db = new Database(join(gw.dataDir, 'db.sqlite'))
    try {
      db.exec('DROP INDEX ix_checkins_city_day')
      db.exec('DROP TABLE g_partners')
    } finally {
      db.close()
    }
    const r = await gw.call('member', 'health', {}, ADMIN)
    const s = byName(r.body.data.checks)
    expect(s['集合 checkins']).toEqual({ name: '集合 checkins', ok: false, detail: '缺少索引 city_1_day_1：运行 npm run cloud:setup 补齐' })
    expect(s['集合 partners']).toEqual({ name: '集合 partners', ok: false, detail: '缺少索引 location_2dsphere：运行 npm run cloud:setup 补齐' })
    expect(s['集合 stations'].ok).toBe(true)
  })

  it('is for admins only', async () => {
    expect((await gw.call('member', 'health', {}, worker())).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect((await gw.call('member', 'health', {})).body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect((await gw.call('member', 'health', { deep: true }, ADMIN)).body).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
  })
})

describe('member.health in the cloud (real SDK, capture server)', () => {
  let cs: CaptureServer
  const saved = process.env.TENCENTCLOUD
  beforeAll(async () => {
    process.env.TENCENTCLOUD = 'true' // skip the SDK's metadata probe (see test/docstore/cloudbase.test.ts)
    cs = await startCaptureServer()
  })
  afterAll(async () => {
    await cs.close()
    if (saved === undefined) delete process.env.TENCENTCLOUD
    else process.env.TENCENTCLOUD = saved
  })

  it('reports a collection that was never created, a geo index that is missing, and storage reachable', async () => {
    cs.reply = (r) => {
      const coll = r.body.collectionName
      if (r.action === 'database.calculateDocument') {
        return coll === 'votes' ? { code: 'DATABASE_COLLECTION_NOT_EXIST', message: 'Db or Table not exist: votes', requestId: 'q' } : { requestId: 'q', data: { total: 0 } }
      }
      if (r.action === 'database.getDocument') {
        if (coll === 'stations' && String(r.body.query).includes('$nearSphere')) {
          return { code: 'DATABASE_REQUEST_FAILED', message: 'error processing query: planner returned error :: caused by :: unable to find index for $geoNear query', requestId: 'q' }
        }
        return { requestId: 'q', data: { list: [] } }
      }
      if (r.action === 'storage.batchGetDownloadUrl') {
        return { requestId: 'q', data: { download_list: r.body.file_list.map((f: { fileid: string }) => ({ code: 'STORAGE_FILE_NONEXIST', fileID: f.fileid, tempFileURL: '' })) } }
      }
      return { code: 'UNEXPECTED', message: r.action }
    }
    const { cloudMain } = require('../../cloudfunctions/_shared/cloud') as typeof import('../../cloudfunctions/_shared/cloud')
    const { memberFunction } = require('../../cloudfunctions/member/handlers') as typeof import('../../cloudfunctions/member/handlers')
    const main = cloudMain(memberFunction, {
      env: { TOKEN_SECRET: 's'.repeat(40), ADMIN_OPENIDS: 'o-admin', LOG_LEVEL: 'silent' },
      init: { env: 'test-env', secretId: 'id', secretKey: 'key', serviceUrl: `${cs.url}/admin`, keepalive: false },
    })
    const context = { environment: JSON.stringify({ WX_CONTEXT_KEYS: 'WX_OPENID', WX_OPENID: 'o-admin' }) }
    const out = await main({ action: 'health', data: {} }, context) as { ok: boolean; data: { checks: Check[] } }
    expect(out.ok).toBe(true)
    const s = byName(out.data.checks)
    expect(s['集合 votes']).toEqual({ name: '集合 votes', ok: false, detail: '集合不存在：运行 npm run cloud:setup 补齐' })
    expect(s['集合 stations']).toEqual({ name: '集合 stations', ok: false, detail: '缺少索引 location_2dsphere：运行 npm run cloud:setup 补齐' })
    expect(s['集合 partners']).toMatchObject({ ok: true, detail: '已创建；1 个索引正常；1 个普通索引云函数内无法列出，用 npm run cloud:setup -- --check 核对' })
    expect(s['集合 roles']).toMatchObject({ ok: true, detail: '已创建；无需索引' })
    expect(s['云开发环境']).toEqual({ name: '云开发环境', ok: true, detail: '使用函数所在的当前环境' })
    expect(s['文件存储']).toEqual({ name: '文件存储', ok: true, detail: '云存储可访问（STORAGE_FILE_NONEXIST）' })
    expect(out.data.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['集合 votes', '集合 stations'])
  }, 30_000)
})
