/**
 * Station photos: keepers and staff add up to 6 photos (uploaded under station/<alias>/, JPEG, PNG or WebP
 * by content, at most 5 MB), reorder and remove them; `get` returns their URLs; a keeper cannot touch
 * another keeper's station or use someone else's upload. Through the gateway on the real store and folder.
 */
import { randomUUID } from 'node:crypto'
import { startGateway, type TestGateway } from '../support/gateway'
import { stationDoc } from '../station/helpers'

const ADMIN = 'ph-admin'
const KEEPER = 'ph-keeper'
const OTHER_KEEPER = 'ph-keeper-2'
let gw: TestGateway

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452000000100000001008060000001ff3ff61', 'hex'), Buffer.alloc(64, 7)])
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 1), Buffer.from([0xff, 0xd9])])

beforeAll(async () => {
  gw = await startGateway({ env: { SEED: 'none', ADMIN_OPENIDS: ADMIN } })
  const st = gw.deps.store.collection<import('../../cloudfunctions/station/model').StationDoc>('stations')
  await st.insert(stationDoc('ph-mine', { lat: 30.55, lng: 114.31 }, ['water'], '24h'))
  await st.insert(stationDoc('ph-theirs', { lat: 30.56, lng: 114.32 }, ['water'], '24h'))
  await gw.deps.store.collection('roles').insert({ _id: KEEPER, roles: ['keeper'], stationIds: ['ph-mine'], v: 1 })
  await gw.deps.store.collection('roles').insert({ _id: OTHER_KEEPER, roles: ['keeper'], stationIds: ['ph-theirs'], v: 1 })
})
afterAll(async () => { await gw.close() })

/** Uploads under the caller's own station folder (the alias from member.me's uploadDir). */
async function upload(openid: string, body: Buffer, ext = 'png'): Promise<string> {
  const dir = (await gw.call('member', 'me', {}, openid)).body.data.uploadDir as string
  const path = `${dir.replace(/^contest\//, 'station/')}${randomUUID()}.${ext}`
  const r = await gw.raw('/storage/upload', { method: 'POST', headers: { 'x-cloud-path': path, 'x-openid': openid }, body: new Uint8Array(body) })
  const j = await r.json()
  if (!j.ok) throw new Error(JSON.stringify(j))
  return j.data.fileId
}
const input = (id: string, photos?: string[]) => ({
  id, name: `测试驿站 ${id}`, city: '武汉', address: '测试地址', location: { lat: 30.55, lng: 114.31 }, services: ['water'], openHours: '24h', ...(photos ? { photos } : {}),
})
const upsert = (who: string, id: string, photos?: string[]) => gw.call('station', 'upsert', input(id, photos), who)
const get = async (id: string) => (await gw.call('station', 'get', { stationId: id })).body.data

test('a keeper adds photos to their station; get returns them in order with URLs that serve the image', async () => {
  const a = await upload(KEEPER, PNG)
  const b = await upload(KEEPER, JPEG, 'jpg')
  const r = await upsert(KEEPER, 'ph-mine', [a, b])
  expect(r.body.ok).toBe(true)
  const s = await get('ph-mine')
  expect(s.photos).toEqual([a, b])
  expect(s.photoUrls).toHaveLength(2)
  const served = await gw.raw(s.photoUrls[1])
  expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/jpeg'])
  // An edit without `photos` keeps them.
  expect((await upsert(KEEPER, 'ph-mine')).body.data.photos).toEqual([a, b])
})

test('reorder, then remove one: the removed file is deleted from storage', async () => {
  const [a, b] = (await get('ph-mine')).photos as string[]
  expect((await upsert(KEEPER, 'ph-mine', [b, a])).body.data.photos).toEqual([b, a])
  const urlOfA = (await get('ph-mine')).photoUrls[1]
  const r = await upsert(KEEPER, 'ph-mine', [b])
  expect(r.body.data.photos).toEqual([b])
  expect((await gw.raw(urlOfA)).status).toBe(404)
  expect((await upsert(KEEPER, 'ph-mine', [])).body.data).not.toHaveProperty('photos')
})

test('at most 6, no repeats, each one the caller\'s own station upload, at most 5 MB', async () => {
  const six: string[] = []
  for (let i = 0; i < 7; i++) six.push(await upload(KEEPER, PNG)) // at most 2 uploads run at once per person
  const seven = await upsert(KEEPER, 'ph-mine', six)
  expect(seven.body.error.details.fieldErrors.photos).toEqual(['最多 6 张照片'])
  expect((await upsert(KEEPER, 'ph-mine', [six[0], six[0]])).body.error.details.fieldErrors.photos).toEqual(['同一张照片只能放一次'])
  expect((await upsert(KEEPER, 'ph-mine', six.slice(0, 6))).body.data.photos).toHaveLength(6)

  const someoneElses = await upload(OTHER_KEEPER, PNG)
  const r = await upsert(KEEPER, 'ph-mine', [six[0], someoneElses])
  expect(r.body.error.details.fieldErrors).toEqual({ 'photos.1': ['只能使用您本人上传的照片，请重新上传'] })

  const big = await upload(KEEPER, Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024, 0)]), 'jpg')
  expect((await upsert(KEEPER, 'ph-mine', [big])).body.error.details.fieldErrors['photos.0']).toEqual(['每张照片不能超过 5 MB，请压缩后重新上传'])
  expect((await upsert(KEEPER, 'ph-mine', ['local:contest/x/a.mp4'])).body.error.details.fieldErrors['photos.0']).toEqual(['照片应上传到驿站照片目录，请重新上传'])
  // Nothing of the refused edits was stored.
  expect((await get('ph-mine')).photos).toHaveLength(6)
})

test('a keeper cannot touch another keeper\'s station; staff can reorder photos a keeper took', async () => {
  const mine = await upload(KEEPER, PNG)
  expect((await upsert(KEEPER, 'ph-theirs', [mine])).body.error.code).toBe('FORBIDDEN')
  expect((await get('ph-theirs'))).not.toHaveProperty('photos')
  const current = (await get('ph-mine')).photos as string[]
  const r = await upsert(ADMIN, 'ph-mine', [...current].reverse())
  expect(r.body.data.photos).toEqual([...current].reverse())
})

test('a stored photo cannot be overwritten by a new upload to its path', async () => {
  const [first] = (await get('ph-mine')).photos as string[]
  const path = gw.deps.storage.cloudPath(first)!
  const r = await gw.raw('/storage/upload', { method: 'POST', headers: { 'x-cloud-path': path, 'x-openid': KEEPER }, body: new Uint8Array(JPEG) })
  expect(r.status).toBe(409)
})
