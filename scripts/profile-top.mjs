// `node scripts/profile-top.mjs <file.cpuprofile> [n]`: the n functions with the most self time in a CPU profile
// (from `node --cpu-prof` or BENCH_PROFILE, see docs/PERFORMANCE.md), as shares of the sampled time.
import { readFileSync } from 'node:fs'
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const n = Number(process.argv[3] ?? 25)
const byId = new Map(p.nodes.map((x) => [x.id, x]))
const self = new Map()
const dt = p.timeDeltas
let total = 0
for (let i = 0; i < p.samples.length; i++) {
  const node = byId.get(p.samples[i]); const d = dt[i] ?? 0
  const cf = node.callFrame
  const key = `${cf.functionName || '(anon)'} ${cf.url.replace(/.*\/(node_modules\/)?/, '$1').slice(-50)}:${cf.lineNumber + 1}`
  self.set(key, (self.get(key) ?? 0) + d); total += d
}
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, n)
console.log(`total ${(total / 1000).toFixed(0)} ms`)
for (const [k, v] of rows) console.log(`${(100 * v / total).toFixed(1).padStart(5)}%  ${k}`)
