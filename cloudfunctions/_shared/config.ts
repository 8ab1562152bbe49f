import * as z from 'zod'

const Csv = z.string().default('').transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))

/** All configuration, read once at start-up from the environment and validated. */
export const ConfigSchema = z.object({
  DOCSTORE: z.enum(['sqlite', 'cloudbase']).default('sqlite'),
  DATA_DIR: z.string().min(1).default('.data'),
  ADMIN_OPENIDS: Csv,
  /** HMAC secret for card, voucher and station tokens. Required in the cloud. */
  TOKEN_SECRET: z.string().min(32, { message: 'TOKEN_SECRET 至少 32 个字符' }).optional(),
  /** Which storage adapter to use. */
  STORAGE: z.enum(['local', 'cloudbase']).default('local'),
  /** Content security check for uploaded videos: `manual` locally, `wechat` in the cloud. */
  MEDIA_CHECK: z.enum(['manual', 'wechat']).default('manual'),
  /** Text content check of published free text: a word list locally, WeChat's msgSecCheck in the cloud. */
  CONTENT_CHECK: z.enum(['words', 'wechat']).default('words'),
  /** The word list of the `words` check, comma- or line-separated; when unset, a small demo list. */
  CONTENT_WORDS: z.string().optional(),
  /** CloudBase environment id (set by the platform in the cloud; never committed). */
  TCB_ENV: z.string().optional(),
  /**
   * The public web address of the H5 build (e.g. https://example.org): station posters link to its check-in
   * page. The local gateway uses its own address when it is not set.
   */
  PUBLIC_URL: z.string().url({ message: 'PUBLIC_URL 应为网址（http:// 或 https:// 开头）' }).regex(/^https?:\/\//, { message: 'PUBLIC_URL 应以 http:// 或 https:// 开头' }).optional(),
  /** Which version of the mini-program a poster's code opens (wxacode env_version). */
  MINI_CODE_ENV: z.enum(['release', 'trial', 'develop']).default('release'),
  LOG_LEVEL: z.enum(['silent', 'error', 'info']).default('info'),
  /** Subscribe messages: `local` stores them only (the message centre), `wechat` also pushes them (subscribeMessage.send). */
  NOTIFIER: z.enum(['local', 'wechat']).default('local'),
  /** JSON: per topic a template id, or { id, data: { <template keyword>: <message field> } } (docs/DEPLOY.md). */
  SUBSCRIBE_TEMPLATES: z.string().default('{}'),
  /** Which version of the mini-program a pushed message opens. */
  SUBSCRIBE_STATE: z.enum(['formal', 'trial', 'developer']).default('formal'),
})
export type Config = z.infer<typeof ConfigSchema> & { TOKEN_SECRET: string }

export function loadConfig(env: Record<string, string | undefined>, fallbackSecret?: () => string): Config {
  const parsed = ConfigSchema.safeParse(env)
  if (!parsed.success) {
    throw new Error(`配置错误: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  }
  const c = parsed.data
  const secret = c.TOKEN_SECRET ?? fallbackSecret?.()
  if (!secret) throw new Error('配置错误: 缺少 TOKEN_SECRET（云端必须在环境变量中设置）')
  return { ...c, TOKEN_SECRET: secret }
}

/** In the cloud, secrets and admins must come from the environment: refuse to start without them. */
export function assertCloudConfig(c: Config, env: Record<string, string | undefined>): void {
  const missing: string[] = []
  if (!env.TOKEN_SECRET) missing.push('TOKEN_SECRET')
  if (!env.ADMIN_OPENIDS) missing.push('ADMIN_OPENIDS')
  if (missing.length) throw new Error(`云函数缺少环境变量: ${missing.join(', ')}`)
  void c
}
