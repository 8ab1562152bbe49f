import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the CloudBase SDK sent: the action and its parameters, with EJSON strings left as sent. */
export interface Captured {
  action: string
  body: Record<string, any>
  query: URLSearchParams
  headers: IncomingMessage['headers']
}

export type Reply = { status?: number; body: unknown } | Record<string, unknown>

/**
 * A stand-in for the CloudBase API endpoint on 127.0.0.1. The real SDK is pointed at it with
 * `serviceUrl`; every POST is recorded and answered by `reply` (CloudBase-shaped JSON).
 * Plain GETs (temporary file URLs) go to `onGet`.
 */
export interface CaptureServer {
  url: string
  requests: Captured[]
  reply: (req: Captured) => Reply | Promise<Reply>
  onGet: (req: IncomingMessage, res: ServerResponse) => void
  actions(): string[]
  close(): Promise<void>
}

export async function startCaptureServer(): Promise<CaptureServer> {
  const cs: CaptureServer = {
    url: '',
    requests: [],
    reply: (req) => ({ status: 500, body: { code: 'NO_REPLY', message: `no reply scripted for ${req.action}` } }),
    onGet: (_req, res) => { res.statusCode = 404; res.end() },
    actions: () => cs.requests.map((r) => r.action),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') { cs.onGet(req, res); return }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      let body: Record<string, any> = {}
      try { body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') } catch { /* keep empty */ }
      const captured: Captured = { action: String(body.action ?? ''), body, query: url.searchParams, headers: req.headers }
      cs.requests.push(captured)
      let out: Reply
      try { out = await cs.reply(captured) } catch (e) { out = { status: 500, body: { code: 'CAPTURE_ERROR', message: String(e) } } }
      const { status, payload } = 'body' in out && Object.keys(out).every((k) => k === 'body' || k === 'status')
        ? { status: (out as { status?: number }).status ?? 200, payload: (out as { body: unknown }).body }
        : { status: 200, payload: out }
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(payload))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cs.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return cs
}
