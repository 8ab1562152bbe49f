/**
 * CloudBase database resources derived from cloudfunctions/_shared/collections.ts:
 * - cloudfunctions/database-rules.json: per collection `{ read: false, write: false }`: clients never
 *   touch the database, only the functions do (server SDKs are not bound by these rules);
 * - cloudfunctions/database-indexes.json: per collection the `create_indexes` body of WeChat's
 *   `tcb/updateindex` API (name, unique, keys[{ name, direction: "1" | "2dsphere" }]).
 *
 *   npx tsx scripts/cloud-indexes.ts           write both files
 *   npx tsx scripts/cloud-indexes.ts --check   fail when they are out of date
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { COLLECTIONS, type CollectionSpec } from '../cloudfunctions/_shared/collections'

export interface IndexKey { name: string; direction: '1' | '-1' | '2dsphere' }
export interface IndexSpec { name: string; unique: boolean; keys: IndexKey[] }
export interface CollectionIndexes { collection_name: string; create_indexes: IndexSpec[] }

export function databaseRules(specs: Record<string, CollectionSpec> = COLLECTIONS): Record<string, { read: false; write: false }> {
  return Object.fromEntries(Object.keys(specs).sort().map((name) => [name, { read: false, write: false }]))
}

/** Index names follow MongoDB's own convention (`field_1_other_1`, `location_2dsphere`). */
export function databaseIndexes(specs: Record<string, CollectionSpec> = COLLECTIONS): CollectionIndexes[] {
  return Object.keys(specs).sort().map((name) => {
    const spec = specs[name]
    const create: IndexSpec[] = (spec.indexes ?? []).map((fields) => ({
      name: fields.map((f) => `${f}_1`).join('_'),
      unique: false,
      keys: fields.map((f) => ({ name: f, direction: '1' as const })),
    }))
    for (const f of spec.unique ?? []) create.push({ name: `${f}_1_unique`, unique: true, keys: [{ name: f, direction: '1' }] })
    if (spec.geo) create.push({ name: `${spec.geo}_2dsphere`, unique: false, keys: [{ name: spec.geo, direction: '2dsphere' }] })
    return { collection_name: name, create_indexes: create }
  })
}

const ROOT = join(__dirname, '..')
export const RULES_FILE = join(ROOT, 'cloudfunctions/database-rules.json')
export const INDEXES_FILE = join(ROOT, 'cloudfunctions/database-indexes.json')
const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n'

/** Writes the files, or with `check` only reports which are stale. Answers the stale ones. */
export function writeDatabaseFiles(opts: { check?: boolean } = {}): string[] {
  const wanted: Array<[string, string]> = [[RULES_FILE, json(databaseRules())], [INDEXES_FILE, json(databaseIndexes())]]
  const stale: string[] = []
  for (const [file, text] of wanted) {
    let current = ''
    try { current = readFileSync(file, 'utf8') } catch { /* missing */ }
    if (current === text) continue
    stale.push(file)
    if (!opts.check) writeFileSync(file, text)
  }
  return stale
}

if (require.main === module) {
  const check = process.argv.includes('--check')
  const stale = writeDatabaseFiles({ check })
  if (check && stale.length) {
    console.error(`out of date (run npx tsx scripts/cloud-indexes.ts): ${stale.join(', ')}`)
    process.exit(1)
  }
  const n = databaseIndexes().reduce((s, c) => s + c.create_indexes.length, 0)
  console.log(`${Object.keys(COLLECTIONS).length} collections, ${n} indexes${stale.length && !check ? `; wrote ${stale.length} file(s)` : ''}`)
}
