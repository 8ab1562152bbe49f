import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createGateway, type Gateway, type GatewayOptions } from '../../cloudfunctions/_local/gateway'
import { ManualClock } from '../../cloudfunctions/_shared/clock'

export const tempDir = (prefix = 'ghyz-') => mkdtempSync(join(tmpdir(), prefix))

export interface TestGateway extends Gateway {
  dataDir: string
  call(fn: string, action: string, data?: unknown, openid?: string): Promise<{ status: number; body: any }>
  raw(path: string, init?: RequestInit): Promise<Response>
}

type StartOptions = Partial<GatewayOptions> & { env?: Record<string, string | undefined>; dataDir?: string }

/** A gateway on a fresh temp data dir (real sqlite, real storage folder), on an ephemeral port. */
export async function startGateway(opts: StartOptions = {}): Promise<TestGateway> {
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

/**
 * A file's gateway on a manual clock at `now`, which every test finds there (it is set back after each one).
 * The gateway starts before the file's first test and closes after its last; `gw` stands for it in hooks and tests.
 */
export function gatewayAt(now: string, opts: Omit<StartOptions, 'clock'> = {}): { gw: TestGateway; clock: ManualClock } {
  const clock = new ManualClock(Date.parse(now))
  let started: TestGateway | undefined
  beforeAll(async () => { started = await startGateway({ ...opts, clock }) })
  afterAll(async () => { await started?.close() })
  afterEach(() => clock.set(now))
  const gw = new Proxy({} as TestGateway, {
    get(_, prop) {
      if (!started) throw new Error('the gateway starts in beforeAll: use it in hooks and tests')
      const v = Reflect.get(started, prop)
      return typeof v === 'function' ? v.bind(started) : v
    },
  })
  return { gw, clock }
}
