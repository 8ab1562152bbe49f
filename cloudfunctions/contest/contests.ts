import { randomBytes } from 'node:crypto'
import type { ContestInput } from '../../types'
import { AppError, isDuplicateKey } from '../_shared/errors'
import type { Ctx } from '../_shared/runtime'
import { contests, forgetContest, loadContest, publicContest, today, type ContestDoc } from './model'

export async function list(_: Record<string, never>, ctx: Ctx) {
  const all = await contests(ctx).find({}, { orderBy: [['signupStart', 'desc']], limit: 100 })
  const day = today(ctx)
  return { items: all.map((c) => publicContest(c, day)) }
}

export async function get(data: { contestId: string }, ctx: Ctx) {
  return publicContest(await loadContest(ctx, data.contestId), today(ctx))
}

/** Creates a contest, or replaces its settings; what `advance` recorded is kept. */
export async function upsertContest(data: ContestInput, ctx: Ctx) {
  const coll = contests(ctx)
  const at = ctx.now.toISOString()
  const fields = {
    title: data.title,
    genres: data.genres,
    signupStart: data.signupStart,
    signupEnd: data.signupEnd,
    stages: data.stages.map((s) => ({ id: s.id, startDate: s.startDate, endDate: s.endDate, ...(s.note ? { note: s.note } : {}) })),
    ...(data.eligibleCities ? { eligibleCities: [...new Set(data.eligibleCities)] } : {}),
    ...(data.eligibility ? { eligibility: data.eligibility } : {}),
    ...(data.description ? { description: data.description } : {}),
    updatedAt: at,
  }
  const unset: Record<string, true> = {}
  for (const k of ['eligibleCities', 'eligibility', 'description'] as const) if (!(k in fields)) unset[k] = true

  const id = data.id ?? `c${randomBytes(8).toString('hex')}`
  for (let attempt = 0; attempt < 3; attempt++) {
    const cur = await coll.get(id)
    if (cur) {
      const dropped = Object.keys(cur.advanced ?? {}).filter((s) => !fields.stages.some((x) => x.id === s))
      if (dropped.length) throw new AppError('CONFLICT', '已完成晋级的赛段不能删除')
      await coll.updateOne({ _id: id }, { $set: fields, ...(Object.keys(unset).length ? { $unset: unset } : {}) })
      break
    }
    try {
      await coll.insert({ _id: id, ...fields, createdAt: at } as ContestDoc)
      break
    } catch (e) {
      if (!isDuplicateKey(e)) throw e // created meanwhile: update it on the next turn
    }
  }
  forgetContest(ctx, id)
  return publicContest(await loadContest(ctx, id), today(ctx))
}
