/**
 * The privacy items to declare (用户隐私保护指引) follow from the code: the compiled mini-program is searched for a
 * call of every API on WeChat's privacy list; each one found must be declared in src/privacy.ts, and the README and
 * docs/DEPLOY.md must show every declared item.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { NOT_GUIDE_ITEMS, PRIVACY_APIS, PRIVACY_ITEMS, TYPED_INFO } from '../../src/privacy'
import { ROOT, snapshotDist } from '../dist-snapshot'

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = path.join(dir, e)
    return statSync(full).isDirectory() ? jsFiles(full) : e.endsWith('.js') ? [full] : []
  })
}

/** APIs called in the app's code: `.name(` — taro.js only lists every API name as a string to wrap it. */
function calledApis(sources: string[], names: string[]): Set<string> {
  const found = new Set<string>()
  for (const src of sources) {
    for (const name of names) if (new RegExp(`\\.${name}\\s*\\(`).test(src)) found.add(name)
  }
  return found
}

describe('privacy declarations', () => {
  let dist: ReturnType<typeof snapshotDist>
  let sources: string[]
  beforeAll(() => {
    dist = snapshotDist('weapp', 'app.js')
    sources = jsFiles(dist.dir).filter((f) => path.basename(f) !== 'taro.js').map((f) => readFileSync(f, 'utf8'))
  }, 300_000)
  afterAll(() => dist?.remove())

  const declared = new Set(PRIVACY_ITEMS.flatMap((i) => i.apis))

  test('every privacy API the mini-program calls is declared with its guide item', () => {
    const called = calledApis(sources, Object.keys(PRIVACY_APIS))
    expect(called.size).toBeGreaterThan(0) // the search finds calls at all
    const undeclared = [...called].filter((api) => !declared.has(api))
    expect(undeclared).toEqual([])
    for (const item of PRIVACY_ITEMS) for (const api of item.apis) expect([api, PRIVACY_APIS[api]]).toEqual([api, item.item])
  })

  test('nothing is declared that the code does not call (a stale declaration asks for consent without reason)', () => {
    const called = calledApis(sources, Object.keys(PRIVACY_APIS))
    expect([...declared].filter((api) => !called.has(api))).toEqual([])
  })

  test('APIs left out of the guide on purpose are the only other sensitive calls', () => {
    const other = calledApis(sources, ['scanCode', 'openSetting', 'makePhoneCall', 'openLocation', 'authorize', 'getSetting'])
    expect([...other].filter((api) => !(api in NOT_GUIDE_ITEMS))).toEqual([])
  })

  test('the search sees a call that is there and misses a name that is only listed', () => {
    expect([...calledApis(['x.setClipboardData({data:t})', '"saveImageToPhotosAlbum",'], ['setClipboardData', 'saveImageToPhotosAlbum'])]).toEqual(['setClipboardData'])
  })

  test('app.json asks for the privacy check and names the private location APIs it uses', () => {
    const app = JSON.parse(readFileSync(path.join(dist.dir, 'app.json'), 'utf8'))
    expect(app.__usePrivacyCheck__).toBe(true)
    const called = calledApis(sources, ['getLocation', 'chooseLocation'])
    expect([...app.requiredPrivateInfos].sort()).toEqual([...called].sort())
  })

  test.each(['README.md', 'docs/DEPLOY.md'])('%s lists every item to declare', (doc) => {
    const text = readFileSync(path.join(ROOT, doc), 'utf8')
    for (const i of PRIVACY_ITEMS) {
      const row = text.split('\n').find((l) => l.startsWith(`| ${i.item} |`))
      expect([i.item, row]).toEqual([i.item, expect.stringContaining(i.apis.map((a) => `\`wx.${a}\``).join('、'))])
    }
    for (const t of TYPED_INFO) expect(text).toContain(`| ${t.item} |`)
  })
})
