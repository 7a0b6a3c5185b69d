/**
 * The demo's grid, canvas-node and video cards in its weapp build, run in plain Node over the
 * simulated WeChat runtime (weapp-host.ts): each button tapped through the page's own event
 * handler, and checked by what reached the simulated album and what the page rendered.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { EXAMPLE, imageKind } from './helpers'
import { launch, type Host, type Sim } from './weapp-host'

// Where the weapp build looks for its assets when TARO_APP_SAMPLE_URL is unset: beside the sample image.
const ASSETS = 'https://img.example.com/taro-save-to-album/'
const GRID_URLS = Array.from({ length: 9 }, (_, i) => `${ASSETS}grid/${i}.png`)
const VIDEO_URL = `${ASSETS}sample.mp4`
const GRID = GRID_URLS.map((_, i) => new Uint8Array(readFileSync(join(EXAMPLE, 'src', 'assets', 'grid', `${i}.png`))))
const MP4 = new Uint8Array(readFileSync(join(EXAMPLE, 'src', 'assets', 'sample.mp4')))

let host: Host | undefined
afterEach(async () => {
  await host?.close()
  host = undefined
})

const serveGrid = (sim: Sim) => GRID_URLS.forEach((url, i) => sim.server.route(url, { body: GRID[i], contentType: 'image/png' }))
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))
/** The tiles whose class list holds `mark` (`saved` or `failed`), as indexes. */
const tilesMarked = (h: Host, mark: string) => GRID_URLS.map((_, i) => i).filter((i) => (h.byId(`grid-${i}`)?.className ?? '').split(/\s+/).includes(mark))
/**
 * Waits until all nine tiles carry a mark. The tiles are the page's own state (set from onItem)
 * and the status is the hook's store: React may commit the batch's end one render before the
 * last tick, so the status alone does not say the grid is drawn.
 */
const gridDrawn = (h: Host) => h.waitFor(() => tilesMarked(h, 'saved').length + tilesMarked(h, 'failed').length === 9, 'every tile marked')

test('save-grid: nine photos into the album in order, with one permission check and a tick per tile as it is saved', async () => {
  host = await launch({ dialog: 'allow' }, serveGrid)
  const { sim } = host
  expect(tilesMarked(host, 'saved')).toEqual([])
  // What the page shows as each album save starts, and after each render.
  const markedAtEachSave: number[][] = []
  sim.onCall = (api) => {
    if (api === 'saveImageToPhotosAlbum') markedAtEachSave.push(tilesMarked(host!, 'saved'))
  }
  const shown: string[] = []
  host.onRender = () => {
    const now = tilesMarked(host!, 'saved').join('')
    if (now && now !== shown[shown.length - 1]) shown.push(now)
  }

  host.tap('save-grid')
  await host.waitText('status', 'saved')
  await gridDrawn(host)

  expect(sim.album).toHaveLength(9)
  sim.album.forEach((entry, i) => {
    expect({ i, same: same(entry.bytes, GRID[i]), png: imageKind(entry.bytes) }).toEqual({ i, same: true, png: 'png' })
    expect(entry.name).toMatch(/\.png$/)
  })
  expect(sim.calls.filter((c) => c === 'getSetting')).toHaveLength(1)
  expect(sim.calls.filter((c) => c === 'authorize').length).toBeLessThanOrEqual(1)
  expect(sim.dialogs).toBe(1)
  expect(sim.requests.filter((r) => r.api === 'downloadFile').map((r) => r.options.url)).toEqual(GRID_URLS)
  // A tile is never marked before its photo is in the album: at the k-th save, at most the k before it.
  markedAtEachSave.forEach((marked, k) => expect({ k, marked }).toEqual({ k, marked: Array.from({ length: marked.length }, (_, i) => i) }))
  markedAtEachSave.forEach((marked, k) => expect(marked.length).toBeLessThanOrEqual(k))
  // And the ticks came tile by tile, in order, while the batch ran (a render may carry two at once).
  expect(shown.every((s, i) => '012345678'.startsWith(s) && (i === 0 || s.length > shown[i - 1].length))).toBe(true)
  expect(shown.length).toBeGreaterThanOrEqual(5)
  expect(shown[shown.length - 1]).toBe('012345678')
  expect(tilesMarked(host, 'saved')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
  expect(host.byId('grid-0')?.children.some((c) => c.tag === 'text' && host!.textOf(c) === '✓')).toBe(true)
  expect(sim.files()).toEqual([])
})

test('save-grid with a 404 in the middle: that tile is marked failed, the other eight are saved, and the status names the failure', async () => {
  host = await launch({ dialog: 'allow' }, (sim) => {
    serveGrid(sim)
    sim.server.route(GRID_URLS[4], { status: 404, body: '<!doctype html><h1>Not Found</h1>', contentType: 'text/html' })
  })
  host.tap('save-grid')
  await host.waitText('status', 'failed HTTP_STATUS')
  await gridDrawn(host)
  expect(host.sim.album.map((e) => GRID.findIndex((g) => same(g, e.bytes)))).toEqual([0, 1, 2, 3, 5, 6, 7, 8])
  expect(tilesMarked(host, 'saved')).toEqual([0, 1, 2, 3, 5, 6, 7, 8])
  expect(tilesMarked(host, 'failed')).toEqual([4])
  expect(host.sim.files()).toEqual([])
})

test('save-canvas-node: the drawn Canvas 2d node goes to canvasToTempFilePath as it is, no base64 written', async () => {
  host = await launch({ dialog: 'allow' })
  const { sim, canvas } = host
  host.tap('save-canvas-node')
  await host.waitText('status', 'saved')
  const exports = sim.requests.filter((r) => r.api === 'canvasToTempFilePath')
  expect(exports).toHaveLength(1)
  // The very node createSelectorQuery handed out, redrawn for this save, exported as PNG.
  expect(exports[0].options.canvas).toBe(canvas)
  expect(exports[0].options.fileType).toBe('png')
  expect(canvas.ops).toContainEqual(['fillText', '海报 Poster', 36, 24])
  expect(sim.album).toHaveLength(1)
  expect(imageKind(sim.album[0].bytes)).toBe('png')
  expect(sim.album[0].name).toMatch(/\.png$/)
  expect(sim.calls).not.toContain('fs.writeFile')
  expect(sim.calls).not.toContain('downloadFile')
  expect(sim.calls.indexOf('canvasToTempFilePath')).toBeLessThan(sim.calls.indexOf('saveImageToPhotosAlbum'))
})

test('save-video: the clip is downloaded, sniffed as MP4 and saved with saveVideoToPhotosAlbum', async () => {
  host = await launch({ dialog: 'allow' }, (sim) => sim.server.route(VIDEO_URL, { body: MP4, contentType: 'video/mp4' }))
  const { sim } = host
  host.tap('save-video')
  await host.waitText('status', 'saved')
  expect(sim.album).toHaveLength(1)
  expect(same(sim.album[0].bytes, MP4)).toBe(true)
  expect(sim.album[0].name).toMatch(/\.mp4$/)
  expect(sim.calls).toContain('saveVideoToPhotosAlbum')
  expect(sim.calls).not.toContain('saveImageToPhotosAlbum')
  expect(sim.requests.find((r) => r.api === 'downloadFile')?.options.url).toBe(VIDEO_URL)
  expect(sim.authSetting['scope.writePhotosAlbum']).toBe(true)
  expect(sim.files()).toEqual([])
})

test('save-video when the server answers with a web page: failed UNSUPPORTED_FORMAT, nothing in the album', async () => {
  host = await launch({ dialog: 'allow' }, (sim) =>
    sim.server.route(VIDEO_URL, { body: '<!doctype html><title>Welcome</title>', contentType: 'text/html' }),
  )
  host.tap('save-video')
  await host.waitText('status', 'failed UNSUPPORTED_FORMAT')
  expect(host.sim.album).toHaveLength(0)
  expect(host.sim.calls).not.toContain('saveVideoToPhotosAlbum')
  expect(host.sim.files()).toEqual([])
})
