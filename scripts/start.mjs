// npm start: build the H5 app if dist/h5 is missing or older than its sources, then run the local gateway
// (which serves dist/h5 and the functions at http://127.0.0.1:${PORT:-8787}/). Ctrl-C / SIGTERM stop it cleanly.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { ROOT, build, staleReason } from './lib/builds.mjs'

const why = staleReason('h5')
if (why) {
  console.log(`构建 H5（${why}）…`)
  const { ok, seconds } = build('h5')
  if (!ok) {
    console.error('H5 构建失败')
    process.exit(1)
  }
  console.log(`H5 构建完成，用时 ${seconds.toFixed(0)} 秒`)
}

// tsx's CLI directly (not through npx) so that signals reach the gateway without an npm process in between.
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli')
const gateway = spawn(process.execPath, [tsxCli, 'cloudfunctions/_local/main.ts'], { cwd: ROOT, stdio: 'inherit', env: process.env })
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    if (gateway.exitCode === null) gateway.kill(sig)
  })
}
gateway.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
