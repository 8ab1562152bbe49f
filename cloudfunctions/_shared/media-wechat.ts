import type { MediaCheck } from './ports'
import type { CloudbaseApp } from './cloudbase-app'
import type { Logger } from './log'

/** Calls one WeChat open API (云调用) with a JSON body and answers its JSON result. */
export type OpenApiCaller = (api: string, body: Record<string, unknown>) => Promise<unknown>

export const MEDIA_CHECK_API = 'security.mediaCheckAsync'

/** mediaCheckAsync v2 takes images and audio only (media_type 2 and 1), up to 10 MB. */
const IMAGE = /\.(jpe?g|png|bmp|gif)$/i
const AUDIO = /\.(mp3|aac|ac3|wma|flac|vorbis|opus|wav)$/i
export function mediaTypeOf(fileId: string): 1 | 2 | null {
  const name = fileId.split(/[?#]/)[0]
  return IMAGE.test(name) ? 2 : AUDIO.test(name) ? 1 : null
}

export interface WechatMediaCheckOptions {
  /** 1 资料, 2 评论, 3 论坛, 4 社交日志: a contest entry is public content, so 3 by default. */
  scene?: 1 | 2 | 3 | 4
  log?: Logger
}

/**
 * MediaCheck on WeChat's security.mediaCheckAsync (v2). The verdict arrives later as a
 * `wxa_media_check` message keyed by trace_id; `submit` answers `pending` with that id.
 * Videos are not covered by the API: they answer `manual` (staff review them), and so does any
 * failure of the API, which must not block a sign-up; failures are logged.
 */
export function wechatMediaCheck(call: OpenApiCaller, opts: WechatMediaCheckOptions = {}): MediaCheck {
  const scene = opts.scene ?? 3
  return {
    async submit(fileId, url, openid) {
      const mediaType = mediaTypeOf(fileId)
      if (!mediaType) return { status: 'manual' }
      try {
        const res = unwrap(await call(MEDIA_CHECK_API, { media_url: url, media_type: mediaType, version: 2, scene, openid }))
        const code = res.errcode ?? res.errCode
        const traceId = res.trace_id ?? res.traceId
        if ((code === 0 || code === undefined) && typeof traceId === 'string' && traceId) return { status: 'pending', traceId }
        opts.log?.error({ msg: 'mediaCheckAsync refused', fileId, errcode: code, errmsg: res.errmsg ?? res.errMsg })
      } catch (e) {
        opts.log?.error({ msg: 'mediaCheckAsync failed', fileId, err: e instanceof Error ? e.message : String(e) })
      }
      return { status: 'manual' }
    },
  }
}

type Result = { errcode?: number; errCode?: number; errmsg?: string; errMsg?: string; trace_id?: string; traceId?: string }
/** node-sdk answers `{ result }`; some gateways nest the API's JSON once more under `data`. */
function unwrap(v: unknown): Result {
  let r = v as Record<string, unknown> | null
  for (const key of ['result', 'data']) {
    if (r && typeof r === 'object' && r[key] && typeof r[key] === 'object') r = r[key] as Record<string, unknown>
  }
  return (r ?? {}) as Result
}

/** The caller used in the cloud: node-sdk's callWxOpenApi (needs the API listed in the function's openapi permissions). */
export function cloudbaseOpenApiCaller(app: () => CloudbaseApp): OpenApiCaller {
  return async (api, body) => app().callWxOpenApi({ apiName: api, requestData: body })
}
