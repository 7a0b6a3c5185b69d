/** Canvas and video sources over the simulated WeChat: the same statuses, checks and cleanup as images. */
import { saveToAlbum, type SaveSource, type SaveStatus } from '../src'
import { simulate } from './runtime/setup'
import { USER_DATA_PATH } from './runtime/wx'
import { AVIF, HEIC, HTML, isoMedia, JPEG, M4A, MOV, MP4, PNG } from './runtime/images'
import { liveTimers } from './runtime/timers'

const CLIP = 'https://cdn.test/clip.mp4'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function run(source: SaveSource, options: Parameters<typeof saveToAlbum>[1] = {}) {
  const statuses: SaveStatus[] = []
  const outcome = await saveToAlbum(source, { ...options, onStatus: (s) => statuses.push(s) }).then(
    (value) => ({ value, error: undefined }),
    (error) => ({ value: undefined, error }),
  )
  return { ...outcome, statuses }
}
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))

describe('a Canvas type="2d" node', () => {
  it('exports through canvasToTempFilePath, no base64 round trip: authorizing → writing → saving → saved', async () => {
    const sim = simulate()
    const node = sim.canvas('poster')
    const r = await run({ canvas: node })
    expect(r.error).toBeUndefined()
    expect(r.statuses).toEqual(['authorizing', 'writing', 'saving', 'saved'])
    const exported = sim.requests.find((q) => q.api === 'canvasToTempFilePath')!.options
    expect(exported.canvas).toBe(node)
    expect(sim.calls).not.toContain('fs.writeFile')
    expect(same(sim.album[0].bytes, PNG)).toBe(true)
    expect(sim.files()).toEqual([])
  })

  it("leaves the platform's temporary export alone: only files in the user folder are the run's to remove", async () => {
    const sim = simulate()
    const r = await run({ canvas: sim.canvas('poster') })
    expect(r.error).toBeUndefined()
    await sleep(10)
    expect(sim.calls).not.toContain('fs.unlink')
  })

  it("passes the export's settings through", async () => {
    const sim = simulate()
    const node = sim.canvas()
    await run({ canvas: node, fileType: 'jpg', quality: 0.9, destWidth: 750, destHeight: 1334 })
    expect(sim.requests.find((q) => q.api === 'canvasToTempFilePath')!.options).toMatchObject({ fileType: 'jpg', quality: 0.9, destWidth: 750, destHeight: 1334 })
    expect(same(sim.album[0].bytes, JPEG)).toBe(true)
    expect(sim.album[0].name).toMatch(/\.jpg$/)
  })

  it('an empty canvas ends failed with CANVAS_FAILED and the platform wording, naming what to check', async () => {
    const sim = simulate()
    const r = await run({ canvas: sim.canvas('blank', { drawn: false }) })
    expect(r.error).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringMatching(/drawn on it yet.*canvas is empty/) })
    expect(r.statuses).toEqual(['authorizing', 'writing', 'failed'])
    expect(sim.album).toEqual([])
  })

  it('a node the selector query did not find (null) is refused before any platform call', async () => {
    const sim = simulate()
    const r = await run({ canvas: null as unknown as object })
    expect(r.error).toMatchObject({ code: 'INVALID_SOURCE', message: expect.stringContaining('the selector query found none') })
    expect(sim.calls).toEqual([])
  })
})

describe('a canvas id', () => {
  it('exports by canvasId with the settings and saves: authorizing → writing → saving → saved', async () => {
    const sim = simulate()
    sim.canvas('poster')
    const r = await run({ canvasId: 'poster', fileType: 'jpg', quality: 0.8 })
    expect(r.statuses).toEqual(['authorizing', 'writing', 'saving', 'saved'])
    expect(sim.requests.find((q) => q.api === 'canvasToTempFilePath')!.options).toMatchObject({ canvasId: 'poster', fileType: 'jpg', quality: 0.8 })
    expect(same(sim.album[0].bytes, JPEG)).toBe(true)
  })

  it('a canvas not on the page ends CANVAS_FAILED naming the id and where to look', async () => {
    const sim = simulate()
    sim.canvas('poster')
    const r = await run({ canvasId: 'missing' })
    expect(r.error).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringContaining('canvas "missing" (drawn yet? on this page? inside a custom component, pass component)') })
    expect(sim.album).toEqual([])
  })

  it('inside a custom component it needs that component: missing → CANVAS_FAILED saying so; given → saved', async () => {
    const sim = simulate()
    const component = { is: 'components/poster/index' }
    sim.canvas('card', { component })
    const without = await run({ canvasId: 'card' })
    expect(without.error).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringContaining('inside a custom component, pass component') })
    const withIt = await run({ canvasId: 'card', component })
    expect(withIt.error).toBeUndefined()
    expect(sim.album).toHaveLength(1)
  })

  it.each([{ canvasId: '' }, { canvasId: 42 }, { canvasId: 'poster', fileType: 'webp' }, { canvasId: 'poster', quality: 2 }])(
    'refuses %j before any platform call',
    async (source) => {
      const sim = simulate()
      const r = await run(source as unknown as SaveSource)
      expect(['INVALID_SOURCE', 'UNSUPPORTED_FORMAT']).toContain(r.error!.code)
      expect(sim.calls).toEqual([])
    },
  )
})

describe('a video', () => {
  it.each([
    ['MP4', MP4, 'mp4'],
    ['MOV', MOV, 'mov'],
  ])('downloads %s, checks it, names it by its content and saves it to the album as a video', async (_, body, ext) => {
    const sim = simulate()
    sim.server.route(CLIP, { body, contentType: 'video/mp4' })
    const r = await run({ video: CLIP })
    expect(r.error).toBeUndefined()
    expect(r.statuses).toEqual(['authorizing', 'downloading', 'saving', 'saved'])
    expect(sim.calls).toContain('saveVideoToPhotosAlbum')
    expect(sim.calls).not.toContain('saveImageToPhotosAlbum')
    expect(sim.album[0].name).toMatch(new RegExp(`\\.${ext}$`))
    expect(sim.files()).toEqual([])
  })

  it('saves a local video path as it is', async () => {
    const sim = simulate()
    const path = `${USER_DATA_PATH}/recorded.mp4`
    sim.put(path, MP4)
    const r = await run({ video: path })
    expect(r.statuses).toEqual(['authorizing', 'saving', 'saved'])
    expect(sim.album).toHaveLength(1)
    expect(sim.read(path)).toBeDefined()
  })

  it('an HTML body served as a video is UNSUPPORTED_FORMAT, and so is an image', async () => {
    const sim = simulate()
    sim.server.route(CLIP, { body: HTML, contentType: 'video/mp4' })
    expect((await run({ video: CLIP })).error).toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: expect.stringContaining('not an MP4 or MOV video') })
    sim.server.route(CLIP, { body: PNG, contentType: 'video/mp4' })
    expect((await run({ video: CLIP })).error).toMatchObject({ code: 'UNSUPPORTED_FORMAT' })
    expect(sim.album).toEqual([])
    expect(sim.files()).toEqual([])
  })

  it.each([
    ['a HEIC image', HEIC],
    ['an AVIF image', AVIF],
    ['an M4A audio file', M4A],
  ])('%s is an ISO media file but not a video: UNSUPPORTED_FORMAT, never handed to the album', async (_, body) => {
    const sim = simulate()
    sim.server.route(CLIP, { body, contentType: 'video/mp4' })
    const r = await run({ video: CLIP })
    expect(r.error).toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: expect.stringContaining('not an MP4 or MOV video') })
    expect(sim.calls).not.toContain('saveVideoToPhotosAlbum')
    expect(sim.album).toEqual([])
    expect(sim.files()).toEqual([])
  })

  it.each(['mp42', 'avc1', 'iso5', 'M4V ', '3gp5', 'dash'])('a video whose major brand is "%s" is saved as .mp4', async (brand) => {
    const sim = simulate()
    sim.server.route(CLIP, { body: isoMedia(brand), contentType: 'video/mp4' })
    const r = await run({ video: CLIP })
    expect(r.error).toBeUndefined()
    expect(sim.album[0].name).toMatch(/\.mp4$/)
  })

  it('an HTTP 404 is HTTP_STATUS, as for images', async () => {
    const sim = simulate()
    sim.server.route(CLIP, { body: HTML, status: 404 })
    expect((await run({ video: CLIP })).error).toMatchObject({ code: 'HTTP_STATUS', statusCode: 404 })
  })

  it('over maxBytes by its Content-Length: TOO_LARGE, the download stopped there, nothing left', async () => {
    const sim = simulate()
    sim.server.route(CLIP, { body: MP4, contentType: 'video/mp4', delay: 10 })
    const r = await run({ video: CLIP }, { maxBytes: MP4.length - 1 })
    expect(r.error).toMatchObject({ code: 'TOO_LARGE', message: expect.stringContaining(`${MP4.length} bytes, over maxBytes`) })
    await sleep(50)
    expect(sim.openTasks()).toBe(0)
    expect(sim.files()).toEqual([])
    expect(liveTimers()).toBe(0)
    expect(sim.calls).not.toContain('fs.readFile')
  })

  it('over maxBytes with no Content-Length: checked from the file size after download, then removed', async () => {
    const sim = simulate()
    sim.server.route(CLIP, { body: MP4, contentType: 'video/mp4', length: false })
    const r = await run({ video: CLIP }, { maxBytes: MP4.length - 1 })
    expect(r.error).toMatchObject({ code: 'TOO_LARGE' })
    expect(sim.calls).toContain('fs.stat')
    expect(sim.files()).toEqual([])
  })

  it.each([
    ['by its Content-Length', true],
    ['by its size, with no Content-Length', false],
  ])('exactly maxBytes %s: saved', async (_, length) => {
    const sim = simulate()
    sim.server.route(CLIP, { body: MP4, contentType: 'video/mp4', length })
    const r = await run({ video: CLIP }, { maxBytes: MP4.length })
    expect(r.error).toBeUndefined()
    expect(sim.album).toHaveLength(1)
  })

  it('with no Content-Length and a size check that fails: DOWNLOAD_FAILED, naming the read, nothing left', async () => {
    const sim = simulate()
    sim.server.route(CLIP, { body: MP4, contentType: 'video/mp4', length: false })
    sim.fault('fs.stat', { fail: 'stat:fail system error' })
    const r = await run({ video: CLIP })
    expect(r.error).toMatchObject({ code: 'DOWNLOAD_FAILED', message: expect.stringMatching(/Reading the download failed.*system error/) })
    await sleep(10)
    expect([sim.album, sim.files()]).toEqual([[], []])
  })

  it('within maxBytes with no Content-Length: saved after the size check', async () => {
    const sim = simulate()
    sim.server.route(CLIP, { body: MP4, contentType: 'video/mp4', length: false })
    const r = await run({ video: CLIP })
    expect(r.error).toBeUndefined()
    expect(sim.album).toHaveLength(1)
  })

  it.each([{ video: '' }, { video: 42 }, { video: 'data:video/mp4;base64,AAAA' }])('refuses %j before any platform call', async (source) => {
    const sim = simulate()
    expect((await run(source as unknown as SaveSource)).error!.code).toBe('INVALID_SOURCE')
    expect(sim.calls).toEqual([])
  })
})
