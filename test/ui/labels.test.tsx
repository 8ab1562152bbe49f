import * as contract from '@contract/common'
import * as local from '@/labels'
import { hoursLabel } from '@contract/station'

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

it('hoursLabel formats opening hours like the contract', () => {
  for (const h of ['24h', { open: '08:00', close: '20:00' }, { open: '22:00', close: '06:00' }, { open: '00:00', close: '00:00' }] as const) {
    expect(local.hoursLabel(h)).toBe(hoursLabel(h))
  }
})
