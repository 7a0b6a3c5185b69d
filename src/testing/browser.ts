/**
 * A simulated browser for Taro's H5 build in jsdom, answering as a real one does: `fetch` gives
 * Node's own Response objects (status, headers, a body stream that arrives in chunks and stops on
 * abort) and refuses a cross-origin answer without CORS with Chrome's `TypeError`; object URLs
 * live until revoked; a link click downloads what its URL holds at that moment; the share sheet
 * waits for the person (or answers at once, as told), and refuses to open without a recent tap;
 * `(pointer: coarse)` answers for a touch screen. The package's own H5 tests run on it.
 */
import { runInThisContext } from 'node:vm'

// Node's own fetch classes (jsdom has none): the responses the adapter reads are real ones.
const NodeResponse = runInThisContext('Response') as typeof Response
const NodeReadableStream = runInThisContext('ReadableStream') as typeof ReadableStream

// Every browser has Blob#arrayBuffer; jsdom does not, so give it the standard one.
if (typeof Blob === 'function') {
  Blob.prototype.arrayBuffer ??= function (this: Blob) {
    return new Promise<ArrayBuffer>((resolve) => {
      const reader = new FileReader()
      reader.onload = () => resolve(reader.result as ArrayBuffer)
      reader.readAsArrayBuffer(this)
    })
  }
}

/**
 * WeChat's in-app browser on an iPhone, as its user agent reads.
 *
 * @example
 * simulateBrowser({ userAgent: WECHAT_USER_AGENT, touch: true })
 */
export const WECHAT_USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN'
// What Chrome lets navigator.share carry: images, videos (not QuickTime), audio, PDF, text.
const SHAREABLE = /^(image\/(png|jpeg|gif|webp|bmp)|video\/(mp4|webm|ogg|mpeg)|audio\/\w+|application\/pdf|text\/plain)$/

/**
 * What the server answers at one URL.
 *
 * @example
 * const route: BrowserRoute = { body: PNG, headers: { 'Access-Control-Allow-Origin': '*' }, chunks: 4 }
 */
export interface BrowserRoute {
  status?: number
  body: Uint8Array | string
  /** Extra response headers, e.g. Access-Control-Allow-Origin. */
  headers?: Record<string, string>
  /** Send Content-Length (default true). */
  length?: boolean
  /** The body arrives in this many chunks, `every` ms apart (default 1 chunk, 1 ms). */
  chunks?: number
  every?: number
  /** The connection drops after this many chunks. */
  dropAfter?: number
  /** The server never answers (until the request is aborted). */
  hang?: boolean
}

/**
 * A file the browser downloaded: the link's `download` name, its URL, and what that URL held.
 *
 * @example
 * expect(browser.downloads[0].name).toMatch(/\.png$/)
 */
export interface BrowserDownload {
  name: string
  href: string
  blob?: Blob
}

/**
 * A share sheet open: its files, and the person's two answers.
 *
 * @example
 * browser.sheets[0].save()
 */
export interface ShareSheet {
  files: File[]
  save(): void
  dismiss(): void
}

/**
 * The browser of one test. `share`: it has the Web Share API with files (`activation` false: the
 * tap that started the save is too long ago; `answer`: the person saves or cancels the sheet at
 * once, otherwise the test answers it through `sheets`). `touch`: the primary pointer is a finger.
 * `workers`: it runs Web Workers (`refused`: a CSP refuses them).
 *
 * @example
 * simulateBrowser({ routes: { 'https://cdn.example.com/a.png': { body: PNG, headers: { 'Access-Control-Allow-Origin': '*' } } } })
 */
export interface BrowserOptions {
  routes?: Record<string, BrowserRoute>
  userAgent?: string
  touch?: boolean
  share?: { activation?: boolean; answer?: 'save' | 'cancel' }
  workers?: { refused?: boolean }
  /** Told of each file the person gets: a download clicked, or a file of a share sheet they saved. */
  handedOver?: (name: string, file: Blob) => void
}

const abortError = () => new DOMException('The operation was aborted.', 'AbortError')
const bytesOf = async (blob?: Blob) => new Uint8Array(await blob!.arrayBuffer())

/**
 * Puts a simulated browser in place of jsdom's missing pieces (fetch, object URLs, downloads,
 * the share sheet, matchMedia, the user agent, workers) until `restore()`.
 *
 * @example
 * const browser = simulateBrowser({ routes: { [url]: { body: PNG } } })
 * await saveToAlbum(url)
 * expect(browser.downloads).toHaveLength(1)
 * browser.restore()
 */
export function simulateBrowser(options: BrowserOptions = {}) {
  // Read at each use: a test may change the user agent, the pointer or the sheet's answer between two taps.
  const { routes = {}, workers } = options
  const g = globalThis as any
  const nav = navigator as any
  // What was there before (Node's own fetch under vitest, for one), given back by restore().
  const saved = [
    [g, ['fetch', 'matchMedia', 'Worker']],
    [nav, ['userAgent', 'share', 'canShare']],
    [URL, ['createObjectURL', 'revokeObjectURL']],
  ].flatMap(([owner, names]) => (names as string[]).map((name) => ({ owner, name, descriptor: Object.getOwnPropertyDescriptor(owner, name) })))
  const page = location.origin
  const downloads: BrowserDownload[] = []
  const sheets: ShareSheet[] = []
  const fetched: string[] = []
  // What the page asked of the browser, in order: 'fetch', 'download', 'share'.
  const calls: string[] = []
  const aborted: string[] = []
  const objectUrls = new Map<string, Blob>()
  let created = 0
  let taps = 0

  URL.createObjectURL = (blob: Blob) => {
    const href = `blob:${page}/${++created}`
    objectUrls.set(href, blob)
    return href
  }
  URL.revokeObjectURL = (href: string) => void objectUrls.delete(href)

  // A link with `download` saves what its URL holds when clicked; jsdom would try to navigate.
  const onClick = (e: Event) => {
    const a = (e.target as Element).closest?.('a[download]') as HTMLAnchorElement | null
    if (!a) return
    e.preventDefault()
    calls.push('download')
    const blob = objectUrls.get(a.href)
    downloads.push({ name: a.download, href: a.href, blob })
    if (blob) options.handedOver?.(a.download, blob)
  }
  document.addEventListener('click', onClick, true)

  g.fetch = (input: string, init: RequestInit = {}) => {
    const url = new URL(input, location.href).href
    const signal = init.signal
    fetched.push(url)
    if (!url.startsWith('blob:')) calls.push('fetch')
    if (url.startsWith('blob:')) {
      const blob = objectUrls.get(url)
      return blob ? bytesOf(blob).then((b) => new NodeResponse(b, { headers: { 'content-type': blob.type } })) : Promise.reject(new TypeError('Failed to fetch'))
    }
    return new Promise<Response>((resolve, reject) => {
      const route = routes[url]
      const crossOrigin = new URL(url).origin !== page
      const allowed = route && (!crossOrigin || [page, '*'].includes(route.headers?.['Access-Control-Allow-Origin'] ?? ''))
      let timer: ReturnType<typeof setTimeout> | undefined
      const onAbort = () => {
        clearTimeout(timer)
        aborted.push(url)
        reject(abortError())
      }
      signal?.addEventListener('abort', onAbort)
      if (allowed && route.hang) return
      timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        // Chrome gives the page the same TypeError for a refused CORS answer as for no answer.
        if (!allowed) return reject(new TypeError('Failed to fetch'))
        resolve(respond(url, route, signal, (t) => (timer = t)))
      }, 1)
    })
  }

  function respond(url: string, route: BrowserRoute, signal: AbortSignal | null | undefined, track: (t: ReturnType<typeof setTimeout>) => void): Response {
    const body = typeof route.body === 'string' ? new Uint8Array(Buffer.from(route.body)) : route.body
    const count = route.chunks ?? 1
    const size = Math.ceil(body.length / count)
    const parts = Array.from({ length: count }, (_, i) => body.slice(i * size, (i + 1) * size))
    let timer: ReturnType<typeof setTimeout> | undefined
    const stream = new NodeReadableStream<Uint8Array>({
      start(c) {
        let sent = 0
        const next = () => {
          if (sent === route.dropAfter) return c.error(new TypeError('network error'))
          if (sent === parts.length) return c.close()
          c.enqueue(parts[sent++])
          track((timer = setTimeout(next, route.every ?? 1)))
        }
        track((timer = setTimeout(next, route.every ?? 1)))
        signal?.addEventListener('abort', () => {
          clearTimeout(timer)
          aborted.push(url)
          c.error(abortError())
        })
      },
      cancel: () => clearTimeout(timer),
    })
    const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream', ...route.headers }
    if (route.length !== false) headers['Content-Length'] = String(body.length)
    return new NodeResponse(stream, { status: route.status ?? 200, headers })
  }

  // A Worker runs its script (a blob: URL's text) on a thread of its own: here a scope of its own,
  // with its own atob, answering a task later; a CSP without worker-src blob: refuses it at once.
  const started: { url: string; ended: boolean }[] = []
  if (workers) {
    g.Worker = class {
      onmessage?: (e: { data: unknown }) => void
      onerror?: (e: unknown) => void
      private scope: { onmessage?: (e: { data: unknown }) => void } = {}
      private record: { url: string; ended: boolean }
      constructor(url: string) {
        if (workers!.refused) throw new DOMException(`Refused to create a worker from '${url}'`, 'SecurityError')
        this.record = { url, ended: false }
        started.push(this.record)
        const script = objectUrls.get(url)
        const ready = bytesOf(script).then((b) =>
          new Function('self', 'postMessage', 'atob', Buffer.from(b).toString())(
            this.scope,
            (data: unknown) => setTimeout(() => !this.record.ended && this.onmessage?.({ data })),
            (s: string) => Buffer.from(s, 'base64').toString('latin1'),
          ),
        )
        this.post = (data) => void ready.then(() => setTimeout(() => !this.record.ended && this.scope.onmessage?.({ data })))
      }
      post: (data: unknown) => void
      postMessage(data: unknown) {
        this.post(data)
      }
      terminate() {
        this.record.ended = true
      }
    }
  }

  g.matchMedia = (query: string) => {
    const q = query.replace(/\s+/g, '')
    const touch = !!options.touch
    return { media: query, matches: q === '(pointer:coarse)' ? touch : q === '(pointer:fine)' ? !touch : false, addEventListener() {}, removeEventListener() {} }
  }
  const jsdomAgent = navigator.userAgent
  if (options.userAgent) Object.defineProperty(navigator, 'userAgent', { get: () => options.userAgent ?? jsdomAgent, configurable: true })
  if (options.share) {
    const share = () => options.share ?? {}
    nav.canShare = (data: ShareData) => !!data?.files?.length && data.files.every((f) => SHAREABLE.test(f.type))
    nav.share = (data: ShareData) => {
      calls.push('share')
      if (share().activation === false) return Promise.reject(new DOMException('Must be handling a user gesture to perform a share request.', 'NotAllowedError'))
      if (!nav.canShare(data)) return Promise.reject(new TypeError('Permission denied'))
      return new Promise<void>((resolve, reject) => {
        const files = [...data.files!]
        const save = () => {
          for (const file of files) options.handedOver?.(file.name, file)
          resolve()
        }
        const sheet = { files, save, dismiss: () => reject(new DOMException('Share canceled', 'AbortError')) }
        sheets.push(sheet)
        const answer = share().answer
        if (answer) setTimeout(answer === 'save' ? sheet.save : sheet.dismiss)
      })
    }
  }

  return {
    downloads,
    sheets,
    fetched,
    aborted,
    /** What the page asked of the browser, in order: 'fetch' (not of blob: URLs), 'download', 'share'. */
    calls,
    /** The workers started: their script's URL, and whether they were ended. */
    workers: started,
    /** Object URLs created and not yet revoked. */
    liveUrls: () => [...objectUrls.keys()],
    createdUrls: () => created,
    /** Taps the person made (the kit's stand-in Button taps through here). */
    get taps() {
      return taps
    },
    /** The person taps: `fn` runs as the tap's click handler. */
    tap(fn: () => void) {
      taps++
      fn()
    },
    /** Gives jsdom back its own pieces. */
    restore() {
      document.removeEventListener('click', onClick, true)
      for (const { owner, name, descriptor } of saved) {
        if (descriptor) Object.defineProperty(owner, name, descriptor)
        else delete (owner as Record<string, unknown>)[name]
      }
    },
  }
}

/**
 * What `simulateBrowser` hands back.
 *
 * @example
 * let browser: SimulatedBrowser | undefined
 */
export type SimulatedBrowser = ReturnType<typeof simulateBrowser>
