/**
 * Part 6: the platform calls of one save, per mini-program family, over each platform's real Taro
 * plugin runtime and its simulated native global: a first save (never asked; the person allows),
 * a repeat save, a save after a refusal (the person refused in the first save's dialog) and a
 * first save of a data URL. Ours (`saveToAlbum`) beside the seed snippet run on the same runtime,
 * its `wx.` calls reaching that platform's global the way a port that renames `wx` would. The H5
 * family is measured in Chromium (scripts/bench-h5.mjs). A call to an API the platform does not
 * have is recorded as `name ✗` (the real runtime throws a TypeError there).
 */
import { loadPlatform } from '../__tests__/runtime/setup'
import { PNG, PNG_B64 } from '../__tests__/runtime/images'
import { saveBase64Image, saveServerImage } from './fixtures/seed'
import { idle, record } from './lib/record'

const FAMILIES = ['weapp', 'tt', 'alipay', 'swan'] as const
const URL = 'https://cdn.test/poster.png'
const DATA_URL = `data:image/png;base64,${PNG_B64}`
const g = globalThis as any

type Loaded = ReturnType<typeof loadPlatform>
type Who = 'ours' | 'seed'

/** The native global the seed's `wx.` reaches on this runtime, recording calls to APIs it lacks. */
function nativeOf(loaded: Loaded) {
  const native = (loaded.sim as any).native ?? (loaded.sim as any).wx
  return new Proxy(native, {
    get: (target, name: string) =>
      name in target ? target[name] : () => void loaded.sim.calls.push(`${name} ✗`),
  })
}

/** Saves `source` as `who` does, waits until the runtime is idle, and hands back the calls made and what reached the album. */
async function once(who: Who, loaded: Loaded, source: string) {
  const { sim, lib } = loaded
  const before = sim.calls.length
  const album = sim.album.length
  let outcome = 'no answer (the seed reports nothing)'
  if (who === 'ours') {
    outcome = await lib.saveToAlbum(source).then(
      () => 'saved',
      (e) => e.code,
    )
  } else {
    const previous = g.wx
    g.wx = nativeOf(loaded)
    try {
      if (source.startsWith('data:')) saveBase64Image(source)
      else saveServerImage(source)
      await idle(sim)
    } finally {
      g.wx = previous
    }
  }
  await idle(sim)
  return { calls: sim.calls.slice(before), saved: sim.album.length - album, outcome, filesLeft: sim.files().length }
}

const FLOWS: Record<string, (who: Who, target: string) => Promise<ReturnType<typeof once> extends Promise<infer R> ? R : never>> = {
  first: (who, target) => {
    const loaded = loadPlatform(target)
    loaded.sim.server.route(URL, { body: PNG, contentType: 'image/png' })
    return once(who, loaded, URL)
  },
  repeat: async (who, target) => {
    const loaded = loadPlatform(target)
    loaded.sim.server.route(URL, { body: PNG, contentType: 'image/png' })
    await once(who, loaded, URL)
    return once(who, loaded, URL)
  },
  afterRefusal: async (who, target) => {
    const loaded = loadPlatform(target, { dialog: 'deny' })
    loaded.sim.server.route(URL, { body: PNG, contentType: 'image/png' })
    await once(who, loaded, URL)
    return once(who, loaded, URL)
  },
  firstDataUrl: (who, target) => once(who, loadPlatform(target), DATA_URL),
}

const results: Record<string, Record<string, unknown>> = {}
afterAll(() => record('calls', results))

describe.each(FAMILIES)('%s', (target) => {
  it.each(Object.keys(FLOWS))('%s: our calls and the seed’s', async (flow) => {
    results[target] ??= {}
    results[target][flow] = { ours: await FLOWS[flow]('ours', target), seed: await FLOWS[flow]('seed', target) }
  })
})
