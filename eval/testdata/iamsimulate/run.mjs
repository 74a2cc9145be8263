// Runs @cloud-copilot/iam-simulate (AGPL-3.0, used only as a separate
// process, never linked or copied) on simulations read from stdin, one JSON
// object {"id": N, "sim": {...}} per line, and writes one result line each.
// Usage: node run.mjs MODULE_DIR < sims.jsonl
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { join } from 'node:path'

const dir = process.argv[2]
const mod = await import(pathToFileURL(join(dir, 'node_modules/@cloud-copilot/iam-simulate/dist/esm/index.js')).href)
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of rl) {
  if (!line.trim()) continue
  const { id, sim } = JSON.parse(line)
  let out
  try {
    const r = await mod.runSimulation(sim, { simulationMode: 'Strict' })
    if (r.resultType === 'error') {
      out = { id, error: JSON.stringify(r.errors) }
    } else {
      out = { id, resultType: r.resultType, overall: r.overallResult, ignored: r.result?.ignoredContextKeys ?? [] }
    }
  } catch (e) {
    out = { id, error: String(e && e.message || e) }
  }
  process.stdout.write(JSON.stringify(out) + '\n')
}
