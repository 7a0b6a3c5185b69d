/**
 * HarmonyOS `harmony-hybrid`: the package over the plugin's REAL API layer
 * (`@tarojs/plugin-platform-harmony-hybrid`, what `@tarojs/taro` is in that build) and a simulated
 * shell behind `window.MethodChannel` (`runtime/harmony.ts`): the behaviour-table rows that apply
 * to a target whose files can be written only through downloadFile and never removed.
 */
import { loadPlatform, runSave as run } from './runtime/setup'
import { JPEG, JPEG_B64, HTML, MOV, MP4, PNG, PNG_B64 } from './runtime/images'
import type { HarmonySim } from './runtime/harmony'

const URL = 'https://cdn.test/poster.png'
const DATA_URL = `data:image/png;base64,${PNG_B64}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))


const load = (options: Parameters<typeof loadPlatform>[1] = {}) => loadPlatform('harmony-hybrid', options) as ReturnType<typeof loadPlatform> & { sim: HarmonySim }

async function settle(sim: HarmonySim) {
  for (let i = 0; i < 200 && sim.pending() > 0; i++) await sleep(5)
  await sleep(10)
}

/** The files the package left in the user folder (nothing on this target can remove them). */
const written = (sim: HarmonySim) => sim.files()

// The first load sends the plugin and its dependencies (lodash-es, query-string…) through babel:
// seconds on a cold cache (a fresh clone, Stryker's sandbox), which no save should be timed with.
beforeAll(() => void load(), 60_000)

describe('harmony-hybrid: the behaviour table', () => {
  it('a URL is fetched in the WebView without cookies, written by native, checked and saved; authorize is never called', async () => {
    const { sim, lib, dir } = load()
    sim.server.route(URL, { body: PNG, contentType: 'image/png' })
    const r = await run(lib, URL, { keepFile: true })
    expect(r.error).toBeUndefined()
    expect(r.statuses).toEqual(['authorizing', 'downloading', 'saving', 'saved'])
    expect(sim.album).toHaveLength(1)
    expect(same(sim.album[0].bytes, PNG)).toBe(true)
    expect(sim.album[0].name).toMatch(/\.png$/)
    expect(r.progress.filter((p) => p > 0 && p < 1).length).toBeGreaterThan(0)
    expect(r.progress[r.progress.length - 1]).toBe(1)
    expect(sim.calls).toEqual(['getSetting', 'saveDataUrlToFile', 'fs.readFile', 'saveImageToPhotosAlbum'])
    expect(sim.requests.find((q) => q.api === 'xhr')!.options).toEqual({ url: URL, withCredentials: false })
    // Named after the URL, so no copy was needed; the file stays (nothing removes files here).
    expect(r.value!.filePath).toMatch(new RegExp(`^${dir}/album-.*\\.png$`))
    await settle(sim)
    expect(written(sim)).toEqual([r.value!.filePath])
    expect(sim.dialogs).toBe(1)
  })

  it('a download whose bytes are not what its URL says is copied under its real extension', async () => {
    const { sim, lib } = load()
    sim.server.route(URL, { body: JPEG, contentType: 'image/jpeg' })
    const r = await run(lib, URL)
    expect(r.error).toBeUndefined()
    expect(sim.album[0].name).toMatch(/\.jpg$/)
    expect(same(sim.album[0].bytes, JPEG)).toBe(true)
    await settle(sim)
    // Named by native saveFile (the file manager's rename never answers on this target): the
    // download (.png) and its copy (.jpg), whose bytes never crossed the bridge again.
    expect(written(sim).map((p) => p.slice(p.lastIndexOf('.')))).toEqual(['.png', '.jpg'])
    expect(sim.calls).toEqual(['getSetting', 'saveDataUrlToFile', 'fs.readFile', 'saveFile', 'saveImageToPhotosAlbum'])
  })

  it('a data URL becomes a file through downloadFile (writeFile never answers here), and is saved', async () => {
    const { sim, lib, dir } = load()
    const r = await run(lib, DATA_URL)
    expect(r.error).toBeUndefined()
    expect(r.statuses).toEqual(['authorizing', 'writing', 'saving', 'saved'])
    expect(same(sim.album[0].bytes, PNG)).toBe(true)
    const write = sim.requests.find((q) => q.api === 'saveDataUrlToFile')!.options
    expect(write.filePath).toMatch(new RegExp(`^${dir}/album-.*\\.png$`))
    // What reaches the album is a file, never the data URL itself.
    expect(sim.requests.find((q) => q.api === 'saveImageToPhotosAlbum')!.options.filePath).toBe(write.filePath)
  })

  it('{ base64 } is saved with the extension of its real content', async () => {
    const { sim, lib } = load()
    const r = await run(lib, { base64: JPEG_B64, format: 'jpg' })
    expect(r.error).toBeUndefined()
    expect(sim.album[0].name).toMatch(/\.jpg$/)
    expect(same(sim.album[0].bytes, JPEG)).toBe(true)
  })

  it('a local file in internal://files is saved as it is, alone and in a saveAll batch', async () => {
    const { sim, lib, dir } = load()
    sim.put(`${dir}/chosen.jpg`, JPEG)
    const r = await run(lib, `${dir}/chosen.jpg`)
    // The app's own file: not the package's to name back (no keepFile), nor to remove.
    expect(r.value).toEqual({})
    // A batch of local files only: its one permission check is made by its first valid item.
    const batch = await Promise.race([lib.saveAll([`${dir}/chosen.jpg`], { timeout: 2000 }), sleep(1500).then(() => 'stuck')])
    expect(batch).toEqual([{ ok: true }])
    expect(sim.album).toHaveLength(2)
  })

  it('a Canvas type="2d" node is exported with its own toDataURL, written to a file and saved', async () => {
    const { sim, lib, dir } = load()
    const node = sim.canvas('poster')
    const r = await run(lib, { canvas: node, fileType: 'jpg' })
    expect(r.error).toBeUndefined()
    expect(same(sim.album[0].bytes, JPEG)).toBe(true)
    expect(sim.requests.find((q) => q.api === 'saveImageToPhotosAlbum')!.options.filePath).toMatch(new RegExp(`^${dir}/canvas-.*\\.jpg$`))
  })

  it('a canvas id finds the <canvas canvas-id> Taro renders on the page', async () => {
    const { sim, lib } = load()
    const element = document.createElement('canvas')
    element.setAttribute('canvas-id', 'poster')
    element.toDataURL = () => `data:image/png;base64,${PNG_B64}`
    document.body.appendChild(element)
    try {
      const r = await run(lib, { canvasId: 'poster' })
      expect(r.error).toBeUndefined()
      expect(same(sim.album[0].bytes, PNG)).toBe(true)
      const missing = await run(lib, { canvasId: 'nowhere' })
      expect(missing.error).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringContaining('No such canvas') })
    } finally {
      element.remove()
    }
  })

  it('Taro\'s <Canvas> element passed as the node: the <canvas> inside it is exported, as PNG unless jpg is asked', async () => {
    const { sim, lib } = load()
    const component = document.createElement('taro-canvas-core')
    const element = document.createElement('canvas')
    // As a browser's canvas: the type asked for, PNG by default.
    element.toDataURL = (type?: string) => (type === 'image/jpeg' ? `data:image/jpeg;base64,${JPEG_B64}` : `data:image/png;base64,${PNG_B64}`)
    component.appendChild(element)
    const r = await run(lib, { canvas: component })
    expect(r.error).toBeUndefined()
    expect(sim.album[0].name).toMatch(/\.png$/)
    expect(same(sim.album[0].bytes, PNG)).toBe(true)
  })

  it('a blank canvas ends CANVAS_FAILED without a write, saying the canvas gave no image', async () => {
    const { sim, lib } = load()
    const r = await run(lib, { canvas: sim.canvas('blank', { drawn: false }) })
    expect(r.error).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringContaining('gave no image') })
    expect(sim.calls).not.toContain('saveDataUrlToFile')
    expect(sim.album).toEqual([])
  })

  it.each([
    ['mp4', MP4, 'video/mp4'],
    ['mov', MOV, 'video/quicktime'],
  ] as const)('a %s video URL is downloaded, checked and saved with saveVideoToPhotosAlbum', async (ext, body, contentType) => {
    const { sim, lib } = load()
    const url = `https://cdn.test/clip.${ext}`
    sim.server.route(url, { body, contentType })
    const r = await run(lib, { video: url })
    expect(r.error).toBeUndefined()
    expect(sim.calls).toContain('saveVideoToPhotosAlbum')
    expect(sim.album[0].name).toMatch(new RegExp(`\\.${ext}$`))
    expect(same(sim.album[0].bytes, body)).toBe(true)
  })

  /** The file-manager reads of a run: only the 12 bytes the format is told by, never a whole file over the bridge. */
  const reads = (sim: HarmonySim) => sim.requests.filter((q) => q.api === 'fs.readFile').map((q) => q.options.length)

  it('a video without a Content-Length: its size comes from native getFileInfo, the video never read over the bridge', async () => {
    const { sim, lib } = load()
    sim.server.route('https://cdn.test/clip.mp4', { body: MP4, contentType: 'video/mp4', length: false })
    const big = await run(lib, { video: 'https://cdn.test/clip.mp4' }, { maxBytes: MP4.length - 1 })
    expect(big.error).toMatchObject({ code: 'TOO_LARGE' })
    expect(sim.calls).toContain('getFileInfo')
    expect(reads(sim)).toEqual([12])
    const ok = await run(lib, { video: 'https://cdn.test/clip.mp4' }, { maxBytes: MP4.length })
    expect(ok.error).toBeUndefined()
    expect(same(sim.album[0].bytes, MP4)).toBe(true)
    expect(reads(sim)).toEqual([12, 12])
  })

  it('a video URL without an extension is named .mp4 by native saveFile: written once over the bridge, never read back whole', async () => {
    const { sim, lib, dir } = load()
    sim.server.route('https://cdn.test/clip', { body: MP4, contentType: 'video/mp4' })
    const r = await run(lib, { video: 'https://cdn.test/clip' }, { keepFile: true })
    expect(r.error).toBeUndefined()
    expect(sim.album[0].name).toMatch(/\.mp4$/)
    expect(same(sim.album[0].bytes, MP4)).toBe(true)
    expect(sim.calls.filter((c) => c === 'saveDataUrlToFile')).toHaveLength(1)
    expect(reads(sim)).toEqual([12])
    const saved = sim.requests.find((q) => q.api === 'saveFile')!.options
    expect(saved.filePath).toMatch(new RegExp(`^${dir}/album-.*\\.mp4$`))
    expect(r.value!.filePath).toBe(saved.filePath)
  })

  /** A shell whose native `api` answers with `res` changed (their native side is not public). */
  const answering = (sim: HarmonySim, api: string, change: (res: Record<string, unknown>) => object) => {
    const native = sim.native[api]
    sim.native[api] = (o: { success: (res: object) => void }) => native({ ...o, success: (res: Record<string, unknown>) => o.success(change(res)) })
  }

  it.each([
    ['getFileInfo fails', { video: 'https://cdn.test/clip.mp4' }, (sim: HarmonySim) => sim.fault('getFileInfo', { fail: 'not supported' })],
    ['getFileInfo answers no size', { video: 'https://cdn.test/clip.mp4' }, (sim: HarmonySim) => answering(sim, 'getFileInfo', ({ size, ...res }) => res)],
    ['saveFile fails', { video: 'https://cdn.test/clip' }, (sim: HarmonySim) => sim.fault('saveFile', { fail: 'not supported' })],
    ['saveFile answers no savedFilePath', { video: 'https://cdn.test/clip' }, (sim: HarmonySim) => answering(sim, 'saveFile', ({ savedFilePath, ...res }) => res)],
    [
      'saveFile names the copy itself',
      { video: 'https://cdn.test/clip' },
      (sim: HarmonySim) => {
        const native = sim.native.saveFile
        sim.native.saveFile = (o: object) => native({ ...o, filePath: undefined })
      },
    ],
  ] as const)('a shell whose %s: the bytes are read (and copied) over the bridge as before, maxBytes still holds, and the video is saved', async (_, source, shell) => {
    const { sim, lib } = load()
    sim.server.route(source.video, { body: MP4, contentType: 'video/mp4', length: false })
    shell(sim)
    expect((await run(lib, source, { maxBytes: MP4.length - 1 })).error).toMatchObject({ code: 'TOO_LARGE' })
    const r = await run(lib, source)
    expect(r.error).toBeUndefined()
    expect(sim.album[0].name).toMatch(/\.mp4$/)
    expect(same(sim.album[0].bytes, MP4)).toBe(true)
    expect(reads(sim)).toContain(undefined)
  })

  it('an HTTP 404 (which downloadFile reports as a success) ends HTTP_STATUS, nothing saved', async () => {
    const { sim, lib } = load()
    sim.server.route(URL, { body: HTML, contentType: 'text/html', status: 404 })
    const r = await run(lib, URL)
    expect(r.error).toMatchObject({ code: 'HTTP_STATUS', statusCode: 404 })
    expect(sim.album).toEqual([])
  })

  it('an HTML page served 200 ends UNSUPPORTED_FORMAT, nothing saved', async () => {
    const { sim, lib } = load()
    sim.server.route(URL, { body: HTML, contentType: 'text/html' })
    expect((await run(lib, URL)).error).toMatchObject({ code: 'UNSUPPORTED_FORMAT' })
    expect(sim.album).toEqual([])
  })

  it.each([
    ['no message (Chromium)', undefined],
    ['an empty message', ''],
  ])('a cross-origin server without CORS headers, its error event with %s, ends DOWNLOAD_FAILED saying so', async (_, errorMessage) => {
    const { sim, lib } = load()
    sim.server.route(URL, { body: PNG, contentType: 'image/png', cors: false, errorMessage })
    const r = await run(lib, URL)
    expect(r.error).toMatchObject({ code: 'DOWNLOAD_FAILED', message: expect.stringContaining('CORS') })
    expect(sim.calls).not.toContain('saveDataUrlToFile')
  })

  it('a full file storage ends WRITE_FAILED, in the shell\'s words; nothing is written or saved', async () => {
    const { sim, lib } = load({ quota: PNG.length - 1 })
    sim.server.route(URL, { body: PNG, contentType: 'image/png' })
    const r = await run(lib, URL)
    expect(r.error).toMatchObject({ code: 'WRITE_FAILED', cause: { errMsg: expect.stringContaining('storage limit') } })
    expect(written(sim)).toEqual([])
    expect(sim.album).toEqual([])
  })

  it.each([
    ['getSetting', DATA_URL, 'getSetting'],
    ['downloadFile', URL, 'downloadFile'],
    ['getFileSystemManager', URL, 'readFile'],
    ['saveImageToPhotosAlbum', DATA_URL, 'saveImageToPhotosAlbum'],
    ['saveVideoToPhotosAlbum', { video: 'https://cdn.test/clip.mp4' }, 'saveVideoToPhotosAlbum'],
  ] as const)('a plugin without %s ends UNSUPPORTED_PLATFORM naming what is missing; nothing saved', async (api, source, named) => {
    const { sim, lib } = load({ pluginWithout: [api] })
    sim.server.route(URL, { body: PNG, contentType: 'image/png' })
    sim.server.route('https://cdn.test/clip.mp4', { body: MP4, contentType: 'video/mp4' })
    const r = await run(lib, source)
    expect(r.error).toMatchObject({ code: 'UNSUPPORTED_PLATFORM', message: expect.stringContaining(`${named}() is not available on harmony-hybrid`) })
    expect(r.statuses[r.statuses.length - 1]).toBe('failed')
    expect(sim.album).toEqual([])
  })

  it('a plugin without env writes into internal://files all the same', async () => {
    const { sim, lib } = load({ pluginWithout: ['env'] })
    const r = await run(lib, DATA_URL, { keepFile: true })
    expect(r.error).toBeUndefined()
    expect(r.value!.filePath).toMatch(/^internal:\/\/files\/album-.*\.png$/)
    expect(written(sim)).toEqual([r.value!.filePath])
  })

  it('a refusal in the save\'s own dialog ends denied (AUTH_DENIED); the next save fails at getSetting without asking again', async () => {
    const { sim, lib } = load({ dialog: 'deny' })
    const first = await run(lib, DATA_URL)
    expect(first.error).toMatchObject({ code: 'AUTH_DENIED', cause: { errMsg: expect.stringContaining('auth deny') } })
    expect(first.statuses[first.statuses.length - 1]).toBe('denied')
    const calls = sim.calls.length
    const second = await run(lib, DATA_URL)
    expect(second.error).toMatchObject({ code: 'AUTH_DENIED' })
    expect(sim.calls.slice(calls)).toEqual(['getSetting'])
    expect(sim.dialogs).toBe(1)
  })

  it('a cancelled sheet ends idle (CANCELLED)', async () => {
    const { lib } = load({ sheet: 'cancel' })
    const r = await run(lib, DATA_URL)
    expect(r.error).toMatchObject({ code: 'CANCELLED' })
    expect(r.statuses[r.statuses.length - 1]).toBe('idle')
  })

  it('openSetting (from a tap) answers whether the album is on afterwards, through callbacks', async () => {
    const { sim, lib } = load({ dialog: 'deny' })
    await run(lib, DATA_URL)
    const controller = lib.createSaveController()
    sim.settings.answer = 'off'
    await expect(sim.tap(() => controller.openSetting())).resolves.toBe(false)
    sim.settings.answer = 'on'
    await expect(sim.tap(() => controller.openSetting())).resolves.toBe(true)
    expect(sim.calls).toContain('openSetting')
    expect((await run(lib, DATA_URL)).error).toBeUndefined()
  })

  it('abort during the download stops the XHR; nothing is written or saved', async () => {
    const { sim, lib } = load()
    sim.server.route(URL, { body: PNG, contentType: 'image/png', delay: 50 })
    const ctl = new AbortController()
    const pending = run(lib, URL, { signal: ctl.signal })
    await sleep(20)
    ctl.abort()
    const r = await pending
    expect(r.error).toMatchObject({ code: 'ABORTED' })
    await sleep(200)
    expect(sim.calls).not.toContain('saveDataUrlToFile')
    expect(sim.album).toEqual([])
  })

  it('an album save the shell never answers ends TIMEOUT once the scope was granted (the save is timed then)', async () => {
    const { sim, lib } = load()
    sim.authSetting[sim.scope] = true
    sim.fault('saveImageToPhotosAlbum', 'silent')
    const r = await run(lib, DATA_URL, { timeout: 100 })
    expect(r.error).toMatchObject({ code: 'TIMEOUT' })
  })
})
