import { defineFunction } from '../_shared/runtime'
import { list, get, upsertContest } from './contests'
import { signup } from './signup'
import { mine, list as entries, reviewQueue, review, withdraw } from './entries'
import { vote } from './votes'
import { score, advance, awards } from './judging'

export const contestFunction = defineFunction('contest', {
  list,
  get,
  upsertContest,
  signup,
  mine,
  entries,
  reviewQueue,
  review,
  vote,
  score,
  advance,
  awards,
  withdraw,
})
