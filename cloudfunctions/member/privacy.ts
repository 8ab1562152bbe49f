import { randomBytes } from 'node:crypto'
import type { Ctx } from '../_shared/runtime'
import { aliasOf } from '../_shared/alias'
import { findAll, withId } from '../_shared/paging'
import { PRIVACY_PARTS, type Person, type PersonalRecords } from '../_shared/privacy'
import { AREA_EXTENSIONS } from '../_shared/storage/rules'

/**
 * exportMine and deleteMine walk the privacy registry (_shared/privacy/): each area says there where it
 * stores a person and how its ids are made, so this file names no area's collections.
 */

const personOf = (ctx: Ctx): Person => {
  const openid = ctx.me()
  return { openid, alias: aliasOf(ctx.deps.config.TOKEN_SECRET, openid) }
}

/** The filter that finds the person's records in `r`. */
const holder = (r: PersonalRecords, person: Person) => ({ [r.field]: r.by === 'alias' ? person.alias : person.openid })

/** Everything stored about the caller, as JSON: their own data, unmasked. */
export async function exportMine(_: Record<string, never>, ctx: Ctx) {
  const person = personOf(ctx)
  const { deps } = ctx
  const out: Record<string, unknown> = { exportedAt: ctx.now.toISOString(), openid: person.openid }
  for (const part of PRIVACY_PARTS) {
    if (part.exportOwn) Object.assign(out, await part.exportOwn(deps, person))
    for (const [key, r] of Object.entries(part.records ?? {})) {
      out[key] = (await findAll(deps.store.collection(r.collection), holder(r, person))).map(withId)
    }
    await part.exportView?.(deps, out)
  }
  return out
}

/**
 * Erases the caller's personal data: each area moves the records whose ids embed the person to a
 * random pseudonym's ids, the person's uploaded files and upload folders are deleted, then every
 * record naming the person is re-keyed to the pseudonym and blanked (or erased), and every staff
 * field naming them is re-keyed. Counts, stock and votes still add up.
 */
export async function deleteMine(_: Record<string, never>, ctx: Ctx) {
  const person = personOf(ctx)
  const { deps } = ctx
  const { store, storage } = deps
  // A random pseudonym the records move to: unlike the person's alias, nothing can recompute it.
  const pseudonym = `anon-${randomBytes(12).toString('base64url')}`
  const now = ctx.now.toISOString()
  let changed = 0

  for (const part of PRIVACY_PARTS) if (part.move) changed += await part.move(deps, person, pseudonym, now)

  const records = PRIVACY_PARTS.flatMap((p) => Object.values(p.records ?? {}))
  // Uploaded files first (their ids are blanked below), then every upload folder of the person.
  for (const r of records) {
    if (!r.files?.length) continue
    for (const d of await findAll(store.collection(r.collection), holder(r, person))) {
      for (const f of r.files) {
        const fileId = (d as unknown as Record<string, unknown>)[f]
        if (typeof fileId === 'string' && fileId) { await storage.delete(fileId); changed++ }
      }
    }
  }
  if (storage.deleteDir) for (const area of AREA_EXTENSIONS.keys()) await storage.deleteDir(area, person.alias)

  const actors = PRIVACY_PARTS.flatMap((p) => p.actors ?? []).map((a): PersonalRecords => ({ ...a }))
  for (const r of [...records, ...actors]) {
    const coll = store.collection(r.collection)
    const filter = holder(r, person)
    if (r.erase) {
      let n: number
      while ((n = await coll.remove(filter)) > 0) changed += n
      continue
    }
    const update = {
      $set: { [r.field]: pseudonym, ...(r.scrub ?? {}) },
      ...(r.drop?.length ? { $unset: Object.fromEntries(r.drop.map((f) => [f, 1 as const])) } : {}),
    }
    // updateMany changes at most 1000 documents per call; the filter stops matching what it changed.
    for (;;) {
      const n = await coll.updateMany(filter, update)
      changed += n
      if (n < 1000) break
    }
  }
  // Nothing of the person may stay readable in the store's files (the WAL, freed pages).
  await store.purge?.()
  return { deleted: changed > 0 }
}
