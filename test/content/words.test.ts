/** The local ContentCheck: a word list from configuration (CONTENT_WORDS), with a demo list by default. */
import { DEMO_CONTENT_WORDS, foldForMatch, parseWordList, wordListContentCheck } from '../../cloudfunctions/_shared/content/words'
import { contentCheckFromConfig } from '../../cloudfunctions/_shared/content/config'
import { loadConfig } from '../../cloudfunctions/_shared/config'
import { contentCheckContract } from './contract'

contentCheckContract('word list', async () => ({
  check: wordListContentCheck(['博彩']), blocked: '博彩', close: async () => {},
}), { remote: false })

const me = { openid: 'o1', scene: 2 as const }
const verdict = async (words: readonly string[], text: string) => (await wordListContentCheck(words).check(text, me)).verdict

test('spacing, punctuation, full-width forms, case and invisible characters do not hide a word', async () => {
  const words = ['赌博', 'vpn']
  for (const t of ['赌 博', '赌·博', '赌\u200b博', '赌，博！', '来 ＶＰＮ 吧', 'V-P-N']) expect(await verdict(words, t)).toBe('risky')
  for (const t of ['赌', '博物馆', '打赌', 'vpxn']) expect(await verdict(words, t)).toBe('pass')
})

test('folding keeps letters, digits and Chinese, drops the rest', () => {
  expect(foldForMatch(' Ａｂ１，二　三\u200d! ')).toBe('ab1二三')
})

test('CONTENT_WORDS is split on commas (also full-width), semicolons and new lines; blanks and repeats drop', () => {
  expect(parseWordList('甲,乙，丙;丁；戊\n己\r\n,, 甲 ')).toEqual(['甲', '乙', '丙', '丁', '戊', '己'])
})

test('configuration: the demo list when CONTENT_WORDS is unset, the configured list (only) when set', async () => {
  const demo = contentCheckFromConfig(loadConfig({}, () => 'x'.repeat(32)))
  expect(DEMO_CONTENT_WORDS.length).toBeGreaterThan(3)
  for (const w of DEMO_CONTENT_WORDS) expect((await demo.check(`这里有${w}`, me)).verdict).toBe('risky')
  const own = contentCheckFromConfig(loadConfig({ CONTENT_WORDS: '假药,高利贷' }, () => 'x'.repeat(32)))
  expect((await own.check('收高利贷', me)).verdict).toBe('risky')
  expect((await own.check(`这里有${DEMO_CONTENT_WORDS[0]}`, me)).verdict).toBe('pass')
  const none = contentCheckFromConfig(loadConfig({ CONTENT_WORDS: '' }, () => 'x'.repeat(32)))
  expect((await none.check(DEMO_CONTENT_WORDS[0], me)).verdict).toBe('pass')
  expect(loadConfig({}, () => 'x'.repeat(32)).CONTENT_CHECK).toBe('words')
  expect(() => loadConfig({ CONTENT_CHECK: 'off' }, () => 'x'.repeat(32))).toThrow(/CONTENT_CHECK/)
})
