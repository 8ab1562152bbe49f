import type { CloudBase, ICloudBaseConfig } from '@cloudbase/node-sdk'

export type CloudbaseApp = CloudBase
export type CloudbaseInit = ICloudBaseConfig

type Sdk = typeof import('@cloudbase/node-sdk')

/** Loaded on first use: importing this module never touches the SDK. */
function sdk(): Sdk {
  return require('@cloudbase/node-sdk') as Sdk // eslint-disable-line @typescript-eslint/no-require-imports -- loaded on first use, so importing this module never starts the SDK
}

/**
 * Whether the SDK will find credentials. Without any, node-sdk starts a request whose credential
 * check rejects in a promise nobody awaits, which takes the whole process down instead of failing
 * the call; so we refuse before the SDK is initialised.
 */
export function hasCloudbaseCredentials(init: CloudbaseInit, env: Record<string, string | undefined> = process.env): boolean {
  return Boolean(
    (init.secretId && init.secretKey)
      || init.accessKey
      || init.getCrossAccountInfo
      || init.context?.extendedContext?.tmpSecret
      || env.CLOUDBASE_APIKEY
      || (env.TENCENTCLOUD_SECRETID && env.TENCENTCLOUD_SECRETKEY),
  )
}

/**
 * One SDK app per container, created on first use. Inside a CloudBase function the platform
 * provides temporary credentials (TENCENTCLOUD_SECRETID/SECRETKEY/SESSIONTOKEN) and the current
 * environment; elsewhere pass `secretId`/`secretKey` (and `serviceUrl` for a test endpoint).
 */
export function lazyCloudbaseApp(init: CloudbaseInit = {}, env: Record<string, string | undefined> = process.env): () => CloudbaseApp {
  let app: CloudbaseApp | null = null
  return () => {
    if (app) return app
    if (!hasCloudbaseCredentials(init, env)) {
      throw new Error('CloudBase 凭证缺失：云函数之外运行需要 secretId/secretKey（或 TENCENTCLOUD_SECRETID/TENCENTCLOUD_SECRETKEY）')
    }
    const tcb = sdk()
    app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV, ...init }) as CloudbaseApp
    return app
  }
}

/** The SDK's context reader (WX_* and TCB_* keys from the environment, or from the SCF context). */
export function cloudbaseContext(context?: unknown): Record<string, string | undefined> {
  return sdk().getCloudbaseContext(context as never) as unknown as Record<string, string | undefined>
}
