import type { ContentCheck } from '../ports'

/**
 * The demo word list used locally when CONTENT_WORDS is not set. It only shows the mechanism; a
 * union that runs the gateway for real sets its own list (comma- or line-separated) in CONTENT_WORDS.
 */
export const DEMO_CONTENT_WORDS: readonly string[] = ['赌博', '博彩', '代开发票', '办假证', '枪支弹药', '毒品', '裸聊', '色情']

/**
 * What a word is compared on: NFKC (full-width and compatibility forms fold to plain ones), lower
 * case, and without spaces, punctuation, symbols or invisible characters, so that 赌 博, 赌·博 and
 * 赌\u200b博 still match 赌博.
 */
export function foldForMatch(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\p{Z}\p{P}\p{S}\p{Cc}\p{Cf}\s]+/gu, '')
}

/** CONTENT_WORDS: words separated by commas (also full-width), semicolons or new lines. */
export function parseWordList(raw: string): string[] {
  return [...new Set(raw.split(/[,，;；\r\n]+/).map(foldForMatch).filter(Boolean))]
}

/** The local ContentCheck: a text is risky when it contains a listed word (after folding both). */
export function wordListContentCheck(words: readonly string[]): ContentCheck {
  const folded = [...new Set(words.map(foldForMatch).filter(Boolean))]
  return {
    async check(text) {
      const t = foldForMatch(text)
      const hit = folded.find((w) => t.includes(w))
      return hit ? { verdict: 'risky', label: 'wordlist' } : { verdict: 'pass' }
    },
  }
}
