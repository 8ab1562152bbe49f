import { defineFunction } from '../_shared/runtime'
import { nearby, get } from './nearby'
import { checkin } from './checkin'
import { rate } from './rating'
import { upsert, evaluate, evaluations, stats } from './manage'
import { qrcode, posterImage } from './poster'

export const stationFunction = defineFunction('station', {
  nearby,
  get,
  checkin,
  rate,
  upsert,
  evaluate,
  evaluations,
  qrcode,
  posterImage,
  stats,
})
