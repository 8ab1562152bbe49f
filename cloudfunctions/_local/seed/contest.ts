import { existsSync, writeFileSync } from 'node:fs'
import type { Genre } from '../../../types'
import { isDuplicateKey } from '../../_shared/errors'
import { addDays, shanghaiDay } from '../../_shared/clock'
import type { LocalDeps } from '../deps'
import type { Doc } from '../../_shared/ports'
import { aliasOf } from '../../_shared/alias'
import { entryIdOf, scoreIdOf, voteIdOf, type ContestDoc, type EntryDoc, type ScoreDoc, type StageDoc } from '../../contest/model'
import { DEMO } from './ids'
import { makeMp4 } from './mp4'
import { C } from '../../_shared/collections'

async function insertOnce<T extends Doc>(deps: LocalDeps, coll: string, doc: T) {
  try { await deps.store.collection<T>(coll).insert(doc) } catch (e) { if (!isDuplicateKey(e)) throw e }
}

export const HEBEI_CITIES = ['石家庄', '唐山', '秦皇岛', '邯郸', '邢台', '保定', '张家口', '承德', '沧州', '廊坊', '衡水', '定州', '辛集']

/**
 * The demo calendar, moved on every start so that sign-up is open today and the online 预赛 (judged
 * from the videos as they come in) is running; the offline 决赛 is in mid-September and the 汇报展演
 * around National Day, as the Hebei contest had it.
 */
export function demoCalendar(today: string): { signupStart: string; signupEnd: string; stages: StageDoc[] } {
  const signupEnd = addDays(today, 21)
  const prelimEnd = addDays(today, 28)
  let year = Number(today.slice(0, 4))
  if (`${year}-09-05` <= addDays(prelimEnd, 7)) year += 1
  return {
    signupStart: addDays(today, -14),
    signupEnd,
    stages: [
      { id: 'prelim', startDate: addDays(today, -7), endDate: prelimEnd, note: '线上：评委观看报名视频评分' },
      { id: 'semi', startDate: addDays(prelimEnd, 1), endDate: `${year}-09-05`, note: '线上+线下' },
      { id: 'final', startDate: `${year}-09-12`, endDate: `${year}-09-18`, note: '9月中旬 · 线下决赛' },
      { id: 'showcase', startDate: `${year}-09-28`, endDate: `${year}-10-08`, note: '“十一”前后 · 石家庄市第一工人文化宫' },
    ],
  }
}

const DESCRIPTION =
  '由河北省委宣传部、省总工会联合主办，旨在弘扬中华优秀传统文化，助力点亮北方“戏窝子”文化品牌。' +
  '大赛由京剧、评剧、河北梆子3个参赛剧种组成，分为预赛、复赛、决赛和汇报展演4个阶段，采取“线上+线下”方式进行。' +
  '选手填写报名信息并上传个人视频作品即可报名。所有入围决赛的选手将于9月中旬进行线下决赛，' +
  '“十一”前后在石家庄市第一工人文化宫进行汇报展演。大赛设选手奖和优秀组织奖，从3个剧种分别评出“燕赵职工名票”5名、' +
  '最佳风采奖5名、最佳人气奖5名，颁发证书、奖杯并授予一定创作扶持奖励。'

interface DemoEntry { openid: string; genre: Genre; name: string; phone: string; employer: string; city: string; pieceTitle: string; color: [number, number, number]; status: 'approved' | 'submitted'; votes: number; judgeScore?: number }

/** Opera amateurs from across Hebei (fictional people, real kinds of workplaces). */
export const DEMO_ENTRIES: DemoEntry[] = [
  { openid: 'opera-fan-01', genre: 'jingju', name: '王秀兰', phone: '13903151234', employer: '唐山钢铁集团炼钢厂', city: '唐山', pieceTitle: '《贵妃醉酒》“海岛冰轮初转腾”', color: [196, 40, 40], status: 'approved', votes: 12, judgeScore: 91.5 },
  { openid: 'opera-fan-02', genre: 'jingju', name: '李志强', phone: '13833521188', employer: '河北港口集团秦皇岛港', city: '秦皇岛', pieceTitle: '《空城计》“我本是卧龙岗散淡的人”', color: [30, 60, 160], status: 'approved', votes: 7 },
  { openid: 'opera-fan-03', genre: 'pingju', name: '刘淑芬', phone: '13731562277', employer: '唐山市公共交通集团', city: '唐山', pieceTitle: '《花为媒》“报花名”', color: [200, 90, 150], status: 'approved', votes: 15, judgeScore: 88 },
  { openid: 'opera-fan-04', genre: 'pingju', name: '张红梅', phone: '13613103366', employer: '邯郸市第一医院', city: '邯郸', pieceTitle: '《刘巧儿》“小桥送线”', color: [40, 140, 90], status: 'approved', votes: 4 },
  { openid: 'opera-fan-05', genre: 'hebei_bangzi', name: '陈国栋', phone: '13931249955', employer: '国网保定供电公司', city: '保定', pieceTitle: '《辕门斩子》“见娘亲”', color: [150, 100, 30], status: 'approved', votes: 9 },
  { openid: 'opera-fan-06', genre: 'hebei_bangzi', name: '杨丽', phone: '13503170044', employer: '沧州市城市管理综合行政执法局环卫处', city: '沧州', pieceTitle: '《大登殿》“金钏银钏”', color: [110, 50, 150], status: 'approved', votes: 6 },
  { openid: 'opera-fan-07', genre: 'jingju', name: '赵立新', phone: '13832087711', employer: '邢台市纺织有限公司', city: '邢台', pieceTitle: '《锁麟囊》“春秋亭外风雨暴”', color: [60, 120, 170], status: 'submitted', votes: 0 },
]

/** The Hebei contest (DEMO.contestId) with sign-up open today, a few entries with real little videos, a judge's first scores. */
export async function seedContest(deps: LocalDeps): Promise<void> {
  const today = shanghaiDay(deps.clock.now())
  const cal = demoCalendar(today)
  const at = deps.clock.now().toISOString()
  const contest: ContestDoc = {
    _id: DEMO.contestId,
    title: '中国梦·劳动美——河北省首届职工戏剧票友大赛',
    genres: ['jingju', 'pingju', 'hebei_bangzi'],
    ...cal,
    eligibleCities: HEBEI_CITIES,
    eligibility: '河北境内有戏曲爱好的在职职工（各级工会所辖职工文体协会、职工戏剧协会会员）',
    description: DESCRIPTION,
    createdAt: at,
    updatedAt: at,
  }
  await insertOnce(deps, C.contests, contest)
  await deps.store.collection(C.contests).updateOne({ _id: DEMO.contestId }, { $set: { ...cal } })

  const createdBase = Date.parse(`${cal.signupStart}T02:00:00Z`)
  for (const [i, d] of DEMO_ENTRIES.entries()) {
    // A data dir seeded before entry ids were keyed by the alias already has this entry under its old id.
    if ((await deps.store.collection(C.entries).count({ owner: d.openid, contestId: DEMO.contestId, genre: d.genre })) > 0) continue
    const alias = aliasOf(deps.config.TOKEN_SECRET, d.openid)
    const cloudPath = `contest/${alias}/audition.mp4`
    const fileId = deps.storage.fileIdOf(cloudPath)
    const file = deps.storage.prepare(cloudPath)
    if (!existsSync(file)) {
      writeFileSync(file, makeMp4({ color: d.color }))
      deps.storage.writeMeta(cloudPath, { uploader: alias, contentType: 'video/mp4' })
    }
    const id = entryIdOf(DEMO.contestId, d.genre, alias)
    const createdAt = new Date(createdBase + i * 3_600_000).toISOString()
    const entry: EntryDoc = {
      _id: id, contestId: DEMO.contestId, genre: d.genre, owner: d.openid, requestId: `seed-${d.openid}`,
      name: d.name, phone: d.phone, employer: d.employer, city: d.city, pieceTitle: d.pieceTitle, videoFileId: fileId,
      status: d.status, stage: 'prelim', votes: d.votes, createdAt, updatedAt: createdAt, media: { status: 'manual' },
      ...(d.status === 'approved' ? { reviewedAt: createdAt, reviewedBy: DEMO.admin } : {}),
    }
    await insertOnce(deps, C.entries, entry)
    // The stored votes behind the count (votes are the truth; the entry keeps a cached count).
    for (let v = 0; v < d.votes; v++) {
      const voter = `fan-voter-${String(v + 1).padStart(2, '0')}`
      const day = cal.signupStart
      await insertOnce(deps, C.votes, { _id: voteIdOf(id, aliasOf(deps.config.TOKEN_SECRET, voter), day), contestId: DEMO.contestId, entryId: id, voter, day, at: createdAt })
    }
    if (d.judgeScore !== undefined) {
      const score: ScoreDoc = {
        _id: scoreIdOf(id, 'prelim', DEMO.judge), contestId: DEMO.contestId, entryId: id, genre: d.genre, stage: 'prelim',
        judge: DEMO.judge, score: d.judgeScore, comment: '唱腔韵味足，气息稳，表演大方。', createdAt: at, updatedAt: at,
      }
      await insertOnce(deps, C.scores, score)
    }
  }
}
