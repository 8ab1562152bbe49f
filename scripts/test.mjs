// npm test: typecheck → lint (ESLint, with the layer rules) → production builds of weapp and H5 (when stale) → WeChat's miniprogram-ci checks → every jest project.
// Ends with a line `N passed, N failed` and a non-zero exit on any failure.
//   SKIP_BUILD=1 npm test           use dist/ as it is
//   npm test -- --selectProjects ui  arguments after -- go to jest
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { ROOT, build, staleReason } from './lib/builds.mjs'

const failedSteps = []
const step = (name) => console.log(`\n▶ ${name}`)

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } })
  return r.status === 0
}

step('typecheck (tsc --noEmit)')
if (!run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'])) failedSteps.push('typecheck')

// ESLint before the suites: the rules of hooks and the architecture's layers (eslint.config.mjs).
step('lint (eslint)')
if (!run('npx', ['eslint', '.', '--max-warnings', '0'])) failedSteps.push('lint')

for (const platform of ['weapp', 'h5']) {
  if (process.env.SKIP_BUILD === '1') break
  const why = staleReason(platform)
  if (!why) {
    console.log(`\n✓ dist/${platform} is up to date`)
    continue
  }
  step(`build ${platform} (${why})`)
  const { ok, seconds } = build(platform)
  console.log(`build ${platform}: ${ok ? 'ok' : 'FAILED'} in ${seconds.toFixed(1)} s`)
  if (!ok) failedSteps.push(`build ${platform}`)
}

// WeChat's official miniprogram-ci, offline: its code-quality check and package analysis of dist/weapp.
step('WeChat checks (miniprogram-ci: code quality, package analysis)')
if (!run('node', ['scripts/wechat-checks.mjs'])) failedSteps.push('WeChat checks')

step('jest (all projects)')
const resultsFile = path.join(ROOT, '.tmp', 'jest-results.json')
mkdirSync(path.dirname(resultsFile), { recursive: true })
rmSync(resultsFile, { force: true })
// Two cores: two workers; the weapp and browser suites are heavy.
const jestOk = run('npx', ['jest', '--maxWorkers=2', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)])

let passed = 0
let failed = 0
if (existsSync(resultsFile)) {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'))
  passed = r.numPassedTests
  // Suites that could not run (syntax errors, a missing build) have no failed tests of their own: count them.
  failed = r.numFailedTests + r.numRuntimeErrorTestSuites
} else {
  failedSteps.push('jest (no results)')
}
if (!jestOk && failed === 0 && !failedSteps.includes('jest (no results)')) failedSteps.push('jest')

if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`)
console.log(`\n${passed} passed, ${failed + failedSteps.length} failed`)
process.exit(failedSteps.length || failed || !jestOk ? 1 : 0)
