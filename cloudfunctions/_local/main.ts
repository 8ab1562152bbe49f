import { createGateway } from './gateway'

/** `npm start`: the whole app on this machine, on the embedded store. */
async function main() {
  const port = Number(process.env.PORT ?? 8787)
  const gw = await createGateway({ env: process.env, port })
  process.stderr.write(`工惠驿站 本地网关已启动: ${gw.url}/ (数据目录 ${gw.deps.config.DATA_DIR})\n`)
  let stopping = false
  const stop = async (sig: string) => {
    if (stopping) return
    stopping = true
    process.stderr.write(`收到 ${sig}，正在关闭…\n`)
    await gw.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

main().catch((e) => {
  process.stderr.write(`启动失败: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
