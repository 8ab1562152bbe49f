/** Table tests of the station function's input schemas: what is accepted, what is refused and on which field. */
import { stationActions, StationInput, hoursKind, isOpenAt, starsFromSum, checkinPath, ASPECTS } from '../../types'
import { schemaTableTests, type SchemaRow } from '../support/schema-table'

const station = {
  name: '武昌区机安社区爱心驿站', city: '武汉', district: '武昌区', address: '武昌区机安社区党群服务中心一楼',
  location: { lat: 30.5436, lng: 114.3016 }, services: ['water', 'microwave'], openHours: { open: '07:00', close: '21:00' }, phone: '027-12351',
}
const scores = Object.fromEntries(ASPECTS.map((a) => [a, 8]))

const table: Record<string, SchemaRow[]> = {
  nearby: [
    ['a point', { lat: 30.55, lng: 114.3 }, true],
    ['everything', { lat: 40.03, lng: 116.3, radiusKm: 50, services: ['microwave', 'parking'], openNow: true, limit: 50 }, true],
    ['a small radius', { lat: 30.55, lng: 114.3, radiusKm: 0.1 }, true],
    ['no lng', { lat: 30.55 }, false, 'lng'],
    ['lat out of range', { lat: -91, lng: 114.3 }, false, 'lat'],
    ['lng out of range', { lat: 30, lng: 180.5 }, false, 'lng'],
    ['lat as text', { lat: '30.5', lng: 114.3 }, false, 'lat'],
    ['radius over 50 km', { lat: 30, lng: 114, radiusKm: 50.1 }, false, 'radiusKm'],
    ['radius 0', { lat: 30, lng: 114, radiusKm: 0 }, false, 'radiusKm'],
    ['negative radius', { lat: 30, lng: 114, radiusKm: -1 }, false, 'radiusKm'],
    ['limit 51', { lat: 30, lng: 114, limit: 51 }, false, 'limit'],
    ['limit 2.5', { lat: 30, lng: 114, limit: 2.5 }, false, 'limit'],
    ['unknown service', { lat: 30, lng: 114, services: ['sauna'] }, false, 'services.0'],
    ['services as an operator', { lat: 30, lng: 114, services: { $all: ['water'] } }, false, 'services'],
    ['openNow as text', { lat: 30, lng: 114, openNow: 'true' }, false, 'openNow'],
    ['an unknown field', { lat: 30, lng: 114, city: '武汉' }, false],
  ],
  get: [
    ['an id', { stationId: 'wh-wuchang-jian' }, true],
    ['missing', {}, false, 'stationId'],
    ['an operator', { stationId: { $ne: null } }, false, 'stationId'],
    ['a dotted id', { stationId: 'a.b' }, false, 'stationId'],
  ],
  checkin: [
    ['id and code', { stationId: 'bj-shangdong-didi', code: 'r7HlwBAPqljTyUQ8' }, true],
    ['no code', { stationId: 'bj-shangdong-didi' }, false],
    ['blank code', { stationId: 'bj-shangdong-didi', code: '   ' }, false, 'code'],
    ['huge code', { stationId: 'bj-shangdong-didi', code: 'x'.repeat(513) }, false, 'code'],
    ['visitNo smuggled in', { stationId: 'bj-shangdong-didi', code: 'abc', visitNo: 1 }, false],
    // Any scene text passes the form: its shape and signature are the function's (INVALID_TOKEN).
    ['a scene', { scene: 'AbCdEfGhIj.0123456789ab' }, true],
    ['a scene too long for WeChat (the function says INVALID_TOKEN)', { scene: 'x'.repeat(40) }, true],
    ['an absurd scene', { scene: 'x'.repeat(2049) }, false, 'scene'],
    ['a scene that is not text', { scene: 42 }, false],
    ['a scene and a station', { scene: 'AbCdEfGhIj.0123456789ab', stationId: 's1' }, false],
    ['nothing', {}, false],
  ],
  rate: [
    ['stars', { stationId: 's1', stars: 5 }, true],
    ['stars and a comment of 200', { stationId: 's1', stars: 1, comment: '好'.repeat(200) }, true],
    ['0 stars', { stationId: 's1', stars: 0 }, false, 'stars'],
    ['6 stars', { stationId: 's1', stars: 6 }, false, 'stars'],
    ['half a star', { stationId: 's1', stars: 3.5 }, false, 'stars'],
    ['comment of 201', { stationId: 's1', stars: 5, comment: '好'.repeat(201) }, false, 'comment'],
    ['comment as a number', { stationId: 's1', stars: 5, comment: 5 }, false, 'comment'],
  ],
  upsert: [
    ['a new station', station, true],
    ['an edit by id', { ...station, id: 'wh-wuchang-jian' }, true],
    ['open around the clock', { ...station, openHours: '24h' }, true],
    ['open past midnight', { ...station, openHours: { open: '20:00', close: '08:00' } }, true],
    ['without the optional fields', { ...station, district: undefined, phone: undefined }, true],
    ['with an intro', { ...station, intro: '平价餐 9.99 元一份' }, true],
    ['name blank', { ...station, name: ' ' }, false, 'name'],
    ['name too long', { ...station, name: '驿'.repeat(61) }, false, 'name'],
    ['city that is only 市', { ...station, city: '市' }, false, 'city'],
    ['city with 市 (stored without it)', { ...station, city: '武汉市' }, true, ''],
    ['no address', { ...station, address: undefined }, false, 'address'],
    ['location as text', { ...station, location: '30.5,114.3' }, false, 'location'],
    ['location with an extra key', { ...station, location: { lat: 30, lng: 114, alt: 1 } }, false, 'location'],
    ['unknown service', { ...station, services: ['water', 'spa'] }, false, 'services.1'],
    ['hours 24:00', { ...station, openHours: { open: '08:00', close: '24:00' } }, false, 'openHours.close'],
    ['hours as 8:00', { ...station, openHours: { open: '8:00', close: '20:00' } }, false, 'openHours.open'],
    ['hours as text', { ...station, openHours: 'always' }, false, 'openHours'],
    ['phone with letters', { ...station, phone: '027-CALL-ME' }, false, 'phone'],
    ['intro over 200', { ...station, intro: '介'.repeat(201) }, false, 'intro'],
    ['counters smuggled in', { ...station, visitCount: 100 }, false],
    ['stars smuggled in', { ...station, stars: 5 }, false],
  ],
  evaluate: [
    ['nine scores', { stationId: 's1', scores }, true],
    ['half points', { stationId: 's1', scores: { ...scores, safety: 9.5 } }, true],
    ['a 10 and a 0', { stationId: 's1', scores: { ...scores, safety: 10, hours: 0 } }, true],
    ['a score of 11', { stationId: 's1', scores: { ...scores, safety: 11 } }, false, 'scores.safety'],
    ['a negative score', { stationId: 's1', scores: { ...scores, hygiene: -0.5 } }, false, 'scores.hygiene'],
    ['a score of 8.25', { stationId: 's1', scores: { ...scores, results: 8.25 } }, false, 'scores.results'],
    ['an aspect missing', { stationId: 's1', scores: { ...scores, signage: undefined } }, false, 'scores.signage'],
    ['an extra aspect', { stationId: 's1', scores: { ...scores, price: 5 } }, false],
    ['stars given directly', { stationId: 's1', scores, stars: 5 }, false],
  ],
  evaluations: [
    ['an id', { stationId: 's1' }, true],
    ['nothing', {}, false, 'stationId'],
    ['an operator', { stationId: { $gt: '' } }, false, 'stationId'],
  ],
  qrcode: [
    ['an id', { stationId: 's1' }, true],
    ['nothing', {}, false, 'stationId'],
  ],
  posterImage: [
    ['an id', { stationId: 's1' }, true],
    ['a bad id', { stationId: '../x' }, false, 'stationId'],
    ['nothing', {}, false, 'stationId'],
  ],
  stats: [
    ['all cities', {}, true],
    ['one city', { city: '武汉' }, true],
    ['city that is only 市', { city: '市' }, false, 'city'],
    ['a day range (not in the contract)', { from: '2024-07-01' }, false],
  ],
}

test('the table covers every station action', () => {
  expect(Object.keys(table).sort()).toEqual(Object.keys(stationActions).sort())
})

schemaTableTests('station', stationActions, table)

test('the form and the function share one schema: text is trimmed', () => {
  expect(StationInput.parse({ ...station, name: '  机安社区爱心驿站 ' }).name).toBe('机安社区爱心驿站')
})

test('opening hours: within a day, past midnight, around the clock; close is exclusive', () => {
  const day = { open: '08:00', close: '20:00' }
  const night = { open: '20:00', close: '08:00' }
  expect([hoursKind(day), hoursKind(night), hoursKind('24h'), hoursKind({ open: '00:00', close: '00:00' })]).toEqual(['day', 'overnight', '24h', '24h'])
  expect(['07:59', '08:00', '19:59', '20:00'].map((t) => isOpenAt(day, t))).toEqual([false, true, true, false])
  expect(['07:59', '08:00', '19:59', '20:00', '23:59', '00:00'].map((t) => isOpenAt(night, t))).toEqual([true, false, false, true, true, true])
  expect(isOpenAt('24h', '03:00')).toBe(true)
})

test('star thresholds of SPEC', () => {
  expect([90, 80, 79.5, 70, 69.5, 60, 59.5, 45, 44.5, 0].map(starsFromSum)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1])
})

test('the poster path opens the check-in page with the station and the code', () => {
  expect(checkinPath('bj-shangdong-didi', 'r7Hl-wB_q')).toBe('packages/station/pages/checkin/index?stationId=bj-shangdong-didi&code=r7Hl-wB_q')
})
