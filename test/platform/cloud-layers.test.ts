/**
 * The layers of cloudfunctions/, read from the source with TypeScript's own import scanner:
 * - no import cycles;
 * - a function folder (member, voucher, contest, station) never imports another function's folder: each
 *   deployable bundle carries its own code and _shared/, nothing of the others;
 * - _shared/ imports no function folder and not _local/ (the local wiring, which needs better-sqlite3);
 * - collection names come from the registry (`C.<name>` of _shared/collections.ts), never as string literals.
 */
import { readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import * as ts from 'typescript'
import { collectionNames } from '../../cloudfunctions/_shared/collections'
import { ROOT, importSpecifiers, rel, sourceFiles } from '../support/source'

const CLOUD = join(ROOT, 'cloudfunctions')

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null // a package or a Node builtin
  const base = resolve(dirname(from), spec)
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try { if (statSync(candidate).isFile()) return candidate } catch { /* next */ }
  }
  throw new Error(`${rel(from)}: cannot resolve ${spec}`)
}

/** Every relative import of every file under cloudfunctions/ (type-only imports included: they are edges too). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sourceFiles(CLOUD)) {
    graph.set(rel(file), importSpecifiers(file).map((spec) => resolveImport(file, spec)).filter((p): p is string => p !== null).map(rel))
  }
  return graph
}

/** The cycles of a graph: one path per cycle found by a depth-first walk (empty when there are none). */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const cycles: string[][] = []
  const visit = (node: string) => {
    state.set(node, 'open')
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(node, 'done')
  }
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node)
  return cycles
}

/** `member` for cloudfunctions/member/x.ts, `_shared` for cloudfunctions/_shared/…, null outside cloudfunctions/. */
const folderOf = (file: string) => /^cloudfunctions\/([^/]+)\//.exec(file)?.[1] ?? null
const isFunctionFolder = (folder: string | null) => !!folder && !folder.startsWith('_')

const graph = importGraph()

test('the import scanner sees the files and their imports', () => {
  expect(graph.size).toBeGreaterThan(50)
  expect(graph.get('cloudfunctions/member/index.ts')).toEqual(expect.arrayContaining(['cloudfunctions/_shared/cloud.ts', 'cloudfunctions/member/handlers.ts']))
  // The walk finds a cycle when there is one (and says where).
  expect(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c', 'a']])
  expect(findCycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toEqual([])
})

test('cloudfunctions/ has no import cycle', () => {
  expect(findCycles(graph).map((c) => c.join(' → '))).toEqual([])
})

test('no function imports another function\'s code, and _shared/ imports no function and not _local/', () => {
  const crossings: string[] = []
  for (const [file, imports] of graph) {
    const from = folderOf(file)
    for (const target of imports) {
      const to = folderOf(target)
      if (!to || to === from) continue
      const wrong =
        (isFunctionFolder(from) && (isFunctionFolder(to) || to === '_local')) ||
        (from === '_shared' && (isFunctionFolder(to) || to === '_local'))
      if (wrong) crossings.push(`${file} → ${target}`)
    }
  }
  expect(crossings).toEqual([])
})

/** Where `text` writes a collection name as a string literal (`line 'name'`). */
function collectionLiterals(fileName: string, text: string, names: ReadonlySet<string>): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const walk = (node: ts.Node) => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && names.has(node.text)) {
      // Import paths are not names (`from './messages'`), nor are literal types (`Omit<PersonHit, 'roles'>`).
      const p = node.parent
      if (!ts.isImportDeclaration(p) && !ts.isExportDeclaration(p) && !ts.isExternalModuleReference(p) && !ts.isLiteralTypeNode(p)) {
        found.push(`${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} '${node.text}'`)
      }
    }
    ts.forEachChild(node, walk)
  }
  walk(source)
  return found
}

test('collection names are written as C.<name> (the registry), never as string literals', () => {
  const names = new Set<string>(collectionNames())
  const sample = [
    "import { x } from './messages'",
    "type Hit = Omit<PersonHit, 'roles'>",
    "const a = await store.collection<MemberDoc>('members').get(id)",
    'await tx.insert("vouchers", doc)',
    'export const DAYS = `campaign_days`',
    "const b = store.collection(C.members)",
  ].join('\n')
  expect(collectionLiterals('sample.ts', sample, names)).toEqual(["3 'members'", "4 'vouchers'", "5 'campaign_days'"])

  const found: string[] = []
  for (const file of sourceFiles(CLOUD)) {
    if (rel(file) === 'cloudfunctions/_shared/collections.ts') continue
    for (const hit of collectionLiterals(file, readFileSync(file, 'utf8'), names)) found.push(`${rel(file)}:${hit}`)
  }
  expect(found).toEqual([])
})
