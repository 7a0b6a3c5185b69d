import { act, renderHook, waitFor } from '@testing-library/react'
import { useSaveToAlbum, type SaveResult, type SaveSource, type SaveToAlbum } from '../src'
import { simulate } from './runtime/setup'
import { SCOPE, USER_DATA_PATH, type Sim } from './runtime/wx'
import { JPEG_B64, PNG, PNG_B64 } from './runtime/images'

const URL = 'https://cdn.test/poster.png'
const DATA_URL = `data:image/png;base64,${PNG_B64}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Renders the hook and keeps every state it rendered with. */
function mount(options?: Parameters<typeof useSaveToAlbum>[0]) {
  const renders: SaveToAlbum[] = []
  const hook = renderHook(() => {
    const value = useSaveToAlbum(options)
    renders.push(value)
    return value
  })
  return { ...hook, renders, statuses: () => renders.map((r) => r.status).filter((s, i, all) => s !== all[i - 1]) }
}

/** Starts a save the way a tap does, without waiting for it. */
function begin(h: ReturnType<typeof mount>, source: SaveSource) {
  let pending!: Promise<SaveResult>
  act(() => {
    pending = h.result.current.save(source)
  })
  return pending
}

function slowImage(sim: Sim, delay = 30) {
  sim.server.route(URL, { body: PNG, contentType: 'image/png', delay })
}

it('starts idle, with nothing busy', () => {
  simulate()
  const { result } = mount()
  expect(result.current).toMatchObject({ status: 'idle', error: null, progress: 0, filePath: null, isBusy: false })
})

it('walks a URL through every status to saved, with progress 1 (and no file named: without keepFile it is removed)', async () => {
  const sim = simulate({ latency: 15 })
  slowImage(sim, 15)
  const h = mount()
  const pending = begin(h, URL)
  await waitFor(() => expect(h.result.current.status).toBe('saved'))
  const outcome = await pending
  expect(h.statuses()).toEqual(['idle', 'authorizing', 'downloading', 'saving', 'saved'])
  expect(h.result.current).toMatchObject({ status: 'saved', error: null, progress: 1, isBusy: false })
  expect(h.result.current.filePath).toBeNull()
  expect(outcome).toEqual({ ok: true })
  expect(sim.album).toHaveLength(1)
})

it('renders only when something shown changes: no render repeats the one before', async () => {
  const sim = simulate({ latency: 15 })
  slowImage(sim, 15)
  const h = mount()
  act(() => void h.result.current.save(URL))
  await waitFor(() => expect(h.result.current.status).toBe('saved'))
  const shown = h.renders.map(({ status, error, progress, filePath }) => JSON.stringify({ status, error, progress, filePath }))
  expect(shown.filter((s, i) => s === shown[i - 1])).toEqual([])
})

it.each([
  ['a data URL', DATA_URL, ['idle', 'authorizing', 'writing', 'saving', 'saved']],
  ['a local file', `${USER_DATA_PATH}/chosen.png`, ['idle', 'authorizing', 'saving', 'saved']],
])('renders %s once per status: progress 1 arrives with saved, not in a render of its own', async (_, source, statuses) => {
  const sim = simulate({ latency: 5 })
  sim.put(`${USER_DATA_PATH}/chosen.png`, PNG)
  const h = mount()
  const pending = begin(h, source)
  await waitFor(() => expect(h.result.current.status).toBe('saved'))
  await act(() => pending)
  expect(h.renders.map((r) => r.status)).toEqual(statuses)
})

it('shows the download progress as it comes', async () => {
  const sim = simulate()
  slowImage(sim)
  const h = mount()
  const pending = begin(h, URL)
  await waitFor(() => expect(h.result.current.progress).toBeGreaterThan(0))
  expect(h.result.current.progress).toBeLessThan(1)
  await act(async () => {
    await pending
  })
  expect(h.renders.map((r) => r.progress).filter((p) => p > 0 && p < 1).length).toBeGreaterThan(0)
})

it('clears the last error as soon as a new save starts', async () => {
  const sim = simulate()
  sim.server.route(URL, { body: PNG, status: 500 })
  const h = mount()
  await act(async () => {
    await h.result.current.save(URL)
  })
  expect(h.result.current.error).not.toBeNull()
  slowImage(sim)
  const pending = begin(h, URL)
  expect(h.result.current).toMatchObject({ status: 'authorizing', error: null, progress: 0 })
  await act(async () => {
    await pending
  })
})

it('shows denied for a refused privacy agreement', async () => {
  simulate({ privacy: 'refused' })
  const h = mount()
  await act(async () => {
    await h.result.current.save(DATA_URL)
  })
  expect(h.result.current.status).toBe('denied')
  expect(h.result.current.error!.code).toBe('PRIVACY_DENIED')
})

it('is busy while authorizing, downloading, writing and saving', async () => {
  const sim = simulate()
  slowImage(sim)
  const h = mount()
  const pending = begin(h, URL)
  await waitFor(() => expect(h.result.current.status).toBe('downloading'))
  expect(h.result.current.isBusy).toBe(true)
  await act(async () => {
    await pending
  })
  expect(h.renders.filter((r) => r.isBusy).map((r) => r.status)).not.toContain('saved')
  expect(h.result.current.isBusy).toBe(false)
})

it('never rejects: a failure comes back as { ok: false } and the hook shows failed with the error', async () => {
  const sim = simulate()
  sim.server.route(URL, { body: PNG, status: 404 })
  const h = mount()
  let outcome: any
  await act(async () => {
    outcome = await h.result.current.save(URL)
  })
  expect(outcome.ok).toBe(false)
  expect(outcome.error.code).toBe('HTTP_STATUS')
  expect(h.result.current.status).toBe('failed')
  expect(h.result.current.error).toBe(outcome.error)
})

it('fails with INVALID_SOURCE on bad input, without touching the platform', async () => {
  const sim = simulate()
  const h = mount()
  await act(async () => {
    await h.result.current.save('javascript:alert(1)')
  })
  expect(h.result.current.status).toBe('failed')
  expect(h.result.current.error!.code).toBe('INVALID_SOURCE')
  expect(sim.calls).toEqual([])
})

describe('denied and openSetting', () => {
  it('shows denied after a refusal, and openSetting from a tap brings it back to idle, then saving works', async () => {
    const sim = simulate({ dialog: 'deny' })
    const h = mount()
    await act(async () => {
      await h.result.current.save(DATA_URL)
    })
    expect(h.result.current.status).toBe('denied')
    expect(h.result.current.error!.code).toBe('AUTH_DENIED')

    sim.settings.answer = 'on'
    let on: boolean | undefined
    await act(async () => {
      on = await sim.tap(() => h.result.current.openSetting())
    })
    expect(on).toBe(true)
    expect(h.result.current).toMatchObject({ status: 'idle', error: null })

    await act(async () => {
      await h.result.current.save(DATA_URL)
    })
    expect(h.result.current.status).toBe('saved')
    expect(sim.album).toHaveLength(1)
  })

  it('stays denied when the person leaves the permission off', async () => {
    const sim = simulate()
    sim.authSetting[SCOPE] = false
    const h = mount()
    await act(async () => {
      await h.result.current.save(DATA_URL)
    })
    sim.settings.answer = 'off'
    let on: boolean | undefined
    await act(async () => {
      on = await sim.tap(() => h.result.current.openSetting())
    })
    expect(on).toBe(false)
    expect(h.result.current.status).toBe('denied')
  })

  it('answers what the settings page returned, however much longer than timeout the person took', async () => {
    const sim = simulate()
    sim.authSetting[SCOPE] = false
    const h = mount({ timeout: 40 })
    await act(async () => {
      await h.result.current.save(DATA_URL)
    })
    sim.settings = { answer: 'on', stay: 150 }
    let on: boolean | undefined
    await act(async () => {
      on = await sim.tap(() => h.result.current.openSetting())
    })
    expect(on).toBe(true)
    expect(h.result.current).toMatchObject({ status: 'idle', error: null })
  })

  it('resolves false, without throwing, when openSetting is not called from a tap', async () => {
    const sim = simulate()
    sim.authSetting[SCOPE] = false
    const h = mount()
    await act(async () => {
      await h.result.current.save(DATA_URL)
    })
    let on: boolean | undefined
    await act(async () => {
      on = await h.result.current.openSetting()
    })
    expect(on).toBe(false)
    expect(sim.authSetting[SCOPE]).toBe(false)
    expect(h.result.current.status).toBe('denied')
  })
})

describe('one run at a time', () => {
  it('answers BUSY to a save while a run is in flight, and leaves that run alone', async () => {
    const sim = simulate()
    slowImage(sim)
    const h = mount()
    let first!: Promise<any>
    let second: any
    await act(async () => {
      first = h.result.current.save(URL)
      second = await h.result.current.save(DATA_URL)
    })
    expect(second.ok).toBe(false)
    expect(second.error.code).toBe('BUSY')
    expect(second.error.message).toBe('A save is already in flight')
    await act(async () => {
      expect((await first).ok).toBe(true)
    })
    expect(h.result.current.status).toBe('saved')
    expect(sim.album).toHaveLength(1)
  })

  it('lets two hooks with the same fileName save at once without overwriting each other', async () => {
    const sim = simulate()
    const a = mount({ fileName: 'poster' })
    const b = mount({ fileName: 'poster' })
    let results: any[] = []
    await act(async () => {
      results = await Promise.all([a.result.current.save(DATA_URL), b.result.current.save(`data:image/jpeg;base64,${JPEG_B64}`)])
    })
    expect(results.map((r) => r.ok)).toEqual([true, true])
    const written = sim.requests.filter((q) => q.api === 'fs.writeFile').map((q) => q.options.filePath)
    expect(new Set(written).size).toBe(2)
    expect(sim.album.map((x) => x.name.split('.').pop()).sort()).toEqual(['jpg', 'png'])
  })

  it('saves a double-tapped poster once', async () => {
    const sim = simulate()
    const h = mount()
    await act(async () => {
      await Promise.all([h.result.current.save(DATA_URL), h.result.current.save(DATA_URL)])
    })
    expect(sim.album).toHaveLength(1)
  })
})

describe('abort, reset, retry, unmount', () => {
  it('abort() stops the download, returns to idle at once, and the run resolves ABORTED', async () => {
    const sim = simulate()
    slowImage(sim)
    const h = mount()
    const pending = begin(h, URL)
    await waitFor(() => expect(h.result.current.status).toBe('downloading'))
    act(() => h.result.current.abort())
    expect(h.result.current).toMatchObject({ status: 'idle', error: null, isBusy: false })
    expect(await pending).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    await act(() => sleep(120))
    expect(h.result.current.status).toBe('idle')
    expect(sim.album).toEqual([])
    expect(sim.files()).toEqual([])
    expect(sim.pending()).toBe(0)
  })

  it('abort() with nothing in flight keeps the last result', async () => {
    simulate()
    const h = mount()
    await act(async () => {
      await h.result.current.save(DATA_URL)
    })
    act(() => h.result.current.abort())
    expect(h.result.current.status).toBe('saved')
  })

  it('reset() clears a failure back to idle with no error', async () => {
    const sim = simulate()
    sim.server.route(URL, { body: PNG, status: 500 })
    const h = mount()
    await act(async () => {
      await h.result.current.save(URL)
    })
    act(() => h.result.current.reset())
    expect(h.result.current).toMatchObject({ status: 'idle', error: null, progress: 0, filePath: null })
  })

  it('reset() during a run aborts it, and a new save can start straight away', async () => {
    const sim = simulate()
    slowImage(sim)
    const h = mount()
    const first = begin(h, URL)
    act(() => h.result.current.reset())
    let second: any
    await act(async () => {
      second = await h.result.current.save(DATA_URL)
    })
    expect(await first).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    expect(second.ok).toBe(true)
    expect(h.result.current.status).toBe('saved')
    expect(sim.album).toHaveLength(1)
  })

  it('retry() saves the last source again', async () => {
    const sim = simulate()
    sim.server.route(URL, { body: PNG, status: 503 })
    const h = mount()
    await act(async () => {
      await h.result.current.save(URL)
    })
    expect(h.result.current.error!.code).toBe('HTTP_STATUS')
    sim.server.route(URL, { body: PNG })
    await act(async () => {
      await h.result.current.retry()
    })
    expect(h.result.current.status).toBe('saved')
    expect(sim.calls.filter((c) => c === 'downloadFile')).toHaveLength(2)
  })

  it('retry() after a save that ended saved saves nothing again: it resolves that result', async () => {
    const sim = simulate()
    const h = mount()
    const first = await act(() => h.result.current.save(DATA_URL))
    const again = await act(() => h.result.current.retry())
    expect(again).toBe(first)
    expect([sim.album.length, h.result.current.status]).toEqual([1, 'saved'])
  })

  it('retry() before any save resolves INVALID_SOURCE', async () => {
    simulate()
    const h = mount()
    let outcome: any
    await act(async () => {
      outcome = await h.result.current.retry()
    })
    expect(outcome.error.code).toBe('INVALID_SOURCE')
    expect(h.result.current.status).toBe('idle')
  })

  it('unmount aborts the run in flight and nothing updates state afterwards', async () => {
    const sim = simulate()
    slowImage(sim)
    const h = mount()
    const pending = begin(h, URL)
    await waitFor(() => expect(h.result.current.status).toBe('downloading'))
    const rendered = h.renders.length
    h.unmount()
    expect(await pending).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    await sleep(120)
    expect(h.renders.length).toBe(rendered)
    expect(sim.pending()).toBe(0)
    expect(sim.files()).toEqual([])
    expect(sim.album).toEqual([])
  })

  it('unmount while the settings page is open (retryAfterSetting): nothing is saved on return, and nothing new starts', async () => {
    const sim = simulate({ dialog: 'deny' })
    const h = mount({ retryAfterSetting: true })
    const { save, saveAll, retry, openSetting } = h.result.current
    expect(await act(() => save(DATA_URL))).toMatchObject({ ok: false, error: { code: 'AUTH_DENIED' } })
    sim.settings = { answer: 'on', stay: 30 }
    const back = sim.tap(() => openSetting())
    h.unmount()
    expect(await back).toBe(true)
    await sleep(30)
    expect([sim.album.length, sim.calls.filter((c) => c === 'saveImageToPhotosAlbum')]).toEqual([0, []])
    const before = sim.calls.length
    expect(await save(DATA_URL)).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    expect(await saveAll([DATA_URL])).toMatchObject([{ ok: false, error: { code: 'ABORTED' } }])
    expect(await retry()).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    expect([sim.album.length, sim.calls.slice(before), sim.files()]).toEqual([0, [], []])
    expect(sim.calls.filter((c) => c === 'saveImageToPhotosAlbum')).toEqual([])
  })

  it('keeps save, openSetting, retry, abort and reset the same across renders', async () => {
    simulate()
    const h = mount()
    const first = h.result.current
    await act(async () => {
      await h.result.current.save(DATA_URL)
    })
    h.rerender()
    const last = h.result.current
    for (const key of ['save', 'openSetting', 'retry', 'abort', 'reset'] as const) expect(last[key]).toBe(first[key])
    expect(h.renders.length).toBeGreaterThanOrEqual(3)
  })

  it('uses the latest options without changing identities', async () => {
    const sim = simulate()
    let opts = { fileName: 'first' }
    const h = renderHook(() => useSaveToAlbum(opts))
    opts = { fileName: 'second' }
    h.rerender()
    await act(async () => {
      await h.result.current.save(DATA_URL)
    })
    expect(sim.requests.find((q) => q.api === 'fs.writeFile')!.options.filePath).toMatch(new RegExp(`^${USER_DATA_PATH}/second-`))
  })
})
