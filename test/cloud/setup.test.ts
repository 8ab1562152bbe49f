/**
 * npm run cloud:setup against a stand-in for CloudBase's management API: the real
 * @cloudbase/manager-node signs and sends TC3 requests to the capture server (TCB_BASE_URL points
 * its `tcb` service there), which keeps a small model of an environment: collections, their
 * indexes, collection permissions and the storage rule. No request leaves 127.0.0.1.
 */
import { cloudSetup, formatReport, managerFromEnv, type Manager } from '../../scripts/cloud-setup'
import { cloudIndexes, COLLECTIONS, DATABASE_PERMISSION, STORAGE_RULE } from '../../cloudfunctions/_shared/collections'
import { startCaptureServer, type CaptureServer, type Captured } from '../support/capture-server'

interface FakeEnv {
  tables: Map<string, Array<{ Name: string; Keys: Array<{ Name: string; Direction: string }> }>>
  perms: Map<string, string>
  storage: { AclTag: string; Rule?: string }
}

let cs: CaptureServer
let env: FakeEnv
const saved = { TCB_BASE_URL: process.env.TCB_BASE_URL }

const action = (r: Captured) => String(r.headers['x-tc-action'] ?? '')
const ok = (body: object) => ({ Response: { RequestId: 'r-1', ...body } })
const fail = (Code: string, Message: string) => ({ Response: { RequestId: 'r-1', Error: { Code, Message } } })

/** The management API as far as the bootstrap uses it (request and answer fields as in the SDK's source). */
function answer(r: Captured): object {
  const b = r.body
  switch (action(r)) {
    case 'DescribeEnvInfo':
      return ok({ EnvInfo: { EnvBaseInfo: { EnvId: b.EnvId, Alias: 'test', Status: 'NORMAL', Databases: [{ InstanceId: 'db-1' }], Storages: [{ Region: 'ap-shanghai', Bucket: 'bucket-1' }], Functions: [] } } })
    case 'ListTables': {
      const all = [...env.tables.keys()].sort()
      const page = all.slice(b.MgoOffset, b.MgoOffset + b.MgoLimit)
      return ok({ Tables: page.map((TableName) => ({ TableName, Count: 0, Size: 0, IndexCount: 0, IndexSize: 0 })), Pager: { Offset: b.MgoOffset, Limit: b.MgoLimit, Total: all.length } })
    }
    case 'CreateTable':
      if (env.tables.has(b.TableName)) return fail('ResourceInUse', 'table exists')
      env.tables.set(b.TableName, [{ Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }] }])
      return ok({})
    case 'DescribeTable': {
      const t = env.tables.get(b.TableName)
      return t ? ok({ Indexes: t.map((i) => ({ ...i, Size: 0, Unique: false, Accesses: { Ops: 0, Since: '' } })), IndexNum: t.length }) : fail('ResourceNotFound', 'no table')
    }
    case 'UpdateTable': {
      const t = env.tables.get(b.TableName)
      if (!t) return fail('ResourceNotFound', 'no table')
      for (const ix of b.CreateIndexes ?? []) {
        if (t.some((i) => i.Name === ix.IndexName)) return fail('InvalidParameter', `index ${ix.IndexName} exists`)
        t.push({ Name: ix.IndexName, Keys: ix.MgoKeySchema.MgoIndexKeys })
      }
      return ok({})
    }
    case 'DescribeResourcePermission':
      return ok({ Data: { TotalCount: env.perms.size, PermissionList: (b.Resources as string[]).filter((n) => env.perms.has(n)).map((n) => ({ ResourceType: 'collection', Resource: n, Permission: env.perms.get(n) })) } })
    case 'ModifyResourcePermission':
      env.perms.set(b.Resource, b.Permission)
      return ok({ Data: { Success: true } })
    case 'DescribeStorageSafeRule':
      return ok({ AclTag: env.storage.AclTag, ...(env.storage.Rule ? { Rule: env.storage.Rule } : {}) })
    case 'ModifyStorageSafeRule':
      env.storage = { AclTag: b.AclTag, Rule: b.Rule }
      return ok({})
    default:
      return fail('UnsupportedOperation', action(r))
  }
}

beforeAll(async () => {
  cs = await startCaptureServer()
  cs.reply = (r) => answer(r) as Record<string, unknown>
  process.env.TCB_BASE_URL = cs.url
})
afterAll(async () => {
  await cs.close()
  if (saved.TCB_BASE_URL === undefined) delete process.env.TCB_BASE_URL
  else process.env.TCB_BASE_URL = saved.TCB_BASE_URL
})
beforeEach(() => {
  cs.requests.length = 0
  // A fresh environment: one collection made by hand in the console, default permissions and storage rule.
  env = { tables: new Map([['members', [{ Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }] }]]]), perms: new Map([['members', 'PRIVATE']]), storage: { AclTag: 'PRIVATE' } }
})

const manager = (): Manager => managerFromEnv({ ENV_ID: 'test-env', TENCENTCLOUD_SECRETID: 'AKID-test', TENCENTCLOUD_SECRETKEY: 'key-test' })
const names = Object.keys(COLLECTIONS)
const allIndexes = Object.entries(COLLECTIONS).flatMap(([n, s]) => cloudIndexes(s).map((i) => `${n}.${i.name}`))

describe('npm run cloud:setup', () => {
  it('creates every collection, index, permission and the storage rule; a second run changes nothing and says so', async () => {
    const first = await cloudSetup(manager())
    expect([...env.tables.keys()].sort()).toEqual([...names].sort())
    for (const [name, spec] of Object.entries(COLLECTIONS)) {
      const got = env.tables.get(name)!.filter((i) => i.Name !== '_id_')
      expect(got).toEqual(cloudIndexes(spec).map((ix) => ({ Name: ix.name, Keys: ix.keys.map((k) => ({ Name: k.name, Direction: k.direction })) })))
    }
    expect(env.tables.get('stations')!.map((i) => i.Name)).toContain('location_2dsphere')
    expect(env.tables.get('partners')!.find((i) => i.Name === 'location_2dsphere')!.Keys).toEqual([{ Name: 'location', Direction: '2dsphere' }])
    for (const n of names) expect(env.perms.get(n)).toBe(DATABASE_PERMISSION)
    expect(env.storage).toEqual({ AclTag: 'CUSTOM', Rule: JSON.stringify(STORAGE_RULE) })
    expect(first.changed).toBe((names.length - 1) + allIndexes.length + names.length + 1)
    expect(formatReport(first, false)).toContain('+ 已创建 索引 stations.location_2dsphere')

    // Signed like any Tencent Cloud API call, with the environment's id and no secret in the body.
    const req = cs.requests.find((r) => action(r) === 'CreateTable')!
    expect(req.headers.authorization).toMatch(/^TC3-HMAC-SHA256 Credential=AKID-test\//)
    expect(req.body).toMatchObject({ EnvId: 'test-env', MongoConnector: { DatabaseName: 'db-1', InstanceId: 'flexdb' } })
    expect(JSON.stringify(cs.requests.map((r) => r.body))).not.toContain('key-test')

    cs.requests.length = 0
    const second = await cloudSetup(manager())
    expect(second.changed).toBe(0)
    expect(second.steps.every((s) => s.state === 'ok')).toBe(true)
    expect(formatReport(second, false)).toMatch(/全部 \d+ 项已就绪，没有需要更改的内容。/)
    const writes = cs.requests.map(action).filter((a) => /^(Create|Update|Modify)/.test(a))
    expect(writes).toEqual([])
  }, 30_000)

  it('--check only reports: a missing geo index and a loosened rule are named, nothing is written', async () => {
    await cloudSetup(manager())
    env.tables.set('stations', env.tables.get('stations')!.filter((i) => i.Name !== 'location_2dsphere'))
    env.perms.set('members', 'READONLY')
    cs.requests.length = 0
    const report = await cloudSetup(manager(), { check: true })
    expect(report.changed).toBe(0)
    expect(report.steps.filter((s) => s.state === 'missing').map((s) => `${s.kind} ${s.target}`)).toEqual(['index stations.location_2dsphere', 'permission members'])
    expect(formatReport(report, true)).toContain('✗ 缺少 索引 stations.location_2dsphere（location:2dsphere）')
    expect(cs.requests.map(action).filter((a) => /^(Create|Update|Modify)/.test(a))).toEqual([])
    // Applying repairs exactly those two.
    const fix = await cloudSetup(manager())
    expect(fix.steps.filter((s) => s.state !== 'ok').map((s) => `${s.kind} ${s.target}`)).toEqual(['index stations.location_2dsphere', 'permission members'])
    expect(env.perms.get('members')).toBe(DATABASE_PERMISSION)
  }, 30_000)

  it('says which variables are missing instead of calling the API', () => {
    expect(() => managerFromEnv({ ENV_ID: 'x' })).toThrow('TENCENTCLOUD_SECRETID、TENCENTCLOUD_SECRETKEY')
  })

  it('an API error stops the run with its code', async () => {
    const original = cs.reply
    cs.reply = (r) => (action(r) === 'CreateTable' ? fail('LimitExceeded', 'too many collections') : answer(r)) as Record<string, unknown>
    try {
      await expect(cloudSetup(manager())).rejects.toMatchObject({ code: 'LimitExceeded' })
    } finally {
      cs.reply = original
    }
  }, 30_000)
})
