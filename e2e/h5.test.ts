/**
 * The demo's H5 build in a real browser: served on 127.0.0.1, driven by playwright-core in
 * Debian's Chromium (apt-get install -y chromium fonts-noto-cjk). Each way a browser hands the
 * file over is checked where it happens: a real download on a desktop, the Web Share API on a
 * touch screen (navigator.share stubbed in the page: headless Chromium on Linux has none), the
 * long-press overlay in WeChat's in-app browser (its user agent), and a cross-origin image
 * without CORS, served by a second server on another port (another origin).
 *
 * The demo's hooks: `?src=<url>` picks the image the server-image card saves, `?canvas=node|id`
 * saves the poster through its Canvas node or its canvasId instead of a data URL; `#via` shows
 * how the file was handed over, `#error` the error's message.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { close, DESKTOP, expectStatus, launchChromium, objectUrls, objectUrlsLater, opener, PHONE, stubShare, tapAndDownload, textOf, watchDownloads, WECHAT_UA } from './browser'
import { ARTIFACTS, bundledPackages, DOCS_IMAGES, EXAMPLE, imageKind, pngSize } from './helpers'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServer, SAMPLE_IMAGE } = require('../scripts/static-server.cjs')

let server: { url: string; close(): Promise<void> }
let other: { url: string; close(): Promise<void> }
let browser: Browser
const pageErrors: string[] = []
const sample = readFileSync(SAMPLE_IMAGE)

beforeAll(async () => {
  browser = await launchChromium()
  server = await startServer({ port: 0 })
  // Another port is another origin, and this server sends no CORS headers.
  other = await startServer({ port: 0 })
}, 60_000)

afterAll(async () => {
  await browser?.close().catch(() => {})
  await server?.close()
  await other?.close()
})

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([])
})

const open = opener(() => browser, () => server.url, pageErrors)

test('the bundle holds one React and one Taro runtime, from example/node_modules', () => {
  const { copies, outside } = bundledPackages('h5')
  const nm = join(EXAMPLE, 'node_modules')
  expect(copies['react']).toEqual([join(nm, 'react')])
  expect(copies['react-dom'] ?? [join(nm, 'react-dom')]).toEqual([join(nm, 'react-dom')])
  for (const name of ['@tarojs/runtime', '@tarojs/shared', '@tarojs/taro-h5']) {
    expect({ name, dirs: copies[name] }).toEqual({ name, dirs: [join(nm, name)] })
  }
  // Nothing comes from the repository root except the package's own build.
  expect(outside.length).toBeGreaterThan(0)
  for (const m of outside) expect(m).toMatch(new RegExp(`^${join(EXAMPLE, '..', 'dist')}/`))
})

describe('a desktop browser: a real download', () => {
  let page: Page
  beforeAll(async () => {
    page = await open(DESKTOP)
  }, 30_000)
  afterAll(() => close(page))

  test('the page renders with the ids the tests rely on, in idle', async () => {
    for (const id of ['save-url', 'save-canvas', 'status']) {
      await expect(page.locator(`#${id}`).count()).resolves.toBe(1)
    }
    expect(await textOf(page, '#status')).toBe('idle')
    // The poster is drawn at run time on the Canvas 2d.
    await page.waitForFunction(() => {
      const c = document.querySelector('#poster canvas') as HTMLCanvasElement | null
      if (!c || !c.width) return false
      const px = c.getContext('2d')!.getImageData(5, 5, 1, 1).data
      return px[3] === 255
    })
  })

  test('save-url downloads the server image with its bytes, and revokes its object URL 40 s later', async () => {
    const { download, bytes } = await tapAndDownload(page, '#save-url')
    expect(imageKind(bytes)).toBe('png')
    expect(bytes.equals(sample)).toBe(true)
    expect(download.suggestedFilename()).toMatch(/\.png$/)
    await expectStatus(page, 'saved')
    expect(await textOf(page, '#via')).toBe('download')
    // Readable for a browser that reads it late, then revoked.
    expect(await objectUrls(page)).toEqual({ created: 1, live: 1 })
    expect(await objectUrlsLater(page)).toEqual({ created: 1, live: 0 })
  })

  test('save-canvas downloads the canvas poster as a PNG', async () => {
    const { download, bytes } = await tapAndDownload(page, '#save-canvas')
    expect(imageKind(bytes)).toBe('png')
    // 300×200 CSS px at devicePixelRatio 2; a drawn gradient poster, not a blank canvas.
    expect(pngSize(bytes)).toEqual({ width: 600, height: 400 })
    expect(bytes.length).toBeGreaterThan(5_000)
    expect(download.suggestedFilename()).toMatch(/\.png$/)
    await expectStatus(page, 'saved')

    mkdirSync(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: join(ARTIFACTS, 'h5-index.png'), fullPage: true })
    // The demo page as the README shows it: the phone-sized first screen, once saved.
    mkdirSync(DOCS_IMAGES, { recursive: true })
    await page.screenshot({ path: join(DOCS_IMAGES, 'demo.png'), clip: { x: 0, y: 0, width: 480, height: 720 } })
  })
})

test('a root-relative source (/sample.png, what an imported asset is) is resolved against the page and saved', async () => {
  const page = await open(DESKTOP, '?src=/sample.png')
  const { bytes } = await tapAndDownload(page, '#save-url')
  expect(bytes.equals(sample)).toBe(true)
  await expectStatus(page, 'saved')
  await close(page)
})

test.each(['node', 'id'])('the poster saved through its Canvas %s is exported with the canvas\'s own toBlob', async (how) => {
  const page = await open(DESKTOP, `?canvas=${how}`)
  await page.waitForFunction(() => (document.querySelector('#poster canvas') as HTMLCanvasElement | null)?.width === 600)
  const { download, bytes } = await tapAndDownload(page, '#save-canvas')
  expect(imageKind(bytes)).toBe('png')
  expect(pngSize(bytes)).toEqual({ width: 600, height: 400 })
  expect(bytes.length).toBeGreaterThan(5_000)
  expect(download.suggestedFilename()).toMatch(/^canvas-.+\.png$/)
  await expectStatus(page, 'saved')
  expect(await objectUrlsLater(page)).toEqual({ created: 1, live: 0 })
  await close(page)
})

describe('a phone whose browser shares files: the share sheet', () => {
  test('the File handed to navigator.share is the image, alone, and nothing is downloaded', async () => {
    const page = await open(PHONE, '', [stubShare])
    const downloads = watchDownloads(page)
    await page.tap('#save-url')
    await expectStatus(page, 'saved')
    expect(await textOf(page, '#via')).toBe('share')
    const shared = await page.evaluate(() => (window as any).__shared)
    expect(shared).toHaveLength(1)
    // Files only: a title or text beside them hides "Save Image" in some sheets.
    expect(shared[0].keys).toEqual(['files'])
    const [file] = shared[0].files
    expect(file.name).toMatch(/\.png$/)
    expect(file.type).toBe('image/png')
    expect(Buffer.from(file.bytes).equals(sample)).toBe(true)
    expect(downloads).toEqual([])
    expect(await objectUrls(page)).toEqual({ created: 0, live: 0 })
    await close(page)
  })

  test('a dismissed sheet is CANCELLED, not saved, and downloads nothing', async () => {
    const page = await open(PHONE, '', [stubShare, () => ((window as any).__dismiss = true)])
    const downloads = watchDownloads(page)
    await page.tap('#save-url')
    await page.waitForFunction(() => (window as any).__shared.length === 1)
    // The person chose not to: back to idle, no error to show, ready to save again.
    await expectStatus(page, 'idle')
    expect(await page.locator('#via, #error, #save-url[disabled]').count()).toBe(0)
    await page.waitForTimeout(200)
    expect(downloads).toEqual([])
    await close(page)
  })
})

test('WeChat\'s in-app browser: the image full screen with the long-press hint; a tap closes it and no object URL is left', async () => {
  const page = await open({ ...PHONE, userAgent: WECHAT_UA })
  const downloads = watchDownloads(page)
  await page.tap('#save-url')
  const overlay = page.locator('[data-save-to-album="long-press"]')
  await overlay.waitFor({ state: 'visible' })
  await expectStatus(page, 'saved')
  expect(await textOf(page, '#via')).toBe('long-press')
  await expect(overlay.innerText()).resolves.toContain('长按图片保存 / Long-press the image to save')

  // It covers the screen, its image is decoded and on top, and it is the sample image.
  expect(await overlay.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 })
  const shown = await page.evaluate(() => {
    const img = document.querySelector('[data-save-to-album] img') as HTMLImageElement
    const r = img.getBoundingClientRect()
    return { src: img.src, width: img.naturalWidth, onTop: document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === img }
  })
  expect(shown.width).toBeGreaterThan(0)
  expect(shown.onTop).toBe(true)
  expect(Buffer.from(shown.src.replace(/^data:image\/png;base64,/, ''), 'base64').equals(sample)).toBe(true)
  mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: join(ARTIFACTS, 'h5-wechat-long-press.png') })
  mkdirSync(DOCS_IMAGES, { recursive: true })
  await page.screenshot({ path: join(DOCS_IMAGES, 'long-press.png') })

  await page.tap('[data-save-to-album] img')
  await overlay.waitFor({ state: 'detached' })
  expect(await objectUrls(page)).toEqual({ created: 0, live: 0 })
  expect(downloads).toEqual([])
  await close(page)
})

// The demo is a production build: its messages are the short form (the code). The development
// message naming CORS and the header to send is checked in __tests__/h5.test.ts.
test('an image on another origin without CORS ends failed DOWNLOAD_FAILED, its production message the code alone', async () => {
  const foreign = `${other.url}sample.png`
  const page = await open(DESKTOP, `?src=${encodeURIComponent(foreign)}`)
  const downloads = watchDownloads(page)
  await page.click('#save-url')
  await expectStatus(page, 'failed DOWNLOAD_FAILED')
  expect(await textOf(page, '#error')).toBe('DOWNLOAD_FAILED')
  expect(downloads).toEqual([])
  await close(page)
})
