import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SqliteDocStore } from '../../cloudfunctions/_shared/docstore/sqlite'
import { runDocStoreContract, offset, WUHAN } from './contract'

const dirs: string[] = []
const freshFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ghyz-docstore-'))
  dirs.push(dir)
  return join(dir, 'db.sqlite')
}
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

runDocStoreContract('sqlite (better-sqlite3, WAL, temp file)', async () => new SqliteDocStore({ file: freshFile() }))

describe('SqliteDocStore specifics', () => {
  it('runs in WAL mode on a real file', async () => {
    const store = new SqliteDocStore({ file: freshFile() })
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal')
    await store.close()
  })

  it('keeps data, updates and the geo index across close and reopen', async () => {
    const file = freshFile()
    const first = new SqliteDocStore({ file })
    await first.collection('members').insert({ _id: 'm', name: '李四', n: 1 })
    await first.collection('members').updateOne({ _id: 'm' }, { $inc: { n: 2 }, $push: { log: 'x' } })
    await first.collection('stations').insert({ _id: 's', location: offset(WUHAN, 300, 90) })
    await first.runTransaction(async (tx) => { await tx.insert('members', { _id: 'tx' }) })
    await first.close()

    const second = new SqliteDocStore({ file })
    expect(await second.collection('members').get('m')).toEqual({ _id: 'm', name: '李四', n: 3, log: ['x'] })
    expect(await second.collection('members').get('tx')).toEqual({ _id: 'tx' })
    const hits = await second.collection('stations').geoNear({ center: WUHAN, maxDistanceM: 1000, limit: 5 })
    expect(hits.map((h) => [h._id, h.distanceM])).toEqual([['s', 300]])
    await expect(second.collection('members').insert({ _id: 'm' })).rejects.toThrow('duplicate key')
    await second.close()
  })

  it('counts one operation per port call and per transaction step', async () => {
    const store = new SqliteDocStore({ file: freshFile() })
    const c = store.collection('members')
    const step = async (f: () => Promise<unknown>) => { const b = store.ops.count; await f(); return store.ops.count - b }
    expect(await step(() => c.insert({ _id: 'a', n: 1 }))).toBe(1)
    expect(await step(() => c.get('a'))).toBe(1)
    expect(await step(() => c.find({}))).toBe(1)
    expect(await step(() => c.count({}))).toBe(1)
    expect(await step(() => c.updateOne({ _id: 'a' }, { $inc: { n: 1 } }))).toBe(1)
    expect(await step(() => c.updateMany({}, { $inc: { n: 1 } }))).toBe(1)
    expect(await step(() => c.remove({ _id: 'zz' }))).toBe(1)
    expect(await step(() => store.runTransaction(async (tx) => { await tx.get('members', 'a'); await tx.update('members', 'a', { $inc: { n: 1 } }) }))).toBe(2)
    await store.close()
  })
})
