/**
 * Consent (SPEC, second wave): join, signup and applyPartner require `consent: { version }` of the
 * privacy notice in force; the consent and its time are stored with the record and exported.
 */
import { CONSENT_VERSION } from '../../types'
import { gatewayAt } from '../support/gateway'
import { TINY_MP4, signupData, upload } from '../contest/helpers'
import { joinData, worker } from './helpers'

const NOW = '2026-07-10T04:00:00.000Z'
const { gw, clock } = gatewayAt(NOW)

const partner = (over: Record<string, unknown> = {}) => ({
  name: '阜新同意书店', category: 'culture', city: '阜新', address: '海州区中华路 2 号', location: { lat: 42.02, lng: 121.67 },
  offer: '会员九折', contactName: '张三', contactPhone: '13900000000', consent: { version: CONSENT_VERSION }, ...over,
})

describe.each([
  ['member', 'join', () => joinData(), async (who: string) => gw.deps.store.collection('members').count({ _id: who })],
  ['member', 'applyPartner', () => partner(), async (who: string) => gw.deps.store.collection('partner_applications').count({ applicant: who })],
  ['contest', 'signup', () => signupData(), async (who: string) => gw.deps.store.collection('entries').count({ owner: who })],
] as const)('%s.%s', (fn, action, data, stored) => {
  test.each([
    ['without consent', undefined, /请先阅读并勾选同意《隐私保护指引》/],
    ['with an older version', { version: '2020-01' }, /隐私保护指引已更新/],
    ['with consent: false', false, /请先阅读并勾选同意/],
  ])('%s: VALIDATION_FAILED with a Chinese message on `consent`, nothing stored', async (_name, consent, message) => {
    const who = worker('nc')
    const r = await gw.call(fn, action, { ...data(), consent }, who)
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('VALIDATION_FAILED')
    expect(r.body.error.message).toMatch(message)
    expect(Object.keys(r.body.error.details.fieldErrors).some((k) => k === 'consent' || k.startsWith('consent.'))).toBe(true)
    expect(await stored(who)).toBe(0)
  })
})

test('the consent and its time are stored with each record, shown to the owner and exported', async () => {
  const who = worker('c')
  expect((await gw.call('member', 'join', joinData({ name: '许文静' }), who)).body.ok).toBe(true)
  const me = await gw.call('member', 'me', {}, who)
  expect(me.body.data.member.consent).toEqual({ version: CONSENT_VERSION, at: NOW })

  clock.set('2026-07-10T05:00:00.000Z')
  const app = await gw.call('member', 'applyPartner', partner(), who)
  expect(app.body.data.consent).toEqual({ version: CONSENT_VERSION, at: '2026-07-10T05:00:00.000Z' })

  clock.set('2026-07-10T06:00:00.000Z')
  const videoFileId = await upload(gw, who, TINY_MP4)
  const entry = await gw.call('contest', 'signup', signupData({ videoFileId }), who)
  expect(entry.body.data.consent).toEqual({ version: CONSENT_VERSION, at: '2026-07-10T06:00:00.000Z' })
  // The gallery does not show it (nor anything else about the person beyond name, employer, city).
  await gw.call('contest', 'review', { entryId: entry.body.data.id, approve: true }, 'demo-admin')
  const gallery = await gw.call('contest', 'entries', { contestId: 'hebei-opera-1', limit: 50 })
  const shown = gallery.body.data.items.find((e: { id: string }) => e.id === entry.body.data.id)
  expect(shown).toBeDefined()
  expect(shown).not.toHaveProperty('consent')

  const out = (await gw.call('member', 'exportMine', {}, who)).body.data
  expect(out.member.consent).toEqual({ version: CONSENT_VERSION, at: NOW })
  expect(out.partnerApplications.map((a: { consent: unknown }) => a.consent)).toEqual([{ version: CONSENT_VERSION, at: '2026-07-10T05:00:00.000Z' }])
  expect(out.entries.map((e: { consent: unknown }) => e.consent)).toEqual([{ version: CONSENT_VERSION, at: '2026-07-10T06:00:00.000Z' }])
})

test('applying again records the new consent time', async () => {
  const who = worker('c2')
  await gw.call('member', 'join', joinData(), who)
  await gw.call('member', 'reviewJoin', { openid: who, approve: false, reason: '资料不全' }, 'demo-admin')
  clock.set('2026-07-11T01:00:00.000Z')
  expect((await gw.call('member', 'join', joinData({ employer: '阜新市环卫处' }), who)).body.ok).toBe(true)
  const out = (await gw.call('member', 'exportMine', {}, who)).body.data
  expect(out.member.consent).toEqual({ version: CONSENT_VERSION, at: '2026-07-11T01:00:00.000Z' })
})
