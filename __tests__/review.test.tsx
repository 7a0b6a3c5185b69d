/**
 * What the review found (issue 8, points 1–10), each as the behaviour a person or an app sees.
 * Every test here failed before the fix.
 */
import { StrictMode, useEffect, type ReactNode } from 'react'
import { act, renderHook, waitFor } from '@testing-library/react'
import { saveToAlbum, useSaveToAlbum, type SaveResult, type SaveSource } from '../src'
import { parseSource } from '../src/core/source'
import { loadFor, simulate } from './runtime/setup'
import { SCOPE, USER_DATA_PATH, type Sim } from './runtime/wx'
import { PNG, PNG_B64 } from './runtime/images'

const URL = 'https://cdn.test/poster.png'
const DATA_URL = `data:image/png;base64,${PNG_B64}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const outcomeOf = (p: Promise<unknown>) => p.then((value) => ({ value }), (error) => ({ error }))

function mount(options?: Parameters<typeof useSaveToAlbum>[0]) {
  return renderHook(() => useSaveToAlbum(options))
}
function begin(h: ReturnType<typeof mount>, source: SaveSource) {
  let pending!: Promise<SaveResult>
  act(() => {
    pending = h.result.current.save(source)
  })
  return pending
}

describe('people slower than timeout (points 1, 2)', () => {
  it('saves when the person taps "allow" long after timeout: the dialog waits on a person', async () => {
    const sim = simulate()
    sim.fault('authorize', { late: 150 })
    const r = await outcomeOf(saveToAlbum(DATA_URL, { timeout: 40 }))
    expect(r).toEqual({ value: {} })
    expect(sim.authSetting[SCOPE]).toBe(true)
    expect(sim.album).toHaveLength(1)
  })

  it('openSetting() answers what the settings page returned, however long the person stayed there', async () => {
    const sim = simulate()
    sim.authSetting[SCOPE] = false
    const h = mount({ timeout: 40 })
    await act(() => h.result.current.save(DATA_URL))
    sim.settings = { answer: 'on', stay: 200 }
    let on: boolean | undefined
    await act(async () => {
      on = await sim.tap(() => h.result.current.openSetting())
    })
    expect(on).toBe(true)
    expect(h.result.current.status).toBe('idle')
  })

  it.each(['saveImageToPhotosAlbum', 'downloadFile', 'fs.readFile'])('still ends TIMEOUT when %s never calls back: no person is involved', async (api) => {
    const sim = simulate()
    sim.server.route(URL, { body: PNG, contentType: 'image/png' })
    sim.fault(api, 'silent')
    const r = await outcomeOf(saveToAlbum(URL, { timeout: 40 }))
    expect(r).toMatchObject({ error: { code: 'TIMEOUT' } })
  })
})

describe('errors that are not refusals (point 3)', () => {
  it.each<[string, Parameters<Sim['fault']>[1]]>([
    ['getSetting', { fail: 'getSetting:fail system error' }],
    ['authorize', { fail: 'authorize:fail:system error' }],
    ['getSetting', 'throw'],
    ['authorize', 'throw'],
  ])('%s failing with %j ends failed with AUTH_CHECK_FAILED, not denied', async (api, fault) => {
    const sim = simulate()
    sim.fault(api, fault)
    const h = mount()
    const result = await act(() => h.result.current.save(DATA_URL))
    expect(result).toMatchObject({ ok: false, error: { code: 'AUTH_CHECK_FAILED' } })
    expect(h.result.current.status).toBe('failed')
  })

  it.each([
    ['a scope refused earlier', (sim: Sim) => (sim.authSetting[SCOPE] = false)],
    ['a refusal now', (sim: Sim) => (sim.dialog = 'deny')],
  ])('%s is still AUTH_DENIED and denied', async (_, arrange) => {
    const sim = simulate()
    arrange(sim)
    const h = mount()
    await act(() => h.result.current.save(DATA_URL))
    expect(h.result.current).toMatchObject({ status: 'denied', error: { code: 'AUTH_DENIED' } })
  })
})

describe('timeout values (point 4)', () => {
  it.each([Infinity, 2 ** 31, 2 ** 40, 0])('timeout %p means no limit: the save goes through', async (timeout) => {
    const sim = simulate()
    sim.server.route(URL, { body: PNG, contentType: 'image/png', delay: 5 })
    await expect(saveToAlbum(URL, { timeout })).resolves.toEqual({})
    expect(sim.album).toHaveLength(1)
  })

  it.each([-1, NaN, -Infinity, '100' as unknown as number])('timeout %p is refused with INVALID_OPTION before any platform call', async (timeout) => {
    const sim = simulate()
    const r = await outcomeOf(saveToAlbum(URL, { timeout }))
    expect(r).toMatchObject({ error: { code: 'INVALID_OPTION', message: expect.stringContaining('timeout must be a number of ms') } })
    expect(sim.calls).toEqual([])
  })
})

describe('abort or reset while the album is saving (point 5)', () => {
  it.each(['abort', 'reset'] as const)('%s() keeps the hook busy until the album answers, then shows how it ended (reset: idle); a second save meanwhile is BUSY', async (action) => {
    const sim = simulate()
    // The album holds the file long enough to be seen saving on a loaded machine (waitFor polls every 50 ms).
    sim.fault('saveImageToPhotosAlbum', { late: 400 })
    const h = mount()
    const first = begin(h, DATA_URL)
    await waitFor(() => expect(h.result.current.status).toBe('saving'))
    act(() => h.result.current[action]())
    expect(h.result.current).toMatchObject({ status: 'saving', isBusy: true })
    const second = await act(() => h.result.current.save(DATA_URL))
    expect(second).toMatchObject({ ok: false, error: { code: 'BUSY' } })
    const result = await act(() => first)
    expect(result.ok).toBe(true)
    if (action === 'abort') expect(h.result.current).toMatchObject({ status: 'saved', isBusy: false, filePath: null })
    else expect(h.result.current).toMatchObject({ status: 'idle', isBusy: false, filePath: null })
    expect(sim.album).toHaveLength(1)
    act(() => h.result.current.reset())
    expect(h.result.current).toMatchObject({ status: 'idle', filePath: null })
  })
})

describe('nothing starts after a run ended (point 6)', () => {
  /** Holds getSetting's answer until released, so the run can end while it is in flight. */
  function holdGetSetting(sim: Sim) {
    sim.fault('getSetting', { late: 60 })
  }

  it('abort() while getSetting is in flight: no authorize, no dialog, ever', async () => {
    const sim = simulate()
    holdGetSetting(sim)
    const ctl = new AbortController()
    const pending = outcomeOf(saveToAlbum(DATA_URL, { signal: ctl.signal }))
    await sleep(10)
    ctl.abort()
    expect(await pending).toMatchObject({ error: { code: 'ABORTED' } })
    await sleep(100)
    expect(sim.calls).toEqual(['getSetting'])
    expect(sim.dialogs).toBe(0)
  })

  it('unmount while getSetting is in flight: no dialog pops up on the next page', async () => {
    const sim = simulate()
    holdGetSetting(sim)
    const h = mount()
    void begin(h, DATA_URL)
    await sleep(10)
    h.unmount()
    await sleep(100)
    expect(sim.calls).toEqual(['getSetting'])
    expect(sim.dialogs).toBe(0)
  })

  it('a timeout of getSetting ends the run there: authorize is never called afterwards', async () => {
    const sim = simulate()
    holdGetSetting(sim)
    expect(await outcomeOf(saveToAlbum(DATA_URL, { timeout: 20 }))).toMatchObject({ error: { code: 'TIMEOUT' } })
    await sleep(100)
    expect(sim.calls).toEqual(['getSetting'])
  })

  it('an auto-save in a mount effect under StrictMode shows exactly one dialog and saves once', async () => {
    const sim = simulate({ latency: 5 })
    const h = renderHook(
      () => {
        const hook = useSaveToAlbum()
        useEffect(() => void hook.save(DATA_URL), [])
        return hook
      },
      { wrapper: ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode> },
    )
    await waitFor(() => expect(h.result.current.status).toBe('saved'))
    expect(sim.dialogs).toBe(1)
    expect(sim.calls.filter((c) => c === 'authorize')).toHaveLength(1)
    expect(sim.album).toHaveLength(1)
  })
})

it('gives different file names to two copies of the package saving in the same millisecond (point 7)', async () => {
  const sim = simulate()
  const now = jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000)
  try {
    const [a, b] = [loadFor('weapp'), loadFor('weapp')]
    await Promise.all([a.saveToAlbum(DATA_URL), b.saveToAlbum(DATA_URL)])
  } finally {
    now.mockRestore()
  }
  const written = sim.requests.filter((q) => q.api === 'fs.writeFile').map((q) => q.options.filePath)
  expect(written).toHaveLength(2)
  expect(new Set(written).size).toBe(2)
  expect(sim.album).toHaveLength(2)
})

it('abort() in the same tick as a failure settles ABORTED, matching the idle it reported (point 8)', async () => {
  const sim = simulate()
  sim.fault('downloadFile', { fail: 'downloadFile:fail ssl hand shake error' })
  const statuses: string[] = []
  const ctl = new AbortController()
  sim.onCall = (api) => {
    if (api !== 'downloadFile') return
    // Taro's own fail callback rejects its promise; abort lands before the flow sees that.
    queueMicrotask(() => {
      const options = sim.requests[sim.requests.length - 1].options
      const fail = options.fail
      options.fail = (res: unknown) => {
        fail(res)
        ctl.abort()
      }
    })
  }
  sim.server.route(URL, { body: PNG })
  const r = await outcomeOf(saveToAlbum(URL, { signal: ctl.signal, onStatus: (s) => statuses.push(s) }))
  expect(statuses[statuses.length - 1]).toBe('idle')
  expect(r).toMatchObject({ error: { code: 'ABORTED' } })
})

it('a cancelled sheet returns the hook to idle with the CANCELLED result (point 9)', async () => {
  simulate({ sheet: 'cancel' })
  const h = mount()
  const result = await act(() => h.result.current.save(DATA_URL))
  expect(result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
  expect(h.result.current).toMatchObject({ status: 'idle', error: null, isBusy: false })
})

describe('relative sources (point 10)', () => {
  it.each([
    ['//cdn.test/x.png', 'protocol-relative URL ("//host/…"); add "https:" in front'],
    ['/static/x.png', 'root-relative path ("/…") is a page asset'],
  ])('%s is named for what it is on a mini program, with what to pass instead', async (source, says) => {
    const sim = simulate()
    const r = await outcomeOf(saveToAlbum(source))
    expect(r).toMatchObject({ error: { code: 'INVALID_SOURCE', message: expect.stringContaining(says) } })
    expect(sim.calls).toEqual([])
  })

  it.each([
    ['/static/x.png', 'https://shop.test/static/x.png'],
    ['//cdn.test/x.png', 'https://cdn.test/x.png'],
    ['img/x.png', 'https://shop.test/pages/img/x.png'],
  ])('with a page (H5), %s is resolved against it to %s', (source, url) => {
    expect(parseSource(source, { base: 'https://shop.test/pages/index.html' })).toEqual({ kind: 'url', url })
  })
})

it('keeps a chosen local file that lives in the user folder (no regression from the cleanup)', async () => {
  const sim = simulate()
  sim.put(`${USER_DATA_PATH}/mine.png`, PNG)
  await saveToAlbum(`${USER_DATA_PATH}/mine.png`)
  expect(sim.read(`${USER_DATA_PATH}/mine.png`)).toBeDefined()
})
