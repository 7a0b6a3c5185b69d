/**
 * The H5 build in jsdom, over a simulated browser that answers as a real one does: `fetch` gives
 * Node's own Response objects (status, headers, a body stream that arrives in chunks and stops
 * on abort) and refuses a cross-origin answer without CORS with Chrome's `TypeError`; object URLs
 * live until revoked; a link click downloads what its URL holds at that moment; the share sheet
 * waits for the person, who saves or dismisses it, and refuses to open without a recent tap;
 * `(pointer: coarse)` answers for a touch screen; canvases encode real PNG files.
 */
import { type BrowserOptions, type BrowserRoute, simulateBrowser, WECHAT_USER_AGENT } from '../src/testing/browser'
import { loadFor, simulate } from './runtime/setup'
import { GIF, HTML, JPEG, JPEG_B64, PNG, PNG_B64, WEBP } from './runtime/images'
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { encodePng } = require('../scripts/png.cjs') as { encodePng(w: number, h: number, rgb: (x: number, y: number) => number[]): Uint8Array }

const PAGE = location.origin // http://localhost
const WECHAT_UA = WECHAT_USER_AGENT
/** An MP4 as phones record it: an `ftyp` box (brand isom), then media data. */
const MP4 = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 2, 0, 0x69, 0x73, 0x6f, 0x6d, 0x6d, 0x70, 0x34, 0x31, 0, 0, 0, 8, 0x6d, 0x64, 0x61, 0x74])
const bytesOf = async (blob?: Blob) => new Uint8Array(await blob!.arrayBuffer())
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))

let restore: (() => void) | undefined
// A clock of the test's own, running at real speed: `jest.getTimerCount()` sees every timer left,
// and a test can jump ahead (`jest.advanceTimersByTime`) to the adapter's delayed revoke.
beforeEach(() => jest.useFakeTimers({ advanceTimers: 1 }))
afterEach(() => {
  jest.useRealTimers()
  restore?.()
  restore = undefined
  document.body.innerHTML = ''
})

/** A browser for one test (the kit's `simulateBrowser`), given back to jsdom after it. */
function browser(options: BrowserOptions = {}) {
  const b = simulateBrowser(options)
  restore = b.restore
  return b
}

/** Waits (briefly) for something the page does on its own time, such as opening the share sheet. */
async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5))
  if (!check()) throw new Error(`Never happened: ${what}`)
}

const overlay = () => document.querySelector<HTMLElement>('[data-save-to-album="long-press"]')

const IMG = `${PAGE}/poster.png`
const LONG_PRESS = '长按图片保存 / Long-press the image to save'
/** How long a download's object URL stays readable: FileSaver.js's 40 s. */
const REVOKE_AFTER = 40_000

/** What the adapter's blob store holds and removes, seen on the Map it keeps its Blobs in (`h5:` keys). */
function trackBlobStore() {
  const { set, delete: remove } = Map.prototype
  const held = new Set<string>()
  const removed: string[] = []
  const isOurs = (key: unknown): key is string => typeof key === 'string' && key.startsWith('h5:')
  const spies = [
    jest.spyOn(Map.prototype, 'set').mockImplementation(function (this: Map<unknown, unknown>, key, value) {
      if (isOurs(key) && value instanceof Blob) held.add(key)
      return set.call(this, key, value)
    }),
    jest.spyOn(Map.prototype, 'delete').mockImplementation(function (this: Map<unknown, unknown>, key) {
      if (isOurs(key)) {
        held.delete(key)
        removed.push(key)
      }
      return remove.call(this, key)
    }),
  ]
  return { held: () => [...held], stored: () => spies[0].mock.calls.filter(([k]) => isOurs(k)).length, removed: () => [...removed], restore: () => spies.forEach((spy) => spy.mockRestore()) }
}

describe('downloads on a desktop browser', () => {
  it('fetches the URL and downloads it: no permission step, no Taro API, nothing left behind', async () => {
    const sim = simulate()
    const b = browser({ routes: { [IMG]: { body: PNG, headers: { 'Content-Type': 'text/plain' } } }, share: {} })
    const { saveToAlbum } = loadFor('h5')
    const statuses: string[] = []
    const result = await saveToAlbum(IMG, { onStatus: (s) => statuses.push(s), fileName: 'poster' })
    expect(statuses).toEqual(['downloading', 'saving', 'saved'])
    // A mouse: a download even though this browser could share the file.
    expect(result.via).toBe('download')
    expect(b.sheets).toEqual([])
    expect(b.downloads).toHaveLength(1)
    const [d] = b.downloads
    expect(d.name).toMatch(/^poster-.+\.png$/)
    expect('filePath' in result).toBe(false)
    // Typed by its content, not by the server's Content-Type.
    expect(d.blob!.type).toBe('image/png')
    expect(same(await bytesOf(d.blob), PNG)).toBe(true)
    expect(document.querySelectorAll('a')).toHaveLength(0)
    // The browser may read the file well after the click (WebKit, Android WebViews): its URL
    // stays for REVOKE_AFTER, then goes with the one timer that held it.
    expect(b.liveUrls()).toEqual([d.href])
    expect(jest.getTimerCount()).toBe(1)
    jest.advanceTimersByTime(REVOKE_AFTER)
    expect(b.liveUrls()).toEqual([])
    expect(jest.getTimerCount()).toBe(0)
    expect(sim.calls).toEqual([])
  })

  it('removes each run\'s file from the blob store once: done, it is not retried by the runs after it', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: PNG } } })
    const { saveToAlbum } = loadFor('h5')
    const files = trackBlobStore()
    try {
      for (let i = 0; i < 3; i++) await saveToAlbum(IMG)
      // The last run's cleanup may end a task after it.
      await new Promise((r) => setTimeout(r))
    } finally {
      files.restore()
    }
    const removed = files.removed()
    expect(b.downloads).toHaveLength(3)
    expect(removed).toHaveLength(3)
    expect(new Set(removed).size).toBe(3)
  })

  it('keeps each download\'s object URL readable for 40 s after its click, then revokes it: one timer for all of them', async () => {
    simulate()
    const urls = [0, 1, 2].map((i) => `${PAGE}/row/${i}.png`)
    const b = browser({ routes: Object.fromEntries(urls.map((url) => [url, { body: PNG }])) })
    const { saveAll, saveToAlbum } = loadFor('h5')
    const results = await saveAll(urls)
    expect(results.map((r) => r.ok && r.via)).toEqual(['download', 'download', 'download'])
    expect(b.downloads.map((d) => d.blob && d.blob.size)).toEqual([PNG.length, PNG.length, PNG.length])
    // Not one timer per download.
    expect(jest.getTimerCount()).toBe(1)
    jest.advanceTimersByTime(REVOKE_AFTER - 1_000)
    // A browser reading late still gets the whole file.
    const late = await Promise.all(b.downloads.map((d) => fetch(d.href).then((r) => r.arrayBuffer())))
    expect(late.map((bytes) => same(new Uint8Array(bytes), PNG))).toEqual([true, true, true])
    jest.advanceTimersByTime(5_000)
    expect(b.liveUrls()).toEqual([])
    expect(jest.getTimerCount()).toBe(0)

    // A download long after: its own 40 s from its own click, not what is left of another's.
    await saveToAlbum(urls[0])
    jest.advanceTimersByTime(30_000)
    await saveToAlbum(urls[1])
    jest.advanceTimersByTime(10_500)
    expect(b.liveUrls()).toEqual([b.downloads[4].href])
    jest.advanceTimersByTime(30_000)
    expect(b.liveUrls()).toEqual([])
    // The run's cleanup, bounded by a timer of its own, ends a task after the run.
    await new Promise((r) => setTimeout(r))
    expect(jest.getTimerCount()).toBe(0)
  })

  it('clicks a hidden noopener link, and revokes its URL when its one timer fires, 40 s after the click', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: PNG } } })
    const clicks: { display: string; rel: string; at: number }[] = []
    const onClick = (e: Event) => {
      const a = e.target as HTMLAnchorElement
      clicks.push({ display: getComputedStyle(a).display, rel: a.rel, at: Date.now() })
    }
    document.addEventListener('click', onClick)
    const { saveToAlbum } = loadFor('h5')
    try {
      await expect(saveToAlbum(IMG)).resolves.toMatchObject({ via: 'download' })
    } finally {
      document.removeEventListener('click', onClick)
    }
    // Never seen on the page, and the file it opens gets no hold on it.
    expect(clicks.map(({ display, rel }) => ({ display, rel }))).toEqual([{ display: 'none', rel: 'noopener' }])
    await new Promise((r) => setTimeout(r))
    expect(jest.getTimerCount()).toBe(1)
    jest.advanceTimersToNextTimer()
    expect(Date.now() - clicks[0].at).toBeGreaterThanOrEqual(REVOKE_AFTER)
    expect(Date.now() - clicks[0].at).toBeLessThan(REVOKE_AFTER + 1_000)
    expect(b.liveUrls()).toEqual([])
    expect(jest.getTimerCount()).toBe(0)
  })

  it('keepFile: filePath is an object URL of the file handed over, the app\'s to revoke', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: PNG } } })
    const { saveToAlbum } = loadFor('h5')
    const { filePath } = await saveToAlbum(IMG, { keepFile: true })
    expect(filePath).toMatch(/^blob:/)
    // Beside the download's own object URL, which goes 40 s after its click.
    expect(b.liveUrls()).toContain(filePath)
    expect(same(await bytesOf(await (await fetch(filePath)).blob()), PNG)).toBe(true)
    URL.revokeObjectURL(filePath)
    expect(b.liveUrls()).not.toContain(filePath)
  })

  it('keepFile: the object URL of a download is typed as the server typed it, and never with a type the file does not have', async () => {
    simulate()
    const untyped = `${PAGE}/untyped.png`
    browser({ routes: { [IMG]: { body: PNG, headers: { 'Content-Type': 'image/png' } }, [untyped]: { body: PNG, headers: { 'Content-Type': '' } } } })
    const { saveToAlbum } = loadFor('h5')
    const { filePath } = await saveToAlbum(IMG, { keepFile: true })
    const kept = await (await fetch(filePath)).blob()
    expect(kept.type).toBe('image/png')
    expect(same(await bytesOf(kept), PNG)).toBe(true)
    URL.revokeObjectURL(filePath)
    // A server that names no type: none, or the file's own.
    const other = await saveToAlbum(untyped, { keepFile: true })
    expect(['', 'image/png']).toContain((await fetch(other.filePath)).headers.get('content-type'))
    URL.revokeObjectURL(other.filePath)
  })

  it.each([
    ['PNG', 'image/png', PNG_B64],
    ['JPEG', 'image/jpeg', JPEG_B64],
  ])('keepFile with base64: the object URL holds the %s file as %s', async (_, type, payload) => {
    simulate()
    browser()
    const { saveToAlbum } = loadFor('h5')
    const { filePath } = await saveToAlbum({ base64: payload }, { keepFile: true })
    expect((await (await fetch(filePath)).blob()).type).toBe(type)
    URL.revokeObjectURL(filePath)
  })

  it('reports progress from the body stream against Content-Length, and none while the length is unknown', async () => {
    simulate()
    const big = new Uint8Array(4000)
    big.set(PNG)
    browser({ routes: { [IMG]: { body: big, chunks: 4 }, [`${PAGE}/unsized.png`]: { body: big, chunks: 4, length: false } } })
    const { saveToAlbum } = loadFor('h5')
    const sized: number[] = []
    await saveToAlbum(IMG, { onProgress: (p) => sized.push(p) })
    for (const quarter of [0.25, 0.5, 0.75]) expect(sized).toContain(quarter)
    expect(sized).toEqual([...sized].sort((x, y) => x - y))
    expect(sized[sized.length - 1]).toBe(1)

    const unsized: number[] = []
    await saveToAlbum(`${PAGE}/unsized.png`, { onProgress: (p) => unsized.push(p) })
    expect(unsized.every((p) => p === 1 || p === 0)).toBe(true)
    expect(unsized[unsized.length - 1]).toBe(1)
  })

  it('stops reporting progress once a compressed body outgrows its Content-Length, rather than show it full before it ends', async () => {
    simulate()
    const big = new Uint8Array(4000)
    big.set(PNG)
    // Content-Length counts the gzip bytes; the body stream gives the decoded ones (4 × 1000).
    browser({ routes: { [IMG]: { body: big, chunks: 4, every: 5, length: false, headers: { 'Content-Length': '1500', 'Content-Encoding': 'gzip' } } } })
    const { saveToAlbum } = loadFor('h5')
    let status = ''
    const downloading: number[] = []
    const all: number[] = []
    await saveToAlbum(IMG, { onStatus: (s) => (status = s), onProgress: (p) => (all.push(p), status === 'downloading' && downloading.push(p)) })
    expect(downloading).toEqual([0, 1000 / 1500])
    expect(all[all.length - 1]).toBe(1)
  })

  it('joins the body\'s chunks into one Blob a task after its last read: the page is not held for both at once', async () => {
    simulate()
    const big = new Uint8Array(4000)
    big.set(PNG)
    browser({ routes: { [IMG]: { body: big, chunks: 4 } } })
    // The task that read the body's end, until a later task clears the mark.
    let readEnd = false
    const realFetch = globalThis.fetch
    globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
      const res = await realFetch(...args)
      const body = res.body!
      const getReader = body.getReader.bind(body)
      Object.assign(body, {
        getReader: () => {
          const reader = getReader()
          const read = reader.read.bind(reader)
          return Object.assign(reader, {
            read: async () => {
              const chunk = await read()
              if (chunk.done) ((readEnd = true), setTimeout(() => (readEnd = false)))
              return chunk
            },
          })
        },
      })
      return res
    }
    const joins: boolean[] = []
    const RealBlob = globalThis.Blob
    globalThis.Blob = class extends RealBlob {
      constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
        if (parts && parts.length > 1) joins.push(readEnd)
        super(parts, options)
      }
    }
    const { saveToAlbum } = loadFor('h5')
    try {
      await expect(saveToAlbum(IMG)).resolves.toMatchObject({ via: 'download' })
    } finally {
      globalThis.Blob = RealBlob
      globalThis.fetch = realFetch
    }
    expect(joins).toEqual([false])
  })

  it('refuses a 404 by its status, an HTML page by its bytes, and a dropped connection, without downloading', async () => {
    simulate()
    const b = browser({
      routes: {
        [`${PAGE}/404.png`]: { status: 404, body: HTML, chunks: 3, every: 20 },
        [`${PAGE}/page.png`]: { body: HTML },
        [`${PAGE}/dropped.png`]: { body: PNG, chunks: 4, dropAfter: 2 },
      },
    })
    const { saveToAlbum } = loadFor('h5')
    await expect(saveToAlbum(`${PAGE}/404.png`)).rejects.toMatchObject({ code: 'HTTP_STATUS', statusCode: 404 })
    await expect(saveToAlbum(`${PAGE}/page.png`)).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' })
    const dropped = await saveToAlbum(`${PAGE}/dropped.png`).catch((e) => e)
    expect(dropped).toMatchObject({ code: 'DOWNLOAD_FAILED' })
    expect(dropped.message).toMatch(/broke off after \d+ of \d+ bytes/)
    const offline = await saveToAlbum(`${PAGE}/offline.png`).catch((e) => e)
    expect(offline).toMatchObject({ code: 'DOWNLOAD_FAILED' })
    expect(offline.message).toMatch(/network failed/)
    expect(offline.message).not.toMatch(/CORS/)
    expect(b.downloads).toEqual([])
    // The 404's body was cancelled, not read to its end: no stream timer is left.
    expect(jest.getTimerCount()).toBe(0)
  })

  it('names CORS and what to do when another origin does not allow the page to read the image', async () => {
    simulate()
    const b = browser({
      routes: {
        'https://cdn.test/closed.png': { body: PNG },
        'https://cdn.test/open.png': { body: PNG, headers: { 'Access-Control-Allow-Origin': '*' } },
      },
    })
    const { saveToAlbum } = loadFor('h5')
    const e = await saveToAlbum('https://cdn.test/closed.png').catch((x) => x)
    expect(e).toMatchObject({ code: 'DOWNLOAD_FAILED' })
    expect(e.message).toMatch(/CORS/)
    expect(e.message).toContain(`Access-Control-Allow-Origin: ${PAGE}`)
    expect(e.message).toMatch(/page's own origin/)
    await expect(saveToAlbum('https://cdn.test/open.png')).resolves.toMatchObject({ via: 'download' })
    expect(b.downloads).toHaveLength(1)
  })

  it('refuses an error status as soon as it arrives, without waiting for the error page\'s body', async () => {
    simulate()
    const b = browser({ routes: { [`${PAGE}/gone.png`]: { status: 410, body: HTML, chunks: 5, every: 1000 } } })
    const { saveToAlbum } = loadFor('h5')
    await expect(saveToAlbum(`${PAGE}/gone.png`, { timeout: 500 })).rejects.toMatchObject({ code: 'HTTP_STATUS', statusCode: 410 })
    expect(b.downloads).toEqual([])
    expect(jest.getTimerCount()).toBe(0)
  })

  it('says what the browser said, how far a body got, and which origin refused: a developer can tell the causes apart', async () => {
    simulate()
    browser({
      routes: {
        [`${PAGE}/unsized.png`]: { body: PNG, chunks: 4, dropAfter: 2, length: false },
        'https://cdn.test/closed.png': { body: PNG },
      },
    })
    const { saveToAlbum } = loadFor('h5')
    const failure = (url: string) => saveToAlbum(url).catch((e) => e)
    const dropped = await failure(`${PAGE}/unsized.png`)
    expect(dropped).toMatchObject({ code: 'DOWNLOAD_FAILED' })
    // No Content-Length: how many bytes came, and the stream's own error.
    expect(dropped.message).toMatch(/broke off after \d+ bytes \(network error\)/)
    const offline = await failure(`${PAGE}/offline.png`)
    expect(offline.message).toMatch(/\(Failed to fetch\)/)
    const closed = await failure('https://cdn.test/closed.png')
    expect(closed.message).toMatch(/another origin \(https:\/\/cdn\.test\) than the page \(http:\/\/localhost\)/)
  })

  it('reads the body whole where the browser has no response streams: the file, its type, a 404 and a dropped connection', async () => {
    simulate()
    const b = browser({
      routes: {
        [IMG]: { body: PNG, headers: { 'Content-Type': 'image/png' } },
        [`${PAGE}/404.png`]: { status: 404, body: HTML },
        [`${PAGE}/dropped.png`]: { body: PNG, chunks: 4, dropAfter: 2 },
      },
    })
    // Safari before 14.1 and Firefox before 65: a Response without `body`.
    const realFetch = globalThis.fetch
    globalThis.fetch = async (...args: Parameters<typeof fetch>) => Object.defineProperty(await realFetch(...args), 'body', { value: undefined })
    const { saveToAlbum } = loadFor('h5')
    try {
      const progress: number[] = []
      const { filePath } = await saveToAlbum(IMG, { keepFile: true, onProgress: (p) => progress.push(p) })
      expect(same(await bytesOf(b.downloads[0].blob), PNG)).toBe(true)
      expect(progress[progress.length - 1]).toBe(1)
      expect((await (await fetch(filePath)).blob()).type).toBe('image/png')
      URL.revokeObjectURL(filePath)
      await expect(saveToAlbum(`${PAGE}/404.png`)).rejects.toMatchObject({ code: 'HTTP_STATUS', statusCode: 404 })
      await expect(saveToAlbum(`${PAGE}/dropped.png`)).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED' })
    } finally {
      globalThis.fetch = realFetch
    }
    expect(b.downloads).toHaveLength(1)
  })

  it('resolves a relative source against the page: /static/…, ./… and //host/…', async () => {
    simulate()
    const b = browser({
      routes: {
        [`${PAGE}/static/poster.png`]: { body: PNG },
        [`${PAGE}/x.png`]: { body: PNG },
        'http://cdn.test/y.png': { body: PNG, headers: { 'Access-Control-Allow-Origin': '*' } },
      },
    })
    const { saveToAlbum } = loadFor('h5')
    for (const source of ['/static/poster.png', './x.png', '//cdn.test/y.png']) {
      await expect(saveToAlbum(source)).resolves.toMatchObject({ via: 'download' })
    }
    expect(b.fetched).toEqual([`${PAGE}/static/poster.png`, `${PAGE}/x.png`, 'http://cdn.test/y.png'])
    expect(b.downloads).toHaveLength(3)
  })

  it('aborts the fetch mid-body on timeout and on abort(), and downloads nothing', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: PNG, chunks: 8, every: 40 } } })
    const { saveToAlbum } = loadFor('h5')
    const progress: number[] = []
    await expect(saveToAlbum(IMG, { timeout: 100, onProgress: (p) => progress.push(p) })).rejects.toMatchObject({ code: 'TIMEOUT' })
    // It was under way when cut off.
    expect(progress.some((p) => p > 0 && p < 1)).toBe(true)
    expect(b.aborted).toEqual([IMG])

    const ctl = new AbortController()
    const run = saveToAlbum(IMG, { signal: ctl.signal })
    await until(() => b.fetched.length === 2, 'the second fetch')
    ctl.abort()
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' })
    await until(() => b.aborted.length === 2, 'the second fetch aborted')
    expect(b.downloads).toEqual([])
    expect(jest.getTimerCount()).toBe(0)
  })

  it('turns base64 into a file of its own type, and saves an object URL the app made', async () => {
    simulate()
    const b = browser()
    const { saveToAlbum } = loadFor('h5')
    await expect(saveToAlbum(`data:image/png;base64,${PNG_B64}`, { fileName: 'card' })).resolves.toMatchObject({ via: 'download' })
    expect(b.downloads[0].name).toMatch(/^card-.+\.png$/)
    expect(same(await bytesOf(b.downloads[0].blob), PNG)).toBe(true)

    const appUrl = URL.createObjectURL(new Blob([JPEG]))
    await saveToAlbum(appUrl)
    expect(b.downloads[1].name).toMatch(/\.jpg$/)
    expect(b.downloads[1].blob!.type).toBe('image/jpeg')
    expect(same(await bytesOf(b.downloads[1].blob), JPEG)).toBe(true)
    // Ours is revoked once surely read; the app's own URL is the app's to revoke.
    jest.advanceTimersByTime(REVOKE_AFTER)
    expect(b.liveUrls()).toEqual([appUrl])
  })

  it('names each download once, after its content, and types it: poster-….png, a WebP, a QuickTime video', async () => {
    simulate()
    const MOV = new Uint8Array([0, 0, 0, 0x14, 0x66, 0x74, 0x79, 0x70, 0x71, 0x74, 0x20, 0x20, 0, 0, 2, 0, 0x71, 0x74, 0x20, 0x20])
    const b = browser({ routes: { [IMG]: { body: PNG }, [`${PAGE}/photo.webp`]: { body: WEBP }, [`${PAGE}/clip.mov`]: { body: MOV } } })
    const { saveToAlbum } = loadFor('h5')
    await saveToAlbum(IMG, { fileName: 'poster' })
    await saveToAlbum(`${PAGE}/photo.webp`)
    await saveToAlbum({ video: `${PAGE}/clip.mov` })
    expect(b.downloads.map((d) => [d.name, d.blob!.type])).toEqual([
      [expect.stringMatching(/^poster-[a-z0-9]+-[a-z0-9]+\.png$/), 'image/png'],
      [expect.stringMatching(/^album-[a-z0-9]+-[a-z0-9]+\.webp$/), 'image/webp'],
      [expect.stringMatching(/^album-[a-z0-9]+-[a-z0-9]+\.mov$/), 'video/quicktime'],
    ])
  })

  it('saves an object URL the app made as it is: a WebM recording keeps its type, an untyped one stays untyped, no extension made up; a 3 MB image is named by its first bytes', async () => {
    simulate()
    const b = browser()
    const { saveToAlbum } = loadFor('h5')
    // What MediaRecorder gives in Chrome: a WebM, a format the package does not sniff.
    const WEBM = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01])
    const recorded = URL.createObjectURL(new Blob([WEBM], { type: 'video/webm' }))
    const untyped = URL.createObjectURL(new Blob([WEBM]))
    const large = Buffer.concat([PNG, Buffer.alloc(3 << 20, 7)])
    const big = URL.createObjectURL(new Blob([large]))
    await expect(saveToAlbum({ video: recorded })).resolves.toMatchObject({ via: 'download' })
    await saveToAlbum({ video: untyped })
    await saveToAlbum(big)
    const last = (url: string) => url.slice(url.lastIndexOf('/') + 1)
    expect(b.downloads.map((d) => [d.name, d.blob!.type])).toEqual([
      [last(recorded), 'video/webm'],
      [last(untyped), ''],
      [`${last(big)}.png`, 'image/png'],
    ])
    expect(same(await bytesOf(b.downloads[2].blob), large)).toBe(true)
  })

  it('names an object URL\'s file by what follows its last slash, a fragment\'s too ("#/poster.png"), "album" where that is empty, adding the extension its bytes say where it names none it knows', async () => {
    simulate()
    const b = browser()
    // A browser reads a blob: URL without its fragment (the Fetch standard's blob URL lookup).
    const simulated = globalThis.fetch
    globalThis.fetch = (input, init) => simulated(String(input).replace(/^(blob:[^#]*)#.*$/, '$1'), init)
    const { saveToAlbum } = loadFor('h5')
    const url = URL.createObjectURL(new Blob([PNG], { type: 'image/png' }))
    try {
      for (const fragment of ['#/poster.png', '#/', '#/poster.final.png', '#/poster.image']) await saveToAlbum(url + fragment)
    } finally {
      globalThis.fetch = simulated
    }
    expect(b.downloads.map((d) => [d.name, d.blob!.type])).toEqual([
      ['poster.png', 'image/png'],
      ['album.png', 'image/png'],
      ['poster.final.png', 'image/png'],
      ['poster.image.png', 'image/png'],
    ])
  })

  it('fails SAVE_FAILED for a file that is not there, saying which: an object URL of another page, a mini program\'s path (not fetched)', async () => {
    simulate()
    const b = browser()
    const { saveToAlbum } = loadFor('h5')
    const foreign = 'blob:https://another-site.example.com/7d2c5f0e-8c1b-4e4a-9a55-5d1f3a2b9c10'
    const unread = await saveToAlbum(foreign).catch((e) => e)
    expect(unread).toMatchObject({ code: 'SAVE_FAILED', message: expect.stringMatching(/Could not read blob:.*revoked, or not from this page/) })
    // The path quoted up to 64 characters, however long it is.
    expect(unread.message).toContain(foreign.slice(0, 64))
    expect(unread.message).not.toContain(foreign)
    // Only a URL that starts blob: or data: is fetched.
    const path = 'wxfile://usr/data:1.png'
    await expect(saveToAlbum(path)).rejects.toMatchObject({ code: 'SAVE_FAILED', message: expect.stringContaining(`No file at ${path}`) })
    expect(b.fetched).toEqual([foreign])
    expect(b.downloads).toEqual([])
  })

  it('decodes a data URL in a worker, off the page\'s main thread: no atob there; the worker ends, its script URL revoked', async () => {
    simulate()
    const b = browser({ workers: {} })
    const decodedInPage = jest.spyOn(globalThis, 'atob')
    const { saveToAlbum } = loadFor('h5')
    await expect(saveToAlbum(`data:image/png;base64,${PNG_B64}`)).resolves.toMatchObject({ via: 'download' })
    const decodes = decodedInPage.mock.calls.length
    decodedInPage.mockRestore()
    expect(decodes).toBe(0)
    expect(b.workers).toEqual([{ url: expect.stringMatching(/^blob:/), ended: true }])
    expect(b.liveUrls()).not.toContain(b.workers[0].url)
    expect(b.downloads[0].blob!.type).toBe('image/png')
    expect(same(await bytesOf(b.downloads[0].blob), PNG)).toBe(true)
  })

  /** A PNG of about 3 MB (4.2 M base64 characters): large enough that the page leaves its check to the worker. */
  const LARGE = Buffer.concat([PNG, Buffer.alloc(3 << 20, 7)])
  const LARGE_B64 = LARGE.toString('base64')
  /** The large payload with one character outside the alphabet, in its middle. */
  const LARGE_BAD = `${LARGE_B64.slice(0, 2 << 20)}!${LARGE_B64.slice((2 << 20) + 1)}`

  /** Records what the page posts to its workers, and whether two posts came in one task. */
  function watchWorkers() {
    const posts: { data: unknown; sameTask: boolean }[] = []
    let inTask = false
    const Real = globalThis.Worker
    globalThis.Worker = class extends Real {
      postMessage(data: unknown) {
        posts.push({ data, sameTask: inTask })
        // Cleared by the next task, not by a microtask: an await alone does not yield the page.
        inTask = true
        setTimeout(() => (inTask = false))
        super.postMessage(data)
      }
    } as typeof Worker
    return posts
  }

  it('hands a large data URL to the worker a slice per task, and leaves its whole check to the worker: no pass over it in the page', async () => {
    simulate()
    const b = browser({ workers: {} })
    const posts = watchWorkers()
    const realExec = RegExp.prototype.exec
    const scans: { source: string; posted: number }[] = []
    // An anchored pattern reads the start only; any other reads the string through.
    RegExp.prototype.exec = function (this: RegExp, s: string) {
      if (String(s).length >= LARGE_B64.length && !this.source.startsWith('^')) scans.push({ source: this.source, posted: posts.length })
      return realExec.call(this, s)
    }
    const { saveToAlbum } = loadFor('h5')
    try {
      await expect(saveToAlbum(`data:image/png;base64,${LARGE_B64}`, { maxBytes: 8 << 20 })).resolves.toMatchObject({ via: 'download' })
    } finally {
      RegExp.prototype.exec = realExec
    }
    const slices = posts.map((p) => p.data).filter((d): d is string => typeof d === 'string')
    expect(slices.join('')).toBe(LARGE_B64)
    expect(slices.length).toBeGreaterThan(1)
    expect(Math.max(...slices.map((s) => s.length))).toBeLessThanOrEqual(2 << 20)
    expect(posts.filter((p) => p.sameTask)).toEqual([])
    // Scanned whole only once the worker has it all, by the worker.
    expect(scans.filter((s) => s.posted < posts.length)).toEqual([])
    expect(b.workers).toEqual([{ url: expect.stringMatching(/^blob:/), ended: true }])
    expect(same(await bytesOf(b.downloads[0].blob), LARGE)).toBe(true)
  })

  it('downloads a large image whole, reading only its first bytes to tell its type', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: LARGE, chunks: 8 } } })
    const { saveToAlbum } = loadFor('h5')
    await expect(saveToAlbum(IMG)).resolves.toMatchObject({ via: 'download' })
    expect(b.downloads[0].blob!.type).toBe('image/png')
    expect(same(await bytesOf(b.downloads[0].blob), LARGE)).toBe(true)
  })

  it.each([
    ['in the worker', {}],
    ['in the page, where a CSP refuses the worker', { refused: true }],
  ])('refuses a large data URL with a character outside base64 %s: INVALID_SOURCE, nothing handed over, nothing left', async (_, workers) => {
    simulate()
    const b = browser({ workers })
    const { saveToAlbum } = loadFor('h5')
    const statuses: string[] = []
    await expect(saveToAlbum(`data:image/png;base64,${LARGE_BAD}`, { maxBytes: 8 << 20, onStatus: (s) => statuses.push(s) })).rejects.toMatchObject({ code: 'INVALID_SOURCE' })
    expect(statuses).toEqual(['writing', 'failed'])
    expect(b.downloads).toEqual([])
    expect(b.liveUrls()).toEqual([])
    expect(b.workers.every((w) => w.ended)).toBe(true)
    // Whole quads only, once the white space is out, as the page's own check wants.
    await expect(saveToAlbum(`data:image/png;base64,${LARGE_B64}\n${LARGE_B64.slice(0, 3)}`, { maxBytes: 8 << 20 })).rejects.toMatchObject({ code: 'INVALID_SOURCE' })
    await expect(saveToAlbum(`data:image/png;base64,${LARGE_B64.slice(0, -4)}A=B=`, { maxBytes: 8 << 20 })).rejects.toMatchObject({ code: 'INVALID_SOURCE' })
    expect(b.downloads).toEqual([])
  })

  it('decodes in the page when the worker fails to start (an error event, as Firefox fires for a CSP that refuses it): the worker ended, its script URL revoked', async () => {
    simulate()
    const b = browser({ workers: {} })
    const Real = globalThis.Worker
    globalThis.Worker = class extends Real {
      constructor(url: string | URL) {
        super(url)
        setTimeout(() => this.onerror?.(new Event('error') as ErrorEvent))
      }
      postMessage() {}
    } as typeof Worker
    const { saveToAlbum } = loadFor('h5')
    try {
      await expect(saveToAlbum(`data:image/png;base64,${PNG_B64}`, { timeout: 1000 })).resolves.toMatchObject({ via: 'download' })
    } finally {
      globalThis.Worker = Real
    }
    expect(same(await bytesOf(b.downloads[0].blob), PNG)).toBe(true)
    expect(b.workers).toEqual([{ url: expect.stringMatching(/^blob:/), ended: true }])
    expect(b.liveUrls()).toEqual([b.downloads[0].href])
  })

  it('keepFile with a payload the worker decoded: the object URL is typed; a malformed large payload is refused as malformed base64', async () => {
    simulate()
    browser({ workers: {} })
    const { saveToAlbum } = loadFor('h5')
    const { filePath } = await saveToAlbum({ base64: JPEG_B64 }, { keepFile: true })
    expect((await (await fetch(filePath)).blob()).type).toBe('image/jpeg')
    const e = await saveToAlbum(`data:image/png;base64,${LARGE_BAD}`, { maxBytes: 8 << 20 }).catch((x) => x)
    expect(e).toMatchObject({ code: 'INVALID_SOURCE', message: expect.stringMatching(/malformed base64/) })
  })

  it('checks a small data URL in the page, before any work: no worker for a malformed one', async () => {
    simulate()
    const b = browser({ workers: {} })
    const { saveToAlbum } = loadFor('h5')
    const statuses: string[] = []
    await expect(saveToAlbum(`data:image/png;base64,${PNG_B64.slice(0, 8)}!${PNG_B64.slice(9)}`, { onStatus: (s) => statuses.push(s) })).rejects.toMatchObject({ code: 'INVALID_SOURCE' })
    expect(statuses).toEqual(['failed'])
    expect(b.workers).toEqual([])
  })

  it('decodes in the page where its CSP refuses a blob: worker', async () => {
    simulate()
    const b = browser({ workers: { refused: true } })
    const { saveToAlbum } = loadFor('h5')
    await expect(saveToAlbum(`data:image/png;base64,${PNG_B64}`)).resolves.toMatchObject({ via: 'download' })
    expect(same(await bytesOf(b.downloads[0].blob), PNG)).toBe(true)
    expect(b.liveUrls()).toEqual([b.downloads[0].href])
  })

  it('decodes a data URL with Uint8Array.fromBase64 where there is no worker and the browser has it: no atob', async () => {
    simulate()
    const b = browser()
    const decodedInJs = jest.spyOn(globalThis, 'atob')
    // Chrome 140's native decoder (Node's Buffer decodes as it does).
    const native = jest.fn((s: string) => new Uint8Array(Buffer.from(s, 'base64')))
    Object.assign(Uint8Array, { fromBase64: native })
    const { saveToAlbum } = loadFor('h5')
    try {
      await expect(saveToAlbum(`data:image/png;base64,${PNG_B64}`)).resolves.toMatchObject({ via: 'download' })
    } finally {
      delete (Uint8Array as { fromBase64?: unknown }).fromBase64
    }
    const decodes = decodedInJs.mock.calls.length
    decodedInJs.mockRestore()
    expect(decodes).toBe(0)
    expect(native).toHaveBeenCalledWith(PNG_B64)
    expect(b.fetched).toEqual([])
    expect(b.downloads[0].blob!.type).toBe('image/png')
    expect(same(await bytesOf(b.downloads[0].blob), PNG)).toBe(true)
  })

  it('answers openSetting() with false: a browser has no permission to turn on', async () => {
    simulate()
    browser()
    const { createSaveController } = loadFor('h5')
    await expect(createSaveController().openSetting()).resolves.toBe(false)
  })
})

describe('the share sheet on a phone', () => {
  it('shares the file when the browser can share it and the screen is touch: the person picks "Save Image"', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: PNG } }, touch: true, share: {} })
    const { saveToAlbum } = loadFor('h5')
    const statuses: string[] = []
    const run = saveToAlbum(IMG, { fileName: 'poster', onStatus: (s) => statuses.push(s) })
    await until(() => b.sheets.length === 1, 'the share sheet')
    const [file] = b.sheets[0].files
    expect(file.name).toMatch(/^poster-.+\.png$/)
    expect(file.type).toBe('image/png')
    expect(same(await bytesOf(file), PNG)).toBe(true)
    // Still open: nothing is called saved before the person chose.
    expect(statuses).toEqual(['downloading', 'saving'])
    b.sheets[0].save()
    await expect(run).resolves.toMatchObject({ via: 'share' })
    expect(statuses).toEqual(['downloading', 'saving', 'saved'])
    expect(b.downloads).toEqual([])
    expect(b.createdUrls()).toBe(0)
  })

  it('waits for the person in the sheet however much longer than timeout they take', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: PNG } }, touch: true, share: {} })
    const { saveToAlbum } = loadFor('h5')
    const run = saveToAlbum(IMG, { timeout: 30 })
    await until(() => b.sheets.length === 1, 'the share sheet')
    await new Promise((r) => setTimeout(r, 90))
    b.sheets[0].save()
    await expect(run).resolves.toMatchObject({ via: 'share' })
  })

  it('shows the download complete while the sheet waits for the person', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: PNG } }, touch: true, share: {} })
    const { saveToAlbum } = loadFor('h5')
    const progress: number[] = []
    const run = saveToAlbum(IMG, { onProgress: (p) => progress.push(p) })
    await until(() => b.sheets.length === 1, 'the share sheet')
    expect(progress[progress.length - 1]).toBe(1)
    b.sheets[0].save()
    await expect(run).resolves.toMatchObject({ via: 'share' })
  })

  it('is CANCELLED when the person dismisses the sheet, and back to idle', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: PNG } }, touch: true, share: {} })
    const { saveToAlbum } = loadFor('h5')
    const statuses: string[] = []
    const run = saveToAlbum(IMG, { onStatus: (s) => statuses.push(s) })
    await until(() => b.sheets.length === 1, 'the share sheet')
    b.sheets[0].dismiss()
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(statuses).toEqual(['downloading', 'saving', 'idle'])
    expect(b.downloads).toEqual([])
  })

  it('falls back to a download when the sheet will not open (the tap is too long ago), and says why when share was forced', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: PNG } }, touch: true, share: { activation: false } })
    const { saveToAlbum } = loadFor('h5')
    await expect(saveToAlbum(IMG)).resolves.toMatchObject({ via: 'download' })
    expect(b.downloads).toHaveLength(1)
    const forced = await saveToAlbum(IMG, { via: 'share' }).catch((e) => e)
    expect(forced).toMatchObject({ code: 'SAVE_FAILED' })
    expect(forced.message).toMatch(/NotAllowedError.*tap/)
    expect(b.downloads).toHaveLength(1)
  })

  it('downloads on a touch screen whose browser cannot share files, and refuses a forced share there', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: PNG } }, touch: true })
    const { saveToAlbum } = loadFor('h5')
    await expect(saveToAlbum(IMG)).resolves.toMatchObject({ via: 'download' })
    await expect(saveToAlbum(IMG, { via: 'share' })).rejects.toMatchObject({ code: 'SAVE_FAILED', message: expect.stringMatching(/cannot share/) })
    expect(b.downloads).toHaveLength(1)
  })

  it('a forced share the browser cannot take names the files\' types and the way out, for every item of a batch', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: PNG }, [`${PAGE}/photo.jpg`]: { body: JPEG } }, touch: true })
    const { saveAll } = loadFor('h5')
    const results = await saveAll([IMG, `${PAGE}/photo.jpg`], { via: 'share' })
    expect(results.map((r) => !r.ok && r.error.code)).toEqual(['SAVE_FAILED', 'SAVE_FAILED'])
    for (const r of results) {
      expect(!r.ok && r.error.message).toContain('cannot share image/png, image/jpeg files')
      expect(!r.ok && r.error.message).toContain("use via 'download'")
    }
    expect(b.downloads).toEqual([])
  })

  it('names the browser\'s own error when a forced share fails otherwise, and says so when the person dismissed the sheet', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: PNG } }, touch: true, share: {} })
    const { saveToAlbum } = loadFor('h5')
    // A sheet that cannot take the file (Safari's DataError).
    const open = navigator.share
    navigator.share = () => Promise.reject(new DOMException('The file could not be shared.', 'DataError'))
    const failed = await saveToAlbum(IMG, { via: 'share' }).catch((e) => e)
    expect(failed).toMatchObject({ code: 'SAVE_FAILED' })
    expect(failed.message).toContain('sharing failed (DataError: The file could not be shared.)')
    expect(failed.message).not.toMatch(/NotAllowedError/)

    navigator.share = open
    const run = saveToAlbum(IMG, { via: 'share' })
    await until(() => b.sheets.length === 1, 'the share sheet')
    b.sheets[0].dismiss()
    const dismissed = await run.catch((e) => e)
    expect(dismissed).toMatchObject({ code: 'CANCELLED' })
    expect(dismissed.message).toMatch(/share sheet was dismissed/)
    expect(b.downloads).toEqual([])
  })
  describe('a batch: one share of all its files', () => {
    const images = [PNG, JPEG, GIF]
    const urls = images.map((_, i) => `${PAGE}/batch/${i}.img`)
    const routes = (extra: Record<string, BrowserRoute> = {}) => ({ ...Object.fromEntries(urls.map((url, i) => [url, { body: images[i] }])), ...extra })

    it('opens one sheet holding every file, in order; each item is saved only once the person saved them', async () => {
      simulate()
      const b = browser({ routes: routes(), touch: true, share: {} })
      const { saveAll } = loadFor('h5')
      const statuses: string[] = []
      const ended: number[] = []
      const batch = saveAll(urls, { fileName: 'photo', onStatus: (s) => statuses.push(s), onItem: (i) => ended.push(i) })
      await until(() => b.sheets.length === 1, 'the share sheet')
      const { files } = b.sheets[0]
      expect(files.map((f) => f.type)).toEqual(['image/png', 'image/jpeg', 'image/gif'])
      expect(files.map((f) => f.name)).toEqual([expect.stringMatching(/^photo-.+\.png$/), expect.stringMatching(/\.jpg$/), expect.stringMatching(/\.gif$/)])
      expect(await Promise.all(files.map(async (f, i) => same(await bytesOf(f), images[i])))).toEqual([true, true, true])
      // Nothing is called saved while the sheet is open.
      await new Promise((r) => setTimeout(r, 30))
      expect(ended).toEqual([])
      expect(statuses).not.toContain('saved')
      b.sheets[0].save()
      const results = await batch
      expect(results.map((r) => r.ok && r.via)).toEqual(['share', 'share', 'share'])
      expect(statuses[statuses.length - 1]).toBe('saved')
      expect(b.sheets).toHaveLength(1)
      expect(b.downloads).toEqual([])
      expect(b.createdUrls()).toBe(0)
      expect(jest.getTimerCount()).toBe(0)
    })

    it('shares the files that arrived when one item fails, and the failure is that item\'s alone', async () => {
      simulate()
      const b = browser({ routes: routes({ [urls[1]]: { status: 404, body: HTML } }), touch: true, share: {} })
      const { saveAll } = loadFor('h5')
      const batch = saveAll(urls)
      await until(() => b.sheets.length === 1, 'the share sheet')
      expect(b.sheets[0].files.map((f) => f.type)).toEqual(['image/png', 'image/gif'])
      b.sheets[0].save()
      const results = await batch
      expect(results.map((r) => (r.ok ? r.via : r.error.code))).toEqual(['share', 'HTTP_STATUS', 'share'])
    })

    it('is CANCELLED for every item when the person dismisses the sheet', async () => {
      simulate()
      const b = browser({ routes: routes(), touch: true, share: {} })
      const { saveAll } = loadFor('h5')
      const statuses: string[] = []
      const batch = saveAll(urls, { onStatus: (s) => statuses.push(s) })
      await until(() => b.sheets.length === 1, 'the share sheet')
      b.sheets[0].dismiss()
      const results = await batch
      expect(results.map((r) => !r.ok && r.error.code)).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED'])
      expect(statuses[statuses.length - 1]).toBe('idle')
      expect(b.downloads).toEqual([])
    })

    it('downloads a file the sheet cannot take (a QuickTime video), whether the person shares the others or dismisses them', async () => {
      simulate()
      const mov = `${PAGE}/batch/clip.mov`
      const MOV = new Uint8Array([0, 0, 0, 0x14, 0x66, 0x74, 0x79, 0x70, 0x71, 0x74, 0x20, 0x20, 0, 0, 2, 0, 0x71, 0x74, 0x20, 0x20])
      const b = browser({ routes: routes({ [mov]: { body: MOV } }), touch: true, share: {} })
      const { saveAll } = loadFor('h5')
      const sources = [urls[0], { video: mov }, urls[1]]
      for (const choice of ['save', 'dismiss'] as const) {
        const batch = saveAll(sources)
        await until(() => b.sheets.length === 1, 'the share sheet')
        expect(b.sheets[0].files.map((f) => f.type)).toEqual(['image/png', 'image/jpeg'])
        b.sheets.pop()![choice]()
        const results = await batch
        const shared = choice === 'save' ? 'share' : 'CANCELLED'
        expect(results.map((r) => (r.ok ? r.via : r.error.code))).toEqual([shared, 'download', shared])
      }
      expect(b.downloads.map((d) => d.blob!.type)).toEqual(['video/quicktime', 'video/quicktime'])
    })

    it('downloads them in a row when the sheet will not open, and fails each when share was forced', async () => {
      simulate()
      const b = browser({ routes: routes(), touch: true, share: { activation: false } })
      const { saveAll } = loadFor('h5')
      expect((await saveAll(urls)).map((r) => r.ok && r.via)).toEqual(['download', 'download', 'download'])
      expect(await Promise.all(b.downloads.map(async (d, i) => same(await bytesOf(d.blob), images[i])))).toEqual([true, true, true])
      const forced = await saveAll(urls, { via: 'share' })
      expect(forced.map((r) => !r.ok && r.error.code)).toEqual(['SAVE_FAILED', 'SAVE_FAILED', 'SAVE_FAILED'])
      expect(b.downloads).toHaveLength(3)
    })

    it('follows a forced way: via share opens one sheet of them all on a desktop; via download opens none on a phone', async () => {
      simulate()
      const desktop = browser({ routes: routes(), share: {} })
      const { saveAll } = loadFor('h5')
      const batch = saveAll(urls, { via: 'share' })
      await until(() => desktop.sheets.length === 1, 'the share sheet')
      expect(desktop.sheets[0].files.map((f) => f.type)).toEqual(['image/png', 'image/jpeg', 'image/gif'])
      desktop.sheets[0].save()
      expect((await batch).map((r) => r.ok && r.via)).toEqual(['share', 'share', 'share'])
      expect(desktop.sheets).toHaveLength(1)
      expect(desktop.downloads).toEqual([])

      restore!()
      const phone = browser({ routes: routes(), touch: true, share: { answer: 'save' } })
      expect((await saveAll(urls, { via: 'download' })).map((r) => r.ok && r.via)).toEqual(['download', 'download', 'download'])
      expect(phone.sheets).toEqual([])
      expect(await Promise.all(phone.downloads.map(async (d, i) => same(await bytesOf(d.blob), images[i])))).toEqual([true, true, true])
    })

    it.each([
      ['will not take so many files in one sheet', (canShare: (data: ShareData) => boolean) => (data: ShareData) => data.files!.length < 3 && canShare(data)],
      ['throws from canShare', () => () => {
        throw new TypeError("Failed to execute 'canShare' on 'Navigator': files are not supported")
      }],
    ])('downloads every file in order where the browser %s: no sheet tried', async (_, canShareOf) => {
      simulate()
      const b = browser({ routes: routes(), touch: true, share: { answer: 'save' } })
      navigator.canShare = canShareOf(navigator.canShare.bind(navigator))
      const { saveAll } = loadFor('h5')
      expect((await saveAll(urls)).map((r) => r.ok && r.via)).toEqual(['download', 'download', 'download'])
      expect(await Promise.all(b.downloads.map(async (d, i) => same(await bytesOf(d.blob), images[i])))).toEqual([true, true, true])
      expect(b.calls).not.toContain('share')
    })

    it.each([
      ['share without canShare (Chrome before 89, Safari before 14)', 'canShare'],
      ['canShare without share', 'share'],
    ])('downloads each file as it arrives where the browser has %s: none waits for the others', async (_, missing) => {
      simulate()
      const b = browser({ routes: routes({ [urls[2]]: { body: GIF, hang: true } }), touch: true, share: { answer: 'save' } })
      delete (navigator as unknown as Record<string, unknown>)[missing]
      const { startSaveAll } = loadFor('h5')
      const batch = startSaveAll(urls)
      // The first two are the person's while the third still hangs.
      await until(() => b.downloads.length === 2, 'the first two downloads')
      batch.abort()
      expect((await batch.promise).map((r) => (r.ok ? r.via : r.error.code))).toEqual(['download', 'download', 'ABORTED'])
      expect(b.sheets).toEqual([])
    })

    it('opens no sheet once aborted, with files already gathered: every item ABORTED', async () => {
      simulate()
      const b = browser({ routes: routes({ [urls[2]]: { body: GIF, chunks: 4, every: 100 } }), touch: true, share: {} })
      const { startSaveAll } = loadFor('h5')
      const batch = startSaveAll(urls, { concurrency: 3 })
      await until(() => b.fetched.length === 3, 'the three fetches')
      // The first two files are gathered, the third still downloading.
      await new Promise((r) => setTimeout(r, 60))
      expect(batch.abort()).toBe(true)
      const results = await batch.promise
      expect(results.map((r) => !r.ok && r.error.code)).toEqual(['ABORTED', 'ABORTED', 'ABORTED'])
      await new Promise((r) => setTimeout(r, 50))
      expect(b.sheets).toEqual([])
      expect(b.downloads).toEqual([])
      expect(jest.getTimerCount()).toBe(0)
    })
  })
})

describe('in-app browsers that ignore downloads (WeChat)', () => {
  it('shows the image full screen with the long-press hint; a tap closes it and leaves nothing behind', async () => {
    simulate()
    const added: unknown[] = []
    const removed: unknown[] = []
    const add = jest.spyOn(document, 'addEventListener').mockImplementation(function (this: Document, type: string, fn: any, o?: any) {
      if (type === 'keydown') added.push(fn)
      return EventTarget.prototype.addEventListener.call(this, type, fn, o)
    })
    const remove = jest.spyOn(document, 'removeEventListener').mockImplementation(function (this: Document, type: string, fn: any, o?: any) {
      if (type === 'keydown') removed.push(fn)
      return EventTarget.prototype.removeEventListener.call(this, type, fn, o)
    })
    // Even where a share sheet exists, WeChat gets the overlay.
    const b = browser({ routes: { [IMG]: { body: PNG } }, userAgent: WECHAT_UA, touch: true, share: {} })
    const { saveToAlbum } = loadFor('h5')
    const statuses: string[] = []
    await expect(saveToAlbum(IMG, { onStatus: (s) => statuses.push(s) })).resolves.toMatchObject({ via: 'long-press' })
    expect(statuses).toEqual(['downloading', 'saving', 'saved'])
    const shown = overlay()!
    expect(shown.getAttribute('role')).toBe('dialog')
    expect(shown.textContent).toContain('长按图片保存 / Long-press the image to save')
    const img = shown.querySelector('img')!
    const [, payload] = /^data:image\/png;base64,(.+)$/.exec(img.getAttribute('src')!)!
    expect(same(new Uint8Array(Buffer.from(payload, 'base64')), PNG)).toBe(true)
    expect(getComputedStyle(shown).position).toBe('fixed')
    expect(b.downloads).toEqual([])
    expect(b.sheets).toEqual([])

    // A second save while it is open joins it rather than closing it or stacking another.
    await saveToAlbum(IMG)
    expect(document.querySelectorAll('[data-save-to-album]')).toHaveLength(1)
    expect(overlay()!.querySelectorAll('img')).toHaveLength(2)

    overlay()!.querySelector('img')!.click()
    expect(overlay()).toBeNull()
    expect(added).toHaveLength(1)
    expect(removed).toEqual(added)
    expect(b.createdUrls()).toBe(0)
    // The store's cleanup runs after the end: a task later it is done.
    await new Promise((r) => setTimeout(r))
    expect(jest.getTimerCount()).toBe(0)
    add.mockRestore()
    remove.mockRestore()
  })

  it('a batch hands every image over in one overlay, in order, scrollable; a save after it closed opens a new one', async () => {
    simulate()
    const images = [PNG, JPEG, GIF, WEBP]
    const urls = images.map((_, i) => `${PAGE}/grid/${i}.img`)
    const b = browser({ routes: Object.fromEntries(urls.map((url, i) => [url, { body: images[i] }])), userAgent: WECHAT_UA, touch: true, share: {} })
    const { saveAll, saveToAlbum } = loadFor('h5')
    const results = await saveAll(urls)
    expect(results.map((r) => r.ok && r.via)).toEqual(Array(4).fill('long-press'))
    // One overlay: none of the images closed another, so the person can long-press each of them.
    expect(document.querySelectorAll('[data-save-to-album]')).toHaveLength(1)
    const shown = overlay()!
    const payloads = Array.from(shown.querySelectorAll('img')).map((img) => new Uint8Array(Buffer.from(img.getAttribute('src')!.split(',')[1], 'base64')))
    expect(payloads.map((bytes, i) => same(bytes, images[i]))).toEqual([true, true, true, true])
    expect(shown.style.overflowY).toBe('auto')
    expect(shown.textContent).toContain(LONG_PRESS)
    // Scrolling to the last image is not a tap: only a tap closes it.
    shown.dispatchEvent(new Event('scroll'))
    expect(overlay()).not.toBeNull()
    shown.click()
    expect(overlay()).toBeNull()

    await expect(saveToAlbum(urls[1])).resolves.toMatchObject({ via: 'long-press' })
    expect(overlay()!.querySelectorAll('img')).toHaveLength(1)
    expect(b.downloads).toEqual([])
    expect(b.sheets).toEqual([])
  })

  it('closes the overlay with Escape too', async () => {
    simulate()
    browser({ routes: { [IMG]: { body: PNG } }, userAgent: 'Mozilla/5.0 (Linux; Android 13) Chrome/116 Mobile Safari/537.36 aweme_27.0.0' })
    const { saveToAlbum } = loadFor('h5')
    await saveToAlbum(IMG)
    expect(overlay()).not.toBeNull()
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    expect(overlay()).toBeNull()
  })

  it('downloads when the app forces it, and never long-presses a video', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: PNG }, [`${PAGE}/clip.mp4`]: { body: MP4 } }, userAgent: WECHAT_UA })
    const { saveToAlbum } = loadFor('h5')
    await expect(saveToAlbum(IMG, { via: 'download' })).resolves.toMatchObject({ via: 'download' })
    expect(b.downloads).toHaveLength(1)
    expect(overlay()).toBeNull()
    await expect(saveToAlbum({ video: `${PAGE}/clip.mp4` }, { via: 'long-press' })).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    // Nothing a WeChat page can do saves a video: say so, and what the person can do.
    const e = await saveToAlbum({ video: `${PAGE}/clip.mp4` }).catch((x) => x)
    expect(e).toMatchObject({ code: 'UNSUPPORTED_PLATFORM' })
    expect(e.message).toMatch(/MicroMessenger.*open the page in their browser/)
    expect(overlay()).toBeNull()
    expect(b.downloads).toHaveLength(1)
  })

  it('long-presses wherever the app forces it, refuses it for a video and refuses a way it does not know, saying why', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: PNG }, [`${PAGE}/clip.mp4`]: { body: MP4 } } })
    const { saveToAlbum } = loadFor('h5')
    // A desktop browser, which would download: the overlay as asked.
    await expect(saveToAlbum(IMG, { via: 'long-press' })).resolves.toMatchObject({ via: 'long-press' })
    expect(overlay()).not.toBeNull()
    overlay()!.click()
    const video = await saveToAlbum({ video: `${PAGE}/clip.mp4` }, { via: 'long-press' }).catch((x) => x)
    expect(video).toMatchObject({ code: 'INVALID_OPTION', message: expect.stringMatching(/a video cannot be saved that way: use 'share' or 'download'/) })
    const unknown = await saveToAlbum(IMG, { via: 'print' as never }).catch((x) => x)
    expect(unknown).toMatchObject({ code: 'INVALID_OPTION', message: expect.stringMatching(/via must be one of download, share, long-press; got print/) })
    expect(overlay()).toBeNull()
    expect(b.downloads).toEqual([])
  })

  it.each([
    ['the QQ app', 'long-press', 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 QQ/8.9.28.635 V1_IPH_SQ_8.9.28_1_APP_A Core/WKWebView NetType/WIFI'],
    ['Facebook on iOS', 'long-press', 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/16.5;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]'],
    ['Facebook on Android', 'long-press', 'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/417.0.0.33.65;]'],
    ['QQ Browser (not the QQ app)', 'download', 'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/98.0.4758.102 MQQBrowser/13.6 Mobile Safari/537.36'],
  ])('tells an in-app browser by its user agent: in %s, the image goes by %s', async (_, via, userAgent) => {
    simulate()
    browser({ routes: { [IMG]: { body: PNG } }, userAgent })
    const { saveToAlbum } = loadFor('h5')
    await expect(saveToAlbum(IMG)).resolves.toMatchObject({ via })
    expect(overlay() !== null).toBe(via === 'long-press')
  })

  it('shares a video where the in-app browser can share it: the one way a page there saves a video', async () => {
    simulate()
    const clip = `${PAGE}/clip.mp4`
    const b = browser({ routes: { [clip]: { body: MP4 } }, userAgent: WECHAT_UA, share: { answer: 'save' } })
    const { saveToAlbum } = loadFor('h5')
    await expect(saveToAlbum({ video: clip })).resolves.toMatchObject({ via: 'share' })
    expect(b.sheets.map((s) => s.files.map((f) => f.type))).toEqual([['video/mp4']])
    expect(b.downloads).toEqual([])
    expect(overlay()).toBeNull()
  })

  it('lays the overlay over the page as a modal: a readable hint, the image fit to the screen and long-pressable; other keys leave it open', async () => {
    simulate()
    browser({ routes: { [IMG]: { body: PNG } }, userAgent: WECHAT_UA })
    const { saveToAlbum } = loadFor('h5')
    await saveToAlbum(IMG)
    const shown = overlay()!
    expect(shown.getAttribute('aria-modal')).toBe('true')
    const page = getComputedStyle(shown)
    expect([page.backgroundColor, page.boxSizing, page.padding]).toEqual(['rgba(0, 0, 0, 0.92)', 'border-box', '24px'])
    const column = shown.firstElementChild as HTMLElement
    expect(getComputedStyle(column).margin).toBe('auto')
    const hint = column.querySelector('p')!
    expect(hint.textContent).toBe(LONG_PRESS)
    expect([getComputedStyle(hint).color, getComputedStyle(hint).textAlign]).toEqual(['rgb(255, 255, 255)', 'center'])
    const img = shown.querySelector('img')!
    expect(getComputedStyle(img.parentElement!).flexDirection).toBe('column')
    expect([img.style.maxWidth, img.style.maxHeight, img.style.pointerEvents, img.style.userSelect]).toEqual(['100%', '75vh', 'auto', 'auto'])
    for (const key of ['Tab', 'Enter', 'a']) document.dispatchEvent(new KeyboardEvent('keydown', { key }))
    expect(overlay()).toBe(shown)
  })

  it('fails SAVE_FAILED and shows nothing when the browser cannot read the image back (NotReadableError)', async () => {
    simulate()
    browser({ routes: { [IMG]: { body: PNG } }, userAgent: WECHAT_UA })
    const read = jest.spyOn(FileReader.prototype, 'readAsDataURL').mockImplementation(function (this: FileReader) {
      setTimeout(() => this.dispatchEvent(new ProgressEvent('error')))
    })
    const { saveToAlbum } = loadFor('h5')
    try {
      const e = await Promise.race([saveToAlbum(IMG).catch((x) => x), new Promise((r) => setTimeout(r, 1_000, 'never answered'))])
      expect(e).toMatchObject({ code: 'SAVE_FAILED', message: expect.stringMatching(/could not read the image/) })
    } finally {
      read.mockRestore()
    }
    expect(overlay()).toBeNull()
  })

  /**
   * `img.decode()` as a browser has it: a page whose Content-Security-Policy leaves `data:` out of
   * img-src shows no data: image, and a PNG cut short (no IEND at its end) does not decode; each
   * decode takes `ms`.
   */
  function decodeImages(csp: { dataImages: boolean }, ms = 5) {
    const proto = HTMLImageElement.prototype as unknown as { decode?: (this: HTMLImageElement) => Promise<void> }
    proto.decode = function (this: HTMLImageElement) {
      const src = this.getAttribute('src') || ''
      const bytes = Buffer.from(src.slice(src.indexOf(',') + 1), 'base64')
      const whole = !src.startsWith('data:image/png') || bytes.subarray(-8).toString('latin1') === 'IEND\xae\x42\x60\x82'
      return new Promise<void>((resolve, reject) =>
        setTimeout(() => ((src.startsWith('data:') && !csp.dataImages) || !whole ? reject(new DOMException('The source image cannot be decoded.', 'EncodingError')) : resolve()), ms),
      )
    }
    const previous = restore
    restore = () => {
      delete proto.decode
      previous?.()
    }
  }

  it('fails SAVE_FAILED, naming the CSP, where the page may not show data: images: no empty overlay left', async () => {
    simulate()
    const b = browser({ routes: { [IMG]: { body: PNG } }, userAgent: WECHAT_UA })
    decodeImages({ dataImages: false })
    const { saveToAlbum } = loadFor('h5')
    const e = await saveToAlbum(IMG).catch((x) => x)
    expect(e).toMatchObject({ code: 'SAVE_FAILED', message: expect.stringMatching(/Content-Security-Policy allow data: images/) })
    expect(overlay()).toBeNull()
    expect(b.downloads).toEqual([])
  })

  it('a batch: an image the browser cannot show fails alone, and the overlay keeps the others', async () => {
    simulate()
    const urls = [`${PAGE}/a.png`, `${PAGE}/cut.png`, `${PAGE}/c.jpg`]
    browser({ routes: { [urls[0]]: { body: PNG }, [urls[1]]: { body: PNG.slice(0, -12) }, [urls[2]]: { body: JPEG } }, userAgent: WECHAT_UA })
    decodeImages({ dataImages: true })
    const { saveAll } = loadFor('h5')
    const results = await saveAll(urls)
    expect(results.map((r) => (r.ok ? r.via : r.error.code))).toEqual(['long-press', 'SAVE_FAILED', 'long-press'])
    expect(document.querySelectorAll('[data-save-to-album]')).toHaveLength(1)
    expect(Array.from(overlay()!.querySelectorAll('img')).map((img) => img.getAttribute('src')!.slice(0, 15))).toEqual(['data:image/png;', 'data:image/jpeg'])
  })

  it('an image that fails after the person closed its overlay leaves the one open now alone: the next image joins it', async () => {
    simulate()
    const [cut, a, c] = [`${PAGE}/cut.png`, `${PAGE}/a.png`, `${PAGE}/c.jpg`]
    browser({ routes: { [cut]: { body: PNG.slice(0, -12) }, [a]: { body: PNG }, [c]: { body: JPEG } }, userAgent: WECHAT_UA })
    decodeImages({ dataImages: true }, 200)
    const { saveToAlbum } = loadFor('h5')
    const failing = saveToAlbum(cut).catch((e) => e)
    await until(() => !!overlay()?.querySelector('img'), 'the first overlay')
    overlay()!.click()
    // A second image opens a new overlay while the first one's decode is still under way, and fails.
    const shown = saveToAlbum(a)
    await until(() => !!overlay()?.querySelector('img'), 'the second overlay')
    await expect(failing).resolves.toMatchObject({ code: 'SAVE_FAILED' })
    await expect(shown).resolves.toMatchObject({ via: 'long-press' })
    await expect(saveToAlbum(c)).resolves.toMatchObject({ via: 'long-press' })
    expect(document.querySelectorAll('[data-save-to-album]')).toHaveLength(1)
    expect(overlay()!.querySelectorAll('img')).toHaveLength(2)
  })
})

describe('videos', () => {
  it('shares an MP4 as video/mp4 on a phone, and downloads it on a desktop', async () => {
    simulate()
    const clip = `${PAGE}/clip.mp4`
    const phone = browser({ routes: { [clip]: { body: MP4 } }, touch: true, share: {} })
    const { saveToAlbum } = loadFor('h5')
    const run = saveToAlbum({ video: clip }, { fileName: 'clip' })
    await until(() => phone.sheets.length === 1, 'the share sheet')
    expect(phone.sheets[0].files[0]).toMatchObject({ type: 'video/mp4', name: expect.stringMatching(/^clip-.+\.mp4$/) })
    phone.sheets[0].save()
    await expect(run).resolves.toMatchObject({ via: 'share' })

    restore!()
    const desktop = browser({ routes: { [clip]: { body: MP4 } } })
    await expect(saveToAlbum({ video: clip })).resolves.toMatchObject({ via: 'download' })
    expect(desktop.downloads[0].blob!.type).toBe('video/mp4')
    expect(same(await bytesOf(desktop.downloads[0].blob), MP4)).toBe(true)
  })

  it('refuses a video over maxBytes that came without a length once it arrived: TOO_LARGE, nothing handed over', async () => {
    simulate()
    const clip = `${PAGE}/clip.mp4`
    const b = browser({ routes: { [clip]: { body: MP4, length: false } } })
    const { saveToAlbum } = loadFor('h5')
    await expect(saveToAlbum({ video: clip }, { maxBytes: MP4.length - 1 })).rejects.toMatchObject({ code: 'TOO_LARGE' })
    await expect(saveToAlbum({ video: clip }, { maxBytes: MP4.length })).resolves.toMatchObject({ via: 'download' })
    expect(b.downloads).toHaveLength(1)
  })
})

describe('canvas', () => {
  /**
   * A canvas as a browser has it: `getContext('2d')` draws (the last fill colour covers it), and
   * `toBlob`/`toDataURL` encode a real PNG of its size (JPEG when asked), or `null` when 0×0; a
   * canvas that drew a cross-origin image throws SecurityError.
   */
  function installCanvas() {
    const proto = HTMLCanvasElement.prototype as any
    const saved = { getContext: proto.getContext, toBlob: proto.toBlob, toDataURL: proto.toDataURL }
    const colour = new WeakMap<HTMLCanvasElement, number[]>()
    const tainted = new WeakSet<HTMLCanvasElement>()
    const drawn: { from: HTMLCanvasElement; to: HTMLCanvasElement; w: number; h: number }[] = []
    const encoded = (c: HTMLCanvasElement, type?: string) => {
      if (tainted.has(c)) throw new DOMException('Tainted canvases may not be exported.', 'SecurityError')
      return type === 'image/jpeg' ? JPEG : encodePng(c.width, c.height, () => colour.get(c) ?? [0, 0, 0])
    }
    proto.getContext = function (this: HTMLCanvasElement, type: string) {
      if (type !== '2d') return null
      let fill = [0, 0, 0]
      return {
        set fillStyle(rgb: string) {
          fill = rgb.match(/\d+/g)!.map(Number)
        },
        fillRect: () => colour.set(this, fill),
        drawImage: (from: HTMLCanvasElement, _x: number, _y: number, w: number, h: number) => {
          drawn.push({ from, to: this, w, h })
          colour.set(this, colour.get(from) ?? [0, 0, 0])
          if (tainted.has(from)) tainted.add(this)
        },
      }
    }
    proto.toBlob = function (this: HTMLCanvasElement, done: (b: Blob | null) => void, type?: string) {
      const bytes = this.width && this.height ? encoded(this, type) : null
      setTimeout(() => done(bytes && new Blob([bytes as BlobPart], { type: type === 'image/jpeg' ? type : 'image/png' })), 1)
    }
    proto.toDataURL = function (this: HTMLCanvasElement, type?: string) {
      if (!this.width || !this.height) return 'data:,'
      return `data:${type === 'image/jpeg' ? type : 'image/png'};base64,${Buffer.from(encoded(this, type)).toString('base64')}`
    }
    const paint = (c: HTMLCanvasElement, rgb: number[]) => {
      const ctx = c.getContext('2d')!
      ctx.fillStyle = `rgb(${rgb.join(',')})`
      ctx.fillRect(0, 0, c.width, c.height)
      return c
    }
    const previous = restore
    restore = () => {
      Object.assign(proto, saved)
      previous?.()
    }
    return { drawn, paint, taint: (c: HTMLCanvasElement) => tainted.add(c) }
  }

  /** What Taro's H5 <Canvas id="poster" type="2d"> renders: the host element, the canvas inside. */
  function taroCanvas(id: string, width = 30, height = 20) {
    const host = document.createElement('taro-canvas-core')
    host.id = id
    const canvas = document.createElement('canvas')
    canvas.setAttribute('canvas-id', id)
    canvas.width = width
    canvas.height = height
    host.appendChild(canvas)
    document.body.appendChild(host)
    return canvas
  }

  const pngSize = (b: Uint8Array) => ({ width: Buffer.from(b).readUInt32BE(16), height: Buffer.from(b).readUInt32BE(20) })

  it('exports a Canvas 2d node with its own toBlob: writing → saving → saved, a real PNG of its size', async () => {
    simulate()
    const b = browser()
    const c = installCanvas()
    const node = c.paint(taroCanvas('poster', 60, 40), [255, 122, 69])
    const { saveToAlbum } = loadFor('h5')
    const statuses: string[] = []
    const result = await saveToAlbum({ canvas: node }, { onStatus: (s) => statuses.push(s) })
    expect(statuses).toEqual(['writing', 'saving', 'saved'])
    expect(result.via).toBe('download')
    const bytes = await bytesOf(b.downloads[0].blob)
    expect(b.downloads[0].name).toMatch(/\.png$/)
    expect(pngSize(bytes)).toEqual({ width: 60, height: 40 })
    expect(same(bytes, encodePng(60, 40, () => [255, 122, 69]))).toBe(true)
  })

  it('finds the canvas Taro renders for a canvasId, scales to destWidth × destHeight, writes JPEG when asked', async () => {
    simulate()
    const b = browser()
    const c = installCanvas()
    const node = c.paint(taroCanvas('card', 30, 20), [10, 20, 30])
    const { saveToAlbum } = loadFor('h5')
    await saveToAlbum({ canvasId: 'card', destWidth: 90, destHeight: 60 })
    expect(c.drawn).toEqual([expect.objectContaining({ from: node, w: 90, h: 60 })])
    expect(pngSize(await bytesOf(b.downloads[0].blob))).toEqual({ width: 90, height: 60 })

    await saveToAlbum({ canvasId: 'card', fileType: 'jpg', quality: 0.8 })
    expect(b.downloads[1].name).toMatch(/\.jpg$/)
    expect(same(await bytesOf(b.downloads[1].blob), JPEG)).toBe(true)
  })

  it('uses toDataURL where toBlob is missing, and accepts the <Canvas> host element', async () => {
    simulate()
    const b = browser({ workers: {} })
    const c = installCanvas()
    const node = c.paint(taroCanvas('old', 8, 8), [1, 2, 3])
    Object.defineProperty(node, 'toBlob', { value: undefined })
    const decodedInJs = jest.spyOn(globalThis, 'atob')
    const { saveToAlbum } = loadFor('h5')
    await saveToAlbum({ canvas: node.parentElement! })
    const decodes = decodedInJs.mock.calls.length
    decodedInJs.mockRestore()
    expect(same(await bytesOf(b.downloads[0].blob), encodePng(8, 8, () => [1, 2, 3]))).toBe(true)
    // Its data URL decoded in a worker, not in the page.
    expect(decodes).toBe(0)
    expect(b.workers).toEqual([{ url: expect.stringMatching(/^blob:/), ended: true }])
  })

  it('names the cause: not on the page, empty, tainted, not a canvas', async () => {
    simulate()
    const b = browser()
    const c = installCanvas()
    taroCanvas('blank', 0, 0)
    c.taint(c.paint(taroCanvas('foreign'), [9, 9, 9]))
    const { saveToAlbum } = loadFor('h5')
    const failure = (source: Parameters<typeof saveToAlbum>[0]) => saveToAlbum(source).catch((e) => e)
    expect(await failure({ canvasId: 'nowhere' })).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringMatching(/"nowhere" is not on the page/) })
    expect(await failure({ canvasId: 'blank' })).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringMatching(/canvas is empty/) })
    expect(await failure({ canvasId: 'foreign' })).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringMatching(/tainted.*crossOrigin/) })
    expect(await failure({ canvas: {} })).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringMatching(/not a canvas node/) })
    expect(b.downloads).toEqual([])
  })

  it('finds a canvasId three ways: a <canvas canvas-id>, a <canvas id>, the canvas inside an element with that id', async () => {
    simulate()
    const b = browser()
    const c = installCanvas()
    const sized = (width: number) => Object.assign(document.createElement('canvas'), { width, height: width })
    const bare = sized(10)
    bare.setAttribute('canvas-id', 'a')
    const withId = Object.assign(sized(12), { id: 'b' })
    const host = Object.assign(document.createElement('div'), { id: 'c' })
    host.appendChild(sized(14))
    document.body.append(bare, withId, host)
    for (const node of [bare, withId, host.firstChild as HTMLCanvasElement]) c.paint(node, [40, 50, 60])
    const { saveToAlbum } = loadFor('h5')
    for (const canvasId of ['a', 'b', 'c']) await expect(saveToAlbum({ canvasId })).resolves.toMatchObject({ via: 'download' })
    const sizes = await Promise.all(b.downloads.map(async (d) => pngSize(await bytesOf(d.blob)).width))
    expect(sizes).toEqual([10, 12, 14])
  })

  it('looks for a canvasId inside the component passed, not at another copy on the page; a component that is no DOM element means the page', async () => {
    simulate()
    const b = browser()
    const c = installCanvas()
    // Two instances of one custom component, each rendering <Canvas canvasId="card">.
    c.paint(taroCanvas('card', 10, 10), [255, 0, 0])
    const second = c.paint(taroCanvas('card', 20, 20), [0, 0, 255])
    const component = document.createElement('div')
    document.body.appendChild(component)
    component.appendChild(second.parentElement!)
    const { saveToAlbum } = loadFor('h5')
    await saveToAlbum({ canvasId: 'card', component })
    await saveToAlbum({ canvasId: 'card', component: {} })
    expect(same(await bytesOf(b.downloads[0].blob), encodePng(20, 20, () => [0, 0, 255]))).toBe(true)
    expect(same(await bytesOf(b.downloads[1].blob), encodePng(10, 10, () => [255, 0, 0]))).toBe(true)
  })

  it('scales only to a size that differs: destWidth alone, destHeight alone; its own size draws nothing; each file named canvas-….png', async () => {
    simulate()
    const b = browser()
    const c = installCanvas()
    const node = c.paint(taroCanvas('card', 30, 20), [7, 8, 9])
    const { saveToAlbum } = loadFor('h5')
    await saveToAlbum({ canvasId: 'card', destWidth: 30 })
    await saveToAlbum({ canvasId: 'card', destHeight: 20 })
    expect(c.drawn).toEqual([])
    await saveToAlbum({ canvasId: 'card', destWidth: 60 })
    await saveToAlbum({ canvasId: 'card', destHeight: 40 })
    expect(c.drawn).toEqual([expect.objectContaining({ from: node, w: 60, h: 20 }), expect.objectContaining({ from: node, w: 30, h: 40 })])
    const sizes = await Promise.all(b.downloads.map(async (d) => pngSize(await bytesOf(d.blob))))
    expect(sizes).toEqual([{ width: 30, height: 20 }, { width: 30, height: 20 }, { width: 60, height: 20 }, { width: 30, height: 40 }])
    // The store's name for an export: its time and a random part, its serial, one extension.
    expect(b.downloads.map((d) => d.name)).toEqual(Array(4).fill(expect.stringMatching(/^canvas-[a-z0-9]+-[a-z0-9]+\.png$/)))
  })

  it('exports a node that has only toDataURL, or only toBlob; keepFile hands a typed PNG; a large export is read by its first bytes', async () => {
    simulate()
    const b = browser()
    const c = installCanvas()
    const old = c.paint(taroCanvas('old', 8, 8), [1, 2, 3])
    Object.defineProperty(old, 'toBlob', { value: undefined })
    const blobOnly = c.paint(taroCanvas('new', 6, 6), [4, 5, 6])
    Object.defineProperty(blobOnly, 'toDataURL', { value: undefined })
    const { saveToAlbum } = loadFor('h5')
    const { filePath } = await saveToAlbum({ canvas: old }, { keepFile: true })
    expect((await (await fetch(filePath)).blob()).type).toBe('image/png')
    URL.revokeObjectURL(filePath)
    await saveToAlbum({ canvas: blobOnly })
    expect(same(await bytesOf(b.downloads[0].blob), encodePng(8, 8, () => [1, 2, 3]))).toBe(true)
    expect(same(await bytesOf(b.downloads[1].blob), encodePng(6, 6, () => [4, 5, 6]))).toBe(true)
    // A 3 MB export: a poster at a phone's pixel ratio.
    const large = Buffer.concat([encodePng(6, 6, () => [4, 5, 6]), Buffer.alloc(3 << 20, 7)])
    blobOnly.toBlob = (done) => void setTimeout(() => done(new Blob([large], { type: 'image/png' })))
    await expect(saveToAlbum({ canvas: blobOnly })).resolves.toMatchObject({ via: 'download' })
    expect(b.downloads[2].name).toMatch(/\.png$/)
    expect(same(await bytesOf(b.downloads[2].blob), large)).toBe(true)
  })

  it('says why the browser gave no image: toBlob answered null, toDataURL "data:,", toBlob threw; a canvas with no height is empty', async () => {
    simulate()
    const b = browser()
    const c = installCanvas()
    // Over the browser's canvas memory limit: Chrome's toBlob answers null, Safari's toDataURL "data:,".
    const nulled = c.paint(taroCanvas('huge'), [1, 1, 1])
    nulled.toBlob = (done) => void setTimeout(() => done(null))
    const blank = c.paint(taroCanvas('safari'), [2, 2, 2])
    Object.defineProperty(blank, 'toBlob', { value: undefined })
    blank.toDataURL = () => 'data:,'
    const throwing = c.paint(taroCanvas('firefox'), [3, 3, 3])
    // Firefox over its limit: an exception named NS_ERROR_FAILURE, with no message.
    throwing.toBlob = () => {
      throw Object.assign(new Error(''), { name: 'NS_ERROR_FAILURE' })
    }
    taroCanvas('flat', 30, 0)
    const { saveToAlbum } = loadFor('h5')
    const failure = (source: Parameters<typeof saveToAlbum>[0]) => saveToAlbum(source).catch((e) => e)
    const nothing = await failure({ canvas: nulled })
    expect(nothing).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringMatching(/could not encode/) })
    // Said once, and no error of the browser's behind it.
    expect(nothing.message.match(/Exporting the canvas failed/g)).toHaveLength(1)
    expect(nothing.cause).toBeUndefined()
    expect(await failure({ canvas: blank })).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringMatching(/exported no image/) })
    const thrown = await failure({ canvas: throwing })
    expect(thrown).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringMatching(/NS_ERROR_FAILURE/) })
    expect(thrown.message).not.toMatch(/tainted/)
    expect(await failure({ canvasId: 'flat' })).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringMatching(/canvas is empty/) })
    expect(b.downloads).toEqual([])
  })

  /** Makes the canvas encode slowly, as a large one does: its Blob arrives `ms` after toBlob. */
  function slowToBlob(node: HTMLCanvasElement, ms: number) {
    const encode = node.toBlob.bind(node)
    node.toBlob = (done, ...rest) => encode((blob) => setTimeout(() => done(blob), ms), ...rest)
  }

  it('keeps no Blob of an export the run dropped: a timeout or an abort while the canvas encodes', async () => {
    simulate()
    const b = browser()
    const c = installCanvas()
    const node = c.paint(taroCanvas('slow', 40, 40), [4, 5, 6])
    slowToBlob(node, 150)
    const { saveToAlbum } = loadFor('h5')
    const files = trackBlobStore()
    // A run that takes its export stores it, and removes it once saved.
    await expect(saveToAlbum({ canvas: node })).resolves.toMatchObject({ via: 'download' })
    expect([files.stored(), files.held()]).toEqual([1, []])

    await expect(saveToAlbum({ canvas: node }, { timeout: 40 })).rejects.toMatchObject({ code: 'TIMEOUT' })
    const ctl = new AbortController()
    const aborted = saveToAlbum({ canvas: node }, { signal: ctl.signal })
    setTimeout(() => ctl.abort(), 20)
    await expect(aborted).rejects.toMatchObject({ code: 'ABORTED' })
    // Both Blobs arrive after their runs ended, and neither is kept.
    await new Promise((r) => setTimeout(r, 300))
    const left = files.held()
    files.restore()
    expect(left).toEqual([])
    jest.advanceTimersByTime(REVOKE_AFTER)
    expect(b.downloads).toHaveLength(1)
    expect(jest.getTimerCount()).toBe(0)
  })
})
