// Part 5 of `npm run bench` (and the H5 row of part 6): saving a 10 MB image by URL and as a
// data URL in Debian's Chromium (never a downloaded browser), ours beside taro-hooks@2.2.0's H5
// save, in one page load. Per save: the main thread's long tasks (PerformanceObserver
// 'longtask', summed from the click until the page is quiet again, and the longest of every run:
// one over 50 ms is a frozen page under the person's finger), the time from the click to
// Chromium's download event, and whether the downloaded file is the image, byte for byte.
// Run alone: `node scripts/bench-h5.mjs` (after `npm run build`); prints JSON.
import { build } from 'esbuild'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { DIST, ROOT } from './size-lib.mjs'

const require = createRequire(import.meta.url)
const { startServer } = require('./static-server.cjs')
const { encodePng } = require('./png.cjs')

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const PAGE_DIR = join(ROOT, 'bench', '.cache', 'h5')
/** A 1826 × 1826 RGB noise PNG: about 10 MB, as noise does not compress. */
const SIDE = 1826
/** Who saves, by the page's button ids: ours, taro-hooks' useImage as Taro builds it, taro-hooks' own H5 file. */
export const WHO = ['ours', 'taro-hooks', 'taro-hooks-h5']
const KINDS = ['url', 'data']

/** The same noise every run (a fixed xorshift seed), so every run downloads the same file. */
function noisePng() {
  let x = 0x9e3779b9
  const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0)
  return encodePng(SIDE, SIDE, () => {
    const v = next()
    return [v & 255, (v >>> 8) & 255, (v >>> 16) & 255]
  })
}

/** Writes the page (index.html + page.js bundled from bench/h5/page.jsx and dist/) and the image. */
async function buildPage() {
  mkdirSync(PAGE_DIR, { recursive: true })
  const image = join(PAGE_DIR, 'image.png')
  if (!existsSync(image)) writeFileSync(image, noisePng())
  writeFileSync(join(PAGE_DIR, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bench</title><div id="root"></div><script src="/page.js"></script>\n')
  await build({
    entryPoints: [join(ROOT, 'bench', 'h5', 'page.jsx')],
    outfile: join(PAGE_DIR, 'page.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    jsx: 'automatic',
    logLevel: 'error',
    alias: {
      '@tarojs/taro': join(ROOT, 'bench', 'h5', 'taro-h5-apis.js'),
      '@taro-hooks/core': join(ROOT, 'bench', 'h5', 'taro-hooks-core.js'),
      'taro-save-to-album': DIST,
    },
    // What Taro's H5 build defines for its runtime (@tarojs/taro-h5 and @tarojs/runtime read them).
    define: {
      'process.env.TARO_ENV': '"h5"',
      'process.env.TARO_PLATFORM': '"web"',
      'process.env.FRAMEWORK': '"react"',
      'process.env.NODE_ENV': '"production"',
      'process.env.SUPPORT_DINGTALK_NAVIGATE': '"disabled"',
      'process.env.SUPPORT_TARO_POLYFILL': '"disabled"',
      'process.env.TARO_VERSION': JSON.stringify(require('@tarojs/taro-h5/package.json').version),
      // …and what @taro-hooks/plugin-react, which taro-hooks requires, defines.
      TARO_ENV: '"H5"',
      __TARO_HOOKS_REACT__: 'true',
      __TARO_HOOKS_VUE__: 'false',
    },
  })
  return readFileSync(image)
}

/** Records, in the page, each browser API a save calls: what "platform calls" are on H5. */
function instrument() {
  const w = window
  w.__calls = []
  const wrap = (owner, name, label = name) => {
    const real = owner[name]
    if (typeof real !== 'function') return
    owner[name] = function (...args) {
      w.__calls.push(typeof label === 'function' ? label(this, args) : label)
      return real.apply(this, args)
    }
  }
  wrap(w, 'fetch', (_, [url]) => `fetch(${String(url).startsWith('data:') ? 'data:' : String(url).startsWith('blob:') ? 'blob:' : 'url'})`)
  wrap(URL, 'createObjectURL', 'URL.createObjectURL')
  wrap(URL, 'revokeObjectURL', 'URL.revokeObjectURL')
  wrap(HTMLAnchorElement.prototype, 'click', (a) => `a.click(${a.href.slice(0, 5)}${a.href.startsWith('http') ? '' : '…'})`)
  wrap(w, 'atob', 'atob')
  if (navigator.share) wrap(navigator, 'share', 'navigator.share')
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : undefined
}

/**
 * Runs the bench; resolves `{ saves, calls, image, chromium }`: per `who` and kind the median
 * long-task ms and ms to the download event over `reps` runs (order alternated), and per run
 * the raw figures.
 */
export async function benchH5({ reps = 3 } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`)
  const image = await buildPage()
  const imageHash = createHash('sha256').update(image).digest('hex')
  const server = await startServer({ root: PAGE_DIR })
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30_000 })
  try {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 400, height: 400 } })
    const page = await context.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(String(e)))
    await page.goto(server.url)
    await page.waitForFunction(() => window.__ready === true)
    const imageUrl = new URL('image.png', server.url).href
    // Not timed: the data URL the data-URL buttons save, made the way a page makes one.
    await page.evaluate(async (url) => {
      window.__imageUrl = url
      const blob = await (await fetch(url)).blob()
      window.__dataUrl = await new Promise((resolve) => {
        const reader = new FileReader()
        reader.onload = () => resolve(reader.result)
        reader.readAsDataURL(blob)
      })
    }, imageUrl)
    const supported = await page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('longtask'))
    if (!supported) throw new Error('This Chromium does not report long tasks')
    const centre = {}
    for (const who of WHO) for (const kind of KINDS) {
      const box = await page.locator(`#${who}-${kind}`).boundingBox()
      centre[`${who}-${kind}`] = [box.x + box.width / 2, box.y + box.height / 2]
    }

    /** One save from a real click: long tasks from the click until quiet, ms to the download event, the file. */
    async function save(id, { keepCalls = false, checkFile = false } = {}) {
      await page.waitForTimeout(300)
      const mark = await page.evaluate((keep) => {
        if (!keep) window.__calls = []
        return performance.now()
      }, keepCalls)
      const downloaded = page.waitForEvent('download', { timeout: 20_000 }).then(
        (d) => ({ d, at: performance.now() }),
        () => undefined,
      )
      const t0 = performance.now()
      await page.mouse.click(...centre[id])
      const got = await downloaded
      await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 20_000 }).catch(() => undefined)
      await page.waitForTimeout(500)
      const inPage = await page.evaluate((from) => {
        const tasks = window.__longtasks.filter((t) => t.startTime >= from)
        return { longTaskMs: tasks.reduce((n, t) => n + t.duration, 0), longTasks: tasks.length, longestTaskMs: Math.max(0, ...tasks.map((t) => t.duration)), result: window.__result, calls: window.__calls.slice() }
      }, mark)
      let file
      if (got && checkFile) {
        const bytes = readFileSync(await got.d.path())
        file = { bytes: bytes.length, sameAsImage: createHash('sha256').update(bytes).digest('hex') === imageHash, name: got.d.suggestedFilename() }
      }
      await got?.d.delete().catch(() => undefined)
      return { ...inPage, toDownloadMs: got ? got.at - t0 : null, file }
    }

    // Part 6, H5: the browser APIs a save calls (a browser has no permission to refuse).
    await page.evaluate(instrument)
    const calls = {
      first: (await save('ours-url')).calls,
      repeat: (await save('ours-url')).calls,
      firstData: (await save('ours-data')).calls,
    }

    const ids = WHO.flatMap((who) => KINDS.map((kind) => `${who}-${kind}`))
    const runs = Object.fromEntries(ids.map((id) => [id, []]))
    for (let rep = 0; rep < reps; rep++) {
      for (const id of rep % 2 ? [...ids].reverse() : ids) runs[id].push(await save(id, { checkFile: rep === 0 }))
    }
    const saves = {}
    for (const id of ids) {
      const r = runs[id]
      const downloads = r.map((x) => x.toDownloadMs).filter((x) => x !== null)
      saves[id] = {
        longTaskMs: median(r.map((x) => x.longTaskMs)),
        // The worst of every run, not a median: what the person under the finger may feel.
        longestTaskMs: Math.max(...r.map((x) => x.longestTaskMs)),
        toDownloadMs: downloads.length === r.length ? median(downloads) : null,
        downloads: `${downloads.length}/${r.length}`,
        file: r[0].file,
        result: r[0].result,
        runs: r.map(({ longTaskMs, longTasks, longestTaskMs, toDownloadMs }) => ({ longTaskMs, longTasks, longestTaskMs, toDownloadMs })),
      }
    }
    const version = browser.version()
    await context.close()
    return { saves, calls, image: { bytes: image.length, dataUrlChars: Math.ceil(image.length / 3) * 4 + 'data:image/png;base64,'.length }, reps, chromium: version, pageErrors: errors }
  } finally {
    await browser.close()
    await server.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchH5(), null, 2))
}
