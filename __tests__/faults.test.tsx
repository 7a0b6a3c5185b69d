/**
 * The fault matrix, per platform family (WeChat, Baidu, ByteDance, Alipay, each over its real
 * Taro plugin runtime): every platform call the flows make × every way it can misbehave in that
 * platform's own words × every source kind (image URL, data URL, local file, canvas, video; the
 * canvas and video runs sample the faults on calls the image flows already cover, see
 * `faultsFor`), and a three-item `saveAll` (a subset of the faults, see `forBatch`); then
 * abort(), reset() and unmount at every step, with the answer arriving on time or after the
 * abort. Each run must end once, within the timeout, leaving no file, timer, download task or
 * state update behind, the album holding only source media, once per item saved. WeChat's runs
 * go through the plain flow, the hook and the Vue composable (taro-save-to-album/vue); the other
 * families', whose binding code is the same, through the flow, and the hook and the composable
 * for the interruptions.
 */
import { renderHook } from '@testing-library/react'
import type { SaveResult, SaveSource, SaveStatus } from '../src'
import { endOf } from '../src/core/flow'
import type { SaveToAlbumError } from '../src/errors'
import { loadPlatform, throughBinding, vueOf, type AnySim } from './runtime/setup'
import { mountComposable } from './runtime/vue'
import { FAMILIES, faultsFor, forBatch, KINDS, type Family, type Kind } from './runtime/families'
import type { Fault } from './runtime/engine'
import { JPEG, MP4, PNG, PNG_B64 } from './runtime/images'
import { liveTimers } from './runtime/timers'

const TIMEOUT = 40
// Interrupted runs meet no fault but a late answer, and test the interruption, not the timeout:
// a roomier timeout keeps a busy machine's late timers from turning them into timeouts.
const INTERRUPTED_TIMEOUT = TIMEOUT * 4
const URL = 'https://cdn.test/poster.png'
const CLIP = 'https://cdn.test/clip.mp4'
const DATA_URL = `data:image/png;base64,${PNG_B64}`

const stats = { runs: 0, stuck: 0, leakedFiles: 0, leakedTimers: 0, openTasks: 0, lateUpdates: 0, doubleEnds: 0, strayMedia: 0 }
const perFamily: Partial<Record<Family['target'], number>> = {}
const perKind: Partial<Record<Kind | 'batch', number>> = {}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const ENDS: SaveStatus[] = ['saved', 'denied', 'failed', 'idle']
type Action = 'abort' | 'reset' | 'unmount'
const ACTIONS: Action[] = ['abort', 'reset', 'unmount']
/** Whether `part` appears in `whole` in the same order (not necessarily side by side). */
const within = (part: string[], whole: string[]) => {
  let k = 0
  return part.every((x) => (k = whole.indexOf(x, k) + 1) > 0)
}

beforeAll(() => {
  // Let React render as in an app, between platform answers, rather than in act() batches.
  ;(globalThis as any).IS_REACT_ACT_ENVIRONMENT = false
})
// Each package is loaded with its Vue entry (from the same registry), for the composable's runs.
throughBinding('vue')

afterAll(() => {
  const s = stats
  const list = (counts: object) => Object.entries(counts).map(([name, runs]) => `${name} ${runs}`).join(', ')
  process.stdout.write(
    `fault matrix: ${s.runs} runs, ${s.stuck} stuck, ${s.leakedFiles} leaked files, ${s.leakedTimers} leaked timers, ` +
      `${s.openTasks} open tasks, ${s.doubleEnds} double ends, ${s.lateUpdates} late updates, ${s.strayMedia} stray album entries ` +
      `(${list(perFamily)}; ${list(perKind)})\n`,
  )
})

describe.each(FAMILIES)('$target', (family: Family) => {
  let loaded!: ReturnType<typeof loadPlatform>
  let sim!: AnySim
  // The canvas node of the current runtime (a fresh one per arrange()).
  let node: object | undefined
  // An album save that never answers may still have saved (the platform did the work, then went
  // quiet): the run ends TIMEOUT, and the album may hold that item.
  let albumMayHoldMore = false
  beforeAll(async () => {
    loaded = loadPlatform(family.target)
    // harmony-hybrid's plugin listens for the page's load (which jsdom fires a task later) and
    // then starts a one-time 2 s timer (its storage cache): the page's, not a run's, so the runs
    // start once it is gone.
    for (let i = 0; family.keeps && i < 60 && (i === 0 || liveTimers() > 0); i++) await sleep(50)
  }, 30_000)
  const local = () => `${loaded.dir}/chosen.jpg`
  const source = (kind: Kind): SaveSource =>
    kind === 'url' ? URL
    : kind === 'base64' ? DATA_URL
    : kind === 'local' ? local()
    : kind === 'video' ? { video: CLIP }
    : family.canvas === 'node' ? { canvas: node! }
    : { canvasId: 'poster' }
  /** What the album must receive for each kind: the source's own bytes. */
  const BYTES: Record<Kind, Uint8Array> = { url: PNG, base64: PNG, local: JPEG, canvas: PNG, video: MP4 }
  const BATCH: Kind[] = ['url', 'base64', 'local']

  /**
   * A fresh runtime under the loaded package: the image served (with no image extension), the
   * video served without a Content-Length, a local file and a canvas in place.
   */
  function arrange(): AnySim {
    sim = loaded.next()
    sim.server.route(URL, { body: PNG, contentType: 'application/octet-stream' })
    sim.server.route(CLIP, { body: MP4, contentType: 'video/mp4', length: false })
    sim.put(local(), JPEG)
    node = sim.canvas('poster')
    albumMayHoldMore = false
    if (family.granted) sim.authSetting[sim.scope] = true
    return sim
  }

  /** A fresh runtime where `api` misbehaves as `fault` says. */
  function arrangeFaulty(api: string, fault: Fault) {
    arrange().fault(api, fault)
    albumMayHoldMore = fault === 'silent' && /PhotosAlbum$/.test(api)
  }

  /** Counts a run and fails the test on anything it left behind. */
  function tally(kind: Kind | 'batch', outcome: unknown, files: string[]) {
    stats.runs++
    perFamily[family.target] = (perFamily[family.target] ?? 0) + 1
    perKind[kind] = (perKind[kind] ?? 0) + 1
    if (outcome === 'stuck') stats.stuck++
    if (files.length) stats.leakedFiles++
    if (liveTimers() > 0) stats.leakedTimers++
    if (sim.openTasks() > 0) stats.openTasks++
    expect({ outcome: outcome === 'stuck' ? outcome : 'settled', files, timers: liveTimers(), tasks: sim.openTasks() }).toEqual({
      outcome: 'settled',
      files: [],
      timers: 0,
      tasks: 0,
    })
  }

  /**
   * Waits until the runtime has nothing left to answer and the cleanup a run starts as it ends
   * is done: that cleanup is bounded by the run's timeout, so a timer still live well after it
   * is a leak.
   */
  async function cleanedUp() {
    for (let i = 0; i < 100 && sim.pending() > 0; i++) await sleep(5)
    for (let i = 0; i < (INTERRUPTED_TIMEOUT * 2) / 5 && (sim.pending() > 0 || liveTimers() > 0); i++) await sleep(5)
    await sleep(5)
  }

  /**
   * Waits until the runtime has nothing left to answer, then checks nothing was left behind. A
   * file whose unlink failed cannot be gone yet: the check then comes after the next run, once
   * unlink works.
   */
  async function settle<T>(kind: Kind | 'batch', pending: Promise<T>): Promise<T | 'stuck'> {
    let guard: ReturnType<typeof setTimeout> | undefined
    const stuck = new Promise<'stuck'>((resolve) => (guard = setTimeout(resolve, TIMEOUT * 12 + 200, 'stuck')))
    const outcome = await Promise.race([pending, stuck])
    clearTimeout(guard)
    await cleanedUp()
    if (sim.faulty('fs.unlink') && sim.files().some((f) => f !== local())) {
      // The next run (here one the person cancels, so the album is untouched) sweeps what was left.
      sim.fault('fs.unlink')
      const album = sim.album.length
      sim.sheet = 'cancel'
      await expect(loaded.lib.saveToAlbum(DATA_URL)).rejects.toMatchObject({ code: 'CANCELLED' })
      sim.sheet = 'save'
      expect(sim.album).toHaveLength(album)
      await cleanedUp()
    }
    const left = sim.files().filter((f) => f !== local())
    // Where files cannot be removed, only the package's own (album-…, canvas-…) may stay.
    tally(kind, outcome, family.keeps ? left.filter((f) => !/\/(album|canvas)-[^/]+$/.test(f)) : left)
    return outcome
  }

  /**
   * The album holds exactly the media of the items saved, in order, each once; `all` are the
   * media of every item tried, of which a silent album may hold more, in order too.
   */
  function albumHolds(saved: Uint8Array[], all: Uint8Array[]) {
    const b64 = (bytes: Uint8Array[]) => bytes.map((b) => Buffer.from(b).toString('base64'))
    const held = b64(sim.album.map((entry) => entry.bytes))
    if (!albumMayHoldMore) {
      if (held.join() !== b64(saved).join()) stats.strayMedia++
      expect(held).toEqual(b64(saved))
      return
    }
    const right = within(b64(saved), held) && within(held, b64(all))
    if (!right) stats.strayMedia++
    expect({ right, held }).toEqual({ right: true, held })
  }

  /** The plain flow: exactly one end reported, and it matches how the promise settled. */
  async function viaFlow(kind: Kind) {
    const statuses: SaveStatus[] = []
    const outcome = await settle(
      kind,
      loaded.lib.saveToAlbum(source(kind), { timeout: TIMEOUT, onStatus: (s) => statuses.push(s) }).then(
        () => ({ ok: true as const }),
        (error: SaveToAlbumError) => ({ ok: false as const, error }),
      ),
    )
    const ends = statuses.filter((s) => ENDS.includes(s))
    if (ends.length !== 1) stats.doubleEnds++
    expect(ends).toHaveLength(1)
    if (outcome === 'stuck') return
    expect(ends[0]).toBe(outcome.ok ? 'saved' : endOf(outcome.error))
    albumHolds(outcome.ok ? [BYTES[kind]] : [], [BYTES[kind]])
  }

  /**
   * Drives the hook through `act` (a save or a batch), interrupting it at the first call of
   * `interrupt.at`; resolves what the run answered, the hook, and its renders.
   */
  async function withHook<T>(kind: Kind | 'batch', act: (h: ReturnType<typeof loaded.lib.useSaveToAlbum>) => Promise<T>, interrupt?: { at: string; action: Action }) {
    const renders: SaveStatus[] = []
    const timeout = interrupt ? INTERRUPTED_TIMEOUT : TIMEOUT
    const hook = renderHook(() => {
      const value = loaded.lib.useSaveToAlbum({ timeout })
      renders.push(value.status)
      return value
    })
    let rendersAtUnmount = -1
    let fired = false
    sim.onCall = (api) => {
      if (!interrupt || fired || api !== interrupt.at) return
      fired = true
      if (interrupt.action === 'unmount') {
        hook.unmount()
        rendersAtUnmount = renders.length
      } else hook.result.current[interrupt.action]()
    }
    const outcome = await settle(kind, act(hook.result.current))
    sim.onCall = undefined
    await sleep(10)
    /** Nothing renders after the run ended (or the component unmounted). */
    const quiet = async () => {
      const count = interrupt?.action === 'unmount' ? rendersAtUnmount : renders.length
      if (interrupt?.action !== 'unmount') await sleep(TIMEOUT)
      if (renders.length !== count) stats.lateUpdates++
      expect(renders.length).toBe(count)
      if (interrupt?.action !== 'unmount') hook.unmount()
    }
    return { outcome, shown: hook.result.current, quiet }
  }

  /**
   * The same as withHook() through the Vue composable, in a component mounted with
   * @vue/test-utils: unmounting disposes its scope; its renders are counted.
   */
  async function withComposable<T>(kind: Kind | 'batch', act: (h: Saver) => Promise<T>, interrupt?: { at: string; action: Action }) {
    const timeout = interrupt ? INTERRUPTED_TIMEOUT : TIMEOUT
    const saver = mountComposable(vueOf(loaded.lib)!.vue, { timeout })
    let rendersAtUnmount = -1
    let atUnmount: ReturnType<typeof saver.getSnapshot> | undefined
    let fired = false
    sim.onCall = (api) => {
      if (!interrupt || fired || api !== interrupt.at) return
      fired = true
      if (interrupt.action === 'unmount') {
        atUnmount = saver.getSnapshot()
        saver.unmount()
        rendersAtUnmount = saver.renders()
      } else saver[interrupt.action]()
    }
    const outcome = await settle(kind, act(saver))
    sim.onCall = undefined
    await sleep(10)
    /** Nothing renders after the run ended (or the component unmounted). */
    const quiet = async () => {
      const count = interrupt?.action === 'unmount' ? rendersAtUnmount : saver.renders()
      if (interrupt?.action !== 'unmount') await sleep(TIMEOUT)
      if (saver.renders() !== count) stats.lateUpdates++
      expect(saver.renders()).toBe(count)
      // Its refs too show nothing after the component went.
      if (interrupt?.action === 'unmount') expect(saver.getSnapshot()).toEqual(atUnmount)
      if (interrupt?.action !== 'unmount') saver.unmount()
    }
    return { outcome, shown: { ...saver.getSnapshot(), isBusy: saver.refs.isBusy.value }, quiet }
  }
  /** What a run is driven with: the hook's or the composable's functions. */
  type Saver = Pick<ReturnType<typeof loaded.lib.useSaveToAlbum>, 'save' | 'saveAll'>
  type Drive = typeof withHook

  /** The hook (or the composable, driven by withComposable): its last state matches the result, and nothing renders after the run ends or the component unmounts. */
  async function viaHook(kind: Kind, interrupt?: { at: string; action: Action }, drive: Drive = withHook) {
    const { outcome, shown, quiet } = await drive(kind, (h) => h.save(source(kind)), interrupt)
    if (outcome === 'stuck') return
    await quiet()
    albumHolds(outcome.ok ? [BYTES[kind]] : [], [BYTES[kind]])
    if (interrupt?.action === 'unmount') {
      // Unmounted before its file went to the album: the run was aborted with the component.
      const steps = family.steps[kind]
      if (steps.indexOf(interrupt.at) < steps.findIndex((api) => /PhotosAlbum$/.test(api))) expect(outcome.ok || outcome.error.code).toBe('ABORTED')
      return
    }
    if (interrupt) {
      // Interrupted mid-run: idle, and the run answers ABORTED; unless the image was already
      // handed to the album, which cannot be taken back: then the hook shows it saved.
      // reset() shows idle in both cases, once the run ended.
      if (!outcome.ok) expect([outcome.error.code, shown.status]).toEqual(['ABORTED', 'idle'])
      else expect(shown.status).toBe(interrupt.action === 'reset' ? 'idle' : 'saved')
    } else if (outcome.ok) {
      expect(shown).toMatchObject({ status: 'saved', filePath: null, error: null })
    } else {
      // A cancelled run is back to idle, where no error is shown.
      expect(shown.status).toBe(endOf(outcome.error))
      expect(shown.error).toBe(shown.status === 'idle' ? null : outcome.error)
    }
  }

  /** A person who never answers: the run waits past any timeout, and still ends cleanly on abort. */
  async function waitsForThePerson(kind: Kind) {
    const ctl = new AbortController()
    const pending = loaded.lib.saveToAlbum(source(kind), { timeout: TIMEOUT, signal: ctl.signal }).then(
      () => ({ ok: true as const }),
      (error) => ({ ok: false as const, error }),
    )
    await sleep(TIMEOUT * 3)
    expect(await Promise.race([pending, sleep(0).then(() => 'pending')])).toBe('pending')
    ctl.abort()
    const outcome = await settle(kind, pending)
    expect(outcome).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
  }

  /** How a batch ends as a whole: saved, else the refusal that stopped it, else its first failure. */
  function batchEnd(results: SaveResult[]): SaveStatus {
    const failures = results.filter((r): r is { ok: false; error: SaveToAlbumError } => !r.ok)
    if (!failures.length) return 'saved'
    return endOf((failures.find((f) => endOf(f.error) === 'denied') ?? failures[0]).error)
  }
  const batchSources = () => BATCH.map(source)
  const savedBytes = (results: SaveResult[]) => results.flatMap((r, i) => (r.ok ? [BYTES[BATCH[i]]] : []))
  const batchBytes = BATCH.map((kind) => BYTES[kind])

  /** The batch through the core: one result per item, one end reported, the album holding each item saved, in order. */
  async function batchViaFlow() {
    const statuses: SaveStatus[] = []
    const outcome = await settle('batch', loaded.lib.saveAll(batchSources(), { timeout: TIMEOUT, onStatus: (s) => statuses.push(s) }))
    const ends = statuses.filter((s) => ENDS.includes(s))
    if (ends.length !== 1) stats.doubleEnds++
    expect(ends).toHaveLength(1)
    if (outcome === 'stuck') return
    expect(outcome).toHaveLength(BATCH.length)
    expect(ends[0]).toBe(batchEnd(outcome))
    albumHolds(savedBytes(outcome), batchBytes)
  }

  /** The batch through the hook: it shows how the batch ended, never stays busy, never renders late. */
  async function batchViaHook(interrupt?: { at: string; action: Action }, drive: Drive = withHook) {
    const { outcome, shown, quiet } = await drive('batch', (h) => h.saveAll(batchSources()), interrupt)
    if (outcome === 'stuck') return
    await quiet()
    expect(outcome).toHaveLength(BATCH.length)
    albumHolds(savedBytes(outcome), batchBytes)
    if (interrupt?.action === 'unmount') return
    expect(shown.isBusy).toBe(false)
    if (interrupt) {
      // Items not yet saved answer ABORTED; a batch stopped with items left shows idle.
      for (const r of outcome) if (!r.ok) expect(r.error.code).toBe('ABORTED')
      if (outcome.some((r) => !r.ok)) expect(shown.status).toBe('idle')
    } else expect(shown.status).toBe(batchEnd(outcome))
  }

  /** Alipay's album never answers again after a save that never answered (its documented bug, which the adapter's queue respects): the next run starts on a fresh app. */
  const afterFault = (api: string, fault: Fault) => {
    if (family.target === 'alipay' && /PhotosAlbum$/.test(api) && fault === 'silent') loaded = loadPlatform(family.target)
  }

  const viaComposable = (kind: Kind, interrupt?: { at: string; action: Action }) => viaHook(kind, interrupt, withComposable as Drive)
  const batchViaComposable = (interrupt?: { at: string; action: Action }) => batchViaHook(interrupt, withComposable as Drive)
  const surfaces = family.target === 'weapp' ? [viaFlow, viaHook, viaComposable] : [viaFlow]

  describe.each(KINDS)('a %s source', (kind) => {
    const steps = family.steps[kind]

    it.each([...new Set(steps)])('ends once and cleanly whatever %s does', async (api) => {
      for (const [, fault] of faultsFor(family, kind, api)) {
        if (fault === 'silent' && family.person.includes(api)) {
          arrangeFaulty(api, fault)
          await waitsForThePerson(kind)
          continue
        }
        for (const surface of surfaces) {
          arrangeFaulty(api, fault)
          await surface(kind)
          afterFault(api, fault)
        }
      }
    })

    it.each([...new Set(steps)].flatMap((at) => ACTIONS.map((action) => [action, at] as const)))(
      'ends cleanly on %s at %s, with the answer on time or after it',
      async (action, at) => {
        for (const late of [false, true]) {
          for (const binding of [viaHook, viaComposable]) {
            if (late) arrange().fault(at, { late: TIMEOUT / 2 })
            else arrange()
            await binding(kind, { at, action })
          }
        }
      },
    )

    it('saves when nothing goes wrong, with exactly these calls, through every surface', async () => {
      for (const surface of [viaFlow, viaHook, viaComposable]) {
        arrange()
        await surface(kind)
        expect(sim.album).toHaveLength(1)
        expect(sim.calls).toEqual(steps)
      }
    })
  })

  describe('a batch of three (an image URL, a data URL, a local file)', () => {
    const steps = family.steps.batch
    const batchSurfaces = family.target === 'weapp' ? [batchViaFlow, () => batchViaHook(), () => batchViaComposable()] : [batchViaFlow]

    it.each(steps)('ends once and cleanly whatever %s does, item by item', async (api) => {
      for (const [, fault] of forBatch(family.faults(api.replace(/^fs\./, '')))) {
        // A dialog nobody answers waits past any timeout; the single runs show it ends on abort.
        if (fault === 'silent' && family.person.includes(api)) continue
        for (const surface of batchSurfaces) {
          arrangeFaulty(api, fault)
          await surface()
          afterFault(api, fault)
        }
      }
    })

    it.each(steps.flatMap((at) => ACTIONS.map((action) => [action, at] as const)))('ends cleanly on %s at %s, with the answer on time or after it', async (action, at) => {
      for (const late of [false, true]) {
        for (const binding of [batchViaHook, batchViaComposable]) {
          if (late) arrange().fault(at, { late: TIMEOUT / 2 })
          else arrange()
          await binding({ at, action })
        }
      }
    })

    it('saves all three in order when nothing goes wrong, with one permission check, through every surface', async () => {
      for (const surface of [batchViaFlow, () => batchViaHook(), () => batchViaComposable()]) {
        arrange()
        await surface()
        expect(sim.album).toHaveLength(3)
        expect([...new Set(sim.calls)].sort()).toEqual([...steps].sort())
        expect(sim.calls.filter((c) => c === 'getSetting')).toHaveLength(1)
      }
    })
  })

  if (family.granted) {
    it('never cuts off a save that shows the permission dialog, however long the person takes', async () => {
      arrange()
      delete sim.authSetting[sim.scope]
      sim.fault('saveImageToPhotosAlbum', { late: TIMEOUT * 3 })
      const outcome = await settle('base64', loaded.lib.saveToAlbum(DATA_URL, { timeout: TIMEOUT }).then(() => 'saved', (e) => e.code))
      expect([outcome, sim.dialogs, sim.album.length]).toEqual(['saved', 1, 1])
    })
  }
})

describe('the Vue composable: one run at a time, one render per change', () => {
  it('answers BUSY to a save while a run is in flight, and leaves that run alone', async () => {
    const { sim, lib } = loadPlatform('weapp')
    sim.server.route(URL, { body: PNG, contentType: 'image/png', delay: 10 })
    const saver = mountComposable(vueOf(lib)!.vue, { timeout: 2000 })
    const first = saver.save(URL)
    const second = await saver.save(DATA_URL)
    expect(second).toMatchObject({ ok: false, error: { code: 'BUSY', message: 'A save is already in flight' } })
    expect(await saver.saveAll([DATA_URL])).toMatchObject([{ ok: false, error: { code: 'BUSY' } }])
    expect(await first).toEqual({ ok: true })
    expect([saver.refs.status.value, sim.album.length, saver.statuses]).toEqual(['saved', 1, ['authorizing', 'downloading', 'saving', 'saved']])
    saver.unmount()
  })

  it('renders once per status: progress 1 arrives with saved, not in a render of its own', async () => {
    const { lib } = loadPlatform('weapp', { latency: 5 })
    const saver = mountComposable(vueOf(lib)!.vue, { timeout: 2000 })
    await saver.save(DATA_URL)
    await sleep(5)
    expect(saver.shown).toEqual(['idle 0   false', 'authorizing 0   true', 'writing 0   true', 'saving 0   true', 'saved 1   false'])
    saver.unmount()
  })

  it('a download firing 500 progress events renders at most once per whole percent, never the same thing twice', async () => {
    const { sim, lib } = loadPlatform('weapp')
    sim.server.route(URL, { body: PNG, contentType: 'image/png', progressEvents: 500, delay: 0 })
    const saver = mountComposable(vueOf(lib)!.vue, { timeout: 5000 })
    expect(await saver.save(URL)).toEqual({ ok: true })
    await sleep(5)
    const progress = saver.shown.filter((s) => s.startsWith('downloading')).map((s) => Number(s.split(' ')[1]))
    expect(progress.length).toBeGreaterThan(10)
    expect(progress.length).toBeLessThanOrEqual(100)
    expect(progress.every((p) => Number.isInteger(Math.round(p * 100)) && Math.abs(p * 100 - Math.round(p * 100)) < 1e-9)).toBe(true)
    expect(saver.shown.filter((s, i) => s === saver.shown[i - 1])).toEqual([])
    // Each status rendered in one stretch, in order.
    const statuses = saver.shown.map((s) => s.split(' ')[0]).filter((s, i, all) => s !== all[i - 1])
    expect(statuses).toEqual(['idle', 'authorizing', 'downloading', 'saving', 'saved'])
    saver.unmount()
  })
})
