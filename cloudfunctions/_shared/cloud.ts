/**
 * The entry of every deployed function: `export const main = cloudMain(memberFunction)`.
 * Cloud-only wiring: CloudBase database and storage, WeChat media and text checks. It must never import
 * _local/ (the local wiring, _local/deps.ts) or the sqlite adapter (better-sqlite3 is not shipped to the cloud).
 */
import { randomUUID } from 'node:crypto'
import type { Envelope } from '../../types'
import { assertCloudConfig, loadConfig, type Config } from './config'
import { systemClock, type Clock } from './clock'
import { AppError } from './errors'
import { createLogger } from './log'
import { manualMediaCheck } from './media'
import { cloudbaseOpenApiCaller, wechatMediaCheck, type OpenApiCaller } from './media-wechat'
import { contentCheckFromConfig } from './content/config'
import { wechatContentCheck } from './content/wechat'
import { cloudbaseUploader, wechatMiniCode, type Uploader } from './minicode-wechat'
import { CloudbaseDocStore } from './docstore/cloudbase'
import { localNotifier } from './notify'
import { parseTemplates, wechatNotifier } from './notify-wechat'
import { CloudbaseStorage } from './storage/cloudbase'
import { Tokens } from './tokens'
import { cloudbaseContext, lazyCloudbaseApp, type CloudbaseApp, type CloudbaseInit } from './cloudbase-app'
import type { CloudFunction, Deps } from './runtime'

export interface CloudMainOptions {
  /** Environment to read the configuration from (default: process.env, read on the first call). */
  env?: Record<string, string | undefined>
  /** Extra SDK init options (a test endpoint and keys); in the cloud the platform provides all. */
  init?: CloudbaseInit
  clock?: Clock
  openApi?: OpenApiCaller
  /** Where generated images are stored (default: CloudBase storage through the SDK). */
  upload?: Uploader
}

/**
 * The SDK's request timeout. Its default (15 s) is longer than the functions' own timeout (10 s,
 * cloudbaserc.json), so a slow database call would be cut off by the platform without an answer;
 * below it, the call fails, the handler answers INTERNAL with a request id and the log says why.
 */
export const SDK_TIMEOUT_MS = 8_000

/** In the cloud these are the only adapters that exist; the environment may say so, but not otherwise. */
const CLOUD_DEFAULTS = { DOCSTORE: 'cloudbase', STORAGE: 'cloudbase', MEDIA_CHECK: 'wechat', CONTENT_CHECK: 'wechat', NOTIFIER: 'wechat' } as const

interface Booted { app: () => CloudbaseApp; deps: Deps }

export function bootCloud(opts: CloudMainOptions = {}): Booted {
  const env = { ...CLOUD_DEFAULTS, ...(opts.env ?? process.env) }
  const config: Config = loadConfig(env)
  assertCloudConfig(config, env)
  if (config.DOCSTORE !== 'cloudbase' || config.STORAGE !== 'cloudbase') {
    throw new Error(`云函数只能使用 DOCSTORE=cloudbase、STORAGE=cloudbase（当前 ${config.DOCSTORE}/${config.STORAGE}）`)
  }
  const app = lazyCloudbaseApp({ timeout: SDK_TIMEOUT_MS, ...(config.TCB_ENV ? { env: config.TCB_ENV } : {}), ...opts.init }, env)
  const log = createLogger(config.LOG_LEVEL)
  const templates = parseTemplates(config.SUBSCRIBE_TEMPLATES)
  const openApi = opts.openApi ?? cloudbaseOpenApiCaller(app)
  const deps: Deps = {
    store: new CloudbaseDocStore({ app }),
    storage: new CloudbaseStorage({ app, envId: config.TCB_ENV }),
    clock: opts.clock ?? systemClock,
    config,
    tokens: new Tokens(config.TOKEN_SECRET),
    media: config.MEDIA_CHECK === 'wechat' ? wechatMediaCheck(openApi, { log }) : manualMediaCheck,
    content: config.CONTENT_CHECK === 'wechat' ? wechatContentCheck(openApi, { log }) : contentCheckFromConfig(config),
    miniCode: wechatMiniCode(openApi, opts.upload ?? cloudbaseUploader(app), { envVersion: config.MINI_CODE_ENV, log }),
    log,
    notifier: config.NOTIFIER === 'wechat' ? wechatNotifier(openApi, templates, { state: config.SUBSCRIBE_STATE, log }) : localNotifier,
  }
  return { app, deps }
}

/**
 * The caller's OPENID from the WeChat context: the call context first (its `environment`, as the
 * SDK ranks it, which stays right if one instance ever serves concurrent calls), then the
 * function's environment (WX_OPENID, listed in WX_CONTEXT_KEYS). Never from the event.
 */
export function callerOpenid(app: () => CloudbaseApp, context?: unknown): string | null {
  app() // refuses early when there are no credentials (see lazyCloudbaseApp)
  const hasContext = Boolean(context && typeof context === 'object')
  try {
    return cloudbaseContext(hasContext ? context : undefined).WX_OPENID || null
  } catch {
    // A context the SDK cannot parse: fall back to the environment alone.
    return cloudbaseContext(undefined).WX_OPENID || null
  }
}

function internal(why: string, err: unknown): Envelope<never> {
  const requestId = randomUUID()
  // The logger may not exist (bad configuration): write straight to the function log.
  process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level: 'error', requestId, why, err: err instanceof Error ? err.message : String(err) }) + '\n')
  return { ok: false, error: new AppError('INTERNAL', undefined, { requestId }).toBody() }
}

/**
 * Wraps a function for CloudBase: configuration and clients are set up once per container, on
 * the first call, never at import. A bad configuration answers INTERNAL on every call (and logs
 * why) instead of crashing the container.
 */
export function cloudMain(fn: CloudFunction, opts: CloudMainOptions = {}): (event: unknown, context?: unknown) => Promise<Envelope<unknown>> {
  let booted: Booted | null = null
  let bootError: unknown = null
  return async function main(event: unknown, context?: unknown) {
    if (!booted && !bootError) {
      try { booted = bootCloud(opts) } catch (e) { bootError = e }
    }
    if (!booted) return internal(`${fn.name}: 配置无效，函数未启动`, bootError)
    let openid: string | null
    try {
      openid = callerOpenid(booted.app, context)
    } catch (e) {
      return internal(`${fn.name}: 无法读取调用者身份`, e)
    }
    const job = openid ? null : timerJob(fn, event)
    if (job) {
      try {
        return { ok: true, data: await job(booted.deps) }
      } catch (e) {
        return internal(`${fn.name}: 定时任务失败`, e)
      }
    }
    return fn.handle(event, openid, booted.deps)
  }
}

/**
 * A timer trigger calls the function with `{ Type: 'Timer', TriggerName, Time }` and no WeChat
 * identity; a call from the mini-program always carries one, so a client cannot start a job.
 */
export function timerJob(fn: CloudFunction, event: unknown): ((deps: Deps) => Promise<unknown>) | null {
  if (!event || typeof event !== 'object') return null
  const ev = event as { Type?: unknown; TriggerName?: unknown }
  if (ev.Type !== 'Timer' || typeof ev.TriggerName !== 'string') return null
  return fn.timers && Object.prototype.hasOwnProperty.call(fn.timers, ev.TriggerName) ? fn.timers[ev.TriggerName] : null
}
