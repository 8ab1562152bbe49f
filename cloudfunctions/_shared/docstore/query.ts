import type { Doc, Filter, FieldCond, Scalar, Update } from '../ports'

const SEGMENT = /^[A-Za-z0-9_-]{1,80}$/
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype'])

/** Field paths come from domain code, but may embed ids; only plain segments are allowed. */
export function splitPath(path: string): string[] {
  const parts = path.split('.')
  for (const p of parts) {
    if (!SEGMENT.test(p) || FORBIDDEN.has(p)) throw new Error(`invalid field path: ${JSON.stringify(path)}`)
  }
  return parts
}

export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc
  for (const p of splitPath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = Object.prototype.hasOwnProperty.call(cur, p) ? (cur as Record<string, unknown>)[p] : undefined
  }
  return cur
}

function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const parts = splitPath(path)
  let cur = doc
  for (const p of parts.slice(0, -1)) {
    const next = cur[p]
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[p] = {}
    cur = cur[p] as Record<string, unknown>
  }
  cur[parts[parts.length - 1]] = value
}

function unsetPath(doc: Record<string, unknown>, path: string): void {
  const parts = splitPath(path)
  let cur: unknown = doc
  for (const p of parts.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return
    cur = (cur as Record<string, unknown>)[p]
  }
  if (cur && typeof cur === 'object') delete (cur as Record<string, unknown>)[parts[parts.length - 1]]
}

/** Applies an update to a copy of the document. `_id` cannot change. */
/** `inPlace` when the caller owns a fresh copy (a just-parsed row): skips the clone. */
export function applyUpdate<T extends Doc>(doc: T, update: Update, inPlace = false): T {
  const out = (inPlace ? doc : structuredClone(doc)) as Record<string, unknown>
  for (const [k, v] of Object.entries(update.$set ?? {})) { if (k !== '_id') setPath(out, k, v) }
  for (const [k, v] of Object.entries(update.$inc ?? {})) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`$inc needs a number for ${k}`)
    const cur = getPath(out, k)
    setPath(out, k, (typeof cur === 'number' ? cur : 0) + v)
  }
  for (const k of Object.keys(update.$unset ?? {})) { if (k !== '_id') unsetPath(out, k) }
  for (const [k, v] of Object.entries(update.$push ?? {})) {
    const cur = getPath(out, k)
    setPath(out, k, Array.isArray(cur) ? [...cur, v] : [v])
  }
  return out as T
}

const UPDATE_OPS = new Set(['$set', '$inc', '$unset', '$push'])

/**
 * Checks an update before it reaches a database, also when it will match nothing: only the
 * documented operators, valid paths, numbers for $inc, and no path touched twice (MongoDB
 * refuses `{ $set: { a }, $inc: { a } }` and `a` with `a.b`; both adapters must agree).
 */
export function assertUpdate(update: Update): void {
  if (update === null || typeof update !== 'object' || Array.isArray(update)) throw new Error('update needs an object')
  const seen: string[] = []
  for (const [op, fields] of Object.entries(update)) {
    if (fields === undefined) continue
    if (!UPDATE_OPS.has(op)) throw new Error(`unsupported update operator ${op}`)
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw new Error(`${op} needs an object`)
    for (const [path, v] of Object.entries(fields as Record<string, unknown>)) {
      if (path === '_id') continue
      splitPath(path)
      if (op === '$inc' && (typeof v !== 'number' || !Number.isFinite(v))) throw new Error(`$inc needs a number for ${path}`)
      for (const p of seen) {
        if (p === path || p.startsWith(`${path}.`) || path.startsWith(`${p}.`)) throw new Error(`update touches ${JSON.stringify(p)} and ${JSON.stringify(path)}`)
      }
      seen.push(path)
    }
  }
}

const OPS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$all'])
export function isOperatorObject(c: unknown): c is Exclude<FieldCond, Scalar> {
  return c !== null && typeof c === 'object' && !Array.isArray(c) && Object.keys(c).length > 0 && Object.keys(c).every((k) => OPS.has(k))
}

/** Checks a filter for shape before it reaches a database (a bug guard: domain filters only). */
export function assertFilter(filter: Filter): void {
  for (const [k, v] of Object.entries(filter)) {
    if (v === undefined) continue
    if (k === '$or' || k === '$and') {
      if (!Array.isArray(v)) throw new Error(`${k} needs an array`)
      ;(v as Filter[]).forEach(assertFilter)
      continue
    }
    if (k !== '_id') splitPath(k)
    if (v !== null && typeof v === 'object' && !isOperatorObject(v)) throw new Error(`unsupported condition on ${k}`)
  }
}
