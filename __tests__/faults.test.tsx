/**
 * The fault matrix: every platform call the flows make × every way it can misbehave × every
 * source kind, through both the plain flow and the hook; then abort(), reset() and unmount at
 * every step, with the answer arriving on time or after the abort. Each run must end once,
 * within the timeout, leaving no file, timer, download task or state update behind.
 */
import { renderHook } from '@testing-library/react'
import { saveToAlbum, useSaveToAlbum, type SaveResult, type SaveStatus } from '../src'
import { endOf } from '../src/core/flow'
import { simulate } from './runtime/setup'
import { DENIALS, USER_DATA_PATH, type Device, type Fault, type Sim } from './runtime/wx'
import { JPEG, PNG, PNG_B64 } from './runtime/images'
import { liveTimers } from './runtime/timers'

const TIMEOUT = 40
const URL = 'https://cdn.test/poster.png'
const SOURCES = {
  url: URL,
  base64: `data:image/png;base64,${PNG_B64}`,
  local: `${USER_DATA_PATH}/chosen.jpg`,
} as const
type Kind = keyof typeof SOURCES

/** The calls each source makes, in order, when nothing goes wrong. */
const STEPS: Record<Kind, string[]> = {
  url: ['getSetting', 'authorize', 'downloadFile', 'fs.readFile', 'fs.rename', 'saveImageToPhotosAlbum', 'fs.unlink'],
  base64: ['getSetting', 'authorize', 'fs.writeFile', 'saveImageToPhotosAlbum', 'fs.unlink'],
  local: ['getSetting', 'authorize', 'saveImageToPhotosAlbum'],
}
const APIS = [...new Set(Object.values(STEPS).flat())]

const faults = (api: string): [string, Fault][] => {
  const name = api.replace(/^fs\./, '')
  return [
    ...(Object.keys(DENIALS) as Device[]).map((d): [string, Fault] => [`denial (${d})`, { fail: DENIALS[d](name) }]),
    ['privacy refused', { fail: `${name}:fail privacy permission is not authorized`, errno: 104 }],
    ['privacy undeclared', { fail: `${name}:fail api scope is not declared in the privacy agreement`, errno: 112 }],
    ['cancel', { fail: `${name}:fail cancel` }],
    ['system error', { fail: `${name}:fail system error` }],
    ['storage full', { fail: `${name}:fail the maximum size of the file storage limit is exceeded`, errno: 1300202 }],
    ['throws', 'throw'],
    ['never answers', 'silent'],
    ['answers twice', 'twice'],
  ]
}

const stats = { runs: 0, stuck: 0, leakedFiles: 0, leakedTimers: 0, openTasks: 0, lateUpdates: 0, doubleEnds: 0 }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function arrange() {
  const sim = simulate()
  sim.server.route(URL, { body: PNG, contentType: 'image/png' })
  sim.put(SOURCES.local, JPEG)
  return sim
}

/**
 * Waits until the runtime has nothing left to answer, then checks nothing was left behind. A file
 * whose unlink failed cannot be gone yet: the check then comes after the next run, once unlink works.
 */
async function settle<T>(sim: Sim, pending: Promise<T>): Promise<T | 'stuck'> {
  let guard: ReturnType<typeof setTimeout> | undefined
  const stuck = new Promise<'stuck'>((resolve) => (guard = setTimeout(resolve, TIMEOUT * 6 + 200, 'stuck')))
  const outcome = await Promise.race([pending, stuck])
  clearTimeout(guard)
  for (let i = 0; i < 100 && sim.pending() > 0; i++) await sleep(5)
  await sleep(5)
  if (sim.faulty('fs.unlink') && sim.files().some((f) => f !== SOURCES.local)) {
    // The next run (here one the person cancels, so the album is untouched) sweeps what was left.
    sim.fault('fs.unlink')
    sim.sheet = 'cancel'
    await expect(saveToAlbum(SOURCES.base64)).rejects.toMatchObject({ code: 'CANCELLED' })
    sim.sheet = 'save'
  }
  const files = sim.files().filter((f) => f !== SOURCES.local)
  stats.runs++
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
  return outcome
}

const ENDS: SaveStatus[] = ['saved', 'denied', 'failed', 'idle']

/** The plain flow: exactly one end reported, and it matches how the promise settled. */
async function viaFlow(sim: Sim, kind: Kind) {
  const statuses: SaveStatus[] = []
  const outcome = await settle(
    sim,
    saveToAlbum(SOURCES[kind], { timeout: TIMEOUT, onStatus: (s) => statuses.push(s) }).then(
      () => ({ ok: true as const }),
      (error) => ({ ok: false as const, error }),
    ),
  )
  const ends = statuses.filter((s) => ENDS.includes(s))
  if (ends.length !== 1) stats.doubleEnds++
  expect(ends).toHaveLength(1)
  if (outcome === 'stuck') return
  expect(ends[0]).toBe(outcome.ok ? 'saved' : endOf(outcome.error))
}

type Action = 'abort' | 'reset' | 'unmount'

/** The hook: its last state matches the result, and nothing renders after the run ends or the component unmounts. */
async function viaHook(sim: Sim, kind: Kind, interrupt?: { at: string; action: Action }) {
  const renders: SaveStatus[] = []
  const hook = renderHook(() => {
    const value = useSaveToAlbum({ timeout: TIMEOUT })
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
  const outcome = (await settle(sim, hook.result.current.save(SOURCES[kind]))) as SaveResult | 'stuck'
  sim.onCall = undefined
  await sleep(10)
  if (outcome === 'stuck') return
  if (interrupt?.action === 'unmount') {
    if (renders.length !== rendersAtUnmount) stats.lateUpdates++
    expect(renders.length).toBe(rendersAtUnmount)
    return
  }
  const shown = hook.result.current
  if (interrupt) {
    // Interrupted mid-run: idle, and the run answers ABORTED; unless the image was already
    // handed to the album, which cannot be taken back: then the hook shows it saved.
    if (!outcome.ok) expect([outcome.error.code, shown.status]).toEqual(['ABORTED', 'idle'])
    else expect([shown.status, sim.album.length]).toEqual(['saved', 1])
  } else if (outcome.ok) {
    expect(shown).toMatchObject({ status: 'saved', filePath: outcome.filePath, error: null })
  } else {
    // A cancelled run is back to idle, where no error is shown.
    expect(shown.status).toBe(endOf(outcome.error))
    expect(shown.error).toBe(shown.status === 'idle' ? null : outcome.error)
  }
  const count = renders.length
  await sleep(TIMEOUT)
  if (renders.length !== count) stats.lateUpdates++
  expect(renders.length).toBe(count)
  hook.unmount()
}

beforeAll(() => {
  // Let React render as in an app, between platform answers, rather than in act() batches.
  ;(globalThis as any).IS_REACT_ACT_ENVIRONMENT = false
})

afterAll(() => {
  const s = stats
  process.stdout.write(
    `fault matrix: ${s.runs} runs, ${s.stuck} stuck, ${s.leakedFiles} leaked files, ${s.leakedTimers} leaked timers, ` +
      `${s.openTasks} open tasks, ${s.doubleEnds} double ends, ${s.lateUpdates} late updates\n`,
  )
})

/** Calls that wait on a person, and so are never cut off by `timeout`. */
const PERSON_STEPS = ['authorize']

/** A person who never answers: the run waits past any timeout, and still ends cleanly on abort. */
async function waitsForThePerson(sim: Sim, kind: Kind) {
  const ctl = new AbortController()
  const pending = saveToAlbum(SOURCES[kind], { timeout: TIMEOUT, signal: ctl.signal }).then(
    () => ({ ok: true as const }),
    (error) => ({ ok: false as const, error }),
  )
  await sleep(TIMEOUT * 3)
  expect(await Promise.race([pending, sleep(0).then(() => "pending")])).toBe("pending")
  ctl.abort()
  const outcome = await settle(sim, pending)
  expect(outcome).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
}

describe.each(Object.keys(SOURCES) as Kind[])('a %s source', (kind) => {
  it.each(APIS)('ends once and cleanly whatever %s does', async (api) => {
    for (const [, fault] of faults(api)) {
      if (fault === 'silent' && PERSON_STEPS.includes(api)) {
        const sim = arrange()
        sim.fault(api, fault)
        await waitsForThePerson(sim, kind)
        continue
      }
      for (const surface of [viaFlow, viaHook]) {
        const sim = arrange()
        sim.fault(api, fault)
        await surface(sim, kind)
      }
    }
  })

  it.each(STEPS[kind].flatMap((at) => (['abort', 'reset', 'unmount'] as Action[]).map((action) => [action, at] as const)))(
    'ends cleanly on %s at %s, with the answer on time or after it',
    async (action, at) => {
      for (const late of [false, true]) {
        const sim = arrange()
        if (late) sim.fault(at, { late: TIMEOUT / 2 })
        await viaHook(sim, kind, { at, action })
      }
    },
  )

  it('saves when nothing goes wrong, through both surfaces', async () => {
    for (const surface of [viaFlow, viaHook]) {
      const sim = arrange()
      await surface(sim, kind)
      expect(sim.album).toHaveLength(1)
    }
  })
})
