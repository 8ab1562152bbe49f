/**
 * Erasure leaves nothing (issue #10, SPEC "Erasure"): a person who joined, claimed a voucher, signed up
 * with a video, voted, checked in and rated deletes their data; then the gateway is stopped and every
 * byte under DATA_DIR (db.sqlite, -wal, -shm, storage/…) is searched for their openid, name and phone.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { startGateway, type TestGateway } from '../support/gateway'
import { activeMember } from './helpers'
import { claim } from '../voucher/helpers'
import { ADMIN, TINY_MP4, signupData, upload } from '../contest/helpers'

// Distinctive strings: nothing else in the demo data or the code contains them.
const NAME = '邝珮瑶'
const PHONE = '13579246801'

function everyFile(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name))
}

let gw: TestGateway
afterAll(async () => { await gw?.close() })

test('after deleteMine no file under DATA_DIR holds the openid, the name or the phone', async () => {
  gw = await startGateway()
  const m = await activeMember(gw, { name: NAME, phone: PHONE, city: '汕头', industry: 'courier', employer: '汕头市邝氏物流' })
  const openid = m.openid

  // Claimed a cooling voucher, redeemed at the Shantou supermarket.
  const v = await claim(gw, openid, 'shantou-zhisong-qingliang')
  expect(v.status).toBe(200)
  const t = await gw.call('voucher', 'voucherToken', { voucherId: v.body.data.id }, openid)
  expect((await gw.call('voucher', 'redeem', { token: t.body.data.token }, 'demo-cashier')).status).toBe(200)

  // Signed up with a video, approved into the gallery; voted for it and for another entry.
  const videoFileId = await upload(gw, openid, TINY_MP4)
  const s = await gw.call('contest', 'signup', signupData({ name: NAME, phone: PHONE, videoFileId }), openid)
  expect(s.status).toBe(200)
  expect((await gw.call('contest', 'review', { entryId: s.body.data.id, approve: true }, ADMIN)).status).toBe(200)
  const gallery = async () => (await gw.call('contest', 'entries', { contestId: 'hebei-opera-1', genre: 'jingju' })).body.data.items as Array<{ id: string }>
  expect((await gallery()).map((e) => e.id)).toContain(s.body.data.id)
  expect((await gw.call('contest', 'vote', { entryId: s.body.data.id }, openid)).status).toBe(200)
  const other = (await gallery()).find((e) => e.id !== s.body.data.id)!
  expect((await gw.call('contest', 'vote', { entryId: other.id }, openid)).status).toBe(200)

  // Checked in at a station and rated it, naming themselves in the comment.
  const stationId = 'bj-shangdong-didi'
  const { code } = (await gw.call('station', 'qrcode', { stationId }, ADMIN)).body.data
  expect((await gw.call('station', 'checkin', { stationId, code }, openid)).status).toBe(200)
  expect((await gw.call('station', 'rate', { stationId, stars: 5, comment: `${NAME}觉得很好，电话${PHONE}` }, openid)).status).toBe(200)

  const votesBefore = (await gw.call('contest', 'entries', { contestId: 'hebei-opera-1', genre: 'jingju' })).body.data.items.find((e: { id: string }) => e.id === other.id).votes

  expect((await gw.call('member', 'deleteMine', {}, openid)).body).toEqual({ ok: true, data: { deleted: true } })

  // The entry left the gallery, its video is gone, and nobody can vote for it; counts of others stay.
  expect((await gallery()).map((e) => e.id)).not.toContain(s.body.data.id)
  expect((await gw.raw(`/storage/${encodeURIComponent(videoFileId)}`)).status).toBe(404)
  expect((await gw.call('contest', 'vote', { entryId: s.body.data.id }, 'demo-opera')).body.error.code).toBe('NOT_FOUND')
  expect((await gallery()).find((e) => e.id === other.id)).toMatchObject({ votes: votesBefore })

  const dir = gw.dataDir
  const needles = [openid, NAME, PHONE].map((x) => ({ x, bytes: Buffer.from(x, 'utf8') }))
  const scan = () => {
    const files = everyFile(dir)
    expect(files.some((f) => f.endsWith('db.sqlite'))).toBe(true)
    const found: string[] = []
    for (const f of files) {
      if (!statSync(f).size) continue
      const bytes = readFileSync(f)
      for (const n of needles) if (bytes.includes(n.bytes)) found.push(`${f.slice(dir.length)}: ${n.x}`)
    }
    return found
  }
  // While the gateway still runs (as if it were killed now): the WAL was checkpointed and truncated.
  expect(scan()).toEqual([])
  await gw.close()
  expect(scan()).toEqual([])
})
