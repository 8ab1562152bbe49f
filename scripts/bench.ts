/**
 * `npm run bench`: runs every benchmark module in scripts/bench/ (or the ones named on the command line,
 * e.g. `npm run bench -- voucher station`) and prints its figures. Figures are printed, never asserted.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { machine } from './bench/util'

async function main() {
  const only = process.argv.slice(2)
  const dir = join(__dirname, 'bench')
  console.log(`machine: ${machine()}`)
  console.log('each figure is printed with its aim where it has one: [aim …: ✓] met, ✗ missed (figures vary with other load on the machine)')
  const t0 = Date.now()
  const mods = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort()
  for (const name of mods) {
    if (only.length && !only.includes(name)) continue
    const mod = await import(join(dir, name))
    if (typeof mod.run !== 'function') continue // a helper module (util.ts)
    console.log(`\n== ${name} ==`)
    const t = Date.now()
    await mod.run()
    console.log(`(${name}: ${((Date.now() - t) / 1000).toFixed(1)} s)`)
  }
  console.log(`\nwhole run ${((Date.now() - t0) / 1000).toFixed(1)} s ${only.length ? '' : `[aim under 5 min: ${Date.now() - t0 < 300_000 ? '✓' : '✗'}]`}`)
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1) })
