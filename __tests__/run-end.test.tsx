/**
 * When a run ends (issue 16, points 9 and 11): abort() and reset() follow one rule for a single
 * save and a batch, and a saved result names a file only when that file still exists.
 */
import { act, renderHook, waitFor } from '@testing-library/react'
import { saveAll, saveToAlbum, useSaveToAlbum, type SaveResult, type SaveSource } from '../src'
import { simulate } from './runtime/setup'
import { HTML, PNG, PNG_B64 } from './runtime/images'
import { USER_DATA_PATH } from './runtime/wx'

const URL = 'https://cdn.test/poster.png'
const DATA_URL = `data:image/png;base64,${PNG_B64}`

function mount(options?: Parameters<typeof useSaveToAlbum>[0]) {
  return renderHook(() => useSaveToAlbum(options))
}
function begin<T>(start: () => Promise<T>) {
  let pending!: Promise<T>
  act(() => {
    pending = start()
  })
  return pending
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const codes = (results: SaveResult[]) => results.map((r) => (r.ok ? 'ok' : r.error.code))

beforeAll(() => {
  // Let React render as in an app, between platform answers, rather than in act() batches.
  ;(globalThis as any).IS_REACT_ACT_ENVIRONMENT = false
})

/** Resolves as the first album save is called (its answer comes `latency` ms later). */
function atTheAlbum(sim: ReturnType<typeof simulate>) {
  return new Promise<void>((resolve) => {
    sim.onCall = (api) => api === 'saveImageToPhotosAlbum' && resolve()
  })
}

describe('abort() and reset() while a file is with the album (point 9)', () => {
  /** A batch whose first item is with the album (answers take 30 ms) while the second still downloads. */
  async function batchAtTheAlbum() {
    const sim = simulate({ latency: 30 })
    sim.server.route(URL, { body: PNG, contentType: 'image/png', delay: 40 })
    const h = mount()
    const saving = atTheAlbum(sim)
    const pending = begin(() => h.result.current.saveAll([DATA_URL, URL] as SaveSource[]))
    await saving
    expect(h.result.current.status).toBe('saving')
    return { sim, h, pending }
  }

  it('abort() of a batch stays busy until the album answers, as a single save does; a save meanwhile is BUSY; then idle, the rest ABORTED', async () => {
    const { sim, h, pending } = await batchAtTheAlbum()
    act(() => h.result.current.abort())
    expect(h.result.current).toMatchObject({ status: 'saving', isBusy: true })
    const overlapping = await act(() => h.result.current.save(DATA_URL))
    expect(overlapping).toMatchObject({ ok: false, error: { code: 'BUSY' } })
    const results = await act(() => pending)
    expect(codes(results)).toEqual(['ok', 'ABORTED'])
    expect(h.result.current).toMatchObject({ status: 'idle', isBusy: false, error: null })
    expect(sim.album).toHaveLength(1)
    expect(sim.calls.filter((c) => c === 'saveImageToPhotosAlbum')).toHaveLength(1)
  })

  it('reset() of a single save at the album: busy until the album answers, then idle (not saved), and the result still says saved', async () => {
    const sim = simulate({ latency: 30 })
    const h = mount()
    const saving = atTheAlbum(sim)
    const pending = begin(() => h.result.current.save(DATA_URL))
    await saving
    expect(h.result.current.status).toBe('saving')
    act(() => h.result.current.reset())
    expect(h.result.current).toMatchObject({ status: 'saving', isBusy: true })
    const result = await act(() => pending)
    expect(result.ok).toBe(true)
    expect(h.result.current).toMatchObject({ status: 'idle', isBusy: false, error: null, progress: 0, filePath: null })
    expect(sim.album).toHaveLength(1)
  })

  it('reset() of a batch at the album: busy until the album answers, then idle; the rest ABORTED', async () => {
    const { sim, h, pending } = await batchAtTheAlbum()
    act(() => h.result.current.reset())
    expect(h.result.current).toMatchObject({ status: 'saving', isBusy: true })
    const results = await act(() => pending)
    expect(codes(results)).toEqual(['ok', 'ABORTED'])
    expect(h.result.current).toMatchObject({ status: 'idle', error: null, filePath: null })
    expect(sim.album).toHaveLength(1)
  })

  it('reset() before the album: idle at once, the run ABORTED; after an end: idle with no error', async () => {
    const sim = simulate()
    sim.server.route(URL, { body: PNG, contentType: 'image/png', delay: 30 })
    const h = mount()
    const pending = begin(() => h.result.current.save(URL))
    await waitFor(() => expect(h.result.current.status).toBe('downloading'))
    act(() => h.result.current.reset())
    expect(h.result.current).toMatchObject({ status: 'idle', isBusy: false })
    expect(await act(() => pending)).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    sim.authSetting['scope.writePhotosAlbum'] = false
    await act(() => h.result.current.save(DATA_URL))
    expect(h.result.current.status).toBe('denied')
    act(() => h.result.current.reset())
    expect(h.result.current).toMatchObject({ status: 'idle', error: null })
  })
})

describe('a saved result names only a file that exists (point 11)', () => {
  it('by default: no filePath in the result or the state, and the file the package wrote is gone', async () => {
    const sim = simulate()
    sim.server.route(URL, { body: PNG, contentType: 'image/png' })
    const saved = await saveToAlbum(URL)
    expect('filePath' in saved).toBe(false)
    const h = mount()
    const result = await act(() => h.result.current.save(DATA_URL))
    expect([result.ok, 'filePath' in result, h.result.current.status, h.result.current.filePath]).toEqual([true, false, 'saved', null])
    await sleep(20)
    expect(sim.files()).toEqual([])
    expect(sim.album).toHaveLength(2)
  })

  it('keepFile: the file handed to the album stays and is named; the app owns it, and no later run removes it', async () => {
    const sim = simulate()
    sim.server.route(URL, { body: PNG, contentType: 'application/octet-stream' })
    const { filePath } = await saveToAlbum(URL, { keepFile: true })
    expect(filePath).toMatch(new RegExp(`^${USER_DATA_PATH}/album-.+\\.png$`))
    await saveToAlbum(DATA_URL)
    await sleep(20)
    expect(sim.files()).toEqual([filePath])
    expect(Buffer.from(sim.read(filePath)!).equals(Buffer.from(PNG))).toBe(true)
  })

  it('keepFile in a batch: every item saved names its kept file; an item that failed keeps nothing', async () => {
    const sim = simulate()
    sim.server.route(URL, { body: HTML, status: 404, contentType: 'text/html' })
    const results = await saveAll([DATA_URL, URL, DATA_URL], { keepFile: true })
    expect(codes(results)).toEqual(['ok', 'HTTP_STATUS', 'ok'])
    const kept = results.flatMap((r) => (r.ok ? [r.filePath] : []))
    await sleep(20)
    expect(sim.files().sort()).toEqual([...kept].sort())
  })

  it('keepFile through the hook: the state names the kept file, which exists', async () => {
    const sim = simulate()
    const h = mount({ keepFile: true })
    const result = await act(() => h.result.current.save(DATA_URL))
    expect(result.ok && result.filePath).toBe(h.result.current.filePath)
    await sleep(20)
    expect(sim.files()).toEqual([h.result.current.filePath])
  })

  it('keepFile with a local file the app gave: named as it is, and left where it was', async () => {
    const sim = simulate()
    sim.put(`${USER_DATA_PATH}/chosen.png`, PNG)
    expect(await saveToAlbum(`${USER_DATA_PATH}/chosen.png`, { keepFile: true })).toEqual({ filePath: `${USER_DATA_PATH}/chosen.png` })
    expect(await saveToAlbum(`${USER_DATA_PATH}/chosen.png`)).toEqual({})
    expect(sim.files()).toEqual([`${USER_DATA_PATH}/chosen.png`])
  })
})
