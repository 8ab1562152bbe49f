import type { Role } from '../../types'
import { AppError } from '../_shared/errors'
import type { Ctx, MemberDoc } from '../_shared/runtime'
import type { RoleDoc } from '../_shared/roles'
import { aliasOf } from '../_shared/alias'
import { C } from '../_shared/collections'

export function publicMember(m: MemberDoc) {
  const { _id, deleted, ...rest } = m
  void _id; void deleted
  return rest
}

export async function me(_: Record<string, never>, ctx: Ctx) {
  const openid = ctx.me()
  const [info, member] = await Promise.all([ctx.roles(), ctx.deps.store.collection<MemberDoc>(C.members).get(openid)])
  return {
    openid,
    roles: info.roles,
    member: member && !member.deleted ? publicMember(member) : null,
    uploadDir: `contest/${aliasOf(ctx.deps.config.TOKEN_SECRET, openid)}/`,
    ...(info.partnerId ? { partnerId: info.partnerId } : {}),
    ...(info.stationIds?.length ? { stationIds: info.stationIds } : {}),
  }
}

/** Admins grant merchant (bound to one partner), keeper (of stations) or judge; never admin. */
export async function grantRole(data: { openid: string; role: 'merchant' | 'keeper' | 'judge'; partnerId?: string; stationIds?: string[] }, ctx: Ctx) {
  const { store } = ctx.deps
  if (data.role === 'merchant' && data.partnerId && !(await store.collection(C.partners).get(data.partnerId))) {
    throw new AppError('NOT_FOUND', '没有找到该合作单位')
  }
  if (data.role === 'keeper' && data.stationIds) {
    const found = await store.collection(C.stations).count({ _id: { $in: data.stationIds } })
    if (found !== new Set(data.stationIds).size) throw new AppError('NOT_FOUND', '有驿站不存在')
  }
  return grant(ctx, data.openid, data.role, { partnerId: data.partnerId, stationIds: data.stationIds })
}

/** Adds a role to a person's role document, retrying on a concurrent change. */
export async function grant(ctx: Ctx, openid: string, role: Role, scope: { partnerId?: string; stationIds?: string[] } = {}) {
  const roles = ctx.deps.store.collection<RoleDoc & { v?: number }>(C.roles)
  for (let attempt = 0; attempt < 5; attempt++) {
    const cur = await roles.get(openid)
    if (!cur) {
      try {
        await roles.insert({ _id: openid, roles: [role], v: 1, ...(scope.partnerId ? { partnerId: scope.partnerId } : {}), ...(scope.stationIds ? { stationIds: scope.stationIds } : {}) })
        break
      } catch { continue }
    }
    const set: Record<string, unknown> = { roles: [...new Set([...cur.roles, role])], v: (cur.v ?? 0) + 1 }
    if (scope.partnerId) set.partnerId = scope.partnerId
    if (scope.stationIds) set.stationIds = [...new Set([...(cur.stationIds ?? []), ...scope.stationIds])]
    const n = await roles.updateOne({ _id: openid, v: cur.v ?? null }, { $set: set })
    if (n === 1) break
  }
  const info = await roles.get(openid)
  const all = new Set<Role>(info?.roles ?? [])
  if (ctx.deps.config.ADMIN_OPENIDS.includes(openid)) all.add('admin')
  return { openid, roles: [...all] }
}

/**
 * Takes a role (merchant, keeper or judge) back, with its scope (the partner, the stations). Idempotent: a
 * person without the role keeps their roles and gets them back. Conditional on the version read, retried
 * on a concurrent change like `grant`. Admins come from the environment and cannot be revoked here.
 */
export async function revokeRole(data: { openid: string; role: 'merchant' | 'keeper' | 'judge' }, ctx: Ctx) {
  const roles = ctx.deps.store.collection<RoleDoc & { v?: number }>(C.roles)
  let done = false
  for (let attempt = 0; attempt < 5 && !done; attempt++) {
    const cur = await roles.get(data.openid)
    if (!cur || !cur.roles.includes(data.role)) { done = true; break }
    const set: Record<string, unknown> = { roles: cur.roles.filter((r) => r !== data.role), v: (cur.v ?? 0) + 1 }
    const unset: Record<string, true> = {}
    if (data.role === 'merchant') unset.partnerId = true
    if (data.role === 'keeper') unset.stationIds = true
    done = (await roles.updateOne({ _id: data.openid, v: cur.v ?? null }, { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) })) === 1
  }
  if (!done) throw new AppError('CONFLICT')
  const info = await roles.get(data.openid)
  const all = new Set<Role>(info?.roles ?? [])
  if (ctx.deps.config.ADMIN_OPENIDS.includes(data.openid)) all.add('admin')
  return { openid: data.openid, roles: [...all] }
}
