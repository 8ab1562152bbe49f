import { ACCESS, CONTRACT, FUNCTIONS, type Access } from '../../types'
import { startGateway, type TestGateway } from '../support/gateway'
import { SAMPLES } from '../support/samples'

/**
 * Every cell of the authorization matrix, through the gateway: for each action and each kind of caller,
 * either the access rule lets the call through (the answer is then never an access error) or it is refused
 * with exactly the code the rule implies. Each cell uses a fresh identity so that no call changes another.
 */
const PRINCIPALS = ['anonymous', 'worker', 'member', 'merchant', 'keeper', 'judge', 'admin'] as const
type Principal = (typeof PRINCIPALS)[number]
const ACCESS_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_MEMBER'])

function expected(rule: Access, who: Principal): 'pass' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_MEMBER' {
  if (rule === 'any') return 'pass'
  if (who === 'anonymous') return 'UNAUTHENTICATED'
  if (rule === 'user') return 'pass'
  if (rule === 'member') return who === 'member' ? 'pass' : 'NOT_MEMBER'
  return (rule as readonly string[]).includes(who) ? 'pass' : 'FORBIDDEN'
}

let gw: TestGateway
let n = 0
beforeAll(async () => {
  gw = await startGateway({ env: { SEED: 'none', ADMIN_OPENIDS: 'mx-boss' } })
  // The keeper principal keeps 'mx-station': object-level checks are tested in the areas' own suites.
  const made = await gw.call('station', 'upsert', SAMPLES.station.upsert, 'mx-boss')
  expect(made.body.ok).toBe(true)
})
afterAll(async () => { await gw.close() })

async function makePrincipal(who: Principal): Promise<string | undefined> {
  if (who === 'anonymous') return undefined
  const id = `mx-${who}-${++n}`
  const { store } = gw.deps
  if (who === 'member') {
    await store.collection('members').insert({ _id: id, status: 'active', cardNo: `GHMX${n}`, name: '测试会员', phone: '13800000000', city: '汕头', industry: 'courier', employer: '测试单位', joinedAt: new Date().toISOString() })
  } else if (who !== 'worker') {
    await store.collection('roles').insert({ _id: id, roles: [who], v: 1, ...(who === 'merchant' ? { partnerId: 'mx-partner' } : {}), ...(who === 'keeper' ? { stationIds: ['mx-station'] } : {}) })
  }
  return id
}

const cells = FUNCTIONS.flatMap((fn) => Object.keys(CONTRACT[fn]).flatMap((action) => PRINCIPALS.map((who) => [fn, action, who] as const)))

test('the samples cover every action', () => {
  for (const fn of FUNCTIONS) expect(Object.keys(SAMPLES[fn]).sort()).toEqual(Object.keys(CONTRACT[fn]).sort())
})

test.each(cells)('%s.%s as %s', async (fn, action, who) => {
  const openid = await makePrincipal(who)
  const r = await gw.call(fn, action, SAMPLES[fn][action], openid)
  const want = expected(ACCESS[fn][action], who)
  expect(r.body.error?.code).not.toBe('INTERNAL')
  expect(r.body.error?.code).not.toBe('VALIDATION_FAILED')
  if (want === 'pass') {
    expect(ACCESS_CODES.has(r.body.error?.code ?? '')).toBe(false)
  } else {
    expect(r.body.error?.code).toBe(want)
  }
})
