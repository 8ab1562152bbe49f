/**
 * `npm run bench`: runs every benchmark module in scripts/bench/ (or the ones named on the command line,
 * e.g. `npm run bench -- voucher station`) and prints its figures. Figures are printed, never asserted.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

async function main() {
  const only = process.argv.slice(2)
  const dir = join(__dirname, 'bench')
  const mods = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort()
  for (const name of mods) {
    if (only.length && !only.includes(name)) continue
    const mod = await import(join(dir, name))
    if (typeof mod.run !== 'function') continue // a helper module (util.ts)
    console.log(`\n== ${name} ==`)
    await mod.run()
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1) })
