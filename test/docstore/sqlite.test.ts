import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SqliteDocStore } from '../../cloudfunctions/_shared/docstore/sqlite'
import type { Filter } from '../../cloudfunctions/_shared/ports'
import { runDocStoreContract, WUHAN } from './contract'
import { destination } from '../support/geo'

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
    await first.collection('stations').insert({ _id: 's', location: destination(WUHAN, 300, 90) })
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

  it('filters nearby stations from the R*Tree\'s own columns exactly as from the documents, across updates', async () => {
    const store = new SqliteDocStore({ file: freshFile() })
    const c = store.collection('stations')
    const services = ['water', 'rest', 'microwave', 'parking', 'legal'] as const
    const hours = [{ open: '08:00', close: '20:00' }, { open: '20:00', close: '08:00' }, '24h'] as const
    const kind = (h: (typeof hours)[number]) => (h === '24h' ? '24h' : h.open < h.close ? 'day' : 'overnight')
    for (let i = 0; i < 300; i++) {
      const h = hours[i % 3]
      await c.insert({ _id: `st-${i}`, city: '武汉', location: destination(WUHAN, (i * 37) % 4000, (i * 53) % 360), services: services.filter((_, k) => (i >> k) & 1), openHours: h, hoursKind: kind(h) })
    }
    // Moved, re-serviced and re-timed through every update path: $set of the field, of a parent, $push, $unset.
    await c.updateOne({ _id: 'st-1' }, { $set: { services: ['parking', 'legal'] } })
    await c.updateOne({ _id: 'st-2' }, { $push: { services: 'parking' } })
    await c.updateOne({ _id: 'st-3' }, { $set: { openHours: '24h', hoursKind: '24h' } })
    await c.updateOne({ _id: 'st-4' }, { $set: { 'openHours.close': '23:00' } })
    await c.updateOne({ _id: 'st-5' }, { $unset: { services: 1 } })
    await c.updateMany({ _id: { $in: ['st-6', 'st-7'] } }, { $set: { services: ['legal'] } })
    await store.runTransaction(async (tx) => { await tx.update('stations', 'st-8', { $set: { services: ['water', 'parking'] } }) })
    const open = (hhmm: string): Filter => ({ $or: [
      { hoursKind: '24h' },
      { hoursKind: 'day', 'openHours.open': { $lte: hhmm }, 'openHours.close': { $gt: hhmm } },
      { hoursKind: 'overnight', $or: [{ 'openHours.open': { $lte: hhmm } }, { 'openHours.close': { $gt: hhmm } }] },
    ] })
    const filters: Filter[] = [
      { services: { $all: ['parking'] } },
      { services: { $all: ['legal', 'parking'] } },
      { services: { $all: ['water', 'water'] } },
      open('07:30'), open('12:00'), open('22:15'),
      { $and: [{ services: { $all: ['rest'] } }, open('21:00')] },
      { hoursKind: { $in: ['24h', 'day'] }, 'openHours.open': { $ne: '08:00' } },
    ]
    for (const filter of filters) {
      const hits = (f: Filter) => c.geoNear({ center: WUHAN, maxDistanceM: 5000, limit: 40, filter: f }).then((r) => r.map((h) => [h._id, h.distanceM]))
      // `city` lives only in the documents: the same filter with it is answered by reading them.
      const fromDocs = await hits({ $and: [filter, { city: '武汉' }] })
      expect(fromDocs.length).toBeGreaterThan(0)
      expect(await hits(filter)).toEqual(fromDocs)
    }
    await store.close()
  })

  it('rebuilds an R*Tree made without auxiliary columns from the documents', async () => {
    const file = freshFile()
    const first = new SqliteDocStore({ file })
    await first.collection('stations').insert({ _id: 'old', location: destination(WUHAN, 300, 90), services: ['water', 'parking'] })
    await first.close()
    const Database = (await import('better-sqlite3')).default
    const raw = new Database(file)
    raw.exec('DROP TABLE g_stations; CREATE VIRTUAL TABLE g_stations USING rtree(rid, minLat, maxLat, minLng, maxLng); INSERT INTO g_stations SELECT rid, 30.59, 30.6, 114.3, 114.31 FROM c_stations')
    raw.close()
    const second = new SqliteDocStore({ file })
    const hits = await second.collection('stations').geoNear({ center: WUHAN, maxDistanceM: 1000, limit: 5, filter: { services: { $all: ['parking'] } } })
    expect(hits.map((h) => [h._id, h.distanceM])).toEqual([['old', 300]])
    await second.close()
  })

  it('answers a read from committed data at once, and a failed write only after the batch that revealed it is committed', async () => {
    const store = new SqliteDocStore({ file: freshFile() })
    const c = store.collection('members')
    const first = c.insert({ _id: 'x', n: 1 })
    // Not committed yet: a read does not see it (nobody has been told of the insert).
    expect(await c.get('x')).toBeNull()
    // The same id again fails, and learning that is learning of the first insert: it is readable then.
    await expect(c.insert({ _id: 'x', n: 2 })).rejects.toThrow('duplicate key')
    expect(await c.get('x')).toEqual({ _id: 'x', n: 1 })
    await first
    await store.close()
  })

  it('answers an eager match before its commit; the next awaited write commits both', async () => {
    const store = new SqliteDocStore({ file: freshFile() })
    const c = store.collection('members')
    await c.insert({ _id: 'x', n: 0 })
    expect(await c.updateOne({ _id: 'x', n: 0 }, { $inc: { n: 1 } }, { eager: true })).toBe(1)
    // Answered, not yet committed: a read does not see it, the writer does (a second eager match fails and waits).
    expect(await c.get('x')).toEqual({ _id: 'x', n: 0 })
    expect(await c.updateOne({ _id: 'x', n: 0 }, { $inc: { n: 1 } }, { eager: true })).toBe(0)
    expect(await c.get('x')).toEqual({ _id: 'x', n: 1 })
    expect(await c.updateOne({ _id: 'x', n: 1 }, { $inc: { n: 1 } }, { eager: true })).toBe(1)
    await c.insert({ _id: 'y' })
    expect(await c.get('x')).toEqual({ _id: 'x', n: 2 })
    await store.close()
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
