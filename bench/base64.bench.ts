/**
 * @jest-environment node
 *
 * Part 3: the JS work of saving a 20 MB data URL, up to the moment the file system is called.
 * Ours: the whole flow (parseSource, then what the flow does with the string) measured from the
 * call until `fs.writeFile` is entered, on a runtime that answers at once (so it includes the
 * flow's fixed cost, also reported for a tiny data URL), and parseSource alone. The seed: its `replace` and `base64ToArrayBuffer`, given the
 * cheapest decoder there is (Node's native one, one allocation). Time and bytes allocated
 * (`process.memoryUsage()` heap + external, after a full GC, none in between) over RUNS rounds:
 * the fastest time (other processes on the machine only ever add to it) and the median bytes.
 */
import { runInThisContext } from 'node:vm'
import { saveToAlbum } from '../src/core/flow'
import { parseSource } from '../src/core/source'
import { simulate } from '../__tests__/runtime/setup'
import { PNG_B64 } from '../__tests__/runtime/images'
import { seedBase64Step } from './fixtures/seed'
import { idle, record } from './lib/record'

const RUNS = 7
const MB = 1_000_000
const PREFIX = 'data:image/png;base64,'
const gc: () => void = runInThisContext('typeof gc === "function" ? gc : undefined')

/** A data URL of at most `chars` characters (no padding): a PNG signature, then bytes, as one flat string. */
function dataUrlOf(chars: number) {
  const bytes = Buffer.alloc(Math.floor((chars - PREFIX.length) / 4) * 3, 7)
  Buffer.from(PNG_B64, 'base64').copy(bytes)
  // Through latin1 bytes: a flat string, as a canvas hands it over (not a rope another step flattens).
  return Buffer.from(PREFIX + bytes.toString('base64'), 'latin1').toString('latin1')
}

const used = () => {
  const m = process.memoryUsage()
  return m.heapUsed + m.external
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** Time and bytes of `work` after a full GC, holding what it returns until measured. */
function measure(work: () => unknown) {
  gc()
  const before = used()
  const t = performance.now()
  const kept = work()
  const ms = performance.now() - t
  const bytes = used() - before
  return { ms, bytes, kept }
}

/** Our flow on a pre-authorized runtime, measured from the call until fs.writeFile is entered. */
async function oursUntilWrite(dataUrl: string) {
  const sim = simulate({ latency: 0 })
  sim.authSetting[sim.scope] = true
  let at: { ms: number; bytes: number; data: unknown } | undefined
  let t = 0
  let before = 0
  sim.onCall = (api) => {
    if (api === 'fs.writeFile') at = { ms: performance.now() - t, bytes: used() - before, data: sim.requests[sim.requests.length - 1].options.data }
  }
  gc()
  before = used()
  t = performance.now()
  const done = saveToAlbum(dataUrl, { maxBytes: 64 * MB })
  await done
  await idle(sim, 5)
  return at!
}

const oneOf = (runs: { ms: number; bytes: number }[]) => ({ ms: Math.min(...runs.map((r) => r.ms)), bytes: median(runs.map((r) => r.bytes)), runs: runs.map(({ ms, bytes }) => ({ ms, bytes })) })

it('a 20 MB data URL: our flow until writeFile, against the seed replace + base64ToArrayBuffer', async () => {
  if (!gc) throw new Error('Run with node --expose-gc (npm run bench does)')
  const big = dataUrlOf(20 * MB)
  const tiny = `${PREFIX}${PNG_B64}`
  const payloadChars = big.length - PREFIX.length
  const decoder = { base64ToArrayBuffer: (s: string) => Buffer.from(s, 'base64').buffer }

  const ours: { ms: number; bytes: number }[] = []
  const baseline: { ms: number; bytes: number }[] = []
  const parse: { ms: number; bytes: number }[] = []
  const seed: { ms: number; bytes: number }[] = []
  // One unmeasured round first, so every measured one runs compiled code.
  await oursUntilWrite(big)
  seedBase64Step(decoder, big)
  for (let i = 0; i < RUNS; i++) {
    const b = await oursUntilWrite(tiny)
    const o = await oursUntilWrite(big)
    // What reaches writeFile is the payload itself, not a decoded or prefixed copy.
    expect([typeof o.data, (o.data as string).length]).toEqual(['string', payloadChars])
    baseline.push(b)
    ours.push(o)
    parse.push(measure(() => parseSource(big, { maxBytes: 64 * MB })))
    const s = measure(() => seedBase64Step(decoder, big))
    expect((s.kept as ArrayBuffer).byteLength).toBe((payloadChars / 4) * 3)
    seed.push(s)
  }
  record('base64', {
    dataUrlChars: big.length,
    decodedBytes: (payloadChars / 4) * 3,
    runs: RUNS,
    ours: oneOf(ours),
    oursParseSourceOnly: oneOf(parse),
    oursTinyBaseline: oneOf(baseline),
    seed: oneOf(seed),
  })
})
