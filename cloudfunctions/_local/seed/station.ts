import { ASPECTS, hoursKind, starsFromSum, type Aspect, type OpenHours, type Service } from '../../../types'
import { isDuplicateKey } from '../../_shared/errors'
import type { LocalDeps } from '../deps'
import type { StationDoc } from '../../station/model'
import type { EvaluationDoc } from '../../station/manage'
import { DEMO } from './ids'
import { rng } from './rng'
import { C } from '../../_shared/collections'

/**
 * Demo stations: Wuhan's 569 爱心驿站 spread over its 13 districts, and the Beijing 网约车司机服务站 at
 * 尚东数字谷. The source names two of them (武昌区机安社区爱心驿站 and the Beijing one); the other 567 are
 * generated around each district's centre with a fixed random seed and carry `demo: true`.
 * Coordinates are GCJ-02 (what WeChat's location APIs use). Seeding is idempotent: a marker document
 * says it is done; without it every station is inserted by its fixed id and existing ones are kept.
 */
const MARKER = 'seed-station-v1'
export const WUHAN_STATION_COUNT = 569

interface District { name: string; centre: [number, number]; spreadKm: number; count: number; streets: string[] }

// Centres (GCJ-02) of the districts' built-up areas; counts follow population, summing to 569.
export const WUHAN_DISTRICTS: District[] = [
  { name: '江岸', centre: [30.6005, 114.3093], spreadKm: 3.5, count: 55, streets: ['百步亭', '后湖', '二七', '大智', '一元', '车站', '四唯', '永清', '西马', '劳动', '丹水池', '台北', '花桥', '谌家矶', '塔子湖', '球场'] },
  { name: '江汉', centre: [30.6012, 114.2707], spreadKm: 2.5, count: 45, streets: ['民族', '花楼水塔', '民意', '新华', '万松', '唐家墩', '北湖', '前进', '满春', '汉兴', '常青', '民权'] },
  { name: '硚口', centre: [30.5822, 114.2151], spreadKm: 3, count: 45, streets: ['古田', '韩家墩', '宗关', '汉水桥', '宝丰', '荣华', '汉中', '汉正', '六角亭', '长丰', '易家墩'] },
  { name: '汉阳', centre: [30.5541, 114.2190], spreadKm: 4, count: 45, streets: ['建桥', '鹦鹉', '洲头', '五里墩', '琴断口', '江汉二桥', '永丰', '四新', '晴川', '龙阳'] },
  { name: '武昌', centre: [30.5541, 114.3163], spreadKm: 3.5, count: 60, streets: ['积玉桥', '杨园', '徐家棚', '粮道街', '中华路', '黄鹤楼', '紫阳', '白沙洲', '首义路', '南湖', '水果湖', '中南路'] },
  { name: '青山', centre: [30.6399, 114.3850], spreadKm: 3.5, count: 35, streets: ['红卫路', '冶金', '新沟桥', '红钢城', '工人村', '青山镇', '厂前', '钢花村', '白玉山', '武东'] },
  { name: '洪山', centre: [30.5004, 114.3440], spreadKm: 6, count: 65, streets: ['珞南', '关山', '狮子山', '张家湾', '梨园', '卓刀泉', '洪山', '和平', '青菱', '九峰', '花山', '左岭', '天兴'] },
  { name: '东西湖', centre: [30.6197, 114.1371], spreadKm: 7, count: 40, streets: ['吴家山', '将军路', '慈惠', '走马岭', '径河', '长青', '辛安渡', '东山', '柏泉', '新沟镇'] },
  { name: '汉南', centre: [30.3091, 114.0849], spreadKm: 6, count: 15, streets: ['纱帽', '邓南', '东荆', '湘口'] },
  { name: '蔡甸', centre: [30.5821, 114.0290], spreadKm: 9, count: 35, streets: ['蔡甸', '奓山', '永安', '侏儒山', '大集', '张湾', '索河', '玉贤', '消泗'] },
  { name: '江夏', centre: [30.3753, 114.3209], spreadKm: 10, count: 45, streets: ['纸坊', '金口', '乌龙泉', '郑店', '五里界', '安山', '山坡', '法泗', '湖泗', '舒安', '藏龙岛'] },
  { name: '黄陂', centre: [30.8820, 114.3750], spreadKm: 12, count: 45, streets: ['前川', '祁家湾', '横店', '滠口', '六指', '天河', '罗汉寺', '盘龙城', '武湖', '木兰', '长轩岭', '姚家集'] },
  { name: '新洲', centre: [30.8420, 114.8010], spreadKm: 12, count: 39, streets: ['邾城', '阳逻', '仓埠', '汪集', '李集', '三店', '潘塘', '旧街', '双柳', '涨渡湖', '辛冲', '徐古'] },
]

const PLACES = ['社区', '社区', '社区', '环卫所', '加油站', '公交场站', '街道职工之家', '快递网点', '商圈', '地铁站']


const KM_PER_DEG_LAT = 111.195

type Seeded = Omit<StationDoc, 'createdAt' | 'updatedAt' | 'hoursKind' | 'rating' | 'visitCount' | 'stars'> & { scores: Record<Aspect, number> }

function scoresFor(r: () => number, level: number): Record<Aspect, number> {
  // level 0..1 → aspect scores around 4.5..9.5, in half points
  return Object.fromEntries(ASPECTS.map((a) => [a, Math.max(0, Math.min(10, Math.round((4.5 + level * 5 + (r() - 0.5) * 2) * 2) / 2))])) as Record<Aspect, number>
}

export function wuhanStations(): Seeded[] {
  const r = rng(569)
  const out: Seeded[] = []
  out.push({
    _id: DEMO.stationIds[1],
    name: '武昌区机安社区爱心驿站',
    city: '武汉',
    district: '武昌区',
    address: '武昌区机安社区党群服务中心一楼',
    location: { lat: 30.5436, lng: 114.3016 },
    services: ['water', 'microwave', 'rest', 'charging', 'toilet', 'aircon', 'medicine', 'counseling', 'legal', 'wifi'],
    openHours: { open: '07:00', close: '21:00' },
    phone: '027-12351',
    intro: '全国最美工会户外劳动者服务站。冷可取暖、热可纳凉、渴可喝水、累可歇脚；设职工心灵加油站和工会法律服务室。',
    scores: { management: 9.5, facilities: 9.5, people_served: 9, results: 9.5, highlights: 10, hygiene: 9.5, hours: 9, signage: 9, safety: 9.5 },
  })
  for (const d of WUHAN_DISTRICTS) {
    const count = d.name === '武昌' ? d.count - 1 : d.count
    for (let i = 0; i < count; i++) {
      // Box–Muller around the centre: most stations near it, a few further out.
      const rad = Math.sqrt(-2 * Math.log(1 - r())) * d.spreadKm * 0.6
      const ang = r() * 2 * Math.PI
      const lat = d.centre[0] + (rad * Math.sin(ang)) / KM_PER_DEG_LAT
      const lng = d.centre[1] + (rad * Math.cos(ang)) / (KM_PER_DEG_LAT * Math.cos((d.centre[0] * Math.PI) / 180))
      const big = r() < 0.28
      const services = new Set<Service>(['water', 'rest'])
      if (r() < 0.92) services.add('microwave')
      if (r() < 0.75) services.add('charging')
      if (r() < 0.6) services.add('toilet')
      if (r() < 0.35) services.add('aircon')
      if (r() < 0.3) services.add('medicine')
      if (big) for (const s of ['counseling', 'legal', 'medicine', 'aircon', 'wifi'] as Service[]) if (r() < 0.8) services.add(s)
      const street = d.streets[Math.floor(r() * d.streets.length)]
      const place = PLACES[Math.floor(r() * PLACES.length)]
      if (place === '加油站' || place === '公交场站' || r() < 0.08) services.add('parking')
      if (place === '街道职工之家' && r() < 0.5) services.add('meal')
      const h = r()
      const openHours: OpenHours = place === '加油站' || h < 0.12 ? '24h' : h < 0.2 ? { open: '20:00', close: '08:00' } : h < 0.55 ? { open: '08:00', close: '20:00' } : h < 0.85 ? { open: '07:00', close: '22:00' } : { open: '09:00', close: '18:00' }
      const n = i + 1
      out.push({
        _id: `wh-${pinyin[d.name]}-${String(n).padStart(3, '0')}`,
        name: `${d.name}区${street}${place}爱心驿站`,
        city: '武汉',
        district: `${d.name}区`,
        address: `${d.name}区${street}街${(n * 7) % 180 + 1}号`,
        location: { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 },
        services: [...services],
        openHours,
        phone: '027-12351',
        demo: true,
        scores: scoresFor(r, big ? 0.55 + r() * 0.45 : r() * 0.8),
      })
    }
  }
  return out
}

const pinyin: Record<string, string> = {
  江岸: 'jiangan', 江汉: 'jianghan', 硚口: 'qiaokou', 汉阳: 'hanyang', 武昌: 'wuchang', 青山: 'qingshan', 洪山: 'hongshan',
  东西湖: 'dongxihu', 汉南: 'hannan', 蔡甸: 'caidian', 江夏: 'jiangxia', 黄陂: 'huangpi', 新洲: 'xinzhou',
}

export const BEIJING_STATION: Seeded = {
  _id: DEMO.stationIds[0],
  name: '网约车司机服务站（尚东数字谷）',
  city: '北京',
  district: '海淀区',
  address: '海淀区上地街道尚东数字谷公共区域职工之家',
  location: { lat: 40.0331, lng: 116.2985 },
  services: ['meal', 'parking', 'rest', 'microwave', 'water', 'charging', 'toilet', 'wifi'],
  openHours: { open: '07:00', close: '22:00' },
  phone: '010-12351',
  intro: '给网约车司机找个“家”：停得下车，9.99 元吃一份卫生营养的餐食，踏踏实实休息一会儿。全总、海淀区总工会、上地街道总工会与滴滴工会共建。',
  scores: { management: 9, facilities: 9, people_served: 9.5, results: 8.5, highlights: 9.5, hygiene: 9, hours: 8.5, signage: 8.5, safety: 9 },
}

export async function seedStations(deps: LocalDeps): Promise<void> {
  const meta = deps.store.collection(C.meta)
  if (await meta.get(MARKER)) return
  const stations = deps.store.collection<StationDoc>(C.stations)
  const evaluations = deps.store.collection<EvaluationDoc>(C.evaluations)
  const at = '2023-08-01T02:00:00.000Z'
  for (const { scores, ...s } of [BEIJING_STATION, ...wuhanStations()]) {
    const sum = ASPECTS.reduce((t, a) => t + scores[a], 0)
    const stars = starsFromSum(sum)
    try {
      await stations.insert({ ...s, hoursKind: hoursKind(s.openHours), stars, evaluatedAt: at, rating: { sum: 0, count: 0 }, visitCount: 0, createdAt: at, updatedAt: at })
      await evaluations.insert({ _id: `${s._id}-seed`, stationId: s._id, at, by: DEMO.admin, scores, sum, stars })
    } catch (e) {
      if (!isDuplicateKey(e)) throw e
    }
  }
  try { await meta.insert({ _id: MARKER, at: new Date().toISOString() }) } catch (e) { if (!isDuplicateKey(e)) throw e }
}
