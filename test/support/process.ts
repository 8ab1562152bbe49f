import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..')

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

export interface GatewayProcess {
  url: string
  child: ChildProcess
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  stderr(): string
}

/** The real gateway as its own process (`node --import tsx cloudfunctions/_local/main.ts`), for kill and restart tests. */
export async function spawnGateway(dataDir: string, env: Record<string, string> = {}, port?: number): Promise<GatewayProcess> {
  const p = port ?? (await freePort())
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cloudfunctions/_local/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(p), DATA_DIR: dataDir, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let err = ''
  child.stderr!.on('data', (c) => { err += c })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })))
  const url = `http://127.0.0.1:${p}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway exited early: ${err}`)
    try {
      const r = await fetch(`${url}/healthz`)
      if (r.ok) break
    } catch { /* not up yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`gateway did not start: ${err}`) }
    await new Promise((r) => setTimeout(r, 100))
  }
  return { url, child, exited, stderr: () => err }
}

export async function callAt(url: string, fn: string, action: string, data: unknown, openid?: string) {
  const r = await fetch(`${url}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-openid': openid } : {}) },
    body: JSON.stringify({ action, data }),
  })
  return { status: r.status, body: await r.json() }
}
