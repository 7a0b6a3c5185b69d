/**
 * Random sequences of what people and platforms do — saves of good and garbage sources (images,
 * canvases, videos), batches, double taps, abort, reset, openSetting, unmount — against random
 * platform answers. Whatever happens: every promise settles, nothing is left behind, the hook is
 * never stuck busy, nothing renders after unmount, and the album receives only the source media,
 * once per successful save or batch item.
 */
import fc from 'fast-check'
import { renderHook } from '@testing-library/react'
import { useSaveToAlbum, type SaveResult, type SaveSource } from '../src'
import { simulate } from './runtime/setup'
import { SCOPE, USER_DATA_PATH, type Fault } from './runtime/wx'
import { BAD_INPUTS } from './runtime/corpus'
import { HTML, JPEG, JPEG_B64, MOV, MP4, PNG, PNG_B64 } from './runtime/images'
import { liveTimers } from './runtime/timers'

const TIMEOUT = 40
const RUNS = Number(process.env.PROPERTY_RUNS ?? 100)
const LOCAL = `${USER_DATA_PATH}/chosen.jpg`
const LOCAL_VIDEO = `${USER_DATA_PATH}/recorded.mov`
const ROUTES = {
  'https://cdn.test/a.png': { body: PNG },
  'https://cdn.test/b.jpg': { body: JPEG },
  'https://cdn.test/404.png': { body: HTML, status: 404 },
  'https://cdn.test/page.png': { body: HTML },
  'https://cdn.test/slow.png': { body: PNG, delay: 15 },
  'https://cdn.test/a.mp4': { body: MP4, contentType: 'video/mp4' },
  'https://cdn.test/unsized.mp4': { body: MP4, contentType: 'video/mp4', length: false },
  'https://cdn.test/page.mp4': { body: HTML, contentType: 'video/mp4' },
  'https://cdn.test/404.mp4': { body: HTML, status: 404 },
}
/** The only bytes the album may ever receive. */
const MEDIA = [PNG, JPEG, MP4, MOV].map((b) => Buffer.from(b))

/**
 * A canvas on the runtime of the run: the node of a drawn one or of a blank one, or a canvas id
 * (of a drawn canvas, as PNG or JPEG, or of one not on the page). A node exists only once the
 * runtime does, so the pick is made into a source then (`sourceOf`).
 */
type CanvasPick = { canvasPick: 'node' | 'blank node' | 'id' | 'jpg id' | 'missing id' }
const canvasPick = fc.constantFrom<CanvasPick>(...(['node', 'blank node', 'id', 'jpg id', 'missing id'] as const).map((canvasPick) => ({ canvasPick })))
const isPick = (x: unknown): x is CanvasPick => !!x && typeof x === 'object' && Object.keys(x).join() === 'canvasPick'

const goodSource = fc.oneof(
  fc.constantFrom<SaveSource | CanvasPick>(
    ...Object.keys(ROUTES).filter((url) => !url.endsWith('.mp4')),
    `data:image/png;base64,${PNG_B64}`,
    { base64: JPEG_B64, format: 'jpg' },
    LOCAL,
  ),
  fc.constantFrom<SaveSource>(...Object.keys(ROUTES).filter((url) => url.endsWith('.mp4')).map((video) => ({ video })), { video: LOCAL_VIDEO }),
  canvasPick,
)
const garbage = fc.oneof(
  fc.constantFrom(...BAD_INPUTS.filter((b) => !b.options && b.code !== 'TOO_LARGE').map((b) => b.input)),
  fc.string({ maxLength: 30 }),
  fc.anything({ maxDepth: 1 }),
)
const source = fc.oneof({ weight: 3, arbitrary: goodSource }, { weight: 1, arbitrary: garbage })

const action = fc.oneof(
  // A pause after each save (0: the next tap comes at once), so runs both finish and collide.
  { weight: 4, arbitrary: fc.record({ type: fc.constant('save' as const), source, pause: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('saveAll' as const), sources: fc.array(source, { minLength: 1, maxLength: 4 }), pause: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('doubleTap' as const), source: goodSource }) },
  { weight: 1, arbitrary: fc.constant({ type: 'abort' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'reset' as const }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('openSetting' as const), answer: fc.constantFrom('on' as const, 'off' as const) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 60 }) }) },
)

// Faults that leave the platform truthful: a save that reached the album answers (late at worst),
// and unlink works (the fault matrix covers a failing unlink and its sweep).
const fault = fc.constantFrom<Fault>({ fail: 'x:fail system error' }, 'throw', 'twice', { late: 15 })
const faultyApi = fc.constantFrom(
  'getSetting',
  'authorize',
  'downloadFile',
  'fs.readFile',
  'fs.rename',
  'fs.writeFile',
  'fs.stat',
  'canvasToTempFilePath',
  'saveImageToPhotosAlbum',
  'saveVideoToPhotosAlbum',
)
// Not authorize: a dialog nobody answers waits for the person, past any timeout (the fault
// matrix shows such a run still ends cleanly on abort).
const silentApi = fc.constantFrom('getSetting', 'downloadFile', 'fs.readFile', 'fs.rename', 'fs.writeFile', 'fs.stat', 'canvasToTempFilePath')
/** Mostly a phone where things work, so that successful saves are common enough to count. */
const oneIn = <T,>(n: number, usual: T, rare: T) => fc.integer({ min: 1, max: n }).map((i) => (i === 1 ? rare : usual))
const platform = fc.record({
  dialog: oneIn(4, 'allow' as const, 'deny' as const),
  privacy: oneIn(8, 'agreed' as const, 'refused' as const),
  sheet: oneIn(8, 'save' as const, 'cancel' as const),
  refusedEarlier: oneIn(6, false, true),
  faults: fc.oneof(
    { weight: 2, arbitrary: fc.constant([] as [string, Fault][]) },
    { weight: 1, arbitrary: fc.array(fc.oneof(fc.tuple(faultyApi, fault), fc.tuple(silentApi, fc.constant<Fault>('silent'))), { maxLength: 2 }) },
  ),
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(() => {
  ;(globalThis as any).IS_REACT_ACT_ENVIRONMENT = false
})

it('keeps every invariant under random actions and platform answers', async () => {
  let runs = 0
  let saves = 0
  let batched = 0
  let albumed = 0
  await fc.assert(
    fc.asyncProperty(platform, fc.array(action, { minLength: 1, maxLength: 8 }), oneIn(4, false, true), async (p, actions, unmount) => {
      runs++
      const sim = simulate({ dialog: p.dialog, privacy: p.privacy, sheet: p.sheet })
      for (const [url, route] of Object.entries(ROUTES)) sim.server.route(url, { contentType: 'image/png', ...route })
      sim.put(LOCAL, JPEG)
      sim.put(LOCAL_VIDEO, MOV)
      const poster = sim.canvas('poster')
      const blank = sim.canvas('blank', { drawn: false })
      const sourceOf = (x: unknown) => {
        if (!isPick(x)) return x as SaveSource
        const pick = x.canvasPick
        return pick === 'node' ? { canvas: poster }
          : pick === 'blank node' ? { canvas: blank }
          : { canvasId: pick === 'missing id' ? 'missing' : 'poster', ...(pick === 'jpg id' && { fileType: 'jpg' as const }) }
      }
      if (p.refusedEarlier) sim.authSetting[SCOPE] = false
      for (const [api, f] of p.faults) sim.fault(api, f)

      let renders = 0
      const hook = renderHook(() => {
        renders++
        return useSaveToAlbum({ timeout: TIMEOUT })
      })
      const results: Promise<SaveResult>[] = []
      const batches: Promise<SaveResult[]>[] = []
      const opens: Promise<boolean>[] = []
      for (const a of actions) {
        const h = hook.result.current
        if (a.type === 'save') {
          results.push(h.save(sourceOf(a.source)))
          await sleep(a.pause)
        }
        if (a.type === 'saveAll') {
          batches.push(h.saveAll(a.sources.map(sourceOf)))
          await sleep(a.pause)
        }
        if (a.type === 'doubleTap') results.push(h.save(sourceOf(a.source)), h.save(sourceOf(a.source)))
        if (a.type === 'abort') h.abort()
        if (a.type === 'reset') h.reset()
        if (a.type === 'openSetting') {
          sim.settings.answer = a.answer
          opens.push(sim.tap(() => h.openSetting()))
        }
        if (a.type === 'wait') await sleep(a.ms)
      }
      let rendersAtUnmount = -1
      if (unmount) {
        hook.unmount()
        rendersAtUnmount = renders
      }

      let guard: ReturnType<typeof setTimeout> | undefined
      const stuck = new Promise<'stuck'>((r) => (guard = setTimeout(r, TIMEOUT * 10 + 500, 'stuck')))
      const settled = await Promise.race([Promise.all([Promise.all(results), Promise.all(batches), Promise.all(opens)]), stuck])
      clearTimeout(guard)
      expect(settled).not.toBe('stuck')
      for (let i = 0; i < 100 && sim.pending() > 0; i++) await sleep(5)
      await sleep(10)

      const items = (await Promise.all(batches)).flat()
      const outcomes = [...(await Promise.all(results)), ...items]
      const ok = outcomes.filter((o) => o.ok).length
      saves += outcomes.length
      batched += items.length
      albumed += sim.album.length
      expect(sim.album).toHaveLength(ok)
      for (const { bytes } of sim.album) expect(MEDIA.some((media) => media.equals(Buffer.from(bytes)))).toBe(true)
      expect(sim.files().filter((f) => f !== LOCAL && f !== LOCAL_VIDEO)).toEqual([])
      expect(liveTimers()).toBe(0)
      expect(sim.openTasks()).toBe(0)
      if (unmount) expect(renders).toBe(rendersAtUnmount)
      else {
        expect(hook.result.current.isBusy).toBe(false)
        hook.unmount()
      }
      expect([sim.read(LOCAL), sim.read(LOCAL_VIDEO)].every(Boolean)).toBe(true)
    }),
    { numRuns: RUNS },
  )
  process.stdout.write(`property runs: ${runs} sequences, ${saves} saves (${batched} of them batch items), ${albumed} images and videos saved, 0 invariants broken\n`)
}, 120_000)
