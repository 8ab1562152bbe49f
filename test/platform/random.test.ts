import { randomToken } from '../../cloudfunctions/_shared/random'

describe('randomToken (pooled CSPRNG bytes)', () => {
  it('gives base64url of the asked length, never the same twice across many pool refills', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 5000; i++) {
      const t = randomToken(9)
      expect(t).toMatch(/^[A-Za-z0-9_-]{12}$/)
      seen.add(t)
    }
    // 5,000 × 9 bytes is eleven refills of the 4 KB pool: a reused or zeroed stretch would repeat a token.
    expect(seen.size).toBe(5000)
  })

  it('spreads its bits: every base64url character shows up, and no token is all zero bytes', () => {
    const chars = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const t = randomToken(12)
      expect(t).not.toBe('AAAAAAAAAAAAAAAA')
      for (const c of t) chars.add(c)
    }
    expect(chars.size).toBe(64)
  })

  it('refuses more than the pool hands out at once', () => {
    expect(() => randomToken(65)).toThrow(RangeError)
  })
})
