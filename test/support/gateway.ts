import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createGateway, type Gateway, type GatewayOptions } from '../../cloudfunctions/_local/gateway'

export const tempDir = (prefix = 'ghyz-') => mkdtempSync(join(tmpdir(), prefix))

export interface TestGateway extends Gateway {
  dataDir: string
  call(fn: string, action: string, data?: unknown, openid?: string): Promise<{ status: number; body: any }>
  raw(path: string, init?: RequestInit): Promise<Response>
}

/** A gateway on a fresh temp data dir (real sqlite, real storage folder), on an ephemeral port. */
export async function startGateway(opts: Partial<GatewayOptions> & { env?: Record<string, string | undefined>; dataDir?: string } = {}): Promise<TestGateway> {
  const dataDir = opts.dataDir ?? tempDir()
  const gw = await createGateway({ h5Dir: null, port: 0, ...opts, env: { LOG_LEVEL: 'silent', SEED: 'demo', ...opts.env, DATA_DIR: dataDir } })
  return Object.assign(gw, {
    dataDir,
    async call(fn: string, action: string, data?: unknown, openid?: string) {
      const r = await fetch(`${gw.url}/api/${fn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(openid ? { 'x-openid': openid } : {}) },
        body: JSON.stringify(data === undefined ? { action } : { action, data }),
      })
      return { status: r.status, body: await r.json() }
    },
    raw: (path: string, init?: RequestInit) => fetch(`${gw.url}${path}`, init),
  })
}
