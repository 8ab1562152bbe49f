/**
 * npm run cloud:setup: prepares a CloudBase environment for the four functions, from
 * cloudfunctions/_shared/collections.ts, with Tencent's management SDK (@cloudbase/manager-node):
 *
 *   - every collection, created when missing;
 *   - every index (ascending compound indexes and the 2dsphere geo indexes), created when missing;
 *   - the database permission of every collection: ADMINONLY (no client access);
 *   - the storage rule (uploaders read and write their own files only).
 *
 * It only adds or tightens: it never drops a collection, an index or data. A second run finds
 * everything in place, changes nothing and says so.
 *
 *   npm run cloud:setup               apply
 *   npm run cloud:setup -- --check    only report what is missing (exit code 1 if anything is)
 *
 * Reads ENV_ID (the environment id) and TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (an API key
 * of the Tencent Cloud account, optionally TENCENTCLOUD_SESSIONTOKEN) from the environment or from
 * .env.local (git-ignored). Nothing of that is ever written anywhere.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cloudIndexes, COLLECTIONS, DATABASE_PERMISSION, STORAGE_RULE, type CollectionSpec } from '../cloudfunctions/_shared/collections'

/** The part of @cloudbase/manager-node this script uses. */
export interface Manager {
  database: {
    listCollections(o?: { MgoLimit?: number; MgoOffset?: number }): Promise<{ Collections: Array<{ CollectionName: string }>; Pager?: { Total: number } }>
    createCollection(name: string): Promise<unknown>
    describeCollection(name: string): Promise<{ Indexes?: Array<{ Name: string }> }>
    updateCollection(name: string, info: { CreateIndexes: Array<{ IndexName: string; MgoKeySchema: { MgoIndexKeys: Array<{ Name: string; Direction: string }>; MgoIsUnique: boolean } }> }): Promise<unknown>
  }
  permission: {
    describeResourcePermission(o: { resourceType: 'collection'; resources?: string[] }): Promise<unknown>
    modifyResourcePermission(o: { resourceType: 'collection'; resource: string; permission: string }): Promise<unknown>
  }
  storage: {
    getStorageAcl(o: { withRule: true }): Promise<{ acl: string; rule?: unknown } | string>
    setStorageAcl(acl: 'CUSTOM', rule: object): Promise<unknown>
  }
}

export type StepKind = 'collection' | 'index' | 'permission' | 'storage'
export interface Step { kind: StepKind; target: string; state: 'ok' | 'missing' | 'created' | 'updated'; detail?: string }
export interface SetupReport { steps: Step[]; changed: number; missing: number }

const PAGE = 100

async function existingCollections(m: Manager): Promise<Set<string>> {
  const names = new Set<string>()
  for (let offset = 0; ; offset += PAGE) {
    const res = await m.database.listCollections({ MgoLimit: PAGE, MgoOffset: offset })
    const page = res.Collections ?? []
    for (const c of page) names.add(c.CollectionName)
    if (page.length < PAGE || (res.Pager && offset + PAGE >= res.Pager.Total)) return names
  }
}

/** The permission list, however the API nests it (`Data.PermissionList` per the SDK's types, or at the top). */
function permissionList(res: unknown): Array<{ Resource?: string; Permission?: string }> {
  const r = res as { Data?: { PermissionList?: unknown }; PermissionList?: unknown }
  const list = r?.Data?.PermissionList ?? r?.PermissionList
  return Array.isArray(list) ? list : []
}

const sameRule = (a: unknown, b: object) => {
  if (!a || typeof a !== 'object') return false
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  return Object.keys(x).length === Object.keys(y).length && Object.keys(y).every((k) => x[k] === y[k])
}

export async function cloudSetup(m: Manager, opts: { check?: boolean; specs?: Readonly<Record<string, CollectionSpec>> } = {}): Promise<SetupReport> {
  const specs = opts.specs ?? COLLECTIONS
  const apply = !opts.check
  const steps: Step[] = []
  const note = (s: Step) => { steps.push(s) }

  // Collections and their indexes.
  const have = await existingCollections(m)
  for (const [name, spec] of Object.entries(specs)) {
    let present = have.has(name)
    if (present) note({ kind: 'collection', target: name, state: 'ok' })
    else if (apply) { await m.database.createCollection(name); present = true; note({ kind: 'collection', target: name, state: 'created' }) }
    else note({ kind: 'collection', target: name, state: 'missing' })

    const wanted = cloudIndexes(spec)
    if (!wanted.length) continue
    const existing = present && have.has(name) ? new Set((await m.database.describeCollection(name)).Indexes?.map((i) => i.Name) ?? []) : new Set<string>()
    const lacking = wanted.filter((ix) => !existing.has(ix.name))
    for (const ix of wanted) if (existing.has(ix.name)) note({ kind: 'index', target: `${name}.${ix.name}`, state: 'ok' })
    if (!lacking.length) continue
    if (apply) {
      await m.database.updateCollection(name, {
        CreateIndexes: lacking.map((ix) => ({
          IndexName: ix.name,
          MgoKeySchema: { MgoIndexKeys: ix.keys.map((k) => ({ Name: k.name, Direction: k.direction })), MgoIsUnique: ix.unique },
        })),
      })
    }
    for (const ix of lacking) note({ kind: 'index', target: `${name}.${ix.name}`, state: apply ? 'created' : 'missing', detail: ix.keys.map((k) => `${k.name}:${k.direction}`).join(', ') })
  }

  // Database permissions: no client access to any collection.
  const names = Object.keys(specs)
  const perms = new Map(permissionList(await m.permission.describeResourcePermission({ resourceType: 'collection', resources: names })).map((p) => [p.Resource, p.Permission]))
  for (const name of names) {
    const current = perms.get(name)
    if (current === DATABASE_PERMISSION) { note({ kind: 'permission', target: name, state: 'ok' }); continue }
    if (apply) await m.permission.modifyResourcePermission({ resourceType: 'collection', resource: name, permission: DATABASE_PERMISSION })
    note({ kind: 'permission', target: name, state: apply ? 'updated' : 'missing', detail: `${current ?? '未设置'} → ${DATABASE_PERMISSION}` })
  }

  // Storage rule.
  const acl = await m.storage.getStorageAcl({ withRule: true })
  const aclTag = typeof acl === 'string' ? acl : acl.acl
  const rule = typeof acl === 'string' ? undefined : acl.rule
  if (aclTag === 'CUSTOM' && sameRule(rule, STORAGE_RULE)) note({ kind: 'storage', target: 'rule', state: 'ok' })
  else {
    if (apply) await m.storage.setStorageAcl('CUSTOM', { ...STORAGE_RULE })
    note({ kind: 'storage', target: 'rule', state: apply ? 'updated' : 'missing', detail: `${aclTag} → CUSTOM ${JSON.stringify(STORAGE_RULE)}` })
  }

  return {
    steps,
    changed: steps.filter((s) => s.state === 'created' || s.state === 'updated').length,
    missing: steps.filter((s) => s.state === 'missing').length,
  }
}

const LABEL: Record<StepKind, string> = { collection: '集合', index: '索引', permission: '数据库权限', storage: '存储权限' }
const MARK: Record<Step['state'], string> = { ok: '✓', missing: '✗ 缺少', created: '+ 已创建', updated: '~ 已更新' }

export function formatReport(r: SetupReport, check: boolean): string {
  const lines = r.steps.filter((s) => s.state !== 'ok').map((s) => `${MARK[s.state]} ${LABEL[s.kind]} ${s.target}${s.detail ? `（${s.detail}）` : ''}`)
  const ok = r.steps.filter((s) => s.state === 'ok').length
  if (check) lines.push(r.missing ? `${r.missing} 项缺少，${ok} 项已就绪。运行 npm run cloud:setup 补齐。` : `全部 ${ok} 项已就绪。`)
  else lines.push(r.changed ? `已更改 ${r.changed} 项，${ok} 项原本就绪。` : `全部 ${ok} 项已就绪，没有需要更改的内容。`)
  return lines.join('\n')
}

/** KEY=VALUE lines of .env.local, for variables not already set. */
export function loadEnvFile(file: string, env: NodeJS.ProcessEnv = process.env): void {
  if (!existsSync(file)) return
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line)
    if (!m || env[m[1]] !== undefined) continue
    env[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2')
  }
}

export function managerFromEnv(env: NodeJS.ProcessEnv = process.env): Manager {
  const missing = ['ENV_ID', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'].filter((k) => !env[k])
  if (missing.length) throw new Error(`缺少环境变量：${missing.join('、')}（写在 .env.local 里，见 docs/DEPLOY.md）`)
  const CloudBase = require('@cloudbase/manager-node') as new (c: object) => Manager
  return new CloudBase({
    envId: env.ENV_ID,
    secretId: env.TENCENTCLOUD_SECRETID,
    secretKey: env.TENCENTCLOUD_SECRETKEY,
    ...(env.TENCENTCLOUD_SESSIONTOKEN ? { token: env.TENCENTCLOUD_SESSIONTOKEN } : {}),
  })
}

if (require.main === module) {
  const check = process.argv.includes('--check')
  loadEnvFile(join(__dirname, '..', '.env.local'))
  Promise.resolve()
    .then(() => cloudSetup(managerFromEnv(), { check }))
    .then((r) => {
      console.log(formatReport(r, check))
      process.exit(check && r.missing ? 1 : 0)
    }, (e: unknown) => {
      const err = e as { message?: string; code?: string; action?: string }
      console.error(`失败：${err.message ?? String(e)}${err.code ? `（${err.code}${err.action ? `，${err.action}` : ''}）` : ''}`)
      process.exit(2)
    })
}
