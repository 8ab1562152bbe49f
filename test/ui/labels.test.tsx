import * as contract from '@contract/common'
import * as local from '@/labels'

// src/labels.ts repeats the contract's names so the main package can show them without zod: they must not drift.
describe('src/labels.ts', () => {
  it.each([
    'INDUSTRY_LABELS', 'PARTNER_CATEGORY_LABELS', 'GENRE_LABELS', 'STAGE_LABELS', 'ROLE_LABELS', 'SERVICE_LABELS', 'ASPECT_LABELS',
    'INDUSTRIES', 'PARTNER_CATEGORIES', 'GENRES', 'STAGES', 'ROLES', 'SERVICES', 'ASPECTS',
  ] as const)('%s equals the contract (keys, order, text)', (name) => {
    const mine = (local as Record<string, unknown>)[name]
    const theirs = (contract as Record<string, unknown>)[name]
    expect(JSON.stringify(mine)).toBe(JSON.stringify(theirs))
  })
})
