// Shared by scripts/test.mjs and scripts/start.mjs: is a Taro build older than its sources, and how to make one.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** What a front-end build is made from. */
const SOURCES = ['src', 'types', 'config', 'babel.config.js', 'package.json', 'tsconfig.json', 'project.config.json']
/** A file each complete build writes last-ish: its presence and age stand for the build. */
const MARKERS = { weapp: 'dist/weapp/app.js', h5: 'dist/h5/index.html' }

function newestMtime(p) {
  if (!existsSync(p)) return 0
  const st = statSync(p)
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs // a deleted file shows as a newer directory
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)))
  return newest
}

/** Why the platform needs a build, or null when dist is newer than every source file. */
export function staleReason(platform) {
  const marker = path.join(ROOT, MARKERS[platform])
  if (!existsSync(marker)) return `${MARKERS[platform]} is missing`
  const built = statSync(marker).mtimeMs
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))))
  return newest > built ? 'sources changed since the last build' : null
}

/**
 * Production build of one platform for tests and the local demo; returns { ok, seconds }. Output streams to the
 * terminal. DEMO_BUILD=1: a mini-program built here may go without CLOUD_ENV (a release build may not).
 */
export function build(platform) {
  const started = Date.now()
  // Builds of one tree must not overlap (they rewrite dist/): take the same lock as everyone on this machine.
  const cmd = ['npx', 'taro', 'build', '--type', platform]
  if (existsSync('/usr/bin/flock')) cmd.unshift('flock', '/tmp/taro-build.lock')
  const r = spawnSync(cmd[0], cmd.slice(1), {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', DEMO_BUILD: '1' },
  })
  return { ok: r.status === 0, seconds: (Date.now() - started) / 1000 }
}
