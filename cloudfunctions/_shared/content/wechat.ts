import { ContentCheckUnavailable, type ContentCheck } from '../ports'
import type { OpenApiCaller } from '../media-wechat'
import type { Logger } from '../log'

export const MSG_SEC_CHECK_API = 'security.msgSecCheck'

/**
 * ContentCheck on WeChat's security.msgSecCheck (v2, 云调用): the text, the scene and the openid of
 * the person who wrote it (WeChat requires that they used the mini-program in the last two hours,
 * which a person submitting a form has). `suggest: risky` is a hit; `pass` and `review` (WeChat is
 * unsure) are published. Anything else — an error code, an answer without a verdict, a failed call —
 * throws ContentCheckUnavailable, so the text is not stored unchecked.
 */
export function wechatContentCheck(call: OpenApiCaller, opts: { log?: Logger } = {}): ContentCheck {
  return {
    async check(text, { openid, scene }) {
      let res: Answer
      try {
        res = unwrap(await call(MSG_SEC_CHECK_API, { content: text, version: 2, scene, openid }))
      } catch (e) {
        const err = e instanceof Error ? e.message : String(e)
        opts.log?.error({ msg: 'msgSecCheck failed', err })
        throw new ContentCheckUnavailable(err)
      }
      const code = res.errcode ?? res.errCode
      const suggest = res.result?.suggest
      if ((code === 0 || code === undefined) && (suggest === 'pass' || suggest === 'review' || suggest === 'risky')) {
        return suggest === 'risky' ? { verdict: 'risky', ...(res.result?.label !== undefined ? { label: String(res.result.label) } : {}) } : { verdict: 'pass' }
      }
      opts.log?.error({ msg: 'msgSecCheck refused', errcode: code, errmsg: res.errmsg ?? res.errMsg })
      throw new ContentCheckUnavailable(`errcode ${String(code)}`)
    },
  }
}

type Answer = { errcode?: number; errCode?: number; errmsg?: string; errMsg?: string; result?: { suggest?: string; label?: number | string } }

/** node-sdk answers `{ result }` around the API's JSON (which has its own `result` with the verdict). */
function unwrap(v: unknown): Answer {
  let r = v as Record<string, unknown> | null
  for (const key of ['result', 'data']) {
    if (r && typeof r === 'object' && r[key] && typeof r[key] === 'object' && !isVerdict(r[key])) r = r[key] as Record<string, unknown>
  }
  return (r ?? {}) as Answer
}
const isVerdict = (v: unknown) => !!v && typeof v === 'object' && 'suggest' in (v as object)
