import { execFileSync } from 'node:child_process'
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ManualClock } from '../../cloudfunctions/_shared/clock'
import { startGateway, tempDir, type TestGateway } from '../support/gateway'
import type { StationDoc } from '../../cloudfunctions/station/model'
import { stationDoc } from './helpers'

/**
 * Station codes (SPEC "Station codes"): a scene of at most 32 characters, check-in by scene, and the poster
 * image made through the local MiniCode adapter (a PNG QR of the H5 check-in address), read back with zbarimg.
 */
const clock = new ManualClock(Date.parse('2024-07-15T02:00:00Z'))
let gw: TestGateway
const ADMIN = 'sc-admin'
const KEEPER = 'sc-keeper'

beforeAll(async () => {
  gw = await startGateway({ env: { SEED: 'none', ADMIN_OPENIDS: ADMIN }, clock })
  const st = gw.deps.store.collection<StationDoc>('stations')
  // A station stored before scenes existed (no sceneRef), with the longest id the contract allows.
  await st.insert(stationDoc('a'.repeat(64), { lat: 30.55, lng: 114.31 }, ['water'], '24h'))
  await st.insert(stationDoc('kept-1', { lat: 30.56, lng: 114.32 }, ['water'], '24h'))
  await gw.deps.store.collection('roles').insert({ _id: KEEPER, roles: ['keeper'], stationIds: ['kept-1'], v: 1 })
})
afterAll(async () => { await gw.close() })

const sceneOf = async (stationId: string) => (await gw.call('station', 'qrcode', { stationId }, ADMIN)).body.data.scene as string

describe('check-in by scene', () => {
  test('the scene fits WeChat\'s 32 characters even for a 64-character station id, and checks in there', async () => {
    const scene = await sceneOf('a'.repeat(64))
    expect(scene.length).toBeLessThanOrEqual(32)
    expect(scene).toMatch(/^[0-9A-Za-z!#$&'()*+,/:;=?@._~-]+$/) // WeChat's allowed characters
    const r = await gw.call('station', 'checkin', { scene }, 'sc-worker')
    expect(r.status).toBe(200)
    expect(r.body.data.visitNo).toBe(1)
    expect((await gw.call('station', 'get', { stationId: 'a'.repeat(64) })).body.data.visitCount).toBe(1)
  })

  test('a URL-encoded scene (as WeChat hands it over) checks in too', async () => {
    const scene = await sceneOf('kept-1')
    const r = await gw.call('station', 'checkin', { scene: encodeURIComponent(scene).replace('.', '%2E') }, 'sc-worker-2')
    expect(r.body.data?.visitNo).toBe(1)
  })

  test('scenes too long, malformed or forged are INVALID_TOKEN with a Chinese message, and count nothing', async () => {
    const good = await sceneOf('kept-1')
    const [ref, sig] = good.split('.')
    const flip = (c: string) => (c === 'A' ? 'B' : 'A')
    const bad = [
      `${good}x`.padEnd(33, 'x'), // too long
      'x'.repeat(2048),
      '', '   ', 's=kept-1&c=abc', '%E0%A4%A', 'not a scene', `${ref}.${sig}.x`, `${ref}${sig}`,
      `${ref}.${sig.slice(0, -1)}${flip(sig.slice(-1))}`, // forged signature
      `${ref.slice(0, -1)}${flip(ref.slice(-1))}.${sig}`, // another station's ref with this signature
      '\u0000'.repeat(10) + '.' + 'A'.repeat(12),
    ]
    const before = (await gw.call('station', 'get', { stationId: 'kept-1' })).body.data.visitCount
    for (const [i, scene] of bad.entries()) {
      // One person each: check-in is rate limited to 10 a minute per person.
      const r = await gw.call('station', 'checkin', { scene }, `sc-forger-${i}`)
      expect([scene, r.body.error?.code]).toEqual([scene, 'INVALID_TOKEN'])
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    expect((await gw.call('station', 'get', { stationId: 'kept-1' })).body.data.visitCount).toBe(before)
  })

  test('a validly signed scene of a station that is gone is NOT_FOUND', async () => {
    const st = gw.deps.store.collection<StationDoc>('stations')
    await st.insert(stationDoc('gone-1', { lat: 30.5, lng: 114.3 }, ['water'], '24h'))
    const scene = await sceneOf('gone-1')
    await st.remove({ _id: 'gone-1' })
    const r = await gw.call('station', 'checkin', { scene }, 'sc-worker')
    expect(r.body.error.code).toBe('NOT_FOUND')
  })
})

describe('posterImage (local adapter)', () => {
  test('a PNG QR of the H5 check-in URL, stored once and reused; zbarimg reads the URL back', async () => {
    const q = (await gw.call('station', 'qrcode', { stationId: 'kept-1' }, KEEPER)).body.data
    const first = await gw.call('station', 'posterImage', { stationId: 'kept-1' }, KEEPER)
    expect(first.status).toBe(200)
    expect(first.body.data.scene).toBe(q.scene)
    const file = gw.deps.storage.pathOf(first.body.data.fileId)!
    expect(existsSync(file)).toBe(true)
    const served = await fetch(`${gw.url}/storage/${encodeURIComponent(first.body.data.fileId)}`)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toMatch(/^image\/png/)
    const png = Buffer.from(await served.arrayBuffer())
    const copy = join(tempDir('poster-'), 'poster.png')
    writeFileSync(copy, png)
    expect(execFileSync('zbarimg', ['-q', '--raw', copy], { encoding: 'utf8' }).trim()).toBe(q.url)

    const mtime = statSync(file).mtimeMs
    const again = await gw.call('station', 'posterImage', { stationId: 'kept-1' }, ADMIN)
    expect(again.body.data.fileId).toBe(first.body.data.fileId)
    expect(statSync(file).mtimeMs).toBe(mtime)
  })

  test('another station\'s keeper and a worker are FORBIDDEN, an unknown station NOT_FOUND, a bad id VALIDATION_FAILED', async () => {
    expect((await gw.call('station', 'posterImage', { stationId: 'a'.repeat(64) }, KEEPER)).body.error.code).toBe('FORBIDDEN')
    expect((await gw.call('station', 'posterImage', { stationId: 'kept-1' }, 'sc-worker')).body.error.code).toBe('FORBIDDEN')
    expect((await gw.call('station', 'posterImage', { stationId: 'ghost' }, ADMIN)).body.error.code).toBe('NOT_FOUND')
    expect((await gw.call('station', 'posterImage', { stationId: '../../x' }, ADMIN)).body.error.code).toBe('VALIDATION_FAILED')
  })
})

describe('PUBLIC_URL', () => {
  test('the poster URL uses the configured public address', async () => {
    const other = await startGateway({ env: { SEED: 'none', ADMIN_OPENIDS: ADMIN, PUBLIC_URL: 'https://yizhan.example.org/' }, clock })
    try {
      await other.deps.store.collection<StationDoc>('stations').insert(stationDoc('pub-1', { lat: 30.5, lng: 114.3 }, ['water'], '24h'))
      const q = (await other.call('station', 'qrcode', { stationId: 'pub-1' }, ADMIN)).body.data
      expect(q.url).toBe(`https://yizhan.example.org/#/packages/station/pages/checkin/index?scene=${q.scene}`)
    } finally {
      await other.close()
    }
  })

  test('a PUBLIC_URL that is not a web address stops the start-up with a Chinese message', async () => {
    await expect(startGateway({ env: { SEED: 'none', PUBLIC_URL: 'javascript:alert(1)' }, clock })).rejects.toThrow(/PUBLIC_URL/)
  })
})
