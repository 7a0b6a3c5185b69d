/**
 * The demo's H5 build in a real browser: served on 127.0.0.1, driven by playwright-core in
 * Debian's Chromium (apt-get install -y chromium fonts-noto-cjk). Both buttons must produce a
 * real browser download holding a valid image, and #status must read `saved`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Download, type Page } from 'playwright-core'
import { ARTIFACTS, bundledPackages, EXAMPLE, imageKind, pngSize } from './helpers'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServer, SAMPLE_IMAGE } = require('../scripts/static-server.cjs')

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

let server: { url: string; close(): Promise<void> }
let context: BrowserContext
let page: Page
let profile: string
const pageErrors: string[] = []

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. The H5 e2e test drives Debian's Chromium through playwright-core ` +
        '(never a downloaded browser): run `apt-get update && apt-get install -y chromium fonts-noto-cjk`, ' +
        'or set CHROMIUM_PATH to a Chromium binary.',
    )
  }
  if (!existsSync(join(EXAMPLE, 'dist', 'h5', 'index.html'))) {
    throw new Error('No H5 build in example/dist/h5: run `npm run build && npm run build:example` (npm run test:e2e does).')
  }
  server = await startServer({ port: 0 })
  profile = mkdtempSync(join(tmpdir(), 'e2e-chromium-'))
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    acceptDownloads: true,
    viewport: { width: 390, height: 1200 }, // tall enough for the whole page in the screenshot
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timeout: 30_000,
  })
  page = context.pages()[0] ?? (await context.newPage())
  page.on('pageerror', (e) => pageErrors.push(String(e && e.stack ? e.stack : e)))
  await page.goto(server.url, { waitUntil: 'load' })
  await page.waitForSelector('#save-url', { state: 'visible', timeout: 20_000 })
}, 60_000)

afterAll(async () => {
  await context?.close().catch(() => {})
  await server?.close()
  if (profile) rmSync(profile, { recursive: true, force: true })
})

afterEach(() => {
  expect(pageErrors).toEqual([])
})

const statusText = () => page.locator('#status').innerText().then((t) => t.trim())

/** Waits up to 10 s for #status to read `word`; fails with what it read instead. */
async function expectStatus(word: string) {
  const deadline = Date.now() + 10_000
  let last = ''
  while (Date.now() < deadline) {
    last = await statusText()
    if (last === word) return
    await page.waitForTimeout(50)
  }
  expect(last).toBe(word)
}

async function tapAndDownload(selector: string): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click(selector)])
  const failure = await download.failure()
  expect(failure).toBeNull()
  const file = await download.path()
  return { download, bytes: readFileSync(file) }
}

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

test('the page renders with the ids the tests rely on, in idle', async () => {
  for (const id of ['save-url', 'save-canvas', 'status']) {
    await expect(page.locator(`#${id}`).count()).resolves.toBe(1)
  }
  expect(await statusText()).toBe('idle')
  // The poster is drawn at run time on the Canvas 2d.
  await page.waitForFunction(() => {
    const c = document.querySelector('#poster canvas') as HTMLCanvasElement | null
    if (!c || !c.width) return false
    const px = c.getContext('2d')!.getImageData(5, 5, 1, 1).data
    return px[3] === 255
  })
})

test('save-url downloads the server image as a real browser download', async () => {
  const { download, bytes } = await tapAndDownload('#save-url')
  const sample = readFileSync(SAMPLE_IMAGE)
  expect(imageKind(bytes)).toBe('png')
  expect(bytes.length).toBe(sample.length)
  expect(bytes.equals(sample)).toBe(true)
  expect(download.suggestedFilename()).toMatch(/\.png$/)
  await expectStatus('saved')
})

test('save-canvas downloads the canvas poster as a PNG', async () => {
  const { download, bytes } = await tapAndDownload('#save-canvas')
  expect(imageKind(bytes)).toBe('png')
  // 300×200 CSS px at devicePixelRatio 2; a drawn gradient poster, not a blank canvas.
  expect(pngSize(bytes)).toEqual({ width: 600, height: 400 })
  expect(bytes.length).toBeGreaterThan(5_000)
  expect(download.suggestedFilename()).toMatch(/\.png$/)
  await expectStatus('saved')

  mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: join(ARTIFACTS, 'h5-index.png'), fullPage: true })
})
