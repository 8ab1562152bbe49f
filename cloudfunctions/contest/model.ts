import { createHash } from 'node:crypto'
import { STAGES, AWARDS, maskPhone, type Genre, type Stage, type Contest, type Entry, type EntryStatus, type StageResult } from '../../types'
import { AppError } from '../_shared/errors'
import { shanghaiDay } from '../_shared/clock'
import type { Ctx } from '../_shared/runtime'
import type { Doc } from '../_shared/ports'
import { C } from '../_shared/collections'
import { perStore } from '../_shared/per-store'

export interface StageDoc { id: Stage; startDate: string; endDate: string; note?: string }
/** What `advance` records, once per stage; `done` once every promoted entry has moved. */
export interface AdvanceRecord { at: string; by: string; perGenre: number; promoted: string[]; next: Stage; done: boolean }

export interface ContestDoc extends Doc {
  title: string
  genres: Genre[]
  signupStart: string
  signupEnd: string
  eligibleCities?: string[]
  stages: StageDoc[]
  eligibility?: string
  description?: string
  advanced?: Partial<Record<Stage, AdvanceRecord>>
  createdAt: string
  updatedAt: string
}

export interface EntryDoc extends Doc {
  contestId: string
  genre: Genre
  owner: string
  requestId: string
  name: string
  phone: string
  employer: string
  city: string
  pieceTitle: string
  videoFileId: string
  status: EntryStatus
  reason?: string
  stage: Stage
  /** Cached count of stored votes (see votes.ts for why it can only lag, never exceed). */
  votes: number
  createdAt: string
  updatedAt: string
  reviewedAt?: string
  reviewedBy?: string
  withdrawnAt?: string
  withdrawnBy?: string
  media?: { status: 'pending' | 'pass' | 'manual' | 'error'; traceId?: string }
  /** The privacy notice agreed to at sign-up, and when (shown to the owner, exported). */
  consent?: { version: string; at: string }
}

export interface ScoreDoc extends Doc {
  contestId: string
  entryId: string
  genre: Genre
  stage: Stage
  judge: string
  score: number
  comment?: string
  createdAt: string
  updatedAt: string
}

export interface VoteDoc extends Doc { contestId: string; entryId: string; voter: string; day: string; at: string }

export const contests = (ctx: Ctx) => ctx.deps.store.collection<ContestDoc>(C.contests)
export const entries = (ctx: Ctx) => ctx.deps.store.collection<EntryDoc>(C.entries)
export const scores = (ctx: Ctx) => ctx.deps.store.collection<ScoreDoc>(C.scores)
export const votes = (ctx: Ctx) => ctx.deps.store.collection<VoteDoc>(C.votes)

export const today = (ctx: Ctx) => shanghaiDay(ctx.now)

/**
 * One entry per person per genre is a unique key: the entry's id is derived from it, so two racing
 * sign-ups collide on insert instead of both passing a read-then-write check.
 */
export function entryIdOf(contestId: string, genre: Genre, alias: string): string {
  // From the person's alias (a keyed hash), so nobody can recompute an entry's id from an openid.
  return 'e' + createHash('sha256').update(`${contestId}\n${genre}\n${alias}`).digest('base64url').slice(0, 22)
}
export const scoreIdOf = (entryId: string, stage: Stage, judge: string) => `${entryId}_${stage}_${judge}`
/** `voterAlias`: the voter's alias (see _shared/alias.ts), never the openid. */
export const voteIdOf = (entryId: string, voterAlias: string, day: string) => `${entryId}_${voterAlias}_${day}`

export async function loadContest(ctx: Ctx, contestId: string): Promise<ContestDoc> {
  const c = await contests(ctx).get(contestId)
  if (!c) throw new AppError('NOT_FOUND', '没有找到该大赛')
  return c
}

/**
 * Contest documents for the vote path, cached per container for 10 s: a vote only needs the contest's
 * dates, votes come hundreds a second, contests change a few times a season. An edit made in this
 * container clears the cache at once (upsertContest); other containers see it within the TTL. Every
 * other action reads the contest fresh (advance records, settled stages). Keyed by store.
 */
const CONTEST_TTL_MS = 10_000
const contestCacheOf = perStore<{ at: number; value: Promise<ContestDoc | null> }>()
export function cachedContest(ctx: Ctx, contestId: string): Promise<ContestDoc | null> {
  const m = contestCacheOf(ctx.deps.store)
  const now = Date.now()
  const hit = m.get(contestId)
  if (hit && now - hit.at < CONTEST_TTL_MS) return hit.value
  if (m.size > 100) m.clear()
  const value = contests(ctx).get(contestId)
  m.set(contestId, { at: now, value })
  value.catch(() => m.delete(contestId))
  return value
}
export const forgetContest = (ctx: Ctx, contestId: string) => void contestCacheOf(ctx.deps.store).delete(contestId)

export const stageIndex = (s: Stage) => STAGES.indexOf(s)
export const stageOf = (c: ContestDoc, s: Stage) => c.stages.find((x) => x.id === s)
/** The stage after `s` in this contest's own list (a contest may skip stages). */
export function nextStageOf(c: ContestDoc, s: Stage): Stage | null {
  const later = c.stages.filter((x) => stageIndex(x.id) > stageIndex(s)).sort((a, b) => stageIndex(a.id) - stageIndex(b.id))
  return later[0]?.id ?? null
}
export const isSettled = (c: ContestDoc, s: Stage) => !!c.advanced?.[s]
export const signupOpen = (c: ContestDoc, day: string) => c.signupStart <= day && day <= c.signupEnd
export function currentStage(c: ContestDoc, day: string): Stage | null {
  return c.stages.find((s) => s.startDate <= day && day <= s.endDate)?.id ?? null
}
/** Public voting runs from the opening of sign-up to the end of the final (the popularity award is for finalists). */
export function votingWindow(c: ContestDoc): { start: string; end: string } {
  const final = stageOf(c, 'final') ?? c.stages[c.stages.length - 1]
  return { start: c.signupStart, end: final ? final.endDate : c.signupEnd }
}
export function votingOpen(c: ContestDoc, day: string): boolean {
  const w = votingWindow(c)
  return w.start <= day && day <= w.end
}
/** A stage takes scores while its dates contain today and until `advance` has settled it. */
export function stageOpenForScores(c: ContestDoc, s: Stage, day: string): boolean {
  const st = stageOf(c, s)
  return !!st && st.startDate <= day && day <= st.endDate && !isSettled(c, s)
}

export function publicContest(c: ContestDoc, day: string): Contest {
  return {
    id: c._id,
    title: c.title,
    genres: c.genres,
    signupStart: c.signupStart,
    signupEnd: c.signupEnd,
    ...(c.eligibleCities ? { eligibleCities: c.eligibleCities } : {}),
    stages: c.stages.map((s) => ({ ...s, settled: !!c.advanced?.[s.id]?.done })),
    ...(c.description ? { description: c.description } : {}),
    ...(c.eligibility ? { eligibility: c.eligibility } : {}),
    awards: AWARDS.map((a) => ({ ...a })),
    today: day,
    currentStage: currentStage(c, day),
    signupOpen: signupOpen(c, day),
    votingOpen: votingOpen(c, day),
  }
}

/** An entry as a viewer sees it: the phone in full only for its owner. */
export function publicEntry(e: EntryDoc, viewer: string | null, extra: Partial<Entry> = {}): Entry {
  return {
    id: e._id,
    contestId: e.contestId,
    genre: e.genre,
    name: e.name,
    phone: viewer === e.owner ? e.phone : maskPhone(e.phone),
    employer: e.employer,
    city: e.city,
    pieceTitle: e.pieceTitle,
    videoFileId: e.videoFileId,
    status: e.status,
    ...(e.reason ? { reason: e.reason } : {}),
    stage: e.stage,
    votes: e.votes,
    createdAt: e.createdAt,
    ...(e.media ? { mediaCheck: e.media.status } : {}),
    ...(e.consent && viewer === e.owner ? { consent: e.consent } : {}),
    ...extra,
  }
}

// ---- scores: exact means in tenths -------------------------------------------------------

/** Scores have one decimal, so sums are kept in integer tenths and means compared exactly. */
export interface Tally { sumTenths: number; n: number }
export function tally(list: Array<{ score: number }>): Tally {
  return { sumTenths: list.reduce((s, x) => s + Math.round(x.score * 10), 0), n: list.length }
}
/** The mean score, rounded to two decimals for display (null without scores). */
export const meanOf = (t: Tally | undefined): number | null => (t && t.n ? Math.round((t.sumTenths * 10) / t.n) / 100 : null)

export interface Ranked { id: string; createdAt: string; tally: Tally }
/**
 * Ranking by mean judge score, highest first; ties go to the earlier sign-up (createdAt, then id).
 * Entries without any score are not ranked.
 */
export function rankByMean<T extends Ranked>(list: T[]): T[] {
  return list
    .filter((x) => x.tally.n > 0)
    .sort((a, b) => {
      const d = b.tally.sumTenths * a.tally.n - a.tally.sumTenths * b.tally.n
      if (d !== 0) return d
      return earlier(a, b)
    })
}
export function earlier(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

export function groupBy<T, K extends string>(list: T[], key: (x: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>()
  for (const x of list) {
    const k = key(x)
    const arr = m.get(k)
    if (arr) arr.push(x)
    else m.set(k, [x])
  }
  return m
}

/** Results per stage for an entry: mean score and advancement, shown once a stage is settled. */
export function resultsOf(c: ContestDoc, e: EntryDoc, scoresByStage: Map<Stage, Tally>): StageResult[] {
  if (e.status !== 'approved') return []
  return c.stages
    .filter((s) => stageIndex(s.id) <= stageIndex(e.stage))
    .map((s) => {
      const settled = isSettled(c, s.id)
      return {
        stage: s.id,
        meanScore: settled ? meanOf(scoresByStage.get(s.id)) : null,
        advanced: stageIndex(e.stage) > stageIndex(s.id),
        settled,
      }
    })
}
