/**
 * Part 2: React commits per save, counted with React's <Profiler> around a component that uses
 * the hook, in the simulated WeChat runtime under the real @tarojs/taro. A download fires 1,000
 * progress events. Ours (`useSaveToAlbum`) beside the naive hook (a state update per event), each
 * on a fresh runtime, for a URL, a data URL, a local path and a batch of URLs.
 */
import { render, cleanup } from '@testing-library/react'
import { Profiler } from 'react'
import { useSaveToAlbum } from '../src/useSaveToAlbum'
import { simulate } from '../__tests__/runtime/setup'
import type { Sim } from '../__tests__/runtime/wx'
import { USER_DATA_PATH } from '../__tests__/runtime/wx'
import { PNG, PNG_B64 } from '../__tests__/runtime/images'
import { useNaiveSave } from './fixtures/naive-hook'
import { idle, record, sleep } from './lib/record'

const EVENTS = 1000
const BATCH = 3
/** A real PNG with 200 KB after its end (viewers ignore it), so 1,000 events each write more bytes. */
const IMAGE = new Uint8Array(Buffer.concat([Buffer.from(PNG), Buffer.alloc(200_000)]))
const url = (i: number) => `https://cdn.test/poster-${i}.png`

type Shown = { status: string; progress: number }
type Api = { save(source: string): Promise<unknown>; saveAll(sources: string[]): Promise<unknown> } & Shown

/** What each flow saves, and how: one source, or the batch through the hook's saveAll. */
const FLOWS: Record<string, { prepare(sim: Sim): void; run(api: Api): Promise<unknown>; saved: number }> = {
  url: {
    prepare: (sim) => sim.server.route(url(0), { body: IMAGE, contentType: 'image/png', progressEvents: EVENTS }),
    run: (api) => api.save(url(0)),
    saved: 1,
  },
  dataUrl: { prepare: () => undefined, run: (api) => api.save(`data:image/png;base64,${PNG_B64}`), saved: 1 },
  localPath: {
    prepare: (sim) => sim.put(`${USER_DATA_PATH}/chosen.png`, PNG),
    run: (api) => api.save(`${USER_DATA_PATH}/chosen.png`),
    saved: 1,
  },
  batch: {
    prepare: (sim) => Array.from({ length: BATCH }, (_, i) => sim.server.route(url(i), { body: IMAGE, contentType: 'image/png', progressEvents: EVENTS })),
    run: (api) => api.saveAll(Array.from({ length: BATCH }, (_, i) => url(i))),
    saved: BATCH,
  },
}

/**
 * Mounts `useHook` under a Profiler, runs `flow`, and counts the commits from the save until the
 * runtime is idle: all of them, those whose status changed, and those where only progress did.
 */
async function commitsOf(useHook: () => Api, flow: (typeof FLOWS)[string]) {
  const sim = simulate()
  flow.prepare(sim)
  let api!: Api
  let shown: Shown = { status: 'idle', progress: 0 }
  const commits: Shown[] = []
  function Harness() {
    api = useHook()
    shown = { status: api.status, progress: api.progress }
    return null
  }
  render(
    <Profiler id='bench' onRender={() => commits.push(shown)}>
      <Harness />
    </Profiler>,
  )
  const mounted = commits.length
  const started = performance.now()
  await flow.run(api)
  await idle(sim)
  await sleep(20)
  const ms = performance.now() - started
  cleanup()
  expect(sim.album).toHaveLength(flow.saved)
  const during = commits.slice(mounted)
  let before = commits[mounted - 1]
  let statusCommits = 0
  let progressOnly = 0
  for (const c of during) {
    if (c.status !== before.status) statusCommits++
    else if (c.progress !== before.progress) progressOnly++
    before = c
  }
  return { commits: during.length, statusCommits, progressOnly, final: during[during.length - 1], ms: Math.round(ms) }
}

beforeAll(() => {
  // Render as an app does, between platform answers, rather than in act() batches.
  ;(globalThis as any).IS_REACT_ACT_ENVIRONMENT = false
})

const results: Record<string, unknown> = { progressEvents: EVENTS, batchSize: BATCH }
afterAll(() => record('renders', results))

it.each(Object.keys(FLOWS))('%s: commits per save, ours and the naive hook', async (name) => {
  const ours = await commitsOf(() => useSaveToAlbum() as unknown as Api, FLOWS[name])
  const naive = await commitsOf(() => useNaiveSave() as unknown as Api, FLOWS[name])
  expect([ours.final.status, naive.final.status]).toEqual(['saved', 'saved'])
  results[name] = { ours, naive }
})
