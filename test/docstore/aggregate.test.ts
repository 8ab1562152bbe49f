/**
 * Counting by the database (Collection.countBy, through groupCount): on the embedded store the
 * GROUP BY answers exactly what reading and counting every document answers, also past one page of
 * groups; on CloudBase it is one aggregation request per page (match, group, sort, skip, limit).
 */
import { groupCount } from '../../cloudfunctions/_shared/aggregate'
import { SqliteDocStore } from '../../cloudfunctions/_shared/docstore/sqlite'
import { CloudbaseDocStore } from '../../cloudfunctions/_shared/docstore/cloudbase'
import { GROUP_LIMIT, type Collection, type Doc } from '../../cloudfunctions/_shared/ports'
import { rng } from '../../cloudfunctions/_local/seed/rng'
import { startCaptureServer } from '../support/capture-server'

interface Checkin extends Doc { day: string; stationId: string; city: string; claim?: string }

/** The same collection without countBy: groupCount falls back to reading the documents. */
const withoutCountBy = <T extends Doc>(c: Collection<T>): Collection<T> => ({ ...Object.fromEntries(['insert', 'get', 'find', 'count', 'updateOne', 'updateMany', 'remove', 'geoNear'].map((k) => [k, (c as any)[k].bind(c)])) } as unknown as Collection<T>)

describe('groupCount on the embedded store', () => {
  let store: SqliteDocStore
  beforeAll(async () => {
    store = new SqliteDocStore({ file: ':memory:' })
    const r = rng(12)
    const checkins = store.collection<Checkin>('checkins')
    // 3,000 check-ins over 40 days, 60 stations, 3 cities: more (day, station) groups than one page holds.
    for (let i = 0; i < 3000; i++) {
      const day = `2026-06-${String(1 + Math.floor(r() * 30)).padStart(2, '0')}`
      await checkins.insert({ _id: `c${String(i).padStart(5, '0')}`, day, stationId: `s${Math.floor(r() * 60)}`, city: ['武汉', '广州', '汕头'][Math.floor(r() * 3)] })
    }
    await checkins.insert({ _id: 'c-nostation', day: '2026-06-02', city: '武汉' } as unknown as Checkin)
  })
  afterAll(() => store.close())

  it('answers what counting the documents answers, with and without a filter', async () => {
    const c = store.collection<Checkin>('checkins')
    for (const filter of [{}, { city: '武汉' }, { city: '广州', day: { $gte: '2026-06-15' } }]) {
      const fast = await groupCount(c, filter, ['day', 'stationId'])
      const slow = await groupCount(withoutCountBy(c), filter, ['day', 'stationId'])
      expect([...fast.entries()].sort()).toEqual([...slow.entries()].sort())
      expect([...fast.values()].reduce((s, g) => s + g.count, 0)).toBe(await c.count(filter))
    }
    const all = await groupCount(c, {}, ['day', 'stationId'])
    expect(all.size).toBeGreaterThan(GROUP_LIMIT) // paged
    expect(all.get('2026-06-02|null')).toEqual({ key: ['2026-06-02', null], count: 1 })
  })

  it('pages in key order', async () => {
    const c = store.collection<Checkin>('checkins')
    const first = await c.countBy!({}, ['day', 'stationId'])
    const second = await c.countBy!({}, ['day', 'stationId'], { skip: GROUP_LIMIT })
    expect(first).toHaveLength(GROUP_LIMIT)
    const keys = [...first, ...second].map((g) => g.key.join('|'))
    expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('refuses bad field paths and filters like the other port calls', async () => {
    const c = store.collection<Checkin>('checkins')
    await expect(c.countBy!({}, [])).rejects.toThrow('at least one field')
    await expect(c.countBy!({ $where: 'x' } as never, ['day'])).rejects.toThrow()
  })
})

describe('countBy on CloudBase (real SDK, capture server)', () => {
  const saved = process.env.TENCENTCLOUD
  afterAll(() => { if (saved === undefined) delete process.env.TENCENTCLOUD; else process.env.TENCENTCLOUD = saved })

  it('sends one aggregation per page and maps the groups back', async () => {
    process.env.TENCENTCLOUD = 'true'
    const cs = await startCaptureServer()
    const store = new CloudbaseDocStore({ init: { env: 'test-env', secretId: 'a', secretKey: 'b', serviceUrl: `${cs.url}/admin`, keepalive: false } })
    try {
      // First page full, second page short: groupCount asks twice.
      cs.reply = (r) => {
        const skip = Number(r.body.stages.find((s: { stageKey: string }) => s.stageKey === '$skip').stageValue)
        const n = skip === 0 ? GROUP_LIMIT : 2
        return { requestId: 'q', data: { list: Array.from({ length: n }, (_, i) => JSON.stringify({ _id: { k0: `d${skip + i}`, k1: 's1' }, n: 2 })) } }
      }
      const groups = await groupCount(store.collection<Checkin>('checkins'), { city: '武汉', day: { $gte: '2026-06-01' } }, ['day', 'stationId'])
      expect(groups.size).toBe(GROUP_LIMIT + 2)
      expect(groups.get('d1001|s1')).toEqual({ key: ['d1001', 's1'], count: 2 })
      expect(cs.requests.map((r) => r.action)).toEqual(['database.aggregateDocuments', 'database.aggregateDocuments'])
      const stages = cs.requests[1].body.stages.map((s: { stageKey: string; stageValue: string }) => [s.stageKey, JSON.parse(s.stageValue)])
      expect(stages).toEqual([
        ['$match', { city: { $eq: '武汉' }, day: { $gte: '2026-06-01' } }],
        ['$group', { _id: { k0: '$day', k1: '$stationId' }, n: { $sum: { $numberInt: '1' } } }],
        ['$sort', { '_id.k0': { $numberInt: '1' }, '_id.k1': { $numberInt: '1' } }],
        ['$skip', GROUP_LIMIT],
        ['$limit', GROUP_LIMIT],
      ])
      expect(cs.requests[0].body).toMatchObject({ collectionName: 'checkins', envName: 'test-env' })
    } finally {
      await store.close()
      await cs.close()
    }
  })
})
