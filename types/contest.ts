import { z, action, Id, text, optionalText, Phone, City, Genre, Stage, Day, RequestId, Cursor, Limit, Empty, page } from './common'

export const StageWindow = z.strictObject({ id: Stage, startDate: Day, endDate: Day })
export const ContestInput = z.strictObject({
  id: Id.optional(),
  title: text(60, '大赛名称'),
  genres: z.array(Genre).min(1, { error: '至少一个剧种' }).max(3),
  signupStart: Day,
  signupEnd: Day,
  eligibleCities: z.array(text(20, '城市')).max(50).optional(),
  stages: z.array(StageWindow).min(1).max(4),
}).refine((c) => c.signupStart <= c.signupEnd, { path: ['signupEnd'], error: '报名截止不能早于开始' })
  .refine((c) => new Set(c.stages.map((s) => s.id)).size === c.stages.length, { path: ['stages'], error: '赛段不能重复' })
  .refine((c) => c.stages.every((s) => s.startDate <= s.endDate), { path: ['stages'], error: '赛段结束不能早于开始' })
export type ContestInput = z.infer<typeof ContestInput>

export const Contest = z.object({
  id: z.string(),
  title: z.string(),
  genres: z.array(Genre),
  signupStart: z.string(),
  signupEnd: z.string(),
  eligibleCities: z.array(z.string()).optional(),
  stages: z.array(z.object({ id: Stage, startDate: z.string(), endDate: z.string() })),
  description: z.string().optional(),
  eligibility: z.string().optional(),
  awards: z.array(z.object({ name: z.string(), perGenre: z.number() })).optional(),
  currentStage: Stage.nullable().optional(),
  signupOpen: z.boolean().optional(),
})
export type Contest = z.infer<typeof Contest>

export const EntryStatus = z.enum(['submitted', 'approved', 'rejected'])
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
  results: z.array(z.object({ stage: Stage, meanScore: z.number().nullable(), advanced: z.boolean() })).optional(),
  awards: z.array(z.string()).optional(),
})
export type Entry = z.infer<typeof Entry>

export const SignupInput = z.strictObject({
  contestId: Id,
  genre: Genre,
  name: text(20, '姓名'),
  phone: Phone,
  employer: text(60, '工作单位'),
  city: City,
  pieceTitle: text(40, '参赛曲目'),
  videoFileId: z.string({ error: '请上传参赛视频' }).min(1, { error: '请上传参赛视频' }).max(300),
  requestId: RequestId,
})
export type SignupInput = z.infer<typeof SignupInput>

export const Score = z.object({ entryId: z.string(), stage: Stage, judge: z.string(), score: z.number(), comment: z.string().optional(), updatedAt: z.string() })

const AwardList = z.array(z.object({ entryId: z.string(), name: z.string(), pieceTitle: z.string(), value: z.number() }))

export const contestActions = {
  list: action(Empty, z.object({ items: z.array(Contest) })),
  get: action(z.strictObject({ contestId: Id }), Contest),
  signup: action(SignupInput, Entry),
  mine: action(Empty, z.object({ items: z.array(Entry) })),
  entries: action(
    z.strictObject({ contestId: Id, genre: Genre.optional(), stage: Stage.optional(), cursor: Cursor.optional(), limit: Limit.optional() }),
    page(Entry),
  ),
  /** Staff and judges: entries in any status, for review and scoring. */
  reviewQueue: action(
    z.strictObject({ contestId: Id, status: EntryStatus.optional(), genre: Genre.optional(), stage: Stage.optional(), cursor: Cursor.optional(), limit: Limit.optional() }),
    page(Entry.extend({ myScore: z.number().nullable().optional(), meanScore: z.number().nullable().optional() })),
  ),
  review: action(z.strictObject({ entryId: Id, approve: z.boolean({ error: '请选择通过或驳回' }), reason: optionalText(200, '理由') }), Entry),
  vote: action(z.strictObject({ entryId: Id }), z.object({ votes: z.number() })),
  score: action(
    z.strictObject({
      entryId: Id,
      stage: Stage,
      score: z.number({ error: '分数应为数字' }).min(0, { error: '分数不能低于 0' }).max(100, { error: '分数不能高于 100' })
        .refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, { error: '分数最多一位小数' }),
      comment: optionalText(500, '评语'),
    }),
    Score,
  ),
  advance: action(
    z.strictObject({ contestId: Id, fromStage: z.enum(['prelim', 'semi', 'final'], { error: '无效的赛段' }), perGenre: z.number().int().min(1).max(500) }),
    z.object({ promoted: z.array(z.string()) }),
  ),
  awards: action(
    z.strictObject({ contestId: Id }),
    z.object({ genres: z.record(z.string(), z.object({ mingpiao: AwardList, fengcai: AwardList, renqi: AwardList })) }),
  ),
  upsertContest: action(ContestInput, Contest),
}
