// WeChat's own checks on the built mini-program (dist/weapp), offline, with WeChat's official miniprogram-ci:
//  - its code-quality check (the DevTools 代码质量 panel): every item must pass;
//  - its package analysis (analyseCode): per-package sizes against our budgets.
// miniprogram-ci lives in tools/wechat-ci with its own node_modules (about 1,100 packages that must not mix
// with the app's); it is installed there from its lock file on first use.
//   node scripts/wechat-checks.mjs        exits non-zero on a failed item or a package over budget
// Preview and upload need WeChat's servers and an AppID's upload key: not done here.
import { spawnSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ROOT } from './lib/builds.mjs'

const TOOL_DIR = path.join(ROOT, 'tools/wechat-ci')
const REPORT = path.join(ROOT, '.tmp/wechat-checks.json')

/** Our budgets (bytes). WeChat's limits: 2 MB per package, 20 MB in all; its quality check warns above 1.5 MB. */
export const BUDGETS = {
  main: 500 * 1024, // the same budgets as test/weapp/budget.test.ts: the first screen waits for the main package,
  subpackage: 300 * 1024, // and the first page of an area (wallet, card, check-in) for its subpackage
  total: 20 * 1024 * 1024,
}

function ensureInstalled() {
  if (existsSync(path.join(TOOL_DIR, 'node_modules/miniprogram-ci/package.json'))) return
  console.log('installing miniprogram-ci into tools/wechat-ci (first run; about 1–2 minutes)…')
  const started = Date.now()
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', TOOL_DIR], { stdio: 'inherit' })
  if (r.status !== 0) throw new Error('npm ci in tools/wechat-ci failed')
  console.log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`)
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`

/** Sizes per package from analyseCode's file list (subPackage null = main package). */
export function packageSizes(files) {
  const sizes = { main: 0 }
  for (const f of files) {
    const key = f.subPackage ? f.subPackage.replace(/\/$/, '') : 'main'
    sizes[key] = (sizes[key] ?? 0) + (f.size ?? 0)
  }
  return sizes
}

export function overBudget(sizes) {
  const over = []
  let total = 0
  for (const [name, size] of Object.entries(sizes)) {
    total += size
    const limit = name === 'main' ? BUDGETS.main : BUDGETS.subpackage
    if (size > limit) over.push(`${name}: ${kb(size)} > ${kb(limit)}`)
  }
  if (total > BUDGETS.total) over.push(`total: ${kb(total)} > ${kb(BUDGETS.total)}`)
  return { over, total }
}

async function main() {
  if (!existsSync(path.join(ROOT, 'dist/weapp/app.json'))) throw new Error('dist/weapp is missing: build it first (npm test does)')
  ensureInstalled()
  const ci = createRequire(path.join(TOOL_DIR, 'package.json'))('miniprogram-ci')
  // The CI project wants a key file although these two checks never read it (they never reach WeChat):
  // a throwaway key, made here and removed after.
  const keyDir = mkdtempSync(path.join(tmpdir(), 'wechat-ci-'))
  const keyPath = path.join(keyDir, 'throwaway.key')
  writeFileSync(keyPath, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }))
  const projectConfig = JSON.parse(readFileSync(path.join(ROOT, 'project.config.json'), 'utf8'))
  try {
    const project = new ci.Project({ appid: projectConfig.appid, type: 'miniProgram', projectPath: ROOT, privateKeyPath: keyPath, ignores: ['node_modules/**/*'] })

    const quality = await ci.checkCodeQuality(project)
    console.log('\ncode quality (miniprogram-ci checkCodeQuality):')
    for (const item of quality) console.log(`  ${item.success ? '✓' : '✕'} ${item.name}${item.success ? '' : ` — ${item.text}`}`)
    const failed = quality.filter((i) => !i.success).map((i) => i.name)

    const analysis = await ci.analyseCode(project)
    const sizes = packageSizes(analysis.files)
    const { over, total } = overBudget(sizes)
    const moduleErrors = analysis.modules.filter((m) => m.errors?.length).map((m) => `${m.id}: ${m.errors.map(String).join('; ')}`)
    console.log(`\npackage analysis (miniprogram-ci analyseCode): ${analysis.files.length} files, ${analysis.modules.length} modules`)
    for (const [name, size] of Object.entries(sizes)) console.log(`  ${name.padEnd(20)} ${kb(size).padStart(10)}`)
    console.log(`  ${'total'.padEnd(20)} ${kb(total).padStart(10)}   budgets: main ${kb(BUDGETS.main)}, subpackage ${kb(BUDGETS.subpackage)}, total ${kb(BUDGETS.total)}`)
    for (const e of moduleErrors) console.log(`  ✕ ${e}`)

    mkdirSync(path.dirname(REPORT), { recursive: true })
    writeFileSync(REPORT, JSON.stringify({ quality: quality.map(({ name, success, text }) => ({ name, success, text })), sizes, total, budgets: BUDGETS, over, moduleErrors }, null, 2))
    const problems = [...failed.map((n) => `quality item failed: ${n}`), ...over.map((o) => `over budget: ${o}`), ...moduleErrors.map((e) => `module error: ${e}`)]
    if (problems.length) {
      console.log(`\nWeChat checks FAILED:\n  ${problems.join('\n  ')}`)
      return 1
    }
    console.log('\nWeChat checks passed')
    return 0
  } finally {
    rmSync(keyDir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // miniprogram-ci leaves a file watcher running: exit explicitly.
  main().then((code) => process.exit(code), (e) => { console.error(`WeChat checks could not run: ${e.message}`); process.exit(1) })
}
