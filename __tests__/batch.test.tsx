/** Many images in one tap: `saveAll()` in the core and on the hook, over the simulated WeChat. */
import { act, renderHook, waitFor } from '@testing-library/react'
import { createSaveController, saveAll, saveToAlbum, useSaveToAlbum, type SaveResult, type SaveStatus } from '../src'
import { loadFor, loadPlatform, simulate } from './runtime/setup'
import { simulateBrowser } from '../src/testing/browser'
import { DENIALS, SCOPE, type Sim } from './runtime/wx'
import { GIF, HTML, JPEG, PNG, PNG_B64, WEBP } from './runtime/images'
import { liveTimers } from './runtime/timers'

const IMAGES = [PNG, JPEG, GIF, WEBP, PNG, JPEG, GIF, WEBP, PNG]
const urls = IMAGES.map((_, i) => `https://cdn.test/${i}.img`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Serves the nine images, each download taking `delay` ms per progress step. */
function arrange(options: Parameters<typeof simulate>[0] = {}, delay = 3) {
  const sim = simulate(options)
  IMAGES.forEach((body, i) => sim.server.route(urls[i], { body, contentType: 'image/png', delay }))
  return sim
}

/** Records which calls overlap: the most downloads and album saves in flight at once. */
function watchOverlap(sim: Sim) {
  const inFlight = { downloadFile: 0, saveImageToPhotosAlbum: 0 }
  const peak = { downloadFile: 0, saveImageToPhotosAlbum: 0 }
  sim.onCall = (api) => {
    if (!(api in inFlight)) return
    const key = api as keyof typeof inFlight
    // onCall runs after the call is recorded and before the platform acts on it.
    const options = sim.requests[sim.requests.length - 1].options
    const complete = options.complete
    inFlight[key]++
    peak[key] = Math.max(peak[key], inFlight[key])
    options.complete = (res: unknown) => {
      inFlight[key]--
      complete?.(res)
    }
  }
  return peak
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))

it('saves every image, in the order given, with one permission check for the whole batch', async () => {
  const sim = arrange()
  const results = await saveAll(urls)
  expect(results.map((r) => r.ok)).toEqual(urls.map(() => true))
  expect(sim.album.map((entry, i) => same(entry.bytes, IMAGES[i]))).toEqual(urls.map(() => true))
  expect(sim.calls.filter((c) => c === 'getSetting')).toHaveLength(1)
  expect(sim.calls.filter((c) => c === 'authorize')).toHaveLength(1)
  expect(sim.dialogs).toBe(1)
  expect(sim.files()).toEqual([])
})

it('overlaps downloads up to concurrency, but never two album saves', async () => {
  const sim = arrange({ latency: 4 })
  const peak = watchOverlap(sim)
  await saveAll(urls, { concurrency: 3 })
  expect(peak.downloadFile).toBe(3)
  expect(peak.saveImageToPhotosAlbum).toBe(1)
})

it('downloads two at a time by default', async () => {
  const sim = arrange()
  const peak = watchOverlap(sim)
  await saveAll(urls)
  expect(peak.downloadFile).toBe(2)
})

it('a 404 in the middle fails that item only; the others are saved, in order', async () => {
  const sim = arrange()
  sim.server.route(urls[4], { body: HTML, status: 404, contentType: 'text/html' })
  const results = await saveAll(urls)
  expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'ok', 'ok', 'ok', 'HTTP_STATUS', 'ok', 'ok', 'ok', 'ok'])
  expect(sim.album).toHaveLength(8)
  expect(same(sim.album[4].bytes, IMAGES[5])).toBe(true)
  expect(sim.files()).toEqual([])
})

it('a refused source is refused before any platform call for it, and the rest are saved', async () => {
  const sim = arrange()
  const results = await saveAll(['javascript:alert(1)', urls[0], 'ftp://cdn.test/x.png', urls[1]])
  expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['INVALID_SOURCE', 'ok', 'INVALID_SOURCE', 'ok'])
  expect(sim.requests.filter((q) => q.api === 'downloadFile').map((q) => q.options.url)).toEqual([urls[0], urls[1]])
})

it('a refusal in the dialog stops the batch at once: no download, every item reports the refusal', async () => {
  const sim = arrange({ dialog: 'deny' })
  const results = await saveAll(urls)
  expect(results.every((r) => !r.ok && r.error.code === 'AUTH_DENIED')).toBe(true)
  expect(sim.calls).not.toContain('downloadFile')
  expect(sim.dialogs).toBe(1)
})

it('a refusal mid-batch (the album refuses) stops the rest: items not yet saved report it, saved ones stay saved', async () => {
  const sim = arrange({ latency: 2 })
  let saves = 0
  sim.onCall = (api) => {
    if (api === 'saveImageToPhotosAlbum' && ++saves === 3) sim.fault(api, { fail: DENIALS.android(api) })
  }
  const results = await saveAll(urls)
  expect(results.slice(0, 2).every((r) => r.ok)).toBe(true)
  expect(results.slice(2).map((r) => !r.ok && r.error.code)).toEqual(urls.slice(2).map(() => 'AUTH_DENIED'))
  expect(sim.album).toHaveLength(2)
  expect(sim.calls.filter((c) => c === 'downloadFile').length).toBeLessThan(urls.length)
  await sleep(30)
  expect(sim.files()).toEqual([])
})

it('abort mid-batch: every item not yet saved resolves ABORTED, and no file outlives the batch', async () => {
  const sim = arrange({}, 10)
  const ctl = new AbortController()
  const pending = saveAll(urls, { signal: ctl.signal, onItem: (i, r) => r.ok && i === 1 && ctl.abort() })
  const results = await pending
  expect(results.slice(0, 2).map((r) => r.ok)).toEqual([true, true])
  expect(results.slice(2).every((r) => !r.ok && r.error.code === 'ABORTED')).toBe(true)
  for (let i = 0; i < 50 && sim.pending() > 0; i++) await sleep(5)
  expect(sim.files()).toEqual([])
  expect(sim.openTasks()).toBe(0)
  expect(liveTimers()).toBe(0)
  expect(sim.album).toHaveLength(2)
})

it('reports progress as the share of the whole batch, rising to 1', async () => {
  arrange()
  const progress: number[] = []
  await saveAll(urls.slice(0, 3), { onProgress: (p) => progress.push(p) })
  expect(progress.every((p, i) => i === 0 || p >= progress[i - 1])).toBe(true)
  expect(progress[progress.length - 1]).toBe(1)
  expect(progress.some((p) => p > 0.3 && p < 0.7)).toBe(true)
})

it('an empty list resolves an empty list without touching the platform', async () => {
  const sim = arrange()
  await expect(saveAll([])).resolves.toEqual([])
  expect(sim.calls).toEqual([])
})

describe('on the hook', () => {
  it('shows the current item while busy, then saved; one render per change', async () => {
    const sim = arrange({ latency: 3 })
    const statuses: SaveStatus[] = []
    const shown: string[] = []
    const h = renderHook(() => {
      const value = useSaveToAlbum()
      statuses.push(value.status)
      shown.push(JSON.stringify([value.status, value.progress, value.error, value.filePath]))
      return value
    })
    let pending!: Promise<SaveResult[]>
    act(() => {
      pending = h.result.current.saveAll(urls.slice(0, 3))
    })
    await waitFor(() => expect(h.result.current.status).toBe('saved'))
    expect((await pending).every((r) => r.ok)).toBe(true)
    expect(shown.filter((s, i) => s === shown[i - 1])).toEqual([])
    expect(h.result.current).toMatchObject({ status: 'saved', progress: 1, error: null, isBusy: false })
    expect(statuses[0]).toBe('idle')
    expect(statuses).toContain('downloading')
    expect(statuses).toContain('saving')
    expect(sim.album).toHaveLength(3)
  })

  it('ends denied after a refusal, and failed with the first failure otherwise', async () => {
    const sim = arrange()
    sim.authSetting[SCOPE] = false
    const h = renderHook(() => useSaveToAlbum())
    await act(() => h.result.current.saveAll(urls.slice(0, 3)))
    expect(h.result.current).toMatchObject({ status: 'denied', error: { code: 'AUTH_DENIED' } })

    sim.authSetting[SCOPE] = true
    sim.server.route(urls[1], { body: HTML, status: 500 })
    sim.server.route(urls[2], { body: HTML })
    await act(() => h.result.current.saveAll(urls.slice(0, 3)))
    expect(h.result.current).toMatchObject({ status: 'failed', error: { code: 'HTTP_STATUS' } })
  })

  it('answers BUSY for every item while a run is in flight', async () => {
    arrange({}, 10)
    const h = renderHook(() => useSaveToAlbum())
    let first!: Promise<SaveResult>
    act(() => {
      first = h.result.current.save(`data:image/png;base64,${PNG_B64}`)
    })
    const busy = await act(() => h.result.current.saveAll(urls.slice(0, 2)))
    expect(busy.map((r) => !r.ok && r.error.code)).toEqual(['BUSY', 'BUSY'])
    await act(() => first)
  })

  it('abort() stops the batch and returns to idle; retry() runs the batch again', async () => {
    // Downloads slow enough to be caught in flight: named after their URLs, they need no rename after.
    const sim = arrange({}, 60)
    const h = renderHook(() => useSaveToAlbum())
    let pending!: Promise<SaveResult[]>
    act(() => {
      pending = h.result.current.saveAll(urls.slice(0, 4))
    })
    await waitFor(() => expect(h.result.current.status).toBe('downloading'))
    act(() => h.result.current.abort())
    expect(h.result.current.status).toBe('idle')
    const results = await act(() => pending)
    expect(results.some((r) => !r.ok && r.error.code === 'ABORTED')).toBe(true)
    expect(h.result.current.status).toBe('idle')
    const again = (await act(() => h.result.current.retry())) as SaveResult[]
    expect(again.map((r) => r.ok)).toEqual([true, true, true, true])
    await sleep(20)
    expect(sim.files()).toEqual([])
  })
  it('retry() saves what the batch left, even after the caller changed its array in place', async () => {
    const sim = arrange()
    sim.server.route(urls[1], { status: 503, body: PNG, contentType: 'image/png' })
    const controller = createSaveController({ timeout: 2000 })
    const photos = urls.slice(0, 2)
    const first = await controller.saveAll(photos)
    expect(first.map((r) => r.ok)).toEqual([true, false])
    sim.server.route(urls[1], { body: PNG, contentType: 'image/png' })
    photos[1] = urls[2]
    photos.push(urls[3])
    const again = (await controller.retry()) as SaveResult[]
    expect(again.map((r) => r.ok)).toEqual([true, true])
    expect(sim.requests.filter((q) => q.api === 'downloadFile').map((q) => q.options.url)).toEqual([urls[0], urls[1], urls[1]])
    expect(controller.getSnapshot().status).toBe('saved')
  })
})

describe('a retry after a batch', () => {
  /** Seven items over a runtime where items 1, 3, 4 and 6 answer 503 the first time. */
  async function partlyFailed(h: { result: { current: ReturnType<typeof useSaveToAlbum> } }, onItem: (i: number, r: SaveResult) => void) {
    const sim = arrange({ latency: 2 })
    const failing = [1, 3, 4, 6]
    failing.forEach((i) => sim.server.route(urls[i], { body: HTML, status: 503, contentType: 'text/html' }))
    const first = await act(() => h.result.current.saveAll(urls.slice(0, 7), { concurrency: 3, onItem }))
    expect(first.map((r) => r.ok)).toEqual([true, false, true, false, false, true, false])
    expect(h.result.current).toMatchObject({ status: 'failed', error: { code: 'HTTP_STATUS' } })
    expect(sim.album).toHaveLength(3)
    failing.forEach((i) => sim.server.route(urls[i], { body: IMAGES[i], contentType: 'image/png', delay: 3 }))
    return { sim, first, failing }
  }

  it('saves only the items not saved, reports them through the same onItem under their original indexes, with the same concurrency', async () => {
    const items: [number, boolean][] = []
    const h = renderHook(() => useSaveToAlbum())
    const { sim, first, failing } = await partlyFailed(h, (i, r) => items.push([i, r.ok]))
    items.length = 0
    const downloadsBefore = sim.requests.filter((q) => q.api === 'downloadFile').length
    const peak = watchOverlap(sim)

    const again = (await act(() => h.result.current.retry())) as SaveResult[]

    expect(items).toEqual(failing.map((i) => [i, true]))
    expect(sim.requests.filter((q) => q.api === 'downloadFile').slice(downloadsBefore).map((q) => q.options.url)).toEqual(failing.map((i) => urls[i]))
    expect(peak.downloadFile).toBe(3)
    // No duplicates: every image once.
    expect(sim.album).toHaveLength(7)
    expect(again).toHaveLength(7)
    expect(again.every((r) => r.ok)).toBe(true)
    // Those saved earlier keep their earlier result.
    ;[0, 2, 5].forEach((i) => expect(again[i]).toBe(first[i]))
    expect(h.result.current).toMatchObject({ status: 'saved', error: null, progress: 1 })
    await sleep(20)
    expect(sim.files()).toEqual([])
  })

  it('a retry after everything was saved saves nothing again and resolves the results it has', async () => {
    const h = renderHook(() => useSaveToAlbum())
    const sim = arrange()
    const first = await act(() => h.result.current.saveAll(urls.slice(0, 2)))
    const calls = sim.calls.length
    const again = await act(() => h.result.current.retry())
    expect(again).toEqual(first)
    expect([sim.calls.length, sim.album.length, h.result.current.status]).toEqual([calls, 2, 'saved'])
  })

  it('the save again after the settings page keeps onItem and saves only what the refusal stopped', async () => {
    const sim = arrange({ latency: 2 })
    let saves = 0
    sim.onCall = (api) => {
      if (api === 'saveImageToPhotosAlbum' && ++saves === 3) {
        sim.fault(api, { fail: DENIALS.android(api) })
        sim.authSetting[SCOPE] = false
      }
    }
    const items: number[] = []
    const h = renderHook(() => useSaveToAlbum({ retryAfterSetting: true }))
    await act(() => h.result.current.saveAll(urls.slice(0, 5), { concurrency: 3, onItem: (i, r) => r.ok && items.push(i) }))
    expect(h.result.current).toMatchObject({ status: 'denied', error: { code: 'AUTH_DENIED' } })
    expect([sim.album.length, items]).toEqual([2, [0, 1]])
    sim.onCall = undefined
    sim.fault('saveImageToPhotosAlbum')
    await act(() => sim.tap(() => h.result.current.openSetting()))
    await waitFor(() => expect(h.result.current.status).toBe('saved'))
    expect(items).toEqual([0, 1, 2, 3, 4])
    expect(sim.album).toHaveLength(5)
    expect(sim.album.map((entry, i) => same(entry.bytes, IMAGES[i]))).toEqual([true, true, true, true, true])
  })
})

describe('a throwing callback', () => {
  /** console.error as a development build reports the callback's throw; cleared for the guards. */
  function expectReported(error: jest.SpyInstance, thrown: Error, times: number) {
    expect(error).toHaveBeenCalledTimes(times)
    error.mock.calls.forEach((call) => expect(call).toContain(thrown))
    error.mockClear()
  }

  it('does not break the batch: every item is saved and reported, the promise resolves, and the throw is reported', async () => {
    const sim = arrange()
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const thrown = new Error('a bug in the app')
    const seen: number[] = []
    const results = await saveAll(urls.slice(0, 4), {
      onItem: (i) => {
        seen.push(i)
        throw thrown
      },
    })
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true])
    expect(seen).toEqual([0, 1, 2, 3])
    expect(sim.album).toHaveLength(4)
    expectReported(error, thrown, 4)
  })

  it('on the hook: the batch ends saved and the next save is not BUSY', async () => {
    const sim = arrange()
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const thrown = new Error('a bug in the app')
    const h = renderHook(() => useSaveToAlbum())
    const results = await act(() =>
      h.result.current.saveAll(urls.slice(0, 3), {
        onItem: (i) => {
          if (i === 0) throw thrown
        },
      }),
    )
    expect(results.map((r) => r.ok)).toEqual([true, true, true])
    expect(h.result.current.status).toBe('saved')
    expect(await act(() => h.result.current.save(urls[3]))).toMatchObject({ ok: true })
    expect(sim.album).toHaveLength(4)
    expectReported(error, thrown, 1)
  })

  it('a throwing onStatus or onProgress does not break the batch either', async () => {
    arrange()
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const thrown = new Error('a bug in the app')
    const results = await saveAll(urls.slice(0, 2), {
      onStatus: () => {
        throw thrown
      },
      onProgress: () => {
        throw thrown
      },
    })
    expect(results.map((r) => r.ok)).toEqual([true, true])
    expect(error.mock.calls.length).toBeGreaterThan(2)
    expectReported(error, thrown, error.mock.calls.length)
  })

  it('saveToAlbum() too: a throwing onStatus or onProgress does not fail the save', async () => {
    const sim = arrange()
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const thrown = new Error('a bug in the app')
    const fail = () => {
      throw thrown
    }
    await expect(saveToAlbum(urls[0], { onStatus: fail, onProgress: fail })).resolves.toEqual({})
    expect(sim.album).toHaveLength(1)
    expectReported(error, thrown, error.mock.calls.length)
  })
})

describe('options and the odd batch', () => {
  it.each([NaN, 0, -1, 1.5, '2', null])('concurrency %p: INVALID_OPTION for every item, no platform call', async (concurrency) => {
    const sim = arrange()
    const items: number[] = []
    const statuses: SaveStatus[] = []
    const results = await saveAll(urls.slice(0, 3), { concurrency: concurrency as number, onItem: (i) => items.push(i), onStatus: (s) => statuses.push(s) })
    expect(results.map((r) => !r.ok && r.error.code)).toEqual(['INVALID_OPTION', 'INVALID_OPTION', 'INVALID_OPTION'])
    expect([items, statuses, sim.calls]).toEqual([[0, 1, 2], ['failed'], []])
  })

  it('concurrency Infinity: every download at once', async () => {
    const sim = arrange({ latency: 4 })
    const peak = watchOverlap(sim)
    const results = await saveAll(urls.slice(0, 5), { concurrency: Infinity })
    expect(results.every((r) => r.ok)).toBe(true)
    expect([peak.downloadFile, peak.saveImageToPhotosAlbum]).toEqual([5, 1])
  })

  it('on the hook, a bad concurrency ends failed with INVALID_OPTION, not saved', async () => {
    const sim = arrange()
    const h = renderHook(() => useSaveToAlbum())
    const results = await act(() => h.result.current.saveAll(urls.slice(0, 2), { concurrency: NaN }))
    expect(results).toHaveLength(2)
    expect(h.result.current).toMatchObject({ status: 'failed', error: { code: 'INVALID_OPTION' } })
    expect(sim.calls).toEqual([])
  })

  it('an empty list is not saved: the batch ends failed, and the hook says INVALID_SOURCE', async () => {
    const sim = arrange()
    const statuses: SaveStatus[] = []
    await expect(saveAll([], { onStatus: (s) => statuses.push(s) })).resolves.toEqual([])
    expect(statuses).toEqual(['failed'])
    const h = renderHook(() => useSaveToAlbum())
    expect(await act(() => h.result.current.saveAll([]))).toEqual([])
    expect(h.result.current).toMatchObject({ status: 'failed', error: { code: 'INVALID_SOURCE' }, filePath: null })
    expect(sim.calls).toEqual([])
  })

  it('a signal aborted already: nothing starts, every item ends ABORTED', async () => {
    const sim = arrange({ privacy: 'pending' })
    const ctl = new AbortController()
    ctl.abort()
    const items: number[] = []
    const statuses: SaveStatus[] = []
    const results = await saveAll(urls.slice(0, 3), { signal: ctl.signal, onItem: (i) => items.push(i), onStatus: (s) => statuses.push(s) })
    expect(results.map((r) => !r.ok && r.error.code)).toEqual(['ABORTED', 'ABORTED', 'ABORTED'])
    expect([items, statuses, sim.calls, sim.privacySheets]).toEqual([[0, 1, 2], ['idle'], [], 0])
  })

})

describe('mutants: what a batch and a controller must not get wrong', () => {
  it('concurrency 1 is valid: every item saved, one download at a time', async () => {
    const sim = arrange({ latency: 4 })
    const peak = watchOverlap(sim)
    const results = await saveAll(urls.slice(0, 3), { concurrency: 1 })
    expect(results.every((r) => r.ok)).toBe(true)
    expect([peak.downloadFile, sim.album.length]).toEqual([1, 3])
  })

  it('an abort while the first file is with the album still stops the items not started yet', async () => {
    const sim = arrange()
    const ctl = new AbortController()
    sim.onCall = (api) => void (api === 'saveImageToPhotosAlbum' && ctl.abort())
    const results = await saveAll(urls.slice(0, 3), { concurrency: 1, signal: ctl.signal })
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'ABORTED', 'ABORTED'])
    expect(sim.album).toHaveLength(1)
  })

  it('an abort that stops nothing (the only file is with the album) leaves the batch ending saved', async () => {
    const sim = arrange()
    const ctl = new AbortController()
    sim.onCall = (api) => void (api === 'saveImageToPhotosAlbum' && ctl.abort())
    const statuses: SaveStatus[] = []
    const results = await saveAll(urls.slice(0, 1), { signal: ctl.signal, onStatus: (s) => statuses.push(s) })
    expect(results.map((r) => r.ok)).toEqual([true])
    expect(statuses[statuses.length - 1]).toBe('saved')
    expect(sim.album).toHaveLength(1)
  })

  it('development messages say what went wrong', async () => {
    arrange({}, 10)
    const [bad] = await saveAll(urls.slice(0, 1), { concurrency: 0 })
    expect(!bad.ok && bad.error.message).toMatch(/concurrency must be a whole number/)
    const early = new AbortController()
    early.abort()
    const [already] = await saveAll(urls.slice(0, 1), { signal: early.signal })
    expect(!already.ok && already.error.message).toMatch(/already aborted/)
    const ctl = new AbortController()
    const pending = saveAll(urls.slice(0, 2), { signal: ctl.signal })
    ctl.abort()
    const aborted = await pending
    expect(aborted.map((r) => !r.ok && r.error.message)).toEqual([expect.stringMatching(/batch was aborted/), expect.stringMatching(/batch was aborted/)])
    const controller = createSaveController()
    await controller.saveAll([])
    expect(controller.getSnapshot().error?.message).toMatch(/list of sources is empty/)
  })

  it('a refusal decides the end even after an earlier failure: the controller shows denied, not failed', async () => {
    arrange({ dialog: 'deny' })
    const controller = createSaveController()
    const results = await controller.saveAll(['javascript:alert(1)', urls[0]])
    expect(results.map((r) => !r.ok && r.error.code)).toEqual(['INVALID_SOURCE', 'AUTH_DENIED'])
    expect(controller.getSnapshot()).toMatchObject({ status: 'denied', error: { code: 'AUTH_DENIED' } })
  })

  it('retry() before any save resolves INVALID_SOURCE and saves nothing', async () => {
    const sim = arrange()
    const controller = createSaveController()
    const result = (await controller.retry()) as SaveResult
    expect(!result.ok && [result.error.code, result.error.message]).toEqual(['INVALID_SOURCE', expect.stringMatching(/Nothing to retry/)])
    expect([controller.getSnapshot().status, sim.calls]).toEqual(['idle', []])
  })

  it('an unsubscribed listener is not called again', async () => {
    arrange()
    const controller = createSaveController()
    const calls: SaveStatus[] = []
    const stop = controller.subscribe(() => calls.push(controller.getSnapshot().status))
    stop()
    await controller.save(urls[0])
    expect([calls, controller.getSnapshot().status]).toEqual([[], 'saved'])
  })

  it('progress never drops when the status moves on within one run', async () => {
    arrange({}, 5)
    const controller = createSaveController()
    const seen: [SaveStatus, number][] = []
    controller.subscribe(() => seen.push([controller.getSnapshot().status, controller.getSnapshot().progress]))
    await controller.save(urls[0])
    const progress = seen.map(([, p]) => p)
    expect(progress.some((p) => p > 0 && p < 1)).toBe(true)
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1])).toBe(true)
  })

  it('a settings answer while not denied changes nothing and saves nothing again', async () => {
    const sim = arrange()
    const controller = createSaveController({ retryAfterSetting: true })
    await controller.save(urls[0])
    expect(controller.settingChanged({ [SCOPE]: true })).toBe(true)
    await sleep(20)
    expect([controller.getSnapshot().status, sim.album.length]).toEqual(['saved', 1])
  })

  it('a retry after everything was saved keeps the controller saved and saves nothing again', async () => {
    const sim = arrange()
    const controller = createSaveController()
    await controller.saveAll(urls.slice(0, 2))
    const again = await controller.retry()
    expect((again as SaveResult[]).map((r) => r.ok)).toEqual([true, true])
    expect([controller.getSnapshot().status, sim.album.length]).toEqual(['saved', 2])
  })
  it('a retry with nothing left to save does not hold the controller busy: a save right after it runs', async () => {
    const sim = arrange()
    const controller = createSaveController()
    await controller.saveAll(urls.slice(0, 2))
    const again = controller.retry()
    const next = await controller.save(urls[2])
    expect([next.ok, ((await again) as SaveResult[]).map((r) => r.ok), sim.album.length]).toEqual([true, [true, true], 3])
  })

  it('a settings page that fails to open resolves false and leaves the controller denied', async () => {
    const sim = arrange({ dialog: 'deny' })
    const controller = createSaveController({ retryAfterSetting: true })
    await controller.save(urls[0])
    expect(controller.getSnapshot().status).toBe('denied')
    sim.fault('openSetting', { fail: 'system error' })
    expect(await sim.tap(() => controller.openSetting())).toBe(false)
    expect([controller.getSnapshot().status, sim.album.length]).toEqual(['denied', 0])
  })

  it('settingChanged() where the platform has no settings page (a browser) answers false and does not throw', () => {
    const { lib } = loadPlatform('h5')
    const controller = lib.createSaveController({ retryAfterSetting: true })
    expect(controller.settingChanged({ [SCOPE]: true })).toBe(false)
    expect(controller.getSnapshot().status).toBe('idle')
  })
  it('the permission check failing (not a refusal) ends every item instead of leaving them waiting', async () => {
    const sim = arrange()
    sim.fault('getSetting', { fail: 'system error' })
    const results = await Promise.race([saveAll(urls.slice(0, 3)), sleep(2000).then(() => 'hung' as const)])
    expect(results).not.toBe('hung')
    expect((results as SaveResult[]).every((r) => !r.ok && r.error.code !== 'ABORTED')).toBe(true)
    expect(sim.album).toHaveLength(0)
  })

  it('an abort while a file is with the album, and the album then fails: that item reports the real failure, not ABORTED', async () => {
    const sim = arrange()
    const ctl = new AbortController()
    sim.onCall = (api) => {
      if (api !== 'saveImageToPhotosAlbum') return
      sim.fault(api, { fail: 'system error' })
      ctl.abort()
    }
    const results = await saveAll(urls.slice(0, 2), { concurrency: 1, signal: ctl.signal })
    expect(results.map((r) => !r.ok && r.error.code)).toEqual([expect.not.stringMatching(/^ABORTED$/), 'ABORTED'])
    expect(sim.album).toHaveLength(0)
  })

  it('only real statuses are shown while an item after the first ends early', async () => {
    arrange()
    const statuses: string[] = []
    await saveAll([urls[0], 'javascript:alert(1)', urls[1]], { onStatus: (s) => statuses.push(s) })
    expect(statuses.every((s) => ['authorizing', 'downloading', 'saving', 'saved', 'failed'].includes(s))).toBe(true)
  })

  it('in a phone browser, an abort once the share sheet is open stops nothing: it answers false and the person\'s choice decides', async () => {
    simulate()
    const images = [PNG, JPEG]
    const page = images.map((_, i) => `${location.origin}/mutants/${i}.img`)
    const b = simulateBrowser({ routes: Object.fromEntries(page.map((url, i) => [url, { body: images[i] }])), touch: true, share: {} })
    try {
      const { startSaveAll } = loadFor('h5')
      const batch = startSaveAll(page)
      for (let i = 0; i < 400 && !b.sheets.length; i++) await sleep(5)
      expect(b.sheets).toHaveLength(1)
      expect(batch.abort()).toBe(false)
      b.sheets[0].save()
      expect((await batch.promise).map((r) => r.ok && r.via)).toEqual(['share', 'share'])
    } finally {
      b.restore()
    }
  })
})
