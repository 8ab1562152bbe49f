import { GENRE_LABELS, SIGNUPS_PER_MINUTE, type SignupInput } from '../../types'
import { AppError, isDuplicateKey } from '../_shared/errors'
import type { Ctx } from '../_shared/runtime'
import { rateLimit } from '../_shared/ratelimit'
import { entries, entryIdOf, loadContest, publicEntry, signupOpen, today, type EntryDoc } from './model'
import { checkVideo } from './video'
import { aliasOf } from '../_shared/alias'

/**
 * Sign-up, in SPEC's order: window → eligible city → one entry per person per genre → the video.
 *
 * Idempotent on requestId per caller: the entry's id is derived from (contest, genre, person) and the
 * entry keeps the requestId that created it, so a repeat with that requestId gets the stored entry back
 * (even after the window closed), while another requestId meets DUPLICATE. Two racing repeats both try
 * the same insert: one wins, the other reads the winner and answers the same.
 */
export async function signup(data: SignupInput, ctx: Ctx) {
  const openid = ctx.me()
  const coll = entries(ctx)
  const id = entryIdOf(data.contestId, data.genre, aliasOf(ctx.deps.config.TOKEN_SECRET, openid))

  const existing = await coll.get(id)
  if (existing?.requestId === data.requestId) return publicEntry(existing, openid)
  if (!existing) {
    // The same requestId already made an entry in another contest or genre: one request, one entry.
    const [earlier] = await coll.find({ owner: openid, requestId: data.requestId }, { limit: 1 })
    if (earlier) throw new AppError('CONFLICT', '这次报名已提交过（剧种不同），请刷新页面后再报名')
  }

  const contest = await loadContest(ctx, data.contestId)
  const day = today(ctx)
  if (!signupOpen(contest, day)) {
    throw new AppError('OUTSIDE_WINDOW', day < contest.signupStart
      ? `报名尚未开始，报名时间为 ${contest.signupStart} 至 ${contest.signupEnd}`
      : `报名已于 ${contest.signupEnd} 截止`)
  }
  if (!contest.genres.includes(data.genre)) {
    throw new AppError('VALIDATION_FAILED', '本大赛没有该剧种', { fieldErrors: { genre: ['本大赛没有该剧种'] } })
  }
  if (contest.eligibleCities?.length && !contest.eligibleCities.includes(data.city)) {
    throw new AppError('NOT_ELIGIBLE', contest.eligibility
      ? `本大赛仅限${contest.eligibility}报名`
      : `本大赛仅限 ${contest.eligibleCities.join('、')} 的职工报名`)
  }
  if (existing) throw duplicate(data.genre)

  // Abuse limit in front of the expensive part (storage reads); the repeats answered above are free.
  await rateLimit(ctx, 'contest.signup', { perMinute: SIGNUPS_PER_MINUTE })
  await checkVideo(ctx.deps.storage, data.videoFileId, openid, ctx.deps.config.TOKEN_SECRET)

  const media = await submitMediaCheck(ctx, data.videoFileId, openid)
  const at = ctx.now.toISOString()
  const doc: EntryDoc = {
    _id: id,
    contestId: data.contestId,
    genre: data.genre,
    owner: openid,
    requestId: data.requestId,
    name: data.name,
    phone: data.phone,
    employer: data.employer,
    city: data.city,
    pieceTitle: data.pieceTitle,
    videoFileId: data.videoFileId,
    status: 'submitted',
    stage: 'prelim',
    votes: 0,
    createdAt: at,
    updatedAt: at,
    media,
  }
  try {
    await coll.insert(doc)
  } catch (e) {
    if (!isDuplicateKey(e)) throw e
    const winner = await coll.get(id)
    if (winner?.requestId === data.requestId) return publicEntry(winner, openid)
    throw duplicate(data.genre)
  }

  return publicEntry(doc, openid)
}

/**
 * The content-security check (WeChat's mediaCheckAsync in the cloud; by hand in review locally), sent
 * before the entry is stored so that the stored entry, and so every answer to this requestId, is
 * complete from the start. Best effort: a failure leaves the video for staff to look at in review.
 */
async function submitMediaCheck(ctx: Ctx, fileId: string, openid: string): Promise<NonNullable<EntryDoc['media']>> {
  try {
    const url = await ctx.deps.storage.tempUrl(fileId)
    const r = await ctx.deps.media.submit(fileId, url, openid)
    return { status: r.status, ...(r.traceId ? { traceId: r.traceId } : {}) }
  } catch (e) {
    ctx.deps.log.error({ requestId: ctx.requestId, fn: 'contest', action: 'signup', err: `media check: ${String(e)}` })
    return { status: 'error' }
  }
}

const duplicate = (genre: SignupInput['genre']) =>
  new AppError('DUPLICATE', `您已报名过${GENRE_LABELS[genre]}，每人每个剧种限报一次`)
