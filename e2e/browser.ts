/**
 * What the browser end-to-end tests share: Debian's Chromium driven by playwright-core (never a
 * downloaded browser), a fresh context per page, and the small readers and waiters over the demo
 * page (#status, downloads, object URLs).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContextOptions, type Download, type Page } from 'playwright-core'
import { EXAMPLE } from './helpers'

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
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
export const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN'
export const DESKTOP: BrowserContextOptions = { viewport: { width: 390, height: 1200 }, deviceScaleFactor: 2 }
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true }

/** Fails with what to install when Chromium or the `build` (<app>/dist/<build>, default example/dist/h5) is missing; else launches Chromium. */
export async function launchChromium(build = 'h5', app = EXAMPLE): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. The H5 e2e test drives Debian's Chromium through playwright-core ` +
        '(never a downloaded browser): run `apt-get update && apt-get install -y chromium fonts-noto-cjk`, ' +
        'or set CHROMIUM_PATH to a Chromium binary.',
    )
  }
  if (!existsSync(join(app, 'dist', build, 'index.html'))) {
    throw new Error(`No ${build} build in ${app}/dist/${build}: run \`npm run build && npm run build:example\` (npm run test:e2e does).`)
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30_000 })
}

/** Counts object URLs the page creates and revokes, to show none is left. */
export function countObjectUrls() {
  const live = new Set<string>()
  let created = 0
  const create = URL.createObjectURL.bind(URL)
  const revoke = URL.revokeObjectURL.bind(URL)
  URL.createObjectURL = (o: Blob | MediaSource) => {
    const url = create(o)
    live.add(url)
    created++
    return url
  }
  URL.revokeObjectURL = (url: string) => {
    live.delete(url)
    revoke(url)
  }
  ;(window as any).__objectUrls = () => ({ created, live: live.size })
}

/**
 * A share sheet like Android Chrome's: it takes images and videos; it records what it was given
 * and then either "Save Image" (resolves) or, with `window.__dismiss`, the person closes it.
 */
export function stubShare() {
  const w = window as any
  w.__shared = []
  const canShare = (data?: ShareData) => !!data?.files?.length && data.files.every((f) => /^(image|video)\//.test(f.type))
  Object.defineProperty(Navigator.prototype, 'canShare', { value: canShare, configurable: true })
  Object.defineProperty(Navigator.prototype, 'share', {
    configurable: true,
    value: async (data: ShareData) => {
      if (!canShare(data)) throw new TypeError('Permission denied')
      const files = await Promise.all(data.files!.map(async (f) => ({ name: f.name, type: f.type, bytes: Array.from(new Uint8Array(await f.arrayBuffer())) })))
      w.__shared.push({ keys: Object.keys(data), files })
      if (w.__dismiss) throw new DOMException('Share canceled', 'AbortError')
    },
  })
}

/**
 * Returns `open(options, query, scripts)`: a fresh context (its own user agent, touch screen,
 * stubs) on the demo page at `base()` + `query`, with page errors collected into `errors`.
 */
export function opener(browser: () => Browser, base: () => string, errors: string[]) {
  return async function open(options: BrowserContextOptions, query = '', scripts: (() => void)[] = []): Promise<Page> {
    const context = await browser().newContext({ acceptDownloads: true, locale: 'zh-CN', ...options })
    // The page's clock runs at real speed, and a test can jump it ahead (to a delayed revoke).
    await context.clock.install()
    for (const script of [countObjectUrls, ...scripts]) await context.addInitScript(script)
    const page = await context.newPage()
    page.on('pageerror', (e) => errors.push(String(e && e.stack ? e.stack : e)))
    await page.goto(base() + query, { waitUntil: 'load' })
    await page.waitForSelector('#save-url', { state: 'visible', timeout: 20_000 })
    return page
  }
}

export const close = (page: Page) => page.context().close()
export const textOf = (page: Page, selector: string) => page.locator(selector).innerText().then((t) => t.trim())
export const objectUrls = (page: Page) => page.evaluate(() => (window as any).__objectUrls() as { created: number; live: number })

/**
 * Object URLs after REVOKE_AFTER, the 40 s a download's URL stays readable (WebKit reads it
 * late): the page's clock jumps ahead, and the adapter's one revoke timer fires.
 */
export async function objectUrlsLater(page: Page) {
  await page.clock.fastForward(40_000)
  return objectUrls(page)
}

/** Waits up to 10 s for the element to read `word` (default #status); fails with what it read instead. */
export async function expectText(page: Page, word: string, selector = '#status') {
  const deadline = Date.now() + 10_000
  let last = ''
  while (Date.now() < deadline) {
    last = await textOf(page, selector)
    if (last === word) return
    await page.waitForTimeout(50)
  }
  expect({ selector, text: last }).toEqual({ selector, text: word })
}

/** Waits up to 10 s for #status to read `word`. */
export const expectStatus = (page: Page, word: string) => expectText(page, word)

/** Clicks and resolves the one download it starts, with its bytes. */
export async function tapAndDownload(page: Page, selector: string): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click(selector)])
  const failure = await download.failure()
  expect(failure).toBeNull()
  const file = await download.path()
  return { download, bytes: readFileSync(file) }
}

/** Counts the downloads a page starts from now on. */
export function watchDownloads(page: Page) {
  const downloads: Download[] = []
  page.on('download', (d) => downloads.push(d))
  return downloads
}

/** Resolves once `n` downloads have started (they are recorded in `downloads`, from watchDownloads). */
export async function waitDownloads(page: Page, downloads: Download[], n: number) {
  const deadline = Date.now() + 20_000
  while (downloads.length < n && Date.now() < deadline) await page.waitForTimeout(50)
  expect(downloads).toHaveLength(n)
}

/** The `saved` / `failed` classes of each of the demo's nine grid tiles (#grid-0 … #grid-8), in order. */
export const tileClasses = (page: Page) =>
  page.evaluate(() => Array.from({ length: 9 }, (_, i) => document.getElementById(`grid-${i}`)!.className.split(/\s+/).filter((c) => /^(saved|failed)$/.test(c))))
