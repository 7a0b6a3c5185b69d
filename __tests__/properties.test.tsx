/**
 * Random sequences of what people and platforms do — saves of good and garbage sources, double
 * taps, abort, reset, openSetting, unmount — against random platform answers. Whatever happens:
 * every promise settles, nothing is left behind, the hook is never stuck busy, nothing renders
 * after unmount, and the album receives only the source images, once per successful save.
 */
import fc from 'fast-check'
import { renderHook } from '@testing-library/react'
import { useSaveToAlbum, type SaveResult, type SaveSource } from '../src'
import { simulate } from './runtime/setup'
import { SCOPE, USER_DATA_PATH, type Fault } from './runtime/wx'
import { BAD_INPUTS } from './runtime/corpus'
import { HTML, JPEG, JPEG_B64, PNG, PNG_B64 } from './runtime/images'
import { liveTimers } from './runtime/timers'

const TIMEOUT = 40
const RUNS = Number(process.env.PROPERTY_RUNS ?? 100)
const LOCAL = `${USER_DATA_PATH}/chosen.jpg`
const ROUTES = {
  'https://cdn.test/a.png': { body: PNG },
  'https://cdn.test/b.jpg': { body: JPEG },
  'https://cdn.test/404.png': { body: HTML, status: 404 },
  'https://cdn.test/page.png': { body: HTML },
  'https://cdn.test/slow.png': { body: PNG, delay: 15 },
}
/** The only bytes the album may ever receive. */
const IMAGES = [PNG, JPEG].map((b) => Buffer.from(b))

const goodSource = fc.constantFrom<SaveSource>(
  ...Object.keys(ROUTES),
  `data:image/png;base64,${PNG_B64}`,
  { base64: JPEG_B64, format: 'jpg' },
  LOCAL,
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
  { weight: 1, arbitrary: fc.record({ type: fc.constant('doubleTap' as const), source: goodSource }) },
  { weight: 1, arbitrary: fc.constant({ type: 'abort' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'reset' as const }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('openSetting' as const), answer: fc.constantFrom('on' as const, 'off' as const) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 60 }) }) },
)

// Faults that leave the platform truthful: a save that reached the album answers (late at worst),
// and unlink works (the fault matrix covers a failing unlink and its sweep).
const fault = fc.constantFrom<Fault>({ fail: 'x:fail system error' }, 'throw', 'twice', { late: 15 })
const faultyApi = fc.constantFrom('getSetting', 'authorize', 'downloadFile', 'fs.readFile', 'fs.rename', 'fs.writeFile', 'saveImageToPhotosAlbum')
// Not authorize: a dialog nobody answers waits for the person, past any timeout (the fault
// matrix shows such a run still ends cleanly on abort).
const silentApi = fc.constantFrom('getSetting', 'downloadFile', 'fs.readFile', 'fs.rename', 'fs.writeFile')
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
  let albumed = 0
  await fc.assert(
    fc.asyncProperty(platform, fc.array(action, { minLength: 1, maxLength: 8 }), oneIn(4, false, true), async (p, actions, unmount) => {
      runs++
      const sim = simulate({ dialog: p.dialog, privacy: p.privacy, sheet: p.sheet })
      for (const [url, route] of Object.entries(ROUTES)) sim.server.route(url, { contentType: 'image/png', ...route })
      sim.put(LOCAL, JPEG)
      if (p.refusedEarlier) sim.authSetting[SCOPE] = false
      for (const [api, f] of p.faults) sim.fault(api, f)

      let renders = 0
      const hook = renderHook(() => {
        renders++
        return useSaveToAlbum({ timeout: TIMEOUT })
      })
      const results: Promise<SaveResult>[] = []
      const opens: Promise<boolean>[] = []
      for (const a of actions) {
        const h = hook.result.current
        if (a.type === 'save') {
          results.push(h.save(a.source as SaveSource))
          await sleep(a.pause)
        }
        if (a.type === 'doubleTap') results.push(h.save(a.source), h.save(a.source))
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
      const settled = await Promise.race([Promise.all([Promise.all(results), Promise.all(opens)]), stuck])
      clearTimeout(guard)
      expect(settled).not.toBe('stuck')
      for (let i = 0; i < 100 && sim.pending() > 0; i++) await sleep(5)
      await sleep(10)

      const outcomes = await Promise.all(results)
      const ok = outcomes.filter((o) => o.ok).length
      saves += outcomes.length
      albumed += sim.album.length
      expect(sim.album).toHaveLength(ok)
      for (const { bytes } of sim.album) expect(IMAGES.some((img) => img.equals(Buffer.from(bytes)))).toBe(true)
      expect(sim.files().filter((f) => f !== LOCAL)).toEqual([])
      expect(liveTimers()).toBe(0)
      expect(sim.openTasks()).toBe(0)
      if (unmount) expect(renders).toBe(rendersAtUnmount)
      else {
        expect(hook.result.current.isBusy).toBe(false)
        hook.unmount()
      }
      expect(sim.read(LOCAL)).toBeDefined()
    }),
    { numRuns: RUNS },
  )
  process.stdout.write(`property runs: ${runs} sequences, ${saves} saves, ${albumed} images saved, 0 invariants broken\n`)
}, 120_000)
