/**
 * The Vue 3 demo's H5 build (example-vue/dist/h5, the same page as the React demo through
 * taro-save-to-album/vue) in Debian's Chromium, with the React demo's browser helpers
 * (browser.ts) and static server (given the Vue build's folder; the assets are example/'s):
 * a real download on a desktop, the share sheet on a phone, the long-press overlay in WeChat's
 * in-app browser, nine photos in one tap, and the Vue SaveToAlbumButton.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { close, DESKTOP, expectStatus, launchChromium, objectUrls, objectUrlsLater, opener, PHONE, stubShare, tapAndDownload, textOf, tileClasses, waitDownloads, watchDownloads, WECHAT_UA } from './browser'
import { bundledPackages, EXAMPLE, EXAMPLE_VUE, imageKind, pngSize, ROOT } from './helpers'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServer, SAMPLE_IMAGE, GRID_IMAGES } = require('../scripts/static-server.cjs')

let server: { url: string; close(): Promise<void> }
let browser: Browser
const pageErrors: string[] = []
const sample = readFileSync(SAMPLE_IMAGE)
const grid: Buffer[] = (GRID_IMAGES as string[]).map((file) => readFileSync(file))

beforeAll(async () => {
  browser = await launchChromium('h5', EXAMPLE_VUE)
  server = await startServer({ root: join(EXAMPLE_VUE, 'dist', 'h5'), port: 0 })
}, 60_000)

afterAll(async () => {
  await browser?.close().catch(() => {})
  await server?.close()
})

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([])
})

const open = opener(() => browser, () => server.url, pageErrors)

test('the bundle holds one Vue and one Taro runtime, from example-vue/node_modules, and no React', () => {
  const { copies, outside } = bundledPackages('h5', EXAMPLE_VUE)
  const nm = join(EXAMPLE_VUE, 'node_modules')
  for (const name of ['@vue/runtime-core', '@vue/runtime-dom', '@vue/reactivity', '@tarojs/runtime', '@tarojs/shared', '@tarojs/taro-h5']) {
    expect({ name, dirs: copies[name] }).toEqual({ name, dirs: [join(nm, name)] })
  }
  expect(Object.keys(copies).filter((name) => /^react/.test(name))).toEqual([])
  expect(outside).toContain(join(ROOT, 'dist', 'vue.mjs'))
  // Not the React entry: nothing under taro-save-to-album/vue imports it.
  expect(outside).not.toContain(join(ROOT, 'dist', 'index.mjs'))
  for (const m of outside) expect(m).toMatch(new RegExp(`^(${join(ROOT, 'dist')}|${join(EXAMPLE, 'src')})/`))
})

describe('a desktop browser: real downloads', () => {
  let page: Page
  beforeAll(async () => {
    page = await open(DESKTOP)
  }, 30_000)
  afterAll(() => close(page))

  test('the page renders with the React demo\'s ids, in idle, the poster drawn', async () => {
    for (const id of ['save-url', 'save-canvas', 'save-canvas-node', 'save-grid', 'status', 'album-button', 'album-status', ...grid.map((_, i) => `grid-${i}`)]) {
      await expect(page.locator(`#${id}`).count()).resolves.toBe(1)
    }
    expect(await textOf(page, '#status')).toBe('idle')
    await page.waitForFunction(() => {
      const c = document.querySelector('#poster canvas') as HTMLCanvasElement | null
      return !!c && c.width === 600 && c.getContext('2d')!.getImageData(5, 5, 1, 1).data[3] === 255
    })
  })

  test('the page is styled by the React demo\'s stylesheet: white rounded cards, the grid three tiles a row', async () => {
    const style = await page.evaluate(() => {
      const css = (el: Element) => getComputedStyle(el)
      const tiles = Array.from({ length: 3 }, (_, i) => document.getElementById(`grid-${i}`)!.getBoundingClientRect())
      return {
        card: { background: css(document.querySelector('.card')!).backgroundColor, rounded: css(document.querySelector('.card')!).borderTopLeftRadius !== '0px' },
        grid: css(document.querySelector('.grid')!).display,
        firstRow: tiles.map((t) => Math.round(t.top)),
        tileWidth: Math.round((tiles[0].width / document.querySelector('.grid')!.getBoundingClientRect().width) * 1000) / 10,
      }
    })
    expect(style).toEqual({
      card: { background: 'rgb(255, 255, 255)', rounded: true },
      grid: 'flex',
      firstRow: [style.firstRow[0], style.firstRow[0], style.firstRow[0]],
      tileWidth: 31.5,
    })
  })

  test('save-url downloads the server image with its bytes, and revokes its object URL 40 s later', async () => {
    const { download, bytes } = await tapAndDownload(page, '#save-url')
    expect(bytes.equals(sample)).toBe(true)
    expect(download.suggestedFilename()).toMatch(/\.png$/)
    await expectStatus(page, 'saved')
    expect(await textOf(page, '#via')).toBe('download')
    expect(await objectUrls(page)).toEqual({ created: 1, live: 1 })
    expect(await objectUrlsLater(page)).toEqual({ created: 1, live: 0 })
  })

  test.each(['save-canvas', 'save-canvas-node'])('%s downloads the canvas poster as a 600×400 PNG', async (button) => {
    const { bytes } = await tapAndDownload(page, `#${button}`)
    expect(imageKind(bytes)).toBe('png')
    expect(pngSize(bytes)).toEqual({ width: 600, height: 400 })
    expect(bytes.length).toBeGreaterThan(5_000)
    await expectStatus(page, 'saved')
  })

  test('album-button: the Vue SaveToAlbumButton, a plain button in a browser: a tap downloads the image and it reads saved', async () => {
    expect(await page.locator('#album-button').evaluate((el) => el.getAttribute('open-type'))).toBeNull()
    const { bytes } = await tapAndDownload(page, '#album-button')
    expect(bytes.equals(sample)).toBe(true)
    await expect(page.waitForFunction(() => document.querySelector('#album-status')?.textContent?.trim() === 'saved')).resolves.toBeTruthy()
  })
})

// On a page of its own: Chromium drops a download that follows many others too closely.
test('save-grid: one tap, nine downloads in order, each tile marked saved', async () => {
  const page = await open(DESKTOP)
  const downloads = watchDownloads(page)
  await page.click('#save-grid')
  await waitDownloads(page, downloads, 9)
  await expectStatus(page, 'saved')
  await page.waitForFunction(() => document.querySelectorAll('.grid-item.saved, .grid-item.failed').length === 9, null, { timeout: 5_000 })
  for (const [i, d] of downloads.entries()) {
    expect(await d.failure()).toBeNull()
    expect({ i, same: readFileSync(await d.path()).equals(grid[i]) }).toEqual({ i, same: true })
  }
  expect(await tileClasses(page)).toEqual(Array(9).fill(['saved']))
  expect(await objectUrlsLater(page)).toEqual({ created: 9, live: 0 })
  await close(page)
})

test('a phone whose browser shares files: the image alone goes to navigator.share, nothing is downloaded', async () => {
  const page = await open(PHONE, '', [stubShare])
  const downloads = watchDownloads(page)
  await page.tap('#save-url')
  await expectStatus(page, 'saved')
  expect(await textOf(page, '#via')).toBe('share')
  const shared = await page.evaluate(() => (window as any).__shared)
  expect(shared).toHaveLength(1)
  expect(Buffer.from(shared[0].files[0].bytes).equals(sample)).toBe(true)
  expect(downloads).toEqual([])
  await close(page)
})

test('WeChat\'s in-app browser: the image full screen to long-press; a tap closes it', async () => {
  const page = await open({ ...PHONE, userAgent: WECHAT_UA })
  await page.tap('#save-url')
  const overlay = page.locator('[data-save-to-album="long-press"]')
  await overlay.waitFor({ state: 'visible' })
  await expectStatus(page, 'saved')
  expect(await textOf(page, '#via')).toBe('long-press')
  await page.tap('[data-save-to-album] img')
  await overlay.waitFor({ state: 'detached' })
  expect(await objectUrls(page)).toEqual({ created: 0, live: 0 })
  await close(page)
})

test('the poster saved through its Canvas node (?canvas=node) is exported with the canvas\'s own toBlob', async () => {
  const page = await open(DESKTOP, '?canvas=node')
  await page.waitForFunction(() => (document.querySelector('#poster canvas') as HTMLCanvasElement | null)?.width === 600)
  const { download, bytes } = await tapAndDownload(page, '#save-canvas')
  expect(pngSize(bytes)).toEqual({ width: 600, height: 400 })
  expect(download.suggestedFilename()).toMatch(/^canvas-.+\.png$/)
  await expectStatus(page, 'saved')
  await close(page)
})
