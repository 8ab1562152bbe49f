import { C } from './collections'
import type { Role } from '../../types'
import type { Config } from './config'
import type { DocStore } from './ports'

export interface RoleDoc { _id: string; roles: Role[]; partnerId?: string; stationIds?: string[] }
export interface RoleInfo { roles: Role[]; partnerId?: string; stationIds?: string[] }

/**
 * Admins come from ADMIN_OPENIDS; the other roles (and seeded admins) are stored in `roles`.
 * Takes the two parts of Deps it reads (not Deps itself: runtime.ts imports this module).
 */
export async function loadRoles(deps: { store: DocStore; config: Pick<Config, 'ADMIN_OPENIDS'> }, openid: string): Promise<RoleInfo> {
  const doc = await deps.store.collection<RoleDoc>(C.roles).get(openid)
  const roles = new Set<Role>(doc?.roles ?? [])
  if (deps.config.ADMIN_OPENIDS.includes(openid)) roles.add('admin')
  return { roles: [...roles], partnerId: doc?.partnerId, stationIds: doc?.stationIds }
}
