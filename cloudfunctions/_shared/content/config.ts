import type { Config } from '../config'
import type { ContentCheck } from '../ports'
import { DEMO_CONTENT_WORDS, parseWordList, wordListContentCheck } from './words'

/** The word-list check from configuration: CONTENT_WORDS when set, else the demo list. */
export function contentCheckFromConfig(config: Pick<Config, 'CONTENT_WORDS'>): ContentCheck {
  return wordListContentCheck(config.CONTENT_WORDS === undefined ? DEMO_CONTENT_WORDS : parseWordList(config.CONTENT_WORDS))
}
