import fc from 'fast-check'
import { CONTRACT, FUNCTIONS, HTTP_STATUS } from '../../types'
import { startGateway, type TestGateway } from '../support/gateway'
import { SAMPLES } from '../support/samples'

/**
 * Random and hostile `data` for every action, through the gateway, as an admin and as a member (the callers
 * who reach the most code). Every answer must be a typed envelope with a Chinese message; none may be INTERNAL;
 * the gateway must stay healthy. The number of requests tried is printed.
 */
let gw: TestGateway
let tried = 0
let internal = 0
beforeAll(async () => { gw = await startGateway({ env: { ADMIN_OPENIDS: 'hostile-admin' } }) })
afterAll(async () => {
  process.stdout.write(`hostile input: ${tried} requests tried, ${internal} INTERNAL answers\n`)
  await gw.close()
})

const CODES = new Set(Object.keys(HTTP_STATUS))
const hostileValue = fc.oneof(
  fc.constantFrom<unknown>(
    { $gt: '' }, { $ne: null }, { $where: 'sleep(1000)' }, { $regex: '.*' }, ['$in', 1], null, true, -1, 0, 1e308, -1e308,
    'NaN', 'Infinity', '', ' ', '\u0000', '<script>alert(1)</script>', '../../etc/passwd', '2026-02-30', '2026-13-01', '24:00',
    '9'.repeat(400), 'x'.repeat(20_000), '汕头市', { lat: 'NaN', lng: null }, [], {}, [[[[[[]]]]]],
    // second wave: prototype keys as user strings, invisible names, scores past one decimal, hostile file ids
    'toString', '__proto__', 'constructor', 'hasOwnProperty', '\u200b', '张\u200b三', '\u202e三张', '\ufeff', 'ＡＢＣ', 99.99999999999, 0.05,
    'local:contest/x/..', 'local:contest/%25/a.mp4', 'local:avatar/x/a.html', 'cloud://e.b/contest/x/evil.html',
  ),
  fc.string({ maxLength: 300 }),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 4 }),
)
const deepNest = (depth: number): unknown => (depth === 0 ? 'x' : { a: deepNest(depth - 1) })

function dataArb(fn: string, action: string): fc.Arbitrary<string> {
  const sample = SAMPLES[fn][action] as Record<string, unknown>
  const keys = Object.keys(sample)
  const asJson = (v: unknown) => JSON.stringify({ action, data: v })
  return fc.oneof(
    // whole data replaced
    fc.jsonValue({ maxDepth: 5 }).map(asJson),
    hostileValue.map(asJson),
    // one field replaced by a hostile value
    keys.length ? fc.tuple(fc.constantFrom(...keys), hostileValue).map(([k, v]) => asJson({ ...sample, [k]: v })) : hostileValue.map(asJson),
    // a field removed
    keys.length ? fc.constantFrom(...keys).map((k) => { const { [k]: _, ...rest } = sample; void _; return asJson(rest) }) : fc.constant(asJson({ x: 1 })),
    // an extra field, including prototype keys written as raw JSON
    fc.constantFrom('__proto__', 'constructor', 'prototype', '$where', 'role', '_id', 'owner', 'openid').map((k) =>
      `{"action":${JSON.stringify(action)},"data":${JSON.stringify(sample).replace(/^\{/, `{"${k}":{"admin":true},`).replace(/,\}$/, '}')}}`),
    // deep nesting and non-JSON bodies
    fc.integer({ min: 50, max: 2000 }).map((d) => asJson(deepNest(d))),
    fc.constantFrom('{', '{"action":', 'undefined', 'NaN', '{"action":"me","data":{"a":1e999}}', '\u0000\u0001', '[1,2,', '{"action":"me"}garbage'),
    fc.string({ maxLength: 200 }),
  )
}

const actions = FUNCTIONS.flatMap((fn) => Object.keys(CONTRACT[fn]).map((a) => [fn, a] as const))

test.each(actions)('%s.%s survives hostile data', async (fn, action) => {
  await fc.assert(
    fc.asyncProperty(dataArb(fn, action), fc.constantFrom('hostile-admin', 'demo-courier', undefined), async (body, openid) => {
      const r = await gw.raw(`/api/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(openid ? { 'x-openid': openid } : {}) }, body })
      tried++
      const j = await r.json()
      if (j?.error?.code === 'INTERNAL') internal++
      expect(r.status).toBeLessThan(500)
      expect(typeof j.ok).toBe('boolean')
      if (!j.ok) {
        expect(CODES.has(j.error.code)).toBe(true)
        expect(HTTP_STATUS[j.error.code as keyof typeof HTTP_STATUS]).toBe(r.status)
        expect(j.error.message).toMatch(/[\u4e00-\u9fa5]/)
      }
    }),
    { numRuns: 40 },
  )
})

// Uploads and served files with hostile paths, ids and identities: always an envelope below 500, nothing
// written outside <area>/<own alias>/.
const segment = fc.oneof(fc.constantFrom('', '.', '..', '%2e%2e', '__proto__', 'contest', 'station', 'avatar', 'a.html', 'a.svg', 'x.mp4', 'x.png', '\u0000', 'a/b'), fc.string({ maxLength: 30 }))
test('uploads with hostile cloud paths answer an envelope, never a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(segment, { minLength: 0, maxLength: 5 }), fc.constantFrom('hostile-admin', 'demo-courier'), async (parts, openid) => {
      const path = parts.join('/')
      let r: Response
      try {
        r = await gw.raw('/storage/upload', { method: 'POST', headers: { 'x-openid': openid, 'x-cloud-path': encodeURI(path) }, body: '<html>x</html>' })
      } catch { return } // a header value node's fetch refuses to send
      tried++
      expect(r.status).toBeLessThan(500)
      const j = await r.json()
      expect(j.ok).toBe(false)
      expect(j.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }),
    { numRuns: 150 },
  )
})

test('GET /storage with hostile ids answers NOT_FOUND envelopes, never a 5xx or a page', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('%25', '%', '%E0%A4%A', '%2e%2e%2fdb.sqlite', 'local%3A..%2Fdb.sqlite', 'local:contest/x/../../db.sqlite', '%252e')), async (raw) => {
      const r = await gw.raw(`/storage/${raw.replace(/[?#\s]/g, '')}`)
      tried++
      expect(r.status).toBeLessThan(500)
      if (r.status === 200) expect(r.headers.get('content-type')).not.toMatch(/html|svg|javascript/)
      else expect((await r.json()).ok).toBe(false)
    }),
    { numRuns: 150 },
  )
})

test('the gateway is healthy after all of it', async () => {
  const r = await gw.raw('/healthz')
  expect(r.status).toBe(200)
  const me = await gw.call('member', 'me', {}, 'demo-courier')
  expect(me.status).toBe(200)
})
