/** Reading the project's own source in tests: its TypeScript files and what each imports (TypeScript's scanner). */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import * as ts from 'typescript'

export const ROOT = join(__dirname, '../..')
/** A path relative to the repository, with forward slashes. */
export const rel = (f: string) => relative(ROOT, f).split('\\').join('/')

/** Every .ts/.tsx file under `dir` (declaration files left out). */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return sourceFiles(p)
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : []
  })
}

/** The specifiers a file imports, as written: imports, type-only imports, re-exports and dynamic imports. */
export function importSpecifiers(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((i) => i.fileName)
}
