/**
 * The local gateway on a weak signal (issue 14): H5 files go out precompressed (brotli, else gzip) with a year of
 * immutable caching when their name carries a hash and revalidation for index.html; API answers over 1 KB are
 * compressed on the fly; stored files (photos, videos) never are.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { createGateway, type Gateway } from '../../cloudfunctions/_local/gateway'

let gw: Gateway
let dir: string
const HTML = `<!doctype html><html><head><title>t</title></head><body>${'<p>工惠驿站</p>'.repeat(200)}<script src="/js/app.0123abcd.js"></script></body></html>`
const JS = `console.log(${JSON.stringify('x'.repeat(4000))})`

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gh-compress-'))
  const h5 = join(dir, 'h5')
  mkdirSync(join(h5, 'js'), { recursive: true })
  writeFileSync(join(h5, 'index.html'), HTML)
  writeFileSync(join(h5, 'index.html.br'), brotliCompressSync(HTML))
  writeFileSync(join(h5, 'index.html.gz'), gzipSync(HTML))
  writeFileSync(join(h5, 'js', 'app.0123abcd.js'), JS)
  writeFileSync(join(h5, 'js', 'app.0123abcd.js.br'), brotliCompressSync(JS))
  writeFileSync(join(h5, 'js', 'app.0123abcd.js.gz'), gzipSync(JS))
  writeFileSync(join(h5, 'js', 'plain.js'), JS) // no hash, no precompressed copy
  gw = await createGateway({ env: { DATA_DIR: join(dir, 'data'), SEED: 'demo', LOG_LEVEL: 'silent', TIMERS: 'off' }, port: 0, h5Dir: h5 })
})
afterAll(async () => {
  await gw.close()
  rmSync(dir, { recursive: true, force: true })
})

function get(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request(`${gw.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('H5 files', () => {
  test('index.html: brotli when asked, gzip otherwise, plain without; always revalidated', async () => {
    const br = await get('/', { 'accept-encoding': 'gzip, deflate, br' })
    expect(br.status).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(br.body).toString()).toBe(HTML)
    expect(br.body.length).toBeLessThan(HTML.length / 5)
    expect(br.headers['cache-control']).toBe('no-cache')
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i)

    const gz = await get('/index.html', { 'accept-encoding': 'gzip' })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).toString()).toBe(HTML)
    expect(gz.headers['cache-control']).toBe('no-cache')

    const plain = await get('/')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString()).toBe(HTML)
    // the CSP still names the page's inline scripts (none here) and is sent with the compressed page
    expect(br.headers['content-security-policy']).toContain("default-src 'self'")
  })

  test('a hashed script: its precompressed copy, cached for a year as immutable', async () => {
    const br = await get('/js/app.0123abcd.js', { 'accept-encoding': 'br, gzip' })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(String(br.headers['content-type'])).toMatch(/javascript/)
    expect(brotliDecompressSync(br.body).toString()).toBe(JS)
  })

  test('a file without a hash is revalidated, and compressed on the fly when there is no copy', async () => {
    const r = await get('/js/plain.js', { 'accept-encoding': 'gzip' })
    expect(r.headers['cache-control']).toBe('no-cache')
    expect(r.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(r.body).toString()).toBe(JS)
  })
})

describe('API answers', () => {
  const call = (fn: string, action: string, data: unknown, openid: string, enc = 'br, gzip') =>
    get(`/api/${fn}`, { 'content-type': 'application/json', 'x-openid': openid, 'accept-encoding': enc }, 'POST', JSON.stringify({ action, data }))

  test('a large answer is compressed; the envelope is unchanged', async () => {
    // the 20 nearest of the demo stations in Wuhan: several KB of JSON
    const r = await call('station', 'nearby', { lat: 30.5436, lng: 114.3016, radiusKm: 10 }, 'demo-driver')
    expect(r.status).toBe(200)
    expect(r.headers['content-encoding']).toBe('br')
    const text = brotliDecompressSync(r.body).toString()
    const json = JSON.parse(text)
    expect(json.ok).toBe(true)
    expect(json.data.items.length).toBeGreaterThan(0)
    expect(r.body.length).toBeLessThan(Buffer.byteLength(text))
    expect(r.headers['cache-control']).toBeUndefined()
  })

  test('a small answer (under 1 KB) goes as it is', async () => {
    const r = await call('member', 'me', {}, 'demo-admin', 'gzip')
    expect(r.headers['content-encoding']).toBeUndefined()
    expect(JSON.parse(r.body.toString()).ok).toBe(true)
  })

  test('errors are still envelopes, compressed or not', async () => {
    const r = await call('voucher', 'claim', { campaignId: '' }, 'demo-courier', 'gzip')
    const body = r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body) : r.body
    expect(JSON.parse(body.toString())).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
  })

  test('a gzip-encoded request body is not inflated by the gateway (it is refused as bad JSON)', async () => {
    const r = await new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      const req = request(`${gw.url}/api/member`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-openid': 'demo-admin' } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }))
      })
      req.on('error', reject)
      req.end(gzipSync(JSON.stringify({ action: 'me' })))
    })
    expect(r.status).toBe(400)
    expect(JSON.parse(r.body.toString()).error.code).toBe('VALIDATION_FAILED')
  })
})
