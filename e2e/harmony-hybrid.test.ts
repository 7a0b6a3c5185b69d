/**
 * The demo's harmony-hybrid build (`taro build --type harmony-hybrid`: Taro's H5 build with the
 * HarmonyOS plugin's API layer) in Debian's Chromium, served as the H5 build is, with a simulated
 * HarmonyOS shell injected before the page loads: `window.MethodChannel` (the bridge the plugin's
 * NativeApi methods are decorated with) and a native side that keeps files written through
 * `saveDataUrlToFile` in memory, reads them back for `readFile`, and puts what the album saves
 * take into `window.__shell.album`. Nothing is downloaded as a browser download: the album is the
 * shell's.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { close, DESKTOP, expectStatus, launchChromium, opener, watchDownloads } from './browser'
import { EXAMPLE, imageKind, pngSize } from './helpers'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServer, SAMPLE_IMAGE } = require('../scripts/static-server.cjs')

const ROOT = join(EXAMPLE, 'dist', 'harmony-hybrid')
let server: { url: string; close(): Promise<void> }
let browser: Browser
const pageErrors: string[] = []
const sample = readFileSync(SAMPLE_IMAGE)

/** The simulated shell, run in the page before any of its scripts (so before the plugin reads MethodChannel). */
function shell() {
  const files = new Map<string, string>()
  const album: { name: string; base64: string }[] = []
  const calls: string[] = []
  let serial = 0
  const later = (fn: () => void) => setTimeout(fn, 1)
  type O = Record<string, any>
  const native: Record<string, (o?: O) => unknown> = {
    getSetting: (o = {}) => later(() => o.success?.({ errMsg: 'getSetting:ok', authSetting: {} })),
    openSetting: (o = {}) => later(() => o.success?.({ errMsg: 'openSetting:ok', authSetting: {} })),
    saveDataUrlToFile: (o = {}) => {
      const data = /^data:[^,]*;base64,(.*)$/.exec(String(o.data))
      if (!data) return later(() => o.fail?.({ errMsg: 'invalid data url' }))
      const path = o.filePath || `internal://cache/${++serial}`
      files.set(path, data[1])
      later(() => o.success?.({ tempFilePath: path }))
    },
    // Synchronous over the bridge: the page's layout reads the window (a selector query does).
    getWindowInfo: () => ({ pixelRatio: devicePixelRatio, screenWidth: innerWidth, screenHeight: innerHeight, statusBarHeight: 0 }),
    getFileManager: () => undefined,
    readFile: (o = {}) => {
      const b64 = files.get(o.filePath)
      if (b64 === undefined) return later(() => o.fail?.({ errMsg: `no such file or directory, open ${o.filePath}` }))
      const bytes = atob(b64)
      const part = o.length === undefined ? bytes.slice(o.position || 0) : bytes.slice(o.position || 0, (o.position || 0) + o.length)
      later(() => o.success?.({ bufBase64: btoa(part) }))
    },
  }
  const save = (api: string) => (o: O = {}) => {
    const b64 = files.get(o.filePath)
    if (b64 === undefined) return later(() => o.fail?.({ errMsg: 'file not exists' }))
    album.push({ name: String(o.filePath).slice(String(o.filePath).lastIndexOf('/') + 1), base64: b64 })
    later(() => o.success?.({ errMsg: `${api}:ok` }))
  }
  native.saveImageToPhotosAlbum = save('saveImageToPhotosAlbum')
  native.saveVideoToPhotosAlbum = save('saveVideoToPhotosAlbum')
  ;(window as any).__shell = { files, album, calls }
  ;(window as any).MethodChannel = {
    jsBridgeMode: () => (_target: object, key: string, descriptor: PropertyDescriptor) => ({
      ...descriptor,
      value: (...args: any[]) => {
        calls.push(key)
        return native[key]?.(...args)
      },
    }),
  }
}

beforeAll(async () => {
  browser = await launchChromium('harmony-hybrid')
  server = await startServer({ root: ROOT, port: 0 })
}, 60_000)

afterAll(async () => {
  await browser?.close().catch(() => {})
  await server?.close()
})

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([])
})

const open = opener(() => browser, () => server.url, pageErrors)
const album = (page: Page) => page.evaluate(() => (window as any).__shell.album as { name: string; base64: string }[])
const calls = (page: Page) => page.evaluate(() => (window as any).__shell.calls as string[])

describe('harmony-hybrid in Chromium over a simulated HarmonyOS shell', () => {
  let page: Page
  let downloads: ReturnType<typeof watchDownloads> = []
  beforeAll(async () => {
    page = await open(DESKTOP, '', [shell])
    downloads = watchDownloads(page)
  }, 30_000)
  afterAll(() => close(page))

  test('save-url: the server image is fetched in the WebView, written by native, and saved into the shell\'s album', async () => {
    await page.click('#save-url')
    await expectStatus(page, 'saved')
    const saved = await album(page)
    expect(saved).toHaveLength(1)
    expect(saved[0].name).toMatch(/^album-.+\.png$/)
    expect(Buffer.from(saved[0].base64, 'base64').equals(sample)).toBe(true)
    // No authorize (Taro H5's stub) reaches native; the save itself is the permission step.
    expect(await calls(page)).toEqual(expect.arrayContaining(['getSetting', 'saveDataUrlToFile', 'readFile', 'saveImageToPhotosAlbum']))
    expect(downloads).toHaveLength(0)
  })

  test('save-canvas: the poster\'s data URL becomes a file before the album takes it', async () => {
    await page.waitForFunction(() => (document.querySelector('#poster canvas') as HTMLCanvasElement | null)?.width === 600)
    await page.click('#save-canvas')
    await expectStatus(page, 'saved')
    const saved = await album(page)
    expect(saved).toHaveLength(2)
    const bytes = Buffer.from(saved[1].base64, 'base64')
    expect(imageKind(bytes)).toBe('png')
    expect(pngSize(bytes)).toEqual({ width: 600, height: 400 })
    expect(saved[1].name).toMatch(/\.png$/)
    expect(downloads).toHaveLength(0)
  })
})
