/** Table tests of the contest contract's input schemas, the video sniffer and the demo calendar. */
import { contestActions } from '../../types/contest'
import { sniffVideo } from '../../cloudfunctions/_shared/storage/rules'
import { makeMp4 } from '../../cloudfunctions/_local/seed/mp4'
import { demoCalendar } from '../../cloudfunctions/_local/seed/contest'
import { PNG } from './helpers'
import { CONSENT_VERSION } from '../../types'

const RID = '7f1c8a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b'
const signup = { contestId: 'hebei-opera-1', genre: 'jingju', name: '赵春燕', phone: '13933115678', employer: '石家庄市第一棉纺厂', city: '石家庄', pieceTitle: '《贵妃醉酒》', videoFileId: 'local:contest/a/b.mp4', requestId: RID, consent: { version: CONSENT_VERSION } }
const contest = { title: '大赛', genres: ['jingju'], signupStart: '2026-07-01', signupEnd: '2026-07-31', stages: [{ id: 'prelim', startDate: '2026-08-01', endDate: '2026-08-10' }] }

type Row = [string, unknown, boolean, string?]
const TABLE: Record<string, Row[]> = {
  list: [['empty', {}, true], ['extra field', { x: 1 }, false], ['not an object', [], false]],
  get: [['id', { contestId: 'hebei-opera-1' }, true], ['missing', {}, false, 'contestId'], ['$ in id', { contestId: '$where' }, false, 'contestId'], ['operator object', { contestId: { $gt: '' } }, false, 'contestId']],
  signup: [
    ['valid', signup, true],
    ['unknown genre', { ...signup, genre: 'yueju' }, false, 'genre'],
    ['bad phone', { ...signup, phone: '1234' }, false, 'phone'],
    ['city that is only 市', { ...signup, city: '市' }, false, 'city'],
    ['city with 市 (stored without it)', { ...signup, city: '石家庄市' }, true, ''],
    ['blank name', { ...signup, name: '   ' }, false, 'name'],
    ['long piece', { ...signup, pieceTitle: '戏'.repeat(41) }, false, 'pieceTitle'],
    ['no video', { ...signup, videoFileId: '' }, false, 'videoFileId'],
    ['requestId not a UUID', { ...signup, requestId: 'abc' }, false, 'requestId'],
    ['extra field (an owner)', { ...signup, owner: 'someone-else' }, false],
    ['missing employer', { ...signup, employer: undefined }, false, 'employer'],
    ['no consent', { ...signup, consent: undefined }, false, 'consent'],
    ['consent to an older notice', { ...signup, consent: { version: '2000-01' } }, false, 'consent'],
  ],
  mine: [['empty', {}, true], ['extra', { openid: 'x' }, false]],
  entries: [
    ['contest only', { contestId: 'c1' }, true],
    ['all filters', { contestId: 'c1', genre: 'pingju', stage: 'final', cursor: 'abc', limit: 50 }, true],
    ['limit 51', { contestId: 'c1', limit: 51 }, false, 'limit'],
    ['limit 0', { contestId: 'c1', limit: 0 }, false, 'limit'],
    ['bad stage', { contestId: 'c1', stage: 'quarter' }, false, 'stage'],
  ],
  reviewQueue: [['status', { contestId: 'c1', status: 'submitted' }, true], ['bad status', { contestId: 'c1', status: 'deleted' }, false, 'status']],
  review: [
    ['approve', { entryId: 'e1', approve: true }, true],
    ['reject with reason', { entryId: 'e1', approve: false, reason: '视频无声音' }, true],
    ['reject without reason', { entryId: 'e1', approve: false }, false, 'reason'],
    ['approve as string', { entryId: 'e1', approve: 'yes' }, false, 'approve'],
  ],
  vote: [['entry', { entryId: 'e1' }, true], ['extra voter', { entryId: 'e1', voter: 'x' }, false], ['number id', { entryId: 5 }, false, 'entryId']],
  score: [
    ['88.5', { entryId: 'e1', stage: 'prelim', score: 88.5 }, true],
    ['0', { entryId: 'e1', stage: 'prelim', score: 0 }, true],
    ['100 with comment', { entryId: 'e1', stage: 'final', score: 100, comment: '好' }, true],
    ['100.1', { entryId: 'e1', stage: 'prelim', score: 100.1 }, false, 'score'],
    ['-1', { entryId: 'e1', stage: 'prelim', score: -1 }, false, 'score'],
    ['two decimals', { entryId: 'e1', stage: 'prelim', score: 88.55 }, false, 'score'],
    ['string', { entryId: 'e1', stage: 'prelim', score: '88' }, false, 'score'],
    ['long comment', { entryId: 'e1', stage: 'prelim', score: 80, comment: '评'.repeat(501) }, false, 'comment'],
  ],
  advance: [
    ['prelim', { contestId: 'c1', fromStage: 'prelim', perGenre: 5 }, true],
    ['from showcase', { contestId: 'c1', fromStage: 'showcase', perGenre: 5 }, false, 'fromStage'],
    ['perGenre 0', { contestId: 'c1', fromStage: 'prelim', perGenre: 0 }, false, 'perGenre'],
    ['perGenre 2.5', { contestId: 'c1', fromStage: 'prelim', perGenre: 2.5 }, false, 'perGenre'],
  ],
  awards: [['id', { contestId: 'c1' }, true], ['none', {}, false, 'contestId']],
  withdraw: [
    ['entry and reason', { entryId: 'e1', reason: '视频与报名曲目不符' }, true],
    ['no reason', { entryId: 'e1' }, false, 'reason'],
    ['blank reason', { entryId: 'e1', reason: '   ' }, false, 'reason'],
    ['reason too long', { entryId: 'e1', reason: '长'.repeat(201) }, false, 'reason'],
    ['entry as an operator', { entryId: { $ne: '' }, reason: '理由' }, false, 'entryId'],
  ],
  upsertContest: [
    ['minimal', contest, true],
    ['full', { ...contest, id: 'c1', genres: ['jingju', 'pingju', 'hebei_bangzi'], eligibleCities: ['石家庄'], eligibility: '河北境内在职职工', description: '简介', stages: [
      { id: 'prelim', startDate: '2026-08-01', endDate: '2026-08-10', note: '线上' }, { id: 'semi', startDate: '2026-08-11', endDate: '2026-08-20' },
      { id: 'final', startDate: '2026-09-12', endDate: '2026-09-18' }, { id: 'showcase', startDate: '2026-09-28', endDate: '2026-10-08' }] }, true],
    ['end before start', { ...contest, signupEnd: '2026-06-30' }, false, 'signupEnd'],
    ['bad date', { ...contest, signupStart: '2026-02-30' }, false, 'signupStart'],
    ['no genres', { ...contest, genres: [] }, false, 'genres'],
    ['repeated genre', { ...contest, genres: ['jingju', 'jingju'] }, false, 'genres'],
    ['repeated stage', { ...contest, stages: [contest.stages[0], contest.stages[0]] }, false, 'stages'],
    ['stages out of order', { ...contest, stages: [{ id: 'final', startDate: '2026-08-01', endDate: '2026-08-10' }, { id: 'prelim', startDate: '2026-08-11', endDate: '2026-08-20' }] }, false, 'stages'],
    ['overlapping stages', { ...contest, stages: [{ id: 'prelim', startDate: '2026-08-01', endDate: '2026-08-10' }, { id: 'final', startDate: '2026-08-10', endDate: '2026-08-20' }] }, false, 'stages'],
    ['stage ends before it starts', { ...contest, stages: [{ id: 'prelim', startDate: '2026-08-10', endDate: '2026-08-01' }] }, false, 'stages'],
    ['no stages', { ...contest, stages: [] }, false, 'stages'],
    ['sign-up opens after the prelim started', { ...contest, signupStart: '2026-08-02', signupEnd: '2026-08-05' }, false, 'signupStart'],
    ['sign-up closes after the prelim ended', { ...contest, signupEnd: '2026-08-11' }, false, 'signupEnd'],
    ['unknown field', { ...contest, advanced: {} }, false],
  ],
}

describe.each(Object.entries(TABLE))('contest.%s input', (action, rows) => {
  // Rest parameters: jest would take a fourth declared parameter of a 3-element row for a done callback.
  test.each(rows)('%s', (...[, data, valid, field]: Row) => {
    const r = (contestActions as Record<string, { input: { safeParse(d: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } } }>)[action].input.safeParse(data)
    expect(r.success).toBe(valid)
    if (!valid && field) {
      const issue = r.error!.issues.find((i) => i.path[0] === field)
      expect(issue).toBeDefined()
      expect(issue!.message).toMatch(/[\u4e00-\u9fa5]/) // a Chinese message
    }
  })
})

test('every contest action has a row in the table', () => {
  expect(Object.keys(TABLE).sort()).toEqual(Object.keys(contestActions).sort())
})

describe('sniffVideo', () => {
  const ftyp = (major: string, ...compat: string[]) => {
    const body = Buffer.concat([Buffer.from(major, 'latin1'), Buffer.alloc(4), ...compat.map((c) => Buffer.from(c, 'latin1'))])
    const size = Buffer.alloc(4); size.writeUInt32BE(body.length + 8)
    return Buffer.concat([size, Buffer.from('ftyp'), body, Buffer.alloc(32)])
  }
  test.each([
    ['isom', ftyp('isom'), true],
    ['mp42 (Android cameras)', ftyp('mp42', 'isom', 'mp42'), true],
    ['qt (iPhone .mov)', ftyp('qt  ', 'qt  '), true],
    ['M4V', ftyp('M4V ', 'M4V ', 'M4A ', 'mp42', 'isom'), true],
    ['avc1 only as compatible brand', ftyp('XAVC', 'XAVC', 'avc1'), true],
    ['M4A audio (lists mp42 too)', ftyp('M4A ', 'M4A ', 'mp42', 'isom'), false],
    ['HEIC photo', ftyp('heic', 'mif1', 'heic'), false],
    ['3GP only', ftyp('3gp4', '3gp4'), false],
    ['PNG', PNG, false],
    ['empty', Buffer.alloc(0), false],
    ['ftyp box with a bad size', Buffer.concat([Buffer.from([0, 0, 0, 9]), Buffer.from('ftypisom'), Buffer.alloc(16)]), false],
    ['ftyp not at offset 4', Buffer.concat([Buffer.alloc(4), ftyp('isom')]), false],
  ])('%s', (_l, head, ok) => {
    expect(sniffVideo(head as Buffer).ok).toBe(ok)
  })
})

describe('makeMp4 (the demo videos)', () => {
  test('ftyp, then moov, then mdat; sizes add up; passes the content check', () => {
    const b = makeMp4()
    const boxes: Array<[string, number]> = []
    for (let off = 0; off < b.length;) {
      const size = b.readUInt32BE(off)
      boxes.push([b.toString('latin1', off + 4, off + 8), size])
      off += size
    }
    expect(boxes.map(([t]) => t)).toEqual(['ftyp', 'moov', 'mdat'])
    expect(boxes.reduce((s, [, n]) => s + n, 0)).toBe(b.length)
    expect(sniffVideo(b.subarray(0, 256))).toEqual({ ok: true, brand: 'isom' })
    // 8 frames of 48 I_PCM macroblocks: a bit over 8 × 48 × 384 bytes of samples.
    expect(b.length).toBeGreaterThan(8 * 48 * 384)
    expect(b.length).toBeLessThan(200_000)
    // The chunk offset in stco points at the first sample, right after the mdat header.
    const stco = b.indexOf('stco', 0, 'latin1')
    expect(b.readUInt32BE(stco + 12)).toBe(b.length - boxes[2][1] + 8)
  })
})

describe('the demo calendar', () => {
  test.each(['2026-01-05', '2026-07-10', '2026-08-20', '2026-09-15', '2026-12-31'])('on %s: sign-up and the prelim are open, stages follow each other', (today) => {
    const cal = demoCalendar(today)
    expect(cal.signupStart <= today && today <= cal.signupEnd).toBe(true)
    expect(cal.stages[0].startDate <= today && today <= cal.stages[0].endDate).toBe(true)
    const r = contestActions.upsertContest.input.safeParse({ title: '演示', genres: ['jingju'], ...cal })
    expect(r.success).toBe(true)
    expect(cal.stages[2].startDate.slice(5)).toBe('09-12')
    expect(cal.stages[3].startDate.slice(5)).toBe('09-28')
  })
})
