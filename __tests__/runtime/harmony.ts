/**
 * A simulated HarmonyOS shell for Taro's `harmony-hybrid` target: the H5 build runs in the
 * shell's WebView, and the plugin's API layer (`@tarojs/plugin-platform-harmony-hybrid`, loaded
 * for real by `loadPlatform`) sends what a browser lacks over `window.MethodChannel` to native.
 * This file is both sides the plugin talks to:
 * - the bridge: `MethodChannel.jsBridgeMode(mode)` is the decorator the plugin's `NativeApi` class
 *   puts on each method; the decorated method calls the native method of the same name here
 *   (callbacks passed as they are, the return value handed back for the synchronous ones);
 * - the native shell (`native`): `getSetting` / `openSetting` (callbacks only), the album saves
 *   (`filePath`; the save itself shows the permission dialog the first time, as nothing asks
 *   beforehand), `saveDataUrlToFile` (what the plugin's downloadFile calls to write a file: a
 *   data URL into `filePath`, or a new file under `internal://cache`), and the file manager's
 *   `readFile` (answers `{ bufBase64 }`). Everything else the plugin's file manager has
 *   (`writeFile`, `unlink`, `rename`, `stat`, `copyFile`…) is a stub in the plugin that never
 *   calls native nor back; `getFileInformation` reaches native but the shell names it
 *   `getFileInfo`, so it never answers here either;
 * - the two file APIs outside the file manager that the plugin sends to native and declares
 *   (`definition.json`): `getFileInfo({ filePath })` → `{ size }`, and `saveFile({ tempFilePath,
 *   filePath })` → `{ savedFilePath }`, a copy into the user folder made natively. Their native
 *   side is not public: modelled on WeChat's, a copy rather than a move (the safer guess);
 * - the WebView's network (`XMLHttpRequest`): the plugin's downloadFile is an XHR. Routes come
 *   from `sim.server.route`; a route with `cors: false` fails as a cross-origin request without
 *   CORS headers does (an `error` event and nothing else); `data:` URLs are read as Chromium reads
 *   them (status 200, the data URL's type).
 * The shell's failure wordings are not public: a native failure here is `{ errMsg: message }`,
 * and the plugin puts `<api>:fail ` in front for the album saves; a refusal reads `auth deny`,
 * a cancelled sheet `cancel`.
 */
import { CONTENT_EXT, createEngine, isAlbumImage, isAlbumVideo, type Callbacks, type Route, type SimOptions, type Wording } from './engine'

export const USER_DATA_PATH = 'internal://files'
export const TEMP = 'internal://cache'
export const SCOPE = 'scope.writePhotosAlbum'

/**
 * A server answer, and whether the server sends CORS headers (default yes). A request that fails
 * gets an `error` event without a `message`, as Chromium's (a ProgressEvent), unless
 * `errorMessage` gives the one a WebView sending an ErrorEvent puts there.
 */
export type HybridRoute = Route & { cors?: boolean; errorMessage?: string }

/** A refused album permission, as native words it (the plugin puts `<api>:fail ` in front for the saves). */
export const DENIAL = { fail: 'auth deny' }

/** The shell's answers: `{ errMsg: 'api:ok', …res }`, or `{ errMsg: message }` as native words it. */
const words: Wording = {
  ok: (api, res) => ({ errMsg: `${api.replace(/^fs\./, '')}:ok`, ...res }),
  fail: (_api, message, code) => ({ errMsg: message, ...(code !== undefined && { errCode: code }) }),
}

const MIME_EXT: Record<string, string> = CONTENT_EXT

/**
 * A fresh simulated shell: `native` is what the bridge calls, `XMLHttpRequest` the WebView's.
 *
 * @example
 * const sim = createHarmony({ dialog: 'deny' })
 * sim.native.saveImageToPhotosAlbum({ filePath: 'internal://files/a.png', fail: console.log }) // { errMsg: 'saveImageToPhotosAlbum:fail auth deny' }
 */
export function createHarmony(options: SimOptions = {}) {
  const e = createEngine(options, { user: USER_DATA_PATH, temp: TEMP }, SCOPE, words, { device: 'phone', quota: 200 * 1024 * 1024 })
  const { sim, api, answer, fail, later } = e
  const routes = new Map<string, HybridRoute>()
  const route = sim.server.route
  /** The engine's server, with routes the WebView reads (and `cors`). */
  const server = {
    route(url: string, r: HybridRoute) {
      routes.set(url, r)
      route(url, r)
    },
  }
  const fs = e.fileSystem({
    missing: (_api, path) => [`no such file or directory, open ${path}`],
    denied: (_api, path) => [`permission denied, open ${path}`],
    full: () => ['the maximum size of the file storage limit is exceeded'],
    badData: () => ['invalid data'],
  })

  /** What the album save needs: never asked, the save shows the dialog; its answer is remembered. */
  const toAlbum = (name: string, takes: (name: string, bytes: Uint8Array) => boolean) =>
    api(name, (o) => e.toAlbum(name, o, takes, { denied: () => fail(name, o, DENIAL.fail), cancelled: ['cancel'], missing: ['file not exists'], refused: ['invalid file type'] }))

  sim.native = {
    getSetting: api('getSetting', (o) => answer('getSetting', o, true, { authSetting: { ...sim.authSetting } })),
    openSetting: api('openSetting', e.openSettings),
    saveImageToPhotosAlbum: toAlbum('saveImageToPhotosAlbum', isAlbumImage),
    saveVideoToPhotosAlbum: toAlbum('saveVideoToPhotosAlbum', isAlbumVideo),
    // The file downloadFile lands in: `filePath` when given (a user file, checked as a write), else a new temporary file.
    saveDataUrlToFile: api('saveDataUrlToFile', (o: Callbacks) => {
      const data = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(String(o.data))
      if (!data) return fail('saveDataUrlToFile', o, 'invalid data url')
      const bytes = new Uint8Array(Buffer.from(decodeURIComponent(data[3]), data[2] ? 'base64' : 'utf8'))
      const [ok, res] = fs.land(o, bytes, { honours: o.filePath !== undefined, ext: MIME_EXT[data[1]] ?? 'bin' })
      if (ok) answer('saveDataUrlToFile', o, true, { tempFilePath: (res as { filePath?: string; tempFilePath?: string }).filePath ?? (res as { tempFilePath: string }).tempFilePath })
      else fail('saveDataUrlToFile', o, (res as { errMsg: string }).errMsg)
    }),
    getFileManager: () => undefined,
    // The shell reads with `position`/`length` and answers the bytes as base64.
    // (Recorded and faulted as `fs.readFile` by the engine's file system.)
    readFile: (o: Callbacks) =>
      fs.methods.readFile({
        ...o,
        success: ({ data }: { data: ArrayBuffer }) => o.success?.({ bufBase64: Buffer.from(data).toString('base64') }),
      }),
    // The plugin calls it getFileInformation; the shell has only getFileInfo: never answers.
    getFileInformation: api('fs.getFileInformation', () => undefined),
    // Taro.getFileInfo: the size natively, no bytes over the bridge.
    getFileInfo: api('getFileInfo', (o: Callbacks) => {
      const bytes = sim.read(o.filePath)
      if (!bytes) return fail('getFileInfo', o, `no such file or directory, open ${o.filePath}`)
      answer('getFileInfo', o, true, { size: bytes.length })
    }),
    // Taro.saveFile: a native copy into the user folder (where `filePath` says, else a new name there).
    saveFile: api('saveFile', (o: Callbacks) => {
      const bytes = sim.read(o.tempFilePath)
      if (!bytes) return fail('saveFile', o, `no such file or directory, open ${o.tempFilePath}`)
      const to = o.filePath ?? `${USER_DATA_PATH}/saved-${sim.files().length}`
      if (!String(to).startsWith(`${USER_DATA_PATH}/`)) return fail('saveFile', o, `permission denied, open ${to}`)
      sim.put(to, bytes.slice())
      answer('saveFile', o, true, { savedFilePath: to })
    }),
  }
  // Calls the plugin makes while it loads (listeners, storage sync): nothing to answer.
  const quiet = ['registerNativeListener', 'batchGetPageShowDataStorage', 'onStorageStatusChange', 'onNativeNavigate']
  for (const name of quiet) sim.native[name] = () => undefined

  /** The WebView's XMLHttpRequest over the simulated server (only what the plugin's downloadFile uses). */
  class XMLHttpRequest {
    readyState = 0
    status = 0
    response: Blob | null = null
    responseType = ''
    withCredentials = false
    onprogress: ((e: { loaded: number; total: number }) => void) | null = null
    onreadystatechange: (() => void) | null = null
    onload: (() => void) | null = null
    onerror: ((e: { message?: string }) => void) | null = null
    onabort: (() => void) | null = null
    url = ''
    type = ''
    done = false
    open(_method: string, url: string) {
      this.url = url
      this.readyState = 1
    }
    setRequestHeader() {}
    getAllResponseHeaders() {
      return this.type ? `content-type: ${this.type}\r\n` : ''
    }
    send() {
      // In `requests` only: the WebView's network is not a platform call (its faults are routes).
      sim.requests.push({ api: 'xhr', options: { url: this.url, withCredentials: this.withCredentials } })
      const data = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(this.url)
      if (data) {
        const bytes = Buffer.from(decodeURIComponent(data[3]), data[2] ? 'base64' : 'utf8')
        return void later(() => this.finish(200, data[1], new Uint8Array(bytes), bytes.length))
      }
      const r = routes.get(this.url)
      // No such host, or a cross-origin answer without CORS headers: only an error event.
      const error = { type: 'error', ...(r?.errorMessage !== undefined && { message: r.errorMessage }) }
      if (!r || r.cors === false) return void later(() => !this.done && ((this.done = true), this.onerror?.(error as never)))
      if (r.hang) return
      const body = typeof r.body === 'string' ? new Uint8Array(Buffer.from(r.body)) : r.body ?? new Uint8Array()
      const total = r.length === false ? 0 : body.length
      const events = r.progressEvents ?? 3
      let step = 0
      const tick = () => {
        if (this.done) return
        step++
        this.onprogress?.({ loaded: Math.round((body.length * step) / events), total })
        if (step < events) later(tick, r.delay ?? 1)
        else this.finish(r.status ?? 200, r.contentType ?? '', body, total)
      }
      later(tick, r.delay ?? 1)
    }
    abort() {
      if (this.done) return
      this.done = true
      this.readyState = 4
      this.onabort?.()
    }
    finish(status: number, type: string, body: Uint8Array, _total: number) {
      if (this.done) return
      this.done = true
      this.status = status
      this.type = type
      this.readyState = 2
      this.onreadystatechange?.()
      this.readyState = 4
      this.response = new Blob([body as BlobPart], { type })
      this.onload?.()
    }
  }

  return Object.assign(sim, { XMLHttpRequest, server })
}

export type HarmonySim = ReturnType<typeof createHarmony>
