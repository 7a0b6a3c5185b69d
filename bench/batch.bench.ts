/**
 * Part 4: saving 9 and 50 images with `saveAll` against as many `saveToAlbum()` calls one after
 * another, in the simulated WeChat runtime answering every call after a fixed latency: wall
 * time, platform calls made (and how many permission checks), and the most temp files alive at
 * once in the user folder (sampled as every platform call starts, and at the end).
 */
import { saveAll } from '../src/core/batch'
import { saveToAlbum } from '../src/core/flow'
import { simulate } from '../__tests__/runtime/setup'
import { PNG } from '../__tests__/runtime/images'
import { idle, record } from './lib/record'

/** Ms the simulated runtime takes to answer each call. */
const LATENCY = 10
const SIZES = [9, 50]
const url = (i: number) => `https://cdn.test/photo-${i}.png`

const WAYS: Record<string, (urls: string[]) => Promise<unknown>> = {
  saveAll: (urls) => saveAll(urls),
  sequential: async (urls) => {
    for (const u of urls) await saveToAlbum(u)
  },
}

async function run(way: string, n: number) {
  const sim = simulate({ latency: LATENCY })
  const urls = Array.from({ length: n }, (_, i) => url(i))
  for (const u of urls) sim.server.route(u, { body: PNG, contentType: 'image/png' })
  let peak = 0
  sim.onCall = () => (peak = Math.max(peak, sim.files().length))
  const started = performance.now()
  await WAYS[way](urls)
  const ms = performance.now() - started
  await idle(sim)
  expect(sim.album).toHaveLength(n)
  const perApi: Record<string, number> = {}
  for (const api of sim.calls) perApi[api] = (perApi[api] ?? 0) + 1
  return { ms: Math.round(ms), calls: sim.calls.length, perApi, peakFiles: peak, filesLeft: sim.files().length }
}

const results: Record<string, unknown> = { latencyMs: LATENCY }
afterAll(() => record('batch', results))

it.each(SIZES)('%i images: saveAll against sequential saveToAlbum()', async (n) => {
  results[n] = { saveAll: await run('saveAll', n), sequential: await run('sequential', n) }
})
