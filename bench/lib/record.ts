import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Where each bench file leaves what it measured, for scripts/bench.mjs to collect. */
export const OUT = join(__dirname, '..', '.out')

/**
 * Writes one part's measurements as bench/.out/<part>.json.
 *
 * @example
 * record('renders', { url: { ours: 7, naive: 1006 } })
 */
export function record(part: string, data: unknown) {
  mkdirSync(OUT, { recursive: true })
  writeFileSync(join(OUT, `${part}.json`), JSON.stringify(data, null, 2) + '\n')
}

/** Waits `ms` on a real timer. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Waits until the simulated runtime has nothing left to answer and no call came for `quiet` ms:
 * how the bench knows that code with no completion signal (the seed) is done.
 */
export async function idle(sim: { pending(): number; calls: string[] }, quiet = 30) {
  for (let i = 0; i < 2000; i++) {
    const calls = sim.calls.length
    await sleep(quiet)
    if (sim.pending() === 0 && sim.calls.length === calls) return
  }
  throw new Error('the simulated runtime never went idle')
}
