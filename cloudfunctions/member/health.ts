import type { HealthCheck } from '../../types'
import { collectionNames } from '../_shared/collections'
import type { Ctx } from '../_shared/runtime'

const SETUP = '运行 npm run cloud:setup 补齐'
const why = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 200)

/**
 * The deploy checklist (admin): every collection and index of collections.ts, the settings the
 * functions need, and storage. Each line says what is wrong and what to do; nothing is changed.
 */
export async function health(_data: Record<string, never>, ctx: Ctx): Promise<{ checks: HealthCheck[] }> {
  const { store, storage, config } = ctx.deps
  const checks: HealthCheck[] = []

  for (const name of collectionNames()) {
    const label = `集合 ${name}`
    if (!store.inspect) { checks.push({ name: label, ok: false, detail: '当前数据库适配器无法检查' }); continue }
    try {
      const st = await store.inspect(name)
      if (!st.exists) { checks.push({ name: label, ok: false, detail: `集合不存在：${SETUP}` }); continue }
      const entries = Object.entries(st.indexes)
      const missing = entries.filter(([, v]) => v === false).map(([k]) => k)
      const unknown = entries.filter(([, v]) => v === null).length
      const present = entries.filter(([, v]) => v === true).length
      if (missing.length) { checks.push({ name: label, ok: false, detail: `缺少索引 ${missing.join('、')}：${SETUP}` }); continue }
      const parts = ['已创建']
      if (present) parts.push(`${present} 个索引正常`)
      if (unknown) parts.push(`${unknown} 个普通索引云函数内无法列出，用 npm run cloud:setup -- --check 核对`)
      if (!entries.length) parts.push('无需索引')
      checks.push({ name: label, ok: true, detail: parts.join('；') })
    } catch (e) {
      checks.push({ name: label, ok: false, detail: `检查失败：${why(e)}` })
    }
  }

  checks.push({ name: '设置 TOKEN_SECRET', ok: config.TOKEN_SECRET.length >= 32, detail: config.TOKEN_SECRET.length >= 32 ? '已设置' : '至少 32 个字符' })
  const admins = config.ADMIN_OPENIDS.length
  const cloud = config.DOCSTORE === 'cloudbase'
  checks.push({
    name: '设置 ADMIN_OPENIDS',
    ok: admins > 0 || !cloud,
    detail: admins ? `${admins} 位管理员` : cloud ? '没有管理员：在函数的环境变量里设置' : '未设置（本地网关：管理员来自 roles 集合）',
  })
  checks.push(config.DOCSTORE === 'cloudbase'
    ? { name: '云开发环境', ok: true, detail: config.TCB_ENV ? '使用 TCB_ENV 指定的环境' : '使用函数所在的当前环境' }
    : { name: '云开发环境', ok: true, detail: '本地网关（内嵌数据库），不需要' })

  if (!storage.probe) checks.push({ name: '文件存储', ok: false, detail: '当前存储适配器无法检查' })
  else {
    try { checks.push({ name: '文件存储', ok: true, detail: await storage.probe() }) } catch (e) { checks.push({ name: '文件存储', ok: false, detail: `无法访问：${why(e)}` }) }
  }
  return { checks }
}
