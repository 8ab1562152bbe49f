import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix))

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

/** The floor for HTTP throughput on this machine: a bare node server answering a fixed JSON envelope. */
export async function bareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const body = JSON.stringify({ ok: true, data: { id: 'x', status: 'unused' } })
  const srv = createServer((req, res) => {
    req.resume()
    req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body) })
  })
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const { port } = srv.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => srv.close(() => r())) }
}

export const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
