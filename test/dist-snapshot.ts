/**
 * A private copy of a build (dist/weapp, dist/h5) for one test file. Builds of the same tree empty and
 * rewrite dist/, so a suite that reads it directly can break halfway when someone rebuilds.
 *
 * No lock is taken: whoever runs tests may already hold the build lock around them (flock … jest), and a
 * shared lock from inside would wait forever. Instead the copy is taken when dist has been quiet for a few
 * seconds, and retried if dist changed while copying.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '..')
const QUIET_MS = 3000
const WAIT_MS = 240_000

function newestMtime(p: string): number {
  const st = statSync(p)
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs
  for (const e of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)))
  return newest
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

export function snapshotDist(platform: 'weapp' | 'h5', marker: string): { dir: string; remove(): void } {
  const src = path.join(ROOT, 'dist', platform)
  const missing = () =>
    new Error(`dist/${platform} is missing: run \`NODE_ENV=production npx taro build --type ${platform}\` first (npm test does)`)
  // No folder at all: never built. A folder without its marker: a build is under way, wait for it.
  if (!existsSync(src)) throw missing()

  const deadline = Date.now() + WAIT_MS
  for (;;) {
    try {
      const before = newestMtime(src)
      if (existsSync(path.join(src, marker)) && Date.now() - before >= QUIET_MS) {
        const dir = mkdtempSync(path.join(tmpdir(), `gh-dist-${platform}-`))
        const dst = path.join(dir, platform)
        cpSync(src, dst, { recursive: true })
        if (existsSync(path.join(dst, marker)) && newestMtime(src) === before) {
          return { dir: dst, remove: () => rmSync(dir, { recursive: true, force: true }) }
        }
        rmSync(dir, { recursive: true, force: true })
      }
    } catch {
      // a build emptied dist while we looked: wait for it to finish
    }
    if (Date.now() > deadline) throw existsSync(path.join(src, marker)) ? new Error(`dist/${platform} kept changing for ${WAIT_MS / 1000} s`) : missing()
    sleep(1000)
  }
}
