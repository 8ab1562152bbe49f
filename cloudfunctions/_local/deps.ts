import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { loadConfig, type Config } from '../_shared/config'
import { systemClock, type Clock } from '../_shared/clock'
import { SqliteDocStore } from '../_shared/docstore/sqlite'
import { LocalStorage } from '../_shared/storage/local'
import { manualMediaCheck } from '../_shared/media'
import { contentCheckFromConfig } from '../_shared/content/config'
import { localMiniCode } from '../_shared/minicode-local'
import { Tokens } from '../_shared/tokens'
import { createLogger } from '../_shared/log'
import { localNotifier } from '../_shared/notify'
import type { Deps } from '../_shared/runtime'

/** The gateway keeps a generated token secret in the data dir when none is configured. */
function localSecret(dataDir: string): string {
  const file = join(dataDir, 'token-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const s = randomBytes(32).toString('base64url')
  writeFileSync(file, s, { mode: 0o600 })
  return s
}

export interface LocalDeps extends Deps { store: SqliteDocStore; storage: LocalStorage }

export function createLocalDeps(env: Record<string, string | undefined>, opts: { clock?: Clock; publicBase?: string } = {}): LocalDeps {
  const dataDir = resolve(env.DATA_DIR || '.data')
  const config: Config = loadConfig({ ...env, DATA_DIR: dataDir }, () => localSecret(dataDir))
  const store = new SqliteDocStore({ file: join(dataDir, 'db.sqlite') })
  const storage = new LocalStorage(dataDir, opts.publicBase ?? '')
  return {
    store,
    storage,
    miniCode: localMiniCode(storage),
    clock: opts.clock ?? systemClock,
    config,
    tokens: new Tokens(config.TOKEN_SECRET),
    media: manualMediaCheck,
    content: contentCheckFromConfig(config),
    log: createLogger(config.LOG_LEVEL),
    notifier: localNotifier,
  }
}
