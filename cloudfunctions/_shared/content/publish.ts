import { AppError } from '../errors'
import { ContentCheckUnavailable, type ContentScene } from '../ports'
import type { Ctx } from '../runtime'

/** One piece of free text others will read: the input field it came from and its Chinese label. */
export interface PublicText { field: string; label: string; text: string | undefined; scene: ContentScene }

export const CONTENT_HIT = '含有不宜公开的内容，请修改后再提交'
export const CONTENT_UNAVAILABLE = '内容安全检查暂时不可用，请稍后再提交'

/**
 * Runs the content check on every non-empty text before anything is stored. A hit is
 * VALIDATION_FAILED naming each field that hit; when no verdict can be had for some text the
 * request fails closed with UNAVAILABLE (the person is told to try again), never stores unchecked.
 */
export async function assertPublishable(ctx: Ctx, texts: PublicText[]): Promise<void> {
  const openid = ctx.me()
  const todo = texts.filter((t) => t.text && t.text.trim())
  const results = await Promise.allSettled(todo.map((t) => ctx.deps.content.check(t.text!, { openid, scene: t.scene })))
  const hits = todo.filter((_, i) => { const r = results[i]; return r.status === 'fulfilled' && r.value.verdict === 'risky' })
  if (hits.length) {
    throw new AppError('VALIDATION_FAILED', `${hits.map((h) => `“${h.label}”`).join('、')}${CONTENT_HIT}`, {
      fieldErrors: Object.fromEntries(hits.map((h) => [h.field, [`${h.label}${CONTENT_HIT}`]])),
    })
  }
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) {
    if (!(failed.reason instanceof ContentCheckUnavailable)) throw failed.reason
    ctx.deps.log.error({ requestId: ctx.requestId, msg: 'content check unavailable', err: failed.reason.reason })
    throw new AppError('UNAVAILABLE', CONTENT_UNAVAILABLE)
  }
}
