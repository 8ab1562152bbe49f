import { isDuplicateKey } from '../../_shared/errors'
import { addDays, shanghaiDay } from '../../_shared/clock'
import type { LocalDeps } from '../deps'
import type { PartnerCategory, Industry } from '../../../types'
import type { PartnerDoc, PartnerApplicationDoc } from '../../member/partners'
import type { MemberRecord } from '../../member/joins'
import { benefitUseId, recordUse } from '../../member/card'
import { maskName } from '../../../types'
import { C } from '../../_shared/collections'

async function insertOnce(deps: LocalDeps, coll: string, doc: { _id: string }) {
  try { await deps.store.collection(coll).insert(doc) } catch (e) { if (!isDuplicateKey(e)) throw e }
}

type Venue = [name: string, category: PartnerCategory, address: string, lat: number, lng: number, offer: string]

/**
 * Fuxin's union member card (阜新市总工会, since June 2021): 300k members, discounts at 39 venues —
 * scenic spots, culture and sports venues — with new partner batches recruited. These venues are
 * DEMO DATA: plausible places of Fuxin with made-up offers and approximate coordinates (GCJ-02),
 * not the union's actual list of signed partners.
 */
const VENUES: Venue[] = [
  ['阜新海州露天矿国家矿山公园', 'scenic', '海州区平安大街与五龙路交汇处', 41.9935, 121.6482, '持会员卡门票 8 折，观光小火车半价'],
  ['瑞应寺', 'scenic', '阜新蒙古族自治县佛寺镇佛寺村', 42.0775, 121.8463, '持会员卡免费参观（讲解服务 9 折）'],
  ['海棠山国家森林公园', 'scenic', '阜新蒙古族自治县大板镇', 41.8817, 121.8833, '门票 7 折，会员本人及一名家属同享'],
  ['乌兰木图山旅游风景区', 'scenic', '阜新蒙古族自治县阜新镇', 42.1503, 121.7472, '门票半价'],
  ['阜新市人民公园', 'scenic', '海州区解放大街 48 号', 42.0183, 121.6602, '园内游乐项目 8 折'],
  ['阜新关山风景区', 'scenic', '阜新蒙古族自治县沙拉镇', 41.9212, 121.5188, '门票 8 折，停车免费'],
  ['宝地城温泉度假区', 'scenic', '阜新蒙古族自治县大固本镇', 41.8605, 121.7921, '温泉门票 7.5 折'],
  ['章古台沙地森林公园', 'scenic', '彰武县章古台镇', 42.7283, 122.5186, '门票 8 折'],
  ['阜新细河湿地公园', 'scenic', '细河区细河南岸', 42.0046, 121.6261, '游船 8 折，自行车租赁首小时免费'],
  ['阜新市博物馆', 'culture', '海州区迎宾大街 49 号', 42.0239, 121.6753, '特展门票半价，讲解免费'],
  ['查海遗址博物馆', 'culture', '阜新蒙古族自治县沙拉镇查海村', 41.9587, 121.4921, '门票免费，文创产品 9 折'],
  ['阜新万人坑死难矿工纪念馆', 'culture', '太平区孙家湾南山', 42.0088, 121.6109, '团体参观免费预约讲解'],
  ['阜新市图书馆', 'culture', '细河区中华路 5 号', 42.0141, 121.6412, '免押金办理借书证，自习室优先预约'],
  ['阜新市群众艺术馆', 'culture', '海州区人民大街 71 号', 42.0226, 121.6688, '公益培训课程优先报名，演出票 8 折'],
  ['阜新市工人文化宫', 'culture', '海州区解放大街 12 号', 42.0197, 121.6559, '培训班学费 8 折，影院观影 7 折'],
  ['阜新大剧院', 'culture', '细河区玉龙路 99 号', 42.0297, 121.6302, '演出票 8 折（每场限 50 张）'],
  ['阜新玛瑙博物馆', 'culture', '阜新蒙古族自治县十家子镇', 42.0513, 121.3572, '门票免费，玛瑙工艺品 9 折'],
  ['阜新新华书店中心门市', 'culture', '海州区中华路 61 号', 42.0205, 121.6624, '图书 9 折，文具 8.8 折'],
  ['阜新市体育馆', 'sports', '细河区迎宾大街 86 号', 42.0312, 121.6505, '羽毛球、乒乓球场地 7 折'],
  ['阜新市体育场', 'sports', '细河区文化路 2 号', 42.0286, 121.6457, '塑胶跑道夜场免费，灯光球场 8 折'],
  ['阜新市游泳馆', 'sports', '海州区西山路 18 号', 42.0158, 121.6491, '单次票 8 折，月卡 7 折'],
  ['阜新市全民健身中心', 'sports', '细河区学院路 16 号', 42.0337, 121.6368, '健身月卡 6.8 折'],
  ['阜新职工网球中心', 'sports', '海州区工人村路 7 号', 42.0071, 121.6713, '场地费 7 折，周末首小时免费'],
  ['阜新冰雪运动中心', 'sports', '太平区高德街 30 号', 42.0043, 121.6062, '冬季滑冰票 7 折'],
  ['阜新市保龄球馆', 'sports', '海州区和平路 23 号', 42.0177, 121.6727, '每局 8 折'],
  ['阜新东山登山步道服务站', 'sports', '海州区东山公园', 42.0262, 121.6895, '储物、热水免费，运动饮料 9 折'],
  ['阜新新玛特购物广场', 'retail', '海州区解放大街 60 号', 42.0191, 121.6627, '会员日（每周三）满 100 减 10'],
  ['阜新兴隆大家庭', 'retail', '海州区中华路 41 号', 42.0212, 121.6641, '服装类 9.5 折，超市满 88 减 5'],
  ['阜新百货大楼', 'retail', '海州区人民大街 40 号', 42.0223, 121.6664, '指定品牌 9 折'],
  ['阜新华联超市（细河店）', 'retail', '细河区中华路 120 号', 42.0168, 121.6429, '生鲜 9.5 折'],
  ['阜新中华玛瑙城', 'retail', '细河区玛瑙城路 1 号', 42.0362, 121.6199, '玛瑙饰品 9 折，免费鉴定'],
  ['十家子玛瑙市场', 'retail', '阜新蒙古族自治县十家子镇', 42.0505, 121.3559, '指定商户 9 折'],
  ['阜新职工服务超市', 'retail', '海州区红旗路 15 号', 42.0132, 121.6686, '日用品会员价，每月首单满 50 减 8'],
  ['阜新老街老字号饺子馆', 'dining', '海州区中华路 18 号', 42.0206, 121.6582, '堂食 9 折（酒水除外）'],
  ['阜新蒙古大营风味餐厅', 'dining', '阜新蒙古族自治县阜新镇民族街', 42.0682, 121.7468, '手把肉套餐 8.8 折'],
  ['细河人家杀猪菜馆', 'dining', '细河区华东路 52 号', 42.0255, 121.6342, '满 100 减 12'],
  ['阜新职工之家食堂', 'dining', '海州区解放大街 12 号（工人文化宫一楼）', 42.0195, 121.6561, '职工平价餐 12 元一份'],
  ['太平区矿工面馆', 'dining', '太平区新华路 9 号', 42.0098, 121.6134, '面食 9 折，户外劳动者免费热水'],
  ['阜新烧烤一条街·老矿区烧烤', 'dining', '新邱区新华路 33 号', 42.0887, 121.7909, '满 80 减 8'],
  ['彰武县职工文化活动中心', 'culture', '彰武县彰武镇文化路', 42.3862, 122.5386, '活动室免费预约，培训课程 8 折'],
  ['清河门区体育公园', 'sports', '清河门区河西街道', 41.7562, 121.4213, '球场免费预约'],
]

/** A few Fuxin workers: active members for the evaluation figures, pending applicants for the staff's queue. */
const SEED_MEMBERS: Array<[openid: string, name: string, phone: string, industry: Industry, employer: string, status: 'active' | 'pending']> = [
  ['seed-fx-01', '刘志强', '13904181201', 'construction', '阜新市建筑工程有限公司', 'active'],
  ['seed-fx-02', '孙丽华', '13704182302', 'sanitation', '阜新市海州区环境卫生服务中心', 'active'],
  ['seed-fx-03', '高明', '15841803303', 'taxi', '阜新市顺达出租汽车公司', 'active'],
  ['seed-fx-04', '张秀梅', '18741804404', 'food_delivery', '美团外卖阜新站', 'active'],
  ['seed-fx-05', '李春雨', '13614185505', 'courier', '阜新中通快递细河网点', 'active'],
  ['seed-fx-06', '王国庆', '13898186606', 'truck', '阜新矿业集团运输公司', 'active'],
  ['seed-fx-07', '赵雅琴', '15104187707', 'other', '阜新万境和物业托管有限责任公司', 'active'],
  ['seed-fx-08', '陈立军', '13941188808', 'ride_hailing', '阜新网约车个体', 'active'],
  ['seed-applicant-1', '周晓东', '13842181111', 'courier', '阜新圆通速递海州网点', 'pending'],
  ['seed-applicant-2', '吴桂芝', '13942182222', 'sanitation', '阜新市细河区城市管理局环卫所', 'pending'],
  ['seed-applicant-3', '郑宏伟', '15042183333', 'construction', '阜新宏达建设集团', 'pending'],
  ['seed-applicant-4', '冯淑兰', '18242184444', 'food_delivery', '饿了么阜新配送站', 'pending'],
]

/** Sequence numbers for seeded cards; issued numbers start above 1000. */
const SEED_CARD_BASE = 100

/** fuxin-p01 (the mine park) is DEMO.partnerId, demo-merchant's venue. */
export const partnerIdOf = (i: number) => `fuxin-p${String(i + 1).padStart(2, '0')}`

export async function seedMember(deps: LocalDeps): Promise<void> {
  const created = '2021-06-01T00:00:00.000Z'
  for (const [i, [name, category, address, lat, lng, offer]] of VENUES.entries()) {
    const doc: PartnerDoc = { _id: partnerIdOf(i), name, category, city: '阜新', address: `阜新市${address}`, location: { lat, lng }, offer, demo: true, createdAt: created }
    await insertOnce(deps, C.partners, doc)
  }

  const now = deps.clock.now()
  const today = shanghaiDay(now)
  for (const [i, [openid, name, phone, industry, employer, status]] of SEED_MEMBERS.entries()) {
    const appliedAt = status === 'active' ? '2022-03-01T01:00:00.000Z' : new Date(Date.parse(`${addDays(today, -3 + (i % 3))}T01:30:00Z`) + i * 60_000).toISOString()
    const doc: MemberRecord = {
      _id: openid, status, name, phone, city: '阜新', industry, employer, appliedAt,
      ...(status === 'active' ? { cardNo: `GH2109${String(SEED_CARD_BASE + i).padStart(6, '0')}`, joinedAt: '2022-03-05T02:00:00.000Z' } : {}),
    }
    await insertOnce(deps, C.members, doc)
  }

  // Two venues applying to join the third batch, for the staff's review queue.
  const apps: PartnerApplicationDoc[] = [
    { _id: 'pa-seed-1', name: '阜新万达影城', category: 'culture', city: '阜新', address: '阜新市细河区中华路万达广场 4 层', location: { lat: 42.0174, lng: 121.6389 }, offer: '观影 7 折（节假日除外）', contactName: '许经理', contactPhone: '13998187001', status: 'pending', applicant: 'seed-partner-1', createdAt: `${addDays(today, -2)}T02:00:00.000Z` },
    { _id: 'pa-seed-2', name: '阜新蒙古贞民俗园', category: 'scenic', city: '阜新', address: '阜新蒙古族自治县阜新镇', location: { lat: 42.0612, lng: 121.7520 }, offer: '门票 8 折', contactName: '白女士', contactPhone: '13704188002', status: 'pending', applicant: 'seed-partner-2', createdAt: `${addDays(today, -1)}T03:00:00.000Z` },
  ]
  for (const a of apps) await insertOnce(deps, C.partner_applications, a)

  // Two weeks of benefit uses by the seeded members (not today, so the demo merchant's till starts empty).
  const active = SEED_MEMBERS.filter((m) => m[5] === 'active')
  for (let d = 1; d <= 14; d++) {
    const day = addDays(today, -d)
    for (const [m, [openid, name]] of active.entries()) {
      if ((m + d) % 3 === 0) continue
      const p = (m * 7 + d * 3) % 12 === 0 ? 0 : (m * 7 + d * 3) % VENUES.length
      const partnerId = partnerIdOf(p)
      const usedAt = new Date(Date.parse(`${day}T02:00:00Z`) + (m * 37 + d * 11) * 60_000).toISOString()
      try {
        await recordUse(deps.store, {
          _id: benefitUseId(partnerId, day, openid), partnerId, day, openid,
          cardNo: `GH2109${String(SEED_CARD_BASE + m).padStart(6, '0')}`, name: maskName(name), usedAt, merchant: 'seed',
        })
      } catch (e) { if (!isDuplicateKey(e)) throw e }
    }
  }
}

export const SEED_PARTNER_COUNT = VENUES.length
