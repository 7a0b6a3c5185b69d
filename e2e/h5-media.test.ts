/**
 * The demo's newer cards in a real browser (Debian's Chromium through playwright-core), each
 * tapped as a person would and checked by what the browser received: nine photos in one tap
 * (`#save-grid`), the poster saved as its Canvas 2d node (`#save-canvas-node`), the clip
 * (`#save-video`), and the package's `SaveToAlbumButton` (`#album-button`). A browser has no
 * album: "saved" is a download (or a share sheet) of exactly the served bytes.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { close, DESKTOP, expectStatus, expectText, launchChromium, objectUrls, objectUrlsLater, opener, PHONE, stubShare, tapAndDownload, textOf, tileClasses, waitDownloads, watchDownloads, WECHAT_UA } from './browser'
import { ARTIFACTS, DOCS_IMAGES, imageKind, pngSize } from './helpers'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServer, SAMPLE_IMAGE, SAMPLE_VIDEO, GRID_IMAGES } = require('../scripts/static-server.cjs')

let server: { url: string; close(): Promise<void> }
let browser: Browser
const pageErrors: string[] = []
const sample = readFileSync(SAMPLE_IMAGE)
const video = readFileSync(SAMPLE_VIDEO)
const grid: Buffer[] = (GRID_IMAGES as string[]).map((file) => readFileSync(file))

beforeAll(async () => {
  browser = await launchChromium()
  server = await startServer({ port: 0 })
}, 60_000)

afterAll(async () => {
  await browser?.close().catch(() => {})
  await server?.close()
})

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([])
})

const open = opener(() => browser, () => server.url, pageErrors)

test('the nine grid photos, the clip and the served assets are distinct real files', () => {
  for (const png of grid) expect(imageKind(png)).toBe('png')
  expect(new Set(grid.map((b) => b.toString('base64'))).size).toBe(9)
  expect(grid.map((b) => pngSize(b))).toEqual(Array(9).fill({ width: 96, height: 96 }))
  // An ISO media file: ftyp (brand isom), then the index, then the samples.
  expect(video.subarray(4, 12).toString('latin1')).toBe('ftypisom')
  expect(video.includes(Buffer.from('moov'))).toBe(true)
  expect(video.includes(Buffer.from('avcC'))).toBe(true)
  expect(video.length).toBeLessThan(16 * 1024)
})

describe('a desktop browser: real downloads', () => {
  let page: Page
  beforeAll(async () => {
    page = await open(DESKTOP)
  }, 30_000)
  afterAll(() => close(page))

  test('the new cards render with the ids the tests rely on, the tiles unmarked', async () => {
    for (const id of ['save-grid', 'save-canvas-node', 'save-video', 'album-button', 'album-status', ...grid.map((_, i) => `grid-${i}`)]) {
      await expect(page.locator(`#${id}`).count()).resolves.toBe(1)
    }
    expect(await tileClasses(page)).toEqual(Array(9).fill([]))
    // No privacy sheet in a browser: Taro's H5 privacy APIs are stubs, nothing ever waits on it.
    expect(await page.locator('#privacy-sheet, #privacy-agree').count()).toBe(0)
  })

  test('the clip is a video the browser plays: 64×32, two seconds', async () => {
    const clip = await page.waitForFunction(() => {
      const v = document.querySelector('#clip video') as HTMLVideoElement | null
      return v && v.readyState >= 2 && { width: v.videoWidth, height: v.videoHeight, duration: v.duration, src: v.currentSrc }
    })
    expect(await clip.jsonValue()).toEqual({ width: 64, height: 32, duration: 2, src: `${server.url}sample.mp4` })
  })

  test('save-canvas-node: the poster node, exported by the canvas itself, as a PNG of its size', async () => {
    const size = await page.evaluate(() => {
      const c = document.querySelector('#poster canvas') as HTMLCanvasElement
      return { width: c.width, height: c.height }
    })
    const { download, bytes } = await tapAndDownload(page, '#save-canvas-node')
    expect(imageKind(bytes)).toBe('png')
    // 300×200 CSS px at devicePixelRatio 2, and drawn on (a blank canvas compresses to a few hundred bytes).
    expect(size).toEqual({ width: 600, height: 400 })
    expect(pngSize(bytes)).toEqual(size)
    expect(bytes.length).toBeGreaterThan(5_000)
    expect(download.suggestedFilename()).toMatch(/^canvas-.+\.png$/)
    await expectStatus(page, 'saved')
  })

  test('save-video: the served MP4, byte for byte, as an .mp4 download', async () => {
    const { download, bytes } = await tapAndDownload(page, '#save-video')
    expect(bytes.equals(video)).toBe(true)
    expect(download.suggestedFilename()).toMatch(/\.mp4$/)
    await expectStatus(page, 'saved')
    expect(await textOf(page, '#via')).toBe('download')
  })

  test('album-button: a plain button in a browser; a tap downloads the image and it reads saved', async () => {
    const button = page.locator('#album-button')
    expect(await button.evaluate((el) => el.getAttribute('open-type'))).toBeNull()
    expect(await textOf(page, '#album-button')).toBe('保存到相册')
    const { bytes } = await tapAndDownload(page, '#album-button')
    expect(bytes.equals(sample)).toBe(true)
    await expectText(page, 'saved', '#album-status')
    await expectText(page, '已保存', '#album-button')
  })
})

// On a page of its own: right after a page made many downloads, Chromium silently drops a download
// that follows another within about half a second (its guard against download floods), while the
// page itself sees nothing different.
test('save-grid: one tap, nine downloads in order, each tile marked saved as its photo is', async () => {
  const page = await open(DESKTOP)
  const downloads = watchDownloads(page)
  // Which tiles are marked, each time a tile's class changes.
  await page.evaluate(() => {
    const w = window as any
    w.__marked = []
    const tiles = Array.from({ length: 9 }, (_, i) => document.getElementById(`grid-${i}`)!)
    new MutationObserver(() => w.__marked.push(tiles.map((t, i) => (t.classList.contains('saved') ? i : -1)).filter((i) => i >= 0).join(''))).observe(
      tiles[0].parentElement!,
      { attributes: true, attributeFilter: ['class'], subtree: true },
    )
  })
  await page.click('#save-grid')
  await waitDownloads(page, downloads, 9)
  await expectStatus(page, 'saved')
  // The ticks are the page's own state, the status the hook's store: React may commit the status
  // one render before the last tick (e2e/weapp-media.test.ts saw it), so wait for the grid.
  await page.waitForFunction(() => document.querySelectorAll('.grid-item.saved, .grid-item.failed').length === 9, null, { timeout: 5_000 })
  for (const [i, d] of downloads.entries()) {
    expect(await d.failure()).toBeNull()
    const bytes = readFileSync(await d.path())
    expect({ i, same: bytes.equals(grid[i]) }).toEqual({ i, same: true })
    expect(d.suggestedFilename()).toMatch(/\.png$/)
  }
  expect(await tileClasses(page)).toEqual(Array(9).fill(['saved']))
  // The marks came one by one, in order, each as its photo was saved (not all at the end).
  const marked: string[] = await page.evaluate(() => (window as any).__marked)
  expect([...new Set(marked.filter(Boolean))]).toEqual(['0', '01', '012', '0123', '01234', '012345', '0123456', '01234567', '012345678'])
  expect(await textOf(page, '#via')).toBe('download')
  // Each stays readable 40 s after its click, then goes, with one timer for all nine.
  expect(await objectUrls(page)).toEqual({ created: 9, live: 9 })
  expect(await objectUrlsLater(page)).toEqual({ created: 9, live: 0 })

  mkdirSync(ARTIFACTS, { recursive: true })
  await page.locator('#save-grid').scrollIntoViewIfNeeded()
  await page.screenshot({ path: join(ARTIFACTS, 'h5-grid-saved.png'), fullPage: true })
  await close(page)
})

test('a phone whose browser shares files: save-video hands the MP4 to the share sheet, as video/mp4', async () => {
  const page = await open(PHONE, '', [stubShare])
  const downloads = watchDownloads(page)
  await page.tap('#save-video')
  await expectStatus(page, 'saved')
  expect(await textOf(page, '#via')).toBe('share')
  const shared = await page.evaluate(() => (window as any).__shared)
  expect(shared).toHaveLength(1)
  const [file] = shared[0].files
  expect(file.type).toBe('video/mp4')
  expect(file.name).toMatch(/\.mp4$/)
  expect(Buffer.from(file.bytes).equals(video)).toBe(true)
  expect(downloads).toEqual([])
  await close(page)
})

// WeChat's browser ignores downloads: each photo is shown to long-press. An overlay per photo
// closed the one before, so the person could keep only the last; one overlay now holds all nine.
test('save-grid in WeChat\'s browser: one overlay holding the nine photos in order, each to long-press, scrolled to the last', async () => {
  const page = await open({ ...PHONE, userAgent: WECHAT_UA })
  const downloads = watchDownloads(page)
  await page.tap('#save-grid')
  await expectStatus(page, 'saved')
  await page.waitForFunction(() => document.querySelectorAll('.grid-item.saved').length === 9, null, { timeout: 5_000 })
  expect(await textOf(page, '#via')).toBe('long-press')
  const overlays = page.locator('[data-save-to-album="long-press"]')
  expect(await overlays.count()).toBe(1)
  await expect(overlays.innerText()).resolves.toContain('长按图片保存 / Long-press the image to save')
  // What the docs show of a batch in WeChat's browser: the overlay as it opens.
  mkdirSync(DOCS_IMAGES, { recursive: true })
  await page.screenshot({ path: join(DOCS_IMAGES, 'long-press-grid.png') })
  const images: { src: string; width: number }[] = await page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-save-to-album] img') as NodeListOf<HTMLImageElement>).map((img) => ({ src: img.src, width: img.naturalWidth })),
  )
  expect(images.map((img, i) => ({ i, decoded: img.width > 0, same: Buffer.from(img.src.split(',')[1], 'base64').equals(grid[i]) }))).toEqual(
    grid.map((_, i) => ({ i, decoded: true, same: true })),
  )
  // Nine photos outgrow the screen: the overlay scrolls, and the last one can be reached and pressed.
  const scroll = await page.evaluate(() => {
    const o = document.querySelector('[data-save-to-album]') as HTMLElement
    const last = o.querySelectorAll('img')[8]
    last.scrollIntoView({ block: 'center' })
    const r = last.getBoundingClientRect()
    return { scrolls: o.scrollHeight > o.clientHeight, top: o.scrollTop, onTop: document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === last }
  })
  expect(scroll).toEqual({ scrolls: true, top: expect.any(Number), onTop: true })
  expect(scroll.top).toBeGreaterThan(0)
  mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: join(ARTIFACTS, 'h5-wechat-grid.png') })

  await page.tap('[data-save-to-album] img')
  await overlays.waitFor({ state: 'detached' })
  expect(await objectUrls(page)).toEqual({ created: 0, live: 0 })
  expect(downloads).toEqual([])
  await close(page)
})

test('save-grid on a phone whose browser shares files: one share sheet with the nine photos, in order', async () => {
  const page = await open(PHONE, '', [stubShare])
  const downloads = watchDownloads(page)
  await page.tap('#save-grid')
  await expectStatus(page, 'saved')
  await page.waitForFunction(() => document.querySelectorAll('.grid-item.saved').length === 9, null, { timeout: 5_000 })
  expect(await textOf(page, '#via')).toBe('share')
  const shared: { files: { name: string; type: string; bytes: number[] }[] }[] = await page.evaluate(() => (window as any).__shared)
  expect(shared).toHaveLength(1)
  expect(shared[0].files.map((f, i) => ({ i, type: f.type, png: /\.png$/.test(f.name), same: Buffer.from(f.bytes).equals(grid[i]) }))).toEqual(
    grid.map((_, i) => ({ i, type: 'image/png', png: true, same: true })),
  )
  expect(downloads).toEqual([])
  expect(await objectUrls(page)).toEqual({ created: 0, live: 0 })
  await close(page)
})
