/**
 * A table of valid and invalid `data` for every member action: the schema decides, and through the
 * gateway every invalid one is a 400 VALIDATION_FAILED envelope with field errors that changes nothing.
 */
import { memberActions } from '../../types'
import { startGateway, type TestGateway } from '../support/gateway'

const join = { name: '林海生', phone: '13802461234', city: '阜新', industry: 'courier', employer: '阜新中通快递' }
const apply = {
  name: '阜新测试书店', category: 'culture', city: '阜新', address: '阜新市海州区中华路 1 号', location: { lat: 42.02, lng: 121.67 },
  offer: '会员九折', contactName: '张三', contactPhone: '13900000000',
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
