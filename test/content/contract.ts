import { ContentCheckUnavailable, type ContentCheck } from '../../cloudfunctions/_shared/ports'

/**
 * What every ContentCheck adapter promises, run against each (the word list, and WeChat's msgSecCheck
 * through the real SDK and a local stand-in for WeChat's endpoint). `setup` gives an adapter that
 * treats `blocked` as not publishable, and a way to make the service fail (when it can fail at all).
 */
export interface ContractSubject {
  check: ContentCheck
  blocked: string
  /** Makes the next calls fail as an outage would (adapters that call a service). */
  breakService?: () => void
}

export function contentCheckContract(name: string, setup: () => Promise<ContractSubject & { close(): Promise<void> }>, opts: { remote: boolean }) {
  describe(`ContentCheck contract: ${name}`, () => {
    let s: ContractSubject & { close(): Promise<void> }
    beforeEach(async () => { s = await setup() })
    afterEach(async () => { await s.close() })

    const me = { openid: 'o-contract', scene: 3 as const }

    test('ordinary text passes, in every scene', async () => {
      for (const scene of [1, 2, 3, 4] as const) {
        expect(await s.check.check('《贵妃醉酒》选段，石家庄市第一棉纺厂', { openid: 'o1', scene })).toEqual({ verdict: 'pass' })
      }
      expect((await s.check.check('水饺九折 🥟，周一至周五', me)).verdict).toBe('pass')
    })

    test('text containing a blocked word is risky, wherever the word is', async () => {
      expect((await s.check.check(s.blocked, me)).verdict).toBe('risky')
      expect((await s.check.check(`欢迎来玩${s.blocked}`, me)).verdict).toBe('risky')
      expect((await s.check.check(`${'好'.repeat(190)}${s.blocked}`, me)).verdict).toBe('risky')
    })

    // A local word list has no service that could be down.
    if (opts.remote) test('an outage is ContentCheckUnavailable, never a silent pass', async () => {
      s.breakService!()
      await expect(s.check.check('普通的文字', me)).rejects.toBeInstanceOf(ContentCheckUnavailable)
    })
  })
}
