import { isDuplicateKey } from '../../_shared/errors'
import type { LocalDeps } from '../deps'
import type { MemberDoc } from '../../_shared/runtime'
import type { RoleDoc } from '../../_shared/roles'
import { DEMO } from './ids'
import { C } from '../../_shared/collections'

async function insertOnce<T extends { _id: string }>(deps: LocalDeps, coll: string, doc: T) {
  try { await deps.store.collection(coll).insert(doc) } catch (e) { if (!isDuplicateKey(e)) throw e }
}

/** The demo identities of SPEC: workers who are members, and staff with their roles. */
export async function seedIdentities(deps: LocalDeps): Promise<void> {
  const at = '2023-06-01T08:00:00.000Z'
  const members: MemberDoc[] = [
    { _id: DEMO.courier, status: 'active', cardNo: 'GH4405000001', name: '林海生', phone: '13802461234', city: '汕头', industry: 'courier', employer: '汕头市顺达快递龙湖网点', appliedAt: at, joinedAt: at },
    { _id: DEMO.opera, status: 'active', cardNo: 'GH1301000002', name: '赵春燕', phone: '13933115678', city: '石家庄', industry: 'other', employer: '石家庄市第一棉纺厂', appliedAt: at, joinedAt: at },
    { _id: DEMO.driver, status: 'active', cardNo: 'GH1101000003', name: '马建国', phone: '13601085566', city: '北京', industry: 'ride_hailing', employer: '滴滴出行（网约车司机）', appliedAt: at, joinedAt: at },
    { _id: DEMO.merchant, status: 'active', cardNo: 'GH2109000004', name: '王丽', phone: '13841867788', city: '阜新', industry: 'other', employer: '阜新海州露天矿国家矿山公园', appliedAt: at, joinedAt: at },
  ]
  for (const m of members) await insertOnce(deps, C.members, m)
  const roles: RoleDoc[] = [
    { _id: DEMO.admin, roles: ['admin'] },
    { _id: DEMO.merchant, roles: ['merchant'], partnerId: DEMO.partnerId },
    { _id: DEMO.cashier, roles: ['merchant'], partnerId: DEMO.shantouPartnerId },
    { _id: DEMO.keeper, roles: ['keeper'], stationIds: [...DEMO.stationIds] },
    { _id: DEMO.judge, roles: ['judge'] },
  ]
  for (const r of roles) await insertOnce(deps, C.roles, { ...r, v: 1 })
}
