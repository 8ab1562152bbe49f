import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import fastifyStatic from '@fastify/static'
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'
import { HTTP_STATUS, ERROR_MESSAGES, type ErrorCode, type Envelope } from '../../types'
import { createLocalDeps, type LocalDeps } from '../_shared/deps'
import { CLOUD_PATH } from '../_shared/storage/local'
import type { Clock } from '../_shared/clock'
import { FUNCTION_REGISTRY } from './functions'
import { seedDemo } from './seed'

/** CloudBase's own limit for a function call's payload. */
export const FUNCTION_BODY_LIMIT = 100 * 1024
export const UPLOAD_LIMIT = 100 * 1024 * 1024

const OPENID = /^[A-Za-z0-9_-]{1,64}$/
const RESERVED = new Set(['__proto__', 'constructor', 'prototype'])

export interface GatewayOptions {
  env: Record<string, string | undefined>
  port?: number
  host?: string
  /** Folder of the H5 build to serve at `/`; null to serve none. */
  h5Dir?: string | null
  clock?: Clock
}
export interface Gateway {
  app: FastifyInstance
  url: string
  deps: LocalDeps
  close(): Promise<void>
}

function errorEnvelope(code: ErrorCode, message?: string): Envelope<never> {
  return { ok: false, error: { code, message: message ?? ERROR_MESSAGES[code] } }
}
function sendError(reply: FastifyReply, code: ErrorCode, message?: string) {
  return reply.code(HTTP_STATUS[code]).send(errorEnvelope(code, message))
}

/** The caller's identity at the local gateway: the x-openid header (WeChat's context in the cloud). */
function identity(header: unknown): string | null | undefined {
  if (header === undefined || header === '') return null
  if (typeof header !== 'string' || !OPENID.test(header) || RESERVED.has(header)) return undefined
  return header
}

export async function createGateway(opts: GatewayOptions): Promise<Gateway> {
  const deps = createLocalDeps(opts.env, { clock: opts.clock })
  if ((opts.env.SEED ?? 'demo') !== 'none') await seedDemo(deps)

  const app = Fastify({ logger: false, bodyLimit: FUNCTION_BODY_LIMIT, forceCloseConnections: true, return503OnClosing: true })

  app.setErrorHandler((err: { code?: string; statusCode?: number }, req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 'PAYLOAD_TOO_LARGE', '请求内容超过 100 KB')
    if (err.statusCode && err.statusCode < 500) return sendError(reply, 'VALIDATION_FAILED', '请求格式不正确')
    deps.log.error({ url: req.url, err: String((err as Error).stack ?? err) })
    return sendError(reply, 'INTERNAL')
  })
  app.setNotFoundHandler((_req, reply) => sendError(reply, 'NOT_FOUND'))

  app.get('/healthz', async () => ({ ok: true, data: { status: 'ok' } }))

  // Function calls: any content type, parsed as JSON here so that a bad body is a typed envelope.
  await app.register(async (api) => {
    api.removeAllContentTypeParsers()
    api.addContentTypeParser('*', { parseAs: 'string', bodyLimit: FUNCTION_BODY_LIMIT }, (_req, body, done) => {
      if (body === '') return done(null, undefined)
      try {
        done(null, JSON.parse(body as string))
      } catch {
        done(Object.assign(new Error('bad json'), { statusCode: 400 }), undefined)
      }
    })
    api.post<{ Params: { fn: string } }>('/api/:fn', async (req, reply) => {
      const fn = Object.prototype.hasOwnProperty.call(FUNCTION_REGISTRY, req.params.fn) ? FUNCTION_REGISTRY[req.params.fn] : undefined
      if (!fn) return sendError(reply, 'NOT_FOUND', '没有这个云函数')
      const openid = identity(req.headers['x-openid'])
      if (openid === undefined) return sendError(reply, 'UNAUTHENTICATED', '身份标识无效')
      const env = await fn.handle(req.body, openid, deps)
      return reply.code(env.ok ? 200 : HTTP_STATUS[env.error.code]).send(env)
    })
  })

  // Uploads: the raw body streams to a temp file, then moves into place.
  await app.register(async (up) => {
    up.removeAllContentTypeParsers()
    up.addContentTypeParser('*', (_req, payload, done) => done(null, payload))
    up.post('/storage/upload', async (req, reply) => {
      const openid = identity(req.headers['x-openid'])
      if (!openid) return sendError(reply, 'UNAUTHENTICATED', openid === undefined ? '身份标识无效' : undefined)
      const cloudPath = req.headers['x-cloud-path']
      if (typeof cloudPath !== 'string' || !CLOUD_PATH.test(cloudPath) || cloudPath.endsWith('.meta.json') || cloudPath.endsWith('.part')) {
        return sendError(reply, 'VALIDATION_FAILED', '文件路径不正确，应为 <分类>/<openid>/<文件名>')
      }
      if (cloudPath.split('/')[1] !== openid) return sendError(reply, 'FORBIDDEN', '只能上传到自己的目录')
      const declared = Number(req.headers['content-length'] ?? 0)
      if (declared > UPLOAD_LIMIT) { reply.header('connection', 'close'); return sendError(reply, 'PAYLOAD_TOO_LARGE', '文件不能超过 100 MB') }
      const body = req.body as NodeJS.ReadableStream | undefined
      if (!body) return sendError(reply, 'VALIDATION_FAILED', '缺少文件内容')
      const target = deps.storage.prepare(cloudPath)
      const tmp = `${target}.${process.pid}.${Date.now()}.part`
      let size = 0
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          size += chunk.length
          cb(size > UPLOAD_LIMIT ? Object.assign(new Error('too large'), { tooLarge: true }) : null, chunk)
        },
      })
      try {
        await pipeline(body, counter, createWriteStream(tmp))
      } catch (e) {
        rmSync(tmp, { force: true })
        if ((e as { tooLarge?: boolean }).tooLarge) { reply.header('connection', 'close'); return sendError(reply, 'PAYLOAD_TOO_LARGE', '文件不能超过 100 MB') }
        throw e
      }
      if (size === 0) { rmSync(tmp, { force: true }); return sendError(reply, 'VALIDATION_FAILED', '文件是空的') }
      renameSync(tmp, target)
      deps.storage.writeMeta(cloudPath, { uploader: openid, contentType: req.headers['content-type'] })
      return { ok: true, data: { fileId: deps.storage.fileIdOf(cloudPath) } }
    })
  })

  const h5 = opts.h5Dir === null ? null : resolve(opts.h5Dir ?? 'dist/h5')
  const serveH5 = !!h5 && existsSync(resolve(h5, 'index.html'))
  await app.register(fastifyStatic, { root: serveH5 ? h5! : deps.storage.root, serve: serveH5, prefix: '/', wildcard: true })
  if (!serveH5) {
    app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send('<!doctype html><meta charset="utf-8"><p>H5 版本尚未构建：请运行 <code>npm run build:h5</code> 或 <code>npm start</code>。</p>'))
  }

  app.get<{ Params: { '*': string } }>('/storage/*', async (req, reply) => {
    const fileId = decodeURIComponent(req.params['*'])
    const cp = deps.storage.cloudPath(fileId)
    if (!cp || cp.endsWith('.meta.json') || !existsSync(resolve(deps.storage.root, cp))) return sendError(reply, 'NOT_FOUND', '文件不存在')
    return reply.sendFile(cp, deps.storage.root, { acceptRanges: true, cacheControl: false })
  })

  const address = await app.listen({ port: opts.port ?? 8787, host: opts.host ?? '127.0.0.1' })
  // Posters link to the H5 check-in page: on this gateway unless a public address is configured.
  deps.config.PUBLIC_URL ??= address
  let closed = false
  return {
    app,
    url: address,
    deps,
    async close() {
      if (closed) return
      closed = true
      await app.close()
      await deps.store.close()
    },
  }
}
