import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import fastifyStatic from '@fastify/static'
import fastifyCompress from '@fastify/compress'
import helmet from 'helmet'
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createWriteStream, existsSync, readFileSync, openSync, readSync, closeSync, renameSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'
import { HTTP_STATUS, ERROR_MESSAGES, type ErrorCode, type Envelope } from '../../types'
import { createLocalDeps, type LocalDeps } from './deps'
import { parseCloudPath, matchesExtension, sniffKind } from '../_shared/storage/rules'
import { aliasOf } from '../_shared/alias'
import { shanghaiDay, type Clock } from '../_shared/clock'
import { FUNCTION_REGISTRY } from './functions'
import { seedDemo } from './seed'
import { startTimers } from './timers'
import { C } from '../_shared/collections'

/** CloudBase's own limit for a function call's payload. */
export const FUNCTION_BODY_LIMIT = 100 * 1024
export const UPLOAD_LIMIT = 100 * 1024 * 1024
/** Answers worth compressing: pages, scripts, styles, JSON, SVG (never media or stored files). */
export const COMPRESSIBLE = /^(?:text\/(?:html|css|plain|javascript)|application\/(?:javascript|json)|image\/svg\+xml)(?:;|$)/
/** Build files whose name carries a content hash (js/app.1a2b3c4d.js): they never change under that name. */
export const HASHED_ASSET = /\/(?:js|css|static)\/.+\.[0-9a-f]{8}\.[a-z0-9]+(?:\.br|\.gz)?$/
/** A request body that sends nothing for this long is cut off (slow-body attacks hold file descriptors). */
export const IDLE_BODY_MS = 30_000
/** Uploads one identity may have running at once, and bytes it may upload per (Shanghai) day. */
export const UPLOADS_RUNNING = 2
export const UPLOAD_BYTES_PER_DAY = 1024 * 1024 * 1024

const OPENID = /^[A-Za-z0-9_-]{1,64}$/
const RESERVED = new Set(['__proto__', 'constructor', 'prototype'])

export interface GatewayOptions {
  env: Record<string, string | undefined>
  port?: number
  host?: string
  /** Folder of the H5 build to serve at `/`; null to serve none. */
  h5Dir?: string | null
  clock?: Clock
  /** Idle cut-off for request bodies, in ms (tests shorten it). */
  idleBodyMs?: number
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

/** CSP hashes of the inline scripts of a page (Taro's H5 index.html carries one). */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = []
  for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc\s*=/i.test(m[1] ?? '') || !m[2]) continue
    out.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`)
  }
  return out
}

/** The headers a helmet middleware sets, recorded once on a stand-in response (it must not depend on the request). */
export function staticHeaders(middleware: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void): Array<[string, string]> {
  const headers: Array<[string, string]> = []
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => { headers.push([name, String(value)]) },
    removeHeader: () => {},
    getHeader: () => undefined,
  } as unknown as ServerResponse
  let done = false
  middleware({ headers: {}, method: 'GET', url: '/' } as IncomingMessage, res, (err) => { if (err) throw err; done = true })
  if (!done) throw new Error('security headers: the middleware did not finish synchronously')
  return headers
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

  const app = Fastify({
    logger: false, bodyLimit: FUNCTION_BODY_LIMIT, forceCloseConnections: true, return503OnClosing: true,
    // A malformed escape in the URL is an envelope like every other answer, not fastify's own body.
    frameworkErrors: (err, _req, reply) => {
      if (err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_ASYNC_CONSTRAINT') return sendError(reply, 'NOT_FOUND', '地址不正确')
      return sendError(reply, 'VALIDATION_FAILED', '请求格式不正确')
    },
  })
  const idleMs = opts.idleBodyMs ?? IDLE_BODY_MS
  // A body that goes silent is cut off: the socket's inactivity timer runs while a request is being
  // received and is cleared once the answer is sent (a paused video download is not a body).
  // (Callback hooks: an async hook costs a promise per request on the hot path.)
  app.addHook('onRequest', (req, _reply, done) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') req.raw.socket.setTimeout(idleMs)
    done()
  })
  // Once a body is in (parsed for function calls; streamed by the upload route itself), a slow handler
  // is not a slow client: the timer stops.
  app.addHook('preHandler', (req, _reply, done) => { if (req.routeOptions.url !== '/storage/upload') req.raw.socket?.setTimeout(0); done() })
  app.addHook('onResponse', (req, _reply, done) => { req.raw.socket?.setTimeout(0); done() })

  app.setErrorHandler((err: { code?: string; statusCode?: number }, req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 'PAYLOAD_TOO_LARGE', '请求内容超过 100 KB')
    if (err.statusCode && err.statusCode < 500) return sendError(reply, 'VALIDATION_FAILED', '请求格式不正确')
    deps.log.error({ url: req.url, err: String((err as Error).stack ?? err) })
    return sendError(reply, 'INTERNAL')
  })
  app.setNotFoundHandler((_req, reply) => sendError(reply, 'NOT_FOUND'))

  // Compression (brotli, else gzip) of every route registered below: API answers over 1 KB on the fly at
  // brotli's fast level; the H5 build is precompressed at build time (.br/.gz beside each file, brotli at its
  // best level) and @fastify/static sends those as they are. Request bodies are never decompressed (an upload
  // is counted as it arrives).
  await app.register(fastifyCompress, {
    global: true,
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    customTypes: COMPRESSIBLE,
  })

  app.get('/healthz', async () => ({ ok: true, data: { status: 'ok' } }))

  // The browser asks every site for /favicon.ico: the app's icon (a 工 on the union red), not a 404 in the log.
  const favicon = readFileSync(resolve(__dirname, '../../src/assets/web/favicon.ico'))
  app.get('/favicon.ico', async (_req, reply) =>
    reply.type('image/x-icon').header('cache-control', 'public, max-age=86400').send(favicon))

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

  // Uploads: the raw body streams to a temp file, is checked, then moves into place.
  const running = new Map<string, number>()
  /** A file an entry or a station refers to is never overwritten (a video swapped after review). */
  const referenced = async (fileId: string) =>
    (await deps.store.collection(C.entries).count({ videoFileId: fileId })) > 0
    || (await deps.store.collection(C.stations).count({ photos: { $all: [fileId] } })) > 0
  const countUpload = async (key: string, bytes: number) => {
    const coll = deps.store.collection(C.rate_limits)
    if ((await coll.updateOne({ _id: key }, { $inc: { n: bytes } })) === 1) return
    try {
      await coll.insert({ _id: key, n: bytes, name: 'upload', until: new Date(deps.clock.now().getTime() + 2 * 86_400_000).toISOString() })
    } catch {
      await coll.updateOne({ _id: key }, { $inc: { n: bytes } })
    }
  }
  const headOf = (file: string) => {
    const buf = Buffer.alloc(256)
    const fd = openSync(file, 'r')
    try { return buf.subarray(0, readSync(fd, buf, 0, 256, 0)) } finally { closeSync(fd) }
  }
  await app.register(async (up) => {
    up.removeAllContentTypeParsers()
    up.addContentTypeParser('*', (_req, payload, done) => done(null, payload))
    up.post('/storage/upload', async (req, reply) => {
      const openid = identity(req.headers['x-openid'])
      if (!openid) return sendError(reply, 'UNAUTHENTICATED', openid === undefined ? '身份标识无效' : undefined)
      const parsed = parseCloudPath(req.headers['x-cloud-path'])
      if (!parsed.ok) return sendError(reply, 'VALIDATION_FAILED', parsed.reason)
      const cloudPath = req.headers['x-cloud-path'] as string
      const alias = aliasOf(deps.config.TOKEN_SECRET, openid)
      if (parsed.path.owner !== alias) return sendError(reply, 'FORBIDDEN', '只能上传到自己的目录（见 me.uploadDir）')
      const declared = Number(req.headers['content-length'] ?? 0)
      if (declared > UPLOAD_LIMIT) { reply.header('connection', 'close'); return sendError(reply, 'PAYLOAD_TOO_LARGE', '文件不能超过 100 MB') }
      const body = req.body as NodeJS.ReadableStream | undefined
      if (!body) return sendError(reply, 'VALIDATION_FAILED', '缺少文件内容')
      const fileId = deps.storage.fileIdOf(cloudPath)
      if (await referenced(fileId)) return sendError(reply, 'CONFLICT', '该文件已用于报名或驿站，不能覆盖；请换个文件名上传')

      const day = shanghaiDay(deps.clock.now())
      const quotaKey = `upload_${alias}_${day}`
      const quota = deps.store.collection<{ _id: string; n: number; until: string; name: string }>(C.rate_limits)
      const usedToday = (await quota.get(quotaKey))?.n ?? 0
      if (usedToday + Math.max(declared, 1) > UPLOAD_BYTES_PER_DAY) return sendError(reply, 'RATE_LIMITED', '今天上传的文件已达 1 GB 上限，明天再来')
      const runningNow = running.get(alias) ?? 0
      if (runningNow >= UPLOADS_RUNNING) return sendError(reply, 'RATE_LIMITED', `同时最多上传 ${UPLOADS_RUNNING} 个文件，请等当前上传完成`)
      running.set(alias, runningNow + 1)
      const target = deps.storage.prepare(cloudPath)
      const tmp = `${target}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.part`
      let size = 0
      const room = Math.min(UPLOAD_LIMIT, UPLOAD_BYTES_PER_DAY - usedToday)
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          size += chunk.length
          cb(size > room ? Object.assign(new Error('too large'), { tooLarge: size > UPLOAD_LIMIT ? 'size' : 'quota' }) : null, chunk)
        },
      })
      try {
        try {
          await pipeline(body, counter, createWriteStream(tmp))
        } catch (e) {
          rmSync(tmp, { force: true })
          const tooLarge = (e as { tooLarge?: string }).tooLarge
          if (tooLarge) {
            reply.header('connection', 'close')
            return tooLarge === 'size' ? sendError(reply, 'PAYLOAD_TOO_LARGE', '文件不能超过 100 MB') : sendError(reply, 'RATE_LIMITED', '今天上传的文件已达 1 GB 上限，明天再来')
          }
          if (req.raw.destroyed || req.raw.socket?.destroyed) return reply.hijack()
          throw e
        }
        req.raw.socket?.setTimeout(0)
        if (size === 0) { rmSync(tmp, { force: true }); return sendError(reply, 'VALIDATION_FAILED', '文件是空的') }
        await countUpload(quotaKey, size)
        if (!matchesExtension(parsed.path.ext, headOf(tmp))) {
          rmSync(tmp, { force: true })
          return sendError(reply, 'VALIDATION_FAILED', parsed.path.area === 'contest'
            ? '文件不是 MP4 或 MOV 格式的视频，请重新选择'
            : `图片内容不是 .${parsed.path.ext} 格式，请重新选择`)
        }
        // Checked again at the last moment: a sign-up may have taken the file while it streamed.
        if (await referenced(fileId)) { rmSync(tmp, { force: true }); return sendError(reply, 'CONFLICT', '该文件已用于报名或驿站，不能覆盖；请换个文件名上传') }
        renameSync(tmp, target)
        deps.storage.writeMeta(cloudPath, { uploader: alias })
        return { ok: true, data: { fileId } }
      } finally {
        const n = (running.get(alias) ?? 1) - 1
        if (n > 0) running.set(alias, n)
        else running.delete(alias)
      }
    })
  })

  const h5 = opts.h5Dir === null ? null : resolve(opts.h5Dir ?? 'dist/h5')
  const serveH5 = !!h5 && existsSync(resolve(h5, 'index.html'))
  // Security headers on every answer (the H5 pages above all): a CSP that allows what the app needs and
  // nothing else — its own scripts, the one inline script of index.html by its hash, inline styles
  // (React style attributes), data:/blob: images and media (QR codes, picked files), calls to itself.
  // helmet computes the headers once, here: they depend on nothing in the request (no nonces, no
  // functions), so every answer gets the same list. @fastify/helmet rebuilt the middleware on every request
  // and helmet's own middleware assembles the CSP text on every call: ~4–8 % of a claim through the
  // gateway (docs/PERFORMANCE.md).
  const securityHeaders = staticHeaders(helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", ...(serveH5 ? inlineScriptHashes(readFileSync(resolve(h5!, 'index.html'), 'utf8')) : [])],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'media-src': ["'self'", 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    // Plain http on a local machine: no HSTS; the app embeds nothing cross-origin.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  }))
  app.addHook('onRequest', (_req, reply, done) => {
    for (const [name, value] of securityHeaders) reply.raw.setHeader(name, value)
    done()
  })
  await app.register(fastifyStatic, {
    root: serveH5 ? h5! : deps.storage.root,
    serve: serveH5,
    prefix: '/',
    wildcard: true,
    preCompressed: true,
    // Hashed build files are cached for a year and never revalidated; anything else (index.html above all,
    // which names the current hashes) is revalidated on every load.
    cacheControl: false,
    setHeaders(res, filePath) {
      // A cache between here and the phone keeps the brotli, gzip and plain copies apart.
      res.setHeader('vary', 'accept-encoding')
      res.setHeader('cache-control', HASHED_ASSET.test(filePath.replace(/\\/g, '/')) ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
  if (!serveH5) {
    app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send('<!doctype html><meta charset="utf-8"><p>H5 版本尚未构建：请运行 <code>npm run build:h5</code> 或 <code>npm start</code>。</p>'))
  }

  // Stored files: the router has decoded the id once (decoding again would make `%25` a bad escape).
  // Served as what their bytes are, never as a page: nosniff and a CSP that allows nothing.
  app.get<{ Params: { '*': string } }>('/storage/*', { compress: false }, async (req, reply) => {
    const fileId = req.params['*']
    const cp = deps.storage.cloudPath(fileId)
    if (!cp || !existsSync(resolve(deps.storage.root, cp))) return sendError(reply, 'NOT_FOUND', '文件不存在')
    const kind = sniffKind(headOf(resolve(deps.storage.root, cp)))
    // Stored files have no precompressed copies; without this, @fastify/static (preCompressed for the H5 build)
    // looks for one and, falling back, types the answer by the file's extension instead of its bytes.
    delete req.headers['accept-encoding']
    reply.header('x-content-type-options', 'nosniff')
    reply.header('content-security-policy', "default-src 'none'; media-src 'self'; img-src 'self'; sandbox")
    reply.header('cross-origin-resource-policy', 'same-origin')
    if (!kind) {
      reply.header('content-disposition', 'attachment')
      return reply.type('application/octet-stream').sendFile(cp, deps.storage.root, { acceptRanges: true, cacheControl: false, contentType: false })
    }
    return reply.type(kind).sendFile(cp, deps.storage.root, { acceptRanges: true, cacheControl: false, contentType: false })
  })

  const address = await app.listen({ port: opts.port ?? 8787, host: opts.host ?? '127.0.0.1' })
  // The cloud's timer triggers (voucher.remind daily at 18:00); TIMERS=off leaves them to an admin's call.
  const stopTimers = opts.env.TIMERS === 'off' ? () => {} : startTimers(FUNCTION_REGISTRY, deps)
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
      stopTimers()
      await app.close()
      await deps.store.close()
    },
  }
}
