/**
 * A table of valid and invalid `data` for every member action: the schema decides, and through the
 * gateway every invalid one is a 400 VALIDATION_FAILED envelope with field errors that changes nothing.
 */
import { CONSENT_VERSION, memberActions } from '../../types'
import { startGateway, type TestGateway } from '../support/gateway'

const join = { name: '林海生', phone: '13802461234', city: '阜新', industry: 'courier', employer: '阜新中通快递', consent: { version: CONSENT_VERSION } }
const apply = {
  name: '阜新测试书店', category: 'culture', city: '阜新', address: '阜新市海州区中华路 1 号', location: { lat: 42.02, lng: 121.67 },
  offer: '会员九折', contactName: '张三', contactPhone: '13900000000', consent: { version: CONSENT_VERSION },
}
const long = (n: number) => '字'.repeat(n)

type Row = [data: unknown, field?: string]
const TABLE: Record<keyof typeof memberActions, { valid: unknown[]; invalid: Row[] }> = {
  me: { valid: [{}], invalid: [[{ openid: 'x' }], [[]], ['me']] },
  join: {
    valid: [join, { ...join, name: '  王丽 ', industry: 'other' }, { ...join, name: long(20), employer: long(60) }],
    invalid: [
      [{ ...join, name: '' }, 'name'], [{ ...join, name: '   ' }, 'name'], [{ ...join, name: long(21) }, 'name'],
      [{ ...join, phone: '1380246123' }, 'phone'], [{ ...join, phone: '23802461234' }, 'phone'], [{ ...join, phone: 13802461234 }, 'phone'],
      [{ ...join, city: '市' }, 'city'], [{ ...join, city: '' }, 'city'],
      [{ ...join, industry: 'pilot' }, 'industry'], [{ ...join, employer: long(61) }, 'employer'],
      [{ ...join, status: 'active' }], [{ ...join, openid: 'someone-else' }], [(({ employer: _e, ...r }) => r)(join), 'employer'],
      [{ ...join, name: { $gt: '' } }, 'name'],
      [{ ...join, consent: undefined }, 'consent'], [{ ...join, consent: {} }, 'consent.version'], [{ ...join, consent: true }, 'consent'],
      [{ ...join, consent: { version: '2020-01' } }, 'consent.version'], [{ ...join, consent: { version: CONSENT_VERSION, at: '2020-01-01' } }, 'consent'],
    ],
  },
  listJoins: {
    valid: [{}, { status: 'pending' }, { status: 'rejected', limit: 50 }, { limit: 1, cursor: 'abc' }],
    invalid: [[{ status: 'approved' }, 'status'], [{ limit: 0 }, 'limit'], [{ limit: 51 }, 'limit'], [{ limit: 2.5 }, 'limit'], [{ cursor: 'x'.repeat(201) }, 'cursor'], [{ page: 2 }]],
  },
  reviewJoin: {
    valid: [{ openid: 'demo-x', approve: true }, { openid: 'demo-x', approve: false, reason: '资料不全' }, { openid: 'a_B-1', approve: true, reason: '欢迎' }],
    invalid: [
      [{ openid: 'demo-x', approve: false }, 'reason'], [{ openid: 'demo-x', approve: false, reason: '  ' }, 'reason'],
      [{ openid: 'demo-x', approve: 'yes' }, 'approve'], [{ openid: 'a.b', approve: true }, 'openid'], [{ openid: '$where', approve: true }, 'openid'],
      [{ approve: true }, 'openid'], [{ openid: 'demo-x', approve: false, reason: long(201) }, 'reason'],
    ],
  },
  cardToken: { valid: [{}], invalid: [[{ sub: 'demo-courier' }], [{ exp: 1 }]] },
  offlineKey: { valid: [{}], invalid: [[{ cardNo: 'GH4405000001' }], [{ days: 30 }]] },
  partners: {
    valid: [{}, { city: '阜新' }, { city: '阜新', category: 'dining', limit: 50 }],
    invalid: [[{ category: 'bar' }, 'category'], [{ city: '市' }, 'city'], [{ limit: 100 }, 'limit'], [{ near: { lat: 1, lng: 2 } }]],
  },
  redeemBenefit: {
    valid: [{ token: 'card.a.b' }, { token: ' card.a.b ' }],
    invalid: [[{}, 'token'], [{ token: '' }, 'token'], [{ token: ' ' }, 'token'], [{ token: 'x'.repeat(513) }, 'token'], [{ token: 5 }, 'token'], [{ token: 'card.a.b', partnerId: 'fuxin-p02' }]],
  },
  benefitUses: {
    valid: [{}, { day: '2025-07-10' }],
    invalid: [[{ day: '2025-02-30' }, 'day'], [{ day: '10/07/2025' }, 'day'], [{ partnerId: 'fuxin-p02' }]],
  },
  applyPartner: {
    valid: [apply, { ...apply, category: 'other', location: { lat: -90, lng: 180 } }],
    invalid: [
      [{ ...apply, category: 'bar' }, 'category'], [{ ...apply, location: { lat: 91, lng: 0 } }, 'location.lat'],
      [{ ...apply, location: { lat: 42 } }, 'location.lng'], [{ ...apply, location: { lat: 'x', lng: 1 } }, 'location.lat'],
      [{ ...apply, location: { lat: 42, lng: 121, alt: 3 } }, 'location'], [{ ...apply, contactPhone: '12345' }, 'contactPhone'],
      [{ ...apply, offer: long(201) }, 'offer'], [{ ...apply, name: '' }, 'name'], [{ ...apply, status: 'approved' }], [{ ...apply, applicant: 'x' }],
      [{ ...apply, consent: undefined }, 'consent'], [{ ...apply, consent: { version: 1 } }, 'consent.version'],
    ],
  },
  listPartnerApplications: {
    valid: [{}, { status: 'approved' }, { status: 'pending', limit: 10 }],
    invalid: [[{ status: 'active' }, 'status'], [{ limit: -1 }, 'limit']],
  },
  reviewPartner: {
    valid: [{ applicationId: 'pa-seed-1', approve: true }, { applicationId: 'pa-seed-1', approve: false, reason: '请补充营业执照' }],
    invalid: [[{ applicationId: 'pa-seed-1', approve: false }, 'reason'], [{ applicationId: '../x', approve: true }, 'applicationId'], [{ applicationId: 'pa-seed-1' }, 'approve']],
  },
  grantRole: {
    valid: [{ openid: 'w1', role: 'judge' }, { openid: 'w1', role: 'merchant', partnerId: 'fuxin-p01' }, { openid: 'w1', role: 'keeper', stationIds: ['s1'] }],
    invalid: [[{ openid: 'w1', role: 'admin' }, 'role'], [{ openid: 'w1', role: 'merchant' }, 'partnerId'], [{ openid: 'w1', role: 'keeper', stationIds: [] }, 'stationIds']],
  },
  stats: { valid: [{}], invalid: [[{ days: 30 }]] },
  exportMine: { valid: [{}], invalid: [[{ openid: 'demo-courier' }]] },
  deleteMine: { valid: [{}], invalid: [[{ openid: 'demo-courier' }], [{ confirm: true }]] },
  subscribe: {
    valid: [{ topics: ['join_result'] }, { topics: ['entry_reviewed', 'entry_advanced', 'award'] }],
    invalid: [
      [{ topics: [] }, 'topics'], [{ topics: ['newsletter'] }, 'topics.0'], [{ topics: 'join_result' }, 'topics'], [{}, 'topics'],
      [{ topics: ['join_result', 'partner_result', 'voucher_expiring', 'award'] }, 'topics'],
      [{ topics: ['award', 'award'] }, 'topics'], [{ topics: ['award'], openid: 'someone-else' }],
    ],
  },
  subscribeTemplates: { valid: [{}], invalid: [[{ topic: 'award' }]] },
  messages: {
    valid: [{}, { limit: 50 }, { cursor: 'abc', limit: 1 }],
    invalid: [[{ limit: 51 }, 'limit'], [{ limit: 0 }, 'limit'], [{ cursor: 'x'.repeat(201) }, 'cursor'], [{ openid: 'demo-courier' }]],
  },
  readMessages: {
    valid: [{}, { ids: ['mAbc_-1'] }],
    invalid: [[{ ids: [] }, 'ids'], [{ ids: ['a/b'] }, 'ids.0'], [{ ids: Array.from({ length: 51 }, (_, i) => `m${i}`) }, 'ids'], [{ all: true }]],
  },
  health: { valid: [{}], invalid: [[{ openid: 'demo-courier' }], [{ deep: true }]] },
  search: {
    valid: [{ q: '林' }, { q: ' 海生 ' }, { q: '1234' }, { q: '张三', limit: 50, cursor: 'abc' }],
    invalid: [[{}, 'q'], [{ q: '  ' }, 'q'], [{ q: '123' }, 'q'], [{ q: '13802461234' }, 'q'], [{ q: long(21) }, 'q'],
      [{ q: { $regex: '.' } }, 'q'], [{ q: '林', limit: 51 }, 'limit'], [{ q: '林', openid: 'x' }]],
  },
  revokeRole: {
    valid: [{ openid: 'w1', role: 'judge' }, { openid: 'w1', role: 'keeper' }],
    invalid: [[{ openid: 'w1', role: 'admin' }, 'role'], [{ openid: '../x', role: 'judge' }, 'openid'], [{ role: 'judge' }, 'openid'], [{ openid: 'w1', role: 'judge', stationIds: ['s1'] }]],
  },
}

describe.each(Object.entries(TABLE))('%s', (action, { valid, invalid }) => {
  const schema = memberActions[action as keyof typeof memberActions].input
  test.each(valid.map((v) => [JSON.stringify(v), v]))('accepts %s', (_s, v) => {
    const r = schema.safeParse(v)
    expect(r.error?.issues).toBeUndefined()
  })
  test.each(invalid.map(([v, f]) => [JSON.stringify(v).slice(0, 80), v, f]))('rejects %s', (_s, v, field) => {
    const r = schema.safeParse(v)
    expect(r.success).toBe(false)
    if (field) expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(field)
  })
})

test('every member action is in the table', () => {
  expect(Object.keys(TABLE).sort()).toEqual(Object.keys(memberActions).sort())
})

describe('through the gateway', () => {
  let gw: TestGateway
  beforeAll(async () => { gw = await startGateway() })
  afterAll(async () => { await gw.close() })

  test('every invalid row is a 400 VALIDATION_FAILED with a Chinese message, and the store is unchanged', async () => {
    const db = gw.deps.store.db
    const snapshot = () => JSON.stringify(['members', 'partners', 'partner_applications', 'benefit_uses', 'roles']
      .map((t) => db.prepare(`SELECT id, doc FROM c_${t} ORDER BY id`).all()))
    const before = snapshot()
    let n = 0
    for (const [action, { invalid }] of Object.entries(TABLE)) {
      for (const [data, field] of invalid) {
        for (const who of ['demo-admin', 'demo-merchant', 'demo-courier']) {
          const r = await gw.call('member', action, data, who)
          expect([action, data, r.status, r.body.error?.code]).toEqual([action, data, 400, 'VALIDATION_FAILED'])
          expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
          if (field) expect(Object.keys(r.body.error.details.fieldErrors)).toContain(field)
          n++
        }
      }
    }
    expect(n).toBeGreaterThan(150)
    expect(snapshot()).toBe(before)
  })
})
