import type { LocalDeps } from '../deps'
import { seedIdentities } from './identities'
import { seedVoucher } from './voucher'
import { seedMember } from './member'
import { seedContest } from './contest'
import { seedStations } from './station'

/**
 * Demo data, seeded on every start and idempotent: documents are inserted once by fixed ids, and
 * the date windows of the demo campaign and contest are moved so they cover today.
 * Each area adds its own seeder here.
 */
const SEEDERS: Array<(deps: LocalDeps) => Promise<void>> = [seedVoucher, seedMember, seedStations, seedContest, seedIdentities]

export async function seedDemo(deps: LocalDeps): Promise<void> {
  for (const s of SEEDERS) await s(deps)
}
