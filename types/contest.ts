import * as z from 'zod'
import { action, Id, text, personName, optionalText, Phone, City, Genre, Stage, STAGES, STAGE_LABELS, Day, RequestId, Cursor, Limit, Empty, page, Consent, ConsentRecord } from './common'

/** Upper bound of an audition video (SPEC): 100 MB. */
export const MAX_VIDEO_BYTES = 100 * 1024 * 1024
/** Public voting: one vote per voter per entry per day, at most this many votes per voter per day. */
export const VOTES_PER_DAY = 10
/** Abuse limits per person per minute: sign-up attempts that reach the video check, and vote calls. */
export const SIGNUPS_PER_MINUTE = 10
export const VOTE_CALLS_PER_MINUTE = 60

/** The awards of SPEC, five of each per genre. */
export const AWARDS = [
  { key: 'mingpiao', name: '燕赵职工名票', perGenre: 5 },
  { key: 'fengcai', name: '最佳风采奖', perGenre: 5 },
  { key: 'renqi', name: '最佳人气奖', perGenre: 5 },
] as const
export type AwardKey = (typeof AWARDS)[number]['key']

export const StageWindow = z.strictObject({
  id: Stage,
  startDate: Day,
  endDate: Day,
  /** Format or venue, e.g. 线上视频评审 / 石家庄市第一工人文化宫. */
  note: optionalText(60, '赛段说明'),
})
export const ContestInput = z.strictObject({
  id: Id.optional(),
  title: text(60, '大赛名称'),
  genres: z.array(Genre).min(1, { error: '至少一个剧种' }).max(3),
  signupStart: Day,
  signupEnd: Day,
  eligibleCities: z.array(text(20, '城市')).max(50).optional(),
  stages: z.array(StageWindow).min(1, { error: '至少一个赛段' }).max(4),
  /** Who may enter, as shown to people (the cities above are what is enforced). */
  eligibility: optionalText(200, '参赛条件'),
  description: optionalText(500, '大赛简介'),
}).superRefine(checkContestDates)

/**
 * The calendar's rules, each naming the field a form shows it under: sign-up ends after it starts, opens no
 * later than the first stage and closes before that stage ends; stages in SPEC's order, none repeated, each
 * ending after it starts and starting after the one before it ended.
 */
function checkContestDates(c: { genres: string[]; signupStart: string; signupEnd: string; stages: Array<{ id: Stage; startDate: string; endDate: string }> }, ctx: z.RefinementCtx) {
  const issue = (path: Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path, message })
  if (c.signupStart > c.signupEnd) issue(['signupEnd'], '报名截止不能早于开始')
  if (new Set(c.genres).size !== c.genres.length) issue(['genres'], '剧种不能重复')
  if (new Set(c.stages.map((s) => s.id)).size !== c.stages.length) issue(['stages'], '赛段不能重复')
  const first = c.stages[0]
  if (first && c.signupStart > first.startDate) issue(['signupStart'], `报名应不晚于${STAGE_LABELS[first.id]}开始（${first.startDate}）`)
  if (first && c.signupEnd > first.endDate) issue(['signupEnd'], `报名应在${STAGE_LABELS[first.id]}结束（${first.endDate}）前截止`)
  c.stages.forEach((s, i) => {
    if (s.startDate > s.endDate) issue(['stages', i, 'endDate'], `${STAGE_LABELS[s.id]}的结束日期不能早于开始日期`)
    const prev = c.stages[i - 1]
    if (!prev) return
    if (STAGES.indexOf(s.id) <= STAGES.indexOf(prev.id)) issue(['stages', i, 'id'], '赛段应按 预赛、复赛、决赛、汇报展演 的顺序排列')
    else if (s.startDate <= prev.endDate) issue(['stages', i, 'startDate'], `${STAGE_LABELS[s.id]}应在${STAGE_LABELS[prev.id]}结束（${prev.endDate}）后开始`)
  })
}
export type ContestInput = z.infer<typeof ContestInput>

const AwardInfo = z.object({ key: z.string(), name: z.string(), perGenre: z.number() })

export const Contest = z.object({
  id: z.string(),
  title: z.string(),
  genres: z.array(Genre),
  signupStart: z.string(),
  signupEnd: z.string(),
  eligibleCities: z.array(z.string()).optional(),
  stages: z.array(z.object({ id: Stage, startDate: z.string(), endDate: z.string(), note: z.string().optional(), settled: z.boolean().optional() })),
  description: z.string().optional(),
  eligibility: z.string().optional(),
  awards: z.array(AwardInfo).optional(),
  /** The Shanghai day the computed fields below refer to. */
  today: z.string().optional(),
  /** The stage whose dates contain today, or null between and outside stages. */
  currentStage: Stage.nullable().optional(),
  signupOpen: z.boolean().optional(),
  votingOpen: z.boolean().optional(),
})
export type Contest = z.infer<typeof Contest>

/** `withdrawn`: staff took an approved entry out of the gallery, with a reason its owner sees. */
export const EntryStatus = z.enum(['submitted', 'approved', 'rejected', 'withdrawn'])
export type EntryStatus = z.infer<typeof EntryStatus>

export const StageResult = z.object({
  stage: Stage,
  /** Mean judge score once the stage is settled (advance run); null before. */
  meanScore: z.number().nullable(),
  advanced: z.boolean(),
  settled: z.boolean().optional(),
})
export type StageResult = z.infer<typeof StageResult>

export const Entry = z.object({
  id: z.string(),
  contestId: z.string(),
  genre: Genre,
  name: z.string(),
  phone: z.string(),
  employer: z.string(),
  city: z.string(),
  pieceTitle: z.string(),
  videoFileId: z.string(),
  videoUrl: z.string().optional(),
  status: EntryStatus,
  reason: z.string().optional(),
  stage: Stage,
  votes: z.number(),
  createdAt: z.string(),
  results: z.array(StageResult).optional(),
  /** Award names won (燕赵职工名票 / 最佳风采奖 / 最佳人气奖), once the final is settled. */
  awards: z.array(z.string()).optional(),
  /** Content-security check of the video (manual locally: staff look at it in review). */
  mediaCheck: z.enum(['pending', 'pass', 'manual', 'error']).optional(),
  /** Owner only: the privacy notice agreed to at sign-up, and when. */
  consent: ConsentRecord.optional(),
})
export type Entry = z.infer<typeof Entry>

export const SignupInput = z.strictObject({
  contestId: Id,
  genre: Genre,
  name: personName(20, '姓名'),
  phone: Phone,
  employer: text(60, '工作单位'),
  city: City,
  pieceTitle: text(40, '参赛曲目'),
  videoFileId: z.string({ error: '请上传参赛视频' }).min(1, { error: '请上传参赛视频' }).max(300, { error: '视频标识无效，请重新上传' }),
  requestId: RequestId,
  consent: Consent,
})
export type SignupInput = z.infer<typeof SignupInput>

export const ScoreValue = z.number({ error: '分数应为数字' }).min(0, { error: '分数不能低于 0' }).max(100, { error: '分数不能高于 100' })
  // Exactly one decimal: 99.99999999999 is refused, not rounded to 100 (x/10 of an integer is the double of the decimal).
  .refine((v) => Math.round(v * 10) / 10 === v, { error: '分数最多一位小数' })

export const Score = z.object({ entryId: z.string(), stage: Stage, judge: z.string(), score: z.number(), comment: z.string().optional(), updatedAt: z.string() })
export type Score = z.infer<typeof Score>

export const AwardItem = z.object({
  entryId: z.string(),
  name: z.string(),
  pieceTitle: z.string(),
  employer: z.string().optional(),
  /** Mean final score (名票, 风采) or votes (人气). */
  value: z.number(),
})
export type AwardItem = z.infer<typeof AwardItem>
const AwardList = z.array(AwardItem)
export const GenreAwards = z.object({ mingpiao: AwardList, fengcai: AwardList, renqi: AwardList })
export type GenreAwards = z.infer<typeof GenreAwards>

export const ReviewItem = Entry.extend({
  /** The calling judge's score and comment for the stage looked at. */
  myScore: z.number().nullable().optional(),
  myComment: z.string().optional(),
  /** Admins only: mean of the judges' scores for the stage looked at, and how many judges scored. */
  meanScore: z.number().nullable().optional(),
  scoreCount: z.number().optional(),
})
export type ReviewItem = z.infer<typeof ReviewItem>

export const contestActions = {
  list: action(Empty, z.object({ items: z.array(Contest) })),
  get: action(z.strictObject({ contestId: Id }), Contest),
  signup: action(SignupInput, Entry),
  mine: action(Empty, z.object({ items: z.array(Entry) })),
  entries: action(
    z.strictObject({ contestId: Id, genre: Genre.optional(), stage: Stage.optional(), cursor: Cursor.optional(), limit: Limit.optional() }),
    page(Entry),
  ),
  /** Staff and judges: entries in any status (judges: approved ones), for review and scoring. */
  reviewQueue: action(
    z.strictObject({ contestId: Id, status: EntryStatus.optional(), genre: Genre.optional(), stage: Stage.optional(), cursor: Cursor.optional(), limit: Limit.optional() }),
    page(ReviewItem),
  ),
  review: action(
    z.strictObject({ entryId: Id, approve: z.boolean({ error: '请选择通过或驳回' }), reason: optionalText(200, '理由') })
      .refine((d) => d.approve || !!d.reason, { path: ['reason'], error: '驳回时请填写理由' }),
    Entry,
  ),
  vote: action(z.strictObject({ entryId: Id }), z.object({ votes: z.number() })),
  score: action(
    z.strictObject({ entryId: Id, stage: Stage, score: ScoreValue, comment: optionalText(500, '评语') }),
    Score,
  ),
  advance: action(
    z.strictObject({
      contestId: Id,
      fromStage: z.enum(['prelim', 'semi', 'final'], { error: '无效的赛段' }),
      perGenre: z.number({ error: '晋级人数应为整数' }).int({ error: '晋级人数应为整数' }).min(1, { error: '每个剧种至少晋级 1 人' }).max(500, { error: '每个剧种最多晋级 500 人' }),
    }),
    z.object({ promoted: z.array(z.string()) }),
  ),
  awards: action(
    z.strictObject({ contestId: Id }),
    z.object({
      genres: z.record(z.string(), GenreAwards),
      /** True until the final has been settled: the lists are the standings so far. */
      provisional: z.boolean().optional(),
    }),
  ),
  upsertContest: action(ContestInput, Contest),
  /** Staff take an approved entry out of the gallery (votes and judging stop); its owner sees the reason in `mine`. */
  withdraw: action(z.strictObject({ entryId: Id, reason: text(200, '撤下理由') }), Entry),
}
