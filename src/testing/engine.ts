/**
 * What every simulated mini-program runtime shares, whatever its wording: callbacks that come
 * later (or never, or twice, on a fault), a file system split into a writable user folder with a
 * quota and a read-only temporary one, a permission dialog that remembers its answer, a settings
 * page, a download machine that reports progress and any HTTP status, an album that only takes
 * real images, canvases on the page that export to temporary files, and the test surface
 * (`calls`, `requests`, `files()`, `album`, `pending()`, `openTasks()`, `tap()`, `canvas()`…).
 * Each platform file (`wx.ts`, `tt.ts`, `my.ts`, `swan.ts`) builds its native object from these
 * pieces, in its own words: this file decides behaviour, they decide wording, codes and paths.
 */
import { JPEG, JPEG_B64, PNG, PNG_B64 } from './images'

/** A failure as a fault or a platform table words it: the message, and the code if there is one. */
export type Failure = { fail: string; errno?: number }

/** What a faulty platform call does instead of its normal answer. */
export type Fault =
  | Failure
  | 'throw' // throws synchronously
  | 'silent' // never calls back
  | 'twice' // answers twice
  | { late: number } // does its work and answers only after this many ms

/** What the simulated server answers for a URL (`sim.server.route(url, route)`). */
export interface Route {
  status?: number
  body?: Uint8Array | string
  contentType?: string
  /** Never finishes (until aborted). */
  hang?: boolean
  /** Ms between progress events; three events (or `progressEvents`), then the answer. */
  delay?: number
  /** How many progress events the download fires before it answers. Default 3. */
  progressEvents?: number
  /** `false`: the server sends no Content-Length, so the expected size is unknown (0). */
  length?: boolean
}

/** Options every simulated runtime accepts (the same names as `wx.ts`'s). */
export interface SimOptions {
  /** Which device wording a refusal takes (each platform names its own). */
  device?: string
  /** What the person answers in the next permission dialog. */
  dialog?: 'allow' | 'deny'
  privacy?: 'agreed' | 'refused' | 'undeclared'
  /** Bytes the user folder may hold. */
  quota?: number
  /** Answer for the saving sheet. */
  sheet?: 'save' | 'cancel'
  /** Ms before each answer. Default 1. */
  latency?: number
  /**
   * The phone's own permission for the host app (WeChat, Douyin, Alipay) to write into its
   * photos, apart from the mini program's scope: `denied`, and every album save fails with the
   * platform's system wording while getSetting still reports the scope on. Default `authorized`.
   */
  phone?: 'authorized' | 'denied'
}

/** The privacy states every runtime knows; a platform may add its own (WeChat's `pending`). */
type Privacy = NonNullable<SimOptions['privacy']>

/** The platform's own words for an answer: the object its callbacks receive. */
export interface Wording {
  ok(api: string, res: object): object
  fail(api: string, message: string, code?: number): object
  /** A fault's answer, its `fail` being the whole message; when not given, worded as `fail` words one. */
  fault?(api: string, fault: Failure): object
}

/**
 * The answers of the WeChat-shaped platforms: `{ errMsg: 'api:ok', …res }`, or `{ errMsg:
 * 'api:fail message' }` with the code beside it under `codeKey` (`errno`, `errNo`, `errCode`).
 * A message that is already a whole errMsg (a fault's, a refusal's) is kept as it is.
 */
export function errMsgWords(codeKey: 'errno' | 'errNo' | 'errCode'): Wording {
  const short = (api: string) => api.replace(/^fs\./, '')
  return {
    ok: (api, res) => ({ errMsg: `${short(api)}:ok`, ...res }),
    fail: (api, message, code) => ({ errMsg: message.includes(':fail') ? message : `${short(api)}:fail ${message}`, ...(code !== undefined && { [codeKey]: code }) }),
  }
}

type Callbacks = { success?: (r: any) => void; fail?: (r: any) => void; complete?: (r: any) => void; [k: string]: any }
export type { Callbacks }

/** Where files live: the folder the app may write, and the read-only one downloads land in. */
export interface Folders {
  user: string
  temp: string
  /** A new temporary file's name, before its extension, from a running number; time-stamped when not given. */
  tempName?: (serial: number, source: 'download' | 'canvas') => string
}

/** How a finished download lands: `[ok, the answer's fields]`. */
type Landing = (o: Callbacks, body: Uint8Array, status: number, route: Route) => [boolean, object]

/**
 * The behaviour a platform file dresses in its own words: `sim` (the test surface), the call
 * wrapper with faults, the dialog, the settings page, downloads, the file system, canvases and
 * the album.
 *
 * @example
 * const e = createEngine({}, { user: 'bdfile://usr', temp: 'bdfile://tmp' }, 'scope.writePhotosAlbum', words, { device: 'phone', quota: 10 << 20 })
 * e.sim.native = { getSetting: e.api('getSetting', (o) => e.answer('getSetting', o, true, { authSetting: {} })) }
 */
export function createEngine<Device extends string = string, State extends string = Privacy>(
  options: Omit<SimOptions, 'device' | 'privacy'> & { device?: Device; privacy?: State },
  folders: Folders,
  scope: string,
  words: Wording,
  defaults: { device: Device; quota: number },
) {
  const files = new Map<string, Uint8Array>()
  const routes = new Map<string, Route>()
  const faults = new Map<string, Fault>()
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const latency = options.latency ?? 1
  const openTasks = new Set<object>()
  let inTap = false
  let serial = 0
  const canvases = new Map<string, CanvasNode>()
  const device: Device = options.device ?? defaults.device
  const privacy: State | 'agreed' = options.privacy ?? 'agreed'

  const sim = {
    device,
    dialog: options.dialog ?? 'allow',
    privacy,
    quota: options.quota ?? defaults.quota,
    sheet: options.sheet ?? 'save',
    /** The phone's own photos permission for the host app (see `SimOptions.phone`). */
    phone: options.phone ?? ('authorized' as 'authorized' | 'denied'),
    /** The album scope, as it is when the dialog is shown. */
    scope,
    /** What the person does on the settings page, and how many ms they stay there. */
    settings: { answer: 'on' as 'on' | 'off', stay: 1 },
    /** Visits to the settings page so far. */
    settingsVisits: 0,
    authSetting: {} as Record<string, boolean>,
    album: [] as { bytes: Uint8Array; name: string }[],
    /** Permission dialogs shown so far. */
    dialogs: 0,
    /** API names called, in order (`fs.writeFile` for the file system). */
    calls: [] as string[],
    /** The options each call received, in order. */
    requests: [] as { api: string; options: Record<string, any> }[],
    server: {
      route(url: string, route: Route) {
        routes.set(url, route)
      },
    },
    /** Whether `api` has a fault set. */
    faulty: (api: string) => faults.has(api),
    /** Makes `api` (e.g. `downloadFile`, `fs.writeFile`) misbehave; `undefined` heals it. */
    fault(api: string, fault?: Fault) {
      if (fault) faults.set(api, fault)
      else faults.delete(api)
    },
    /** Runs fn as a user tap gesture. */
    tap<T>(fn: () => T): T {
      inTap = true
      try {
        return fn()
      } finally {
        inTap = false
      }
    },
    /** Paths in the user folder. */
    files: () => [...files.keys()].filter((p) => p.startsWith(`${folders.user}/`)),
    /** Puts a file anywhere, as another part of the app would (e.g. chooseImage). */
    put: (path: string, bytes: Uint8Array) => void files.set(path, bytes),
    /** Bytes of any file, user or temporary. */
    read: (path: string) => files.get(path),
    /** Timers the runtime still has running (downloads in flight, answers due). */
    pending: () => timers.size,
    /** Download tasks handed out and neither finished nor aborted. */
    openTasks: () => openTasks.size,
    /** Called with each API name as the call starts, before the API does anything. */
    onCall: undefined as ((api: string) => void) | undefined,
    /** The user folder and the temporary one, as this platform names them. */
    folders,
    /** The native global (`wx`, `tt`, `my`, `swan`), filled by the platform file. */
    native: {} as Record<string, any>,
    /**
     * A canvas on the page: a `Canvas type="2d"` node to pass as `{ canvas }`, registered under
     * `id` for the canvas-id API; inside a custom component, found by id only with that component
     * (where the platform takes one). `drawn: false` is a canvas with nothing to export (never
     * sized or drawn): the platform's export fails, and the node's own `toDataURL()` answers
     * `data:,` as a zero-sized canvas does.
     */
    canvas(id = `c${canvases.size}`, { drawn = true, component }: { drawn?: boolean; component?: object } = {}): CanvasNode {
      const node: CanvasNode = {
        id,
        drawn,
        component,
        width: drawn ? 300 : 0,
        height: drawn ? 150 : 0,
        toDataURL: (type = 'image/png') => (!drawn ? 'data:,' : type === 'image/jpeg' ? `data:image/jpeg;base64,${JPEG_B64}` : `data:image/png;base64,${PNG_B64}`),
      }
      canvases.set(id, node)
      return node
    },
  }

  const later = (fn: () => void, ms = 1) => {
    const t = setTimeout(() => {
      timers.delete(t)
      fn()
    }, ms)
    timers.add(t)
    return t
  }
  const cancel = (t?: ReturnType<typeof setTimeout>) => {
    if (t === undefined) return
    clearTimeout(t)
    timers.delete(t)
  }

  const failsAtOnce = (fault?: Fault): fault is Failure => typeof fault === 'object' && 'fail' in fault
  const faultAnswer = (api: string, fault: Failure) => (words.fault ? words.fault(api, fault) : words.fail(api, fault.fail, fault.errno))

  /** Calls back as the platform does: later, success or fail, then complete; or as the fault says. */
  function answer(api: string, o: Callbacks, ok: boolean, res: object) {
    const fault = faults.get(api)
    const fire = (asOk: boolean, r: object) => {
      ;(asOk ? o.success : o.fail)?.(r)
      o.complete?.(r)
    }
    if (fault === 'silent') return
    if (failsAtOnce(fault)) {
      later(() => fire(false, faultAnswer(api, fault)))
      return
    }
    const body = ok ? words.ok(api, res) : res
    later(() => fire(ok, body), latency)
    if (fault === 'twice') later(() => fire(ok, body), latency + 1)
  }

  /** Wraps an API so calls are recorded and faults act before anything happens. */
  function api(name: string, impl: (o: Callbacks, ...rest: any[]) => unknown) {
    return (o: Callbacks = {}, ...rest: unknown[]) => {
      sim.calls.push(name)
      sim.requests.push({ api: name, options: o })
      sim.onCall?.(name)
      const fault = faults.get(name)
      if (fault === 'throw') throw new Error(`${name}: simulated synchronous throw`)
      // A call that fails does nothing else, as on a device.
      if (failsAtOnce(fault)) return answer(name, o, false, {})
      // A slow call: its effect (a file written, an image saved) happens late too. Downloads are
      // slowed by their route instead, since the task must exist at once.
      if (fault && typeof fault === 'object' && 'late' in fault && name !== 'downloadFile') {
        later(() => impl(o, ...rest), fault.late)
        return undefined
      }
      return impl(o, ...rest)
    }
  }

  const fail = (api: string, o: Callbacks, message: string, code?: number) => answer(api, o, false, words.fail(api, message, code))
  /** Fails `api` with a failure from the platform's own table (a refusal, a denial). */
  const failWith = (api: string, o: Callbacks, { fail: message, errno }: Failure) => fail(api, o, message, errno)

  /** The permission dialog: shown only when the scope was never asked; the answer is remembered. */
  function ask(): boolean {
    if (sim.authSetting[sim.scope] === undefined) {
      sim.dialogs++
      sim.authSetting[sim.scope] = sim.dialog === 'allow'
    }
    return sim.authSetting[sim.scope]
  }

  /**
   * The person on the settings page: it lists only the scopes already asked; they turn them on
   * or off and leave `settings.stay` ms later, then `then(authSetting)`.
   */
  function visitSettings(then: (authSetting: Record<string, boolean>) => void) {
    sim.settingsVisits++
    later(() => {
      for (const key of Object.keys(sim.authSetting)) sim.authSetting[key] = sim.settings.answer === 'on'
      then({ ...sim.authSetting })
    }, sim.settings.stay)
  }

  /** openSetting: the settings page, answered with the authSetting the person leaves it with. */
  const openSettings = (o: Callbacks) => visitSettings((authSetting) => answer('openSetting', o, true, { authSetting }))

  const inUser = (p: unknown): p is string => typeof p === 'string' && p.startsWith(`${folders.user}/`) && !p.includes('/../')
  const used = () => sim.files().reduce((n, p) => n + files.get(p)!.length, 0)
  /** Whether `bytes` fit in the user folder in place of whatever `path` holds now. */
  const fits = (path: string, bytes: Uint8Array) => used() - (files.get(path)?.length ?? 0) + bytes.length <= sim.quota

  /**
   * `downloadFile`: progress three times, then `land` decides the answer. Ends early on a URL
   * the platform `refuse`s, a bad URL, an unknown host, or `abort()`. The task is handed back
   * and counted among `openTasks()` while it runs, unless the platform returns none (`task: false`).
   */
  function download(land: Landing, { refuse, task = true }: { refuse?: (url: string) => object | undefined; task?: boolean } = {}) {
    return api('downloadFile', (o) => {
      const listeners = new Set<(e: object) => void>()
      let timer: ReturnType<typeof setTimeout> | undefined
      let done = false
      const controls = {
        abort: () => finish(false, words.fail('downloadFile', 'abort')),
        onProgressUpdate: (cb: (e: object) => void) => void listeners.add(cb),
        offProgressUpdate: (cb: (e: object) => void) => void listeners.delete(cb),
        onHeadersReceived: () => undefined,
        offHeadersReceived: () => undefined,
      }
      function finish(ok: boolean, res: object) {
        if (done) return
        done = true
        openTasks.delete(controls)
        cancel(timer)
        answer('downloadFile', o, ok, res)
      }
      if (task) openTasks.add(controls)
      if (faults.get('downloadFile') === 'silent') return task ? controls : undefined
      const refused = refuse?.(o.url)
      let route = routes.get(o.url)
      if (refused) timer = later(() => finish(false, refused))
      else if (!/^https?:\/\//.test(o.url ?? '')) timer = later(() => finish(false, words.fail('downloadFile', 'invalid url')))
      else if (!route) timer = later(() => finish(false, words.fail('downloadFile', 'url not in domain list')))
      else if (!route.hang) {
        const lateBy = faults.get('downloadFile')
        if (lateBy && typeof lateBy === 'object' && 'late' in lateBy) route = { ...route, delay: lateBy.late / 3 }
        const body = typeof route.body === 'string' ? new Uint8Array(Buffer.from(route.body)) : route.body ?? new Uint8Array()
        const events = route.progressEvents ?? 3
        // Without a Content-Length the expected size is unknown: 0, as the platforms report it.
        const expected = route.length === false ? 0 : body.length
        let step = 0
        const tick = () => {
          step++
          const written = Math.round((body.length * step) / events)
          listeners.forEach((cb) => cb({ progress: expected ? Math.round((step * 100) / events) : 0, totalBytesWritten: written, totalBytesExpectedToWrite: expected }))
          if (step < events) timer = later(tick, route!.delay ?? 1)
          else finish(...land(o, body, route!.status ?? 200, route!))
        }
        timer = later(tick, route.delay ?? 1)
      }
      return task ? controls : undefined
    })
  }

  /** A fresh path in the temporary folder, for a download or a canvas export. */
  const tempPath = (ext: string, source: 'download' | 'canvas') => {
    serial++
    const name = folders.tempName ? folders.tempName(serial, source) : `${Date.now().toString(36)}${serial}`
    return `${folders.temp}/${name}.${ext}`
  }

  /**
   * The file system, the same in behaviour everywhere: writes only in the user folder, within
   * the quota (and `fileLimit` a file); `rename` only inside it; `copyFile` from anywhere into it;
   * base64 data with a `data:` prefix refused; reads past the end refused where the platform
   * words that (`say.outOfRange`). Its failures are in the platform's words, `say`.
   * `wholeReads`: `readFile` ignores `position`/`length` (Alipay).
   */
  function fileSystem(say: FsWords, { wholeReads = false, fileLimit = Infinity } = {}) {
    const refuse = (api: string, o: Callbacks, [message, code]: Said) => fail(api, o, message, code)
    /** Keeps bytes at `path` if the user folder allows it; otherwise says why. */
    const keep = (api: string, path: unknown, bytes: Uint8Array): Said | undefined => {
      if (!inUser(path)) return say.denied(api, String(path))
      if (bytes.length > fileLimit || !fits(path, bytes)) return say.full(api)
      files.set(path, bytes)
      return undefined
    }
    const store = (api: string, o: Callbacks, path: unknown, bytes: Uint8Array) => {
      const why = keep(api.replace(/^fs\./, ''), path, bytes)
      if (why) refuse(api, o, why)
      else answer(api, o, true, {})
    }
    /** The bytes `writeFile` means, or why it refuses the data. */
    const decode = (data: unknown, encoding?: string): Uint8Array | BadData => {
      if (typeof data === 'string' && encoding === 'base64') {
        return data.startsWith('data:') || !/^[A-Za-z0-9+/]*={0,2}$/.test(data) ? 'base64' : new Uint8Array(Buffer.from(data, 'base64'))
      }
      if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0))
      if (typeof data === 'string') return new Uint8Array(Buffer.from(data, encoding === 'binary' ? 'latin1' : 'utf8'))
      return 'type'
    }
    /** The part of `bytes` a read asks for, or undefined when it runs past the end. */
    const range = (bytes: Uint8Array, o: Callbacks) => {
      if (wholeReads) return bytes.slice()
      const start = o.position ?? 0
      const end = o.length === undefined ? bytes.length : start + o.length
      return say.outOfRange && (start > bytes.length || end > bytes.length) ? undefined : bytes.slice(start, end)
    }
    const methods = {
      writeFile: api('fs.writeFile', (o) => {
        const bytes = decode(o.data, o.encoding)
        if (typeof bytes === 'string') return refuse('fs.writeFile', o, say.badData('writeFile', bytes))
        store('fs.writeFile', o, o.filePath, bytes)
      }),
      readFile: api('fs.readFile', (o) => {
        const bytes = files.get(o.filePath)
        if (!bytes) return refuse('fs.readFile', o, say.missing('readFile', o.filePath))
        const slice = range(bytes, o)
        if (!slice) return refuse('fs.readFile', o, say.outOfRange!('readFile'))
        answer('fs.readFile', o, true, { data: o.encoding ? Buffer.from(slice).toString(o.encoding) : slice.buffer })
      }),
      unlink: api('fs.unlink', (o) => {
        if (!files.has(o.filePath)) return refuse('fs.unlink', o, say.missing('unlink', o.filePath))
        if (!inUser(o.filePath)) return refuse('fs.unlink', o, say.denied('unlink', o.filePath))
        files.delete(o.filePath)
        answer('fs.unlink', o, true, {})
      }),
      // Only inside the user folder: moving a temporary file out of its folder is a write there.
      rename: api('fs.rename', (o) => {
        const bytes = files.get(o.oldPath)
        if (!bytes) return refuse('fs.rename', o, say.missing('rename', o.oldPath, o.newPath))
        if (!inUser(o.oldPath) || !inUser(o.newPath)) return refuse('fs.rename', o, say.denied('rename', o.oldPath))
        files.delete(o.oldPath)
        files.set(o.newPath, bytes)
        answer('fs.rename', o, true, {})
      }),
      copyFile: api('fs.copyFile', (o) => {
        const bytes = files.get(o.srcPath)
        if (!bytes) return refuse('fs.copyFile', o, say.missing('copyFile', o.srcPath))
        store('fs.copyFile', o, o.destPath, bytes.slice())
      }),
      access: api('fs.access', (o) => {
        if (files.has(o.path)) answer('fs.access', o, true, {})
        else refuse('fs.access', o, say.missing('access', o.path))
      }),
      stat: api('fs.stat', (o) => {
        const bytes = files.get(o.path)
        if (!bytes) return refuse('fs.stat', o, say.missing('stat', o.path))
        answer('fs.stat', o, true, { stats: { size: bytes.length, isFile: () => true, isDirectory: () => false } })
      }),
    }
    /**
     * Where a finished download lands: the user file `o.filePath` names when the platform
     * `honours` it (checked like a write), else a new temporary file, under `tempKey`.
     */
    function land(o: Callbacks, body: Uint8Array, { honours, ext, extra = {}, tempKey = 'tempFilePath' }: { honours: boolean; ext: string; extra?: object; tempKey?: string }): [boolean, object] {
      if (!honours) {
        const temp = tempPath(ext, 'download')
        files.set(temp, body)
        return [true, { ...extra, [tempKey]: temp }]
      }
      const why = keep('downloadFile', o.filePath, body)
      return why ? [false, words.fail('downloadFile', ...why)] : [true, { ...extra, filePath: o.filePath }]
    }
    return { methods, land }
  }

  /**
   * `canvasToTempFilePath`: finds the canvas (by `canvas` node where the platform takes one, else
   * by `canvasId`; inside a custom component only with that component, its second argument,
   * where components are taken) and exports it to a new temporary file, JPEG for
   * `fileType: 'jpg'`, else PNG, named with `ext` (the file type where not given). A canvas not
   * found or with nothing drawn fails with the platform's one wording, `empty`.
   */
  function canvasExport({ byNode, inComponents, ext }: { byNode: boolean; inComponents: boolean; ext?: string }, [empty, code]: Said) {
    const name = 'canvasToTempFilePath'
    return api(name, (o, component?: object) => {
      const found = byNode && o.canvas ? [...canvases.values()].find((c) => c === o.canvas) : typeof o.canvasId === 'string' ? canvases.get(o.canvasId) : undefined
      const hidden = !(byNode && o.canvas) && inComponents && found?.component !== undefined && found.component !== component
      if (!found || !found.drawn || hidden) return fail(name, o, empty, code)
      const jpg = o.fileType === 'jpg'
      const tempFilePath = tempPath(ext ?? (jpg ? 'jpg' : 'png'), 'canvas')
      files.set(tempFilePath, (jpg ? JPEG : PNG).slice())
      answer(name, o, true, { tempFilePath })
    })
  }

  /**
   * An album save once the platform's own checks passed: the permission dialog (shown the first
   * time, its answer remembered; `denied` answers a refusal), the saving sheet, then the album,
   * which keeps a copy of the file only if it `takes` it. Failures are in the platform's words.
   */
  function toAlbum(api: string, o: Callbacks, takes: (name: string, bytes: Uint8Array) => boolean, { denied, phoneDenied, cancelled, missing, refused = missing }: AlbumWords) {
    if (!ask()) return denied()
    if (sim.phone === 'denied' && phoneDenied) return phoneDenied()
    if (sim.sheet === 'cancel') return fail(api, o, ...cancelled)
    const bytes = typeof o.filePath === 'string' ? files.get(o.filePath) : undefined
    if (!bytes) return fail(api, o, ...missing)
    if (!takes(o.filePath, bytes)) return fail(api, o, ...refused)
    sim.album.push({ bytes: bytes.slice(), name: o.filePath.slice(o.filePath.lastIndexOf('/') + 1) })
    answer(api, o, true, {})
  }

  /**
   * The calls every platform answers alike: `getSetting`, `getFileSystemManager` (the file
   * system `fs` made) and `canIUse`.
   */
  const commonApis = (fs: { methods: object }) => ({
    getSetting: api('getSetting', (o) => answer('getSetting', o, true, { authSetting: { ...sim.authSetting } })),
    getFileSystemManager: () => fs.methods,
    canIUse: () => true,
  })

  return { sim, latency, api, answer, fail, failWith, later, ask, visitSettings, openSettings, download, fileSystem, canvasExport, toAlbum, commonApis, isTap: () => inTap }
}

/** A canvas on the simulated page: what `createSelectorQuery().fields({ node: true })` hands back for a `Canvas type="2d"`. */
export interface CanvasNode {
  id: string
  drawn: boolean
  component?: object
  width: number
  height: number
  /** The canvas as a data URL (`image/png` or `image/jpeg`); `data:,` when there is nothing to export. */
  toDataURL(type?: string, quality?: number): string
}

/** A failure as a platform words it: its message, and its code if it gives one. */
export type Said = [message: string, code?: number]

/** A failure worded as a fault is (`{ fail, errno }`), as a `Said`. */
export const said = ({ fail, errno }: Failure): Said => [fail, errno]

/** An album save's failures in a platform's words: `denied` answers a refusal itself. */
export interface AlbumWords {
  denied(): void
  /** The phone refuses the host app its photos (its own permission, apart from the scope); where not given, the platform's wording is unknown and the phone's refusal is not simulated. */
  phoneDenied?(): void
  cancelled: Said
  /** No file at `filePath`. */
  missing: Said
  /** A file the album does not take; worded as `missing` when not given. */
  refused?: Said
}

/** Why `writeFile` refuses its data: base64 it cannot decode, or data neither a string nor an ArrayBuffer. */
export type BadData = 'base64' | 'type'

/** The file system's failures in a platform's words (`api` without the `fs.` prefix). */
export interface FsWords {
  /** No file at `path` (`to`: where `rename` was moving it). */
  missing(api: string, path: string, to?: string): Said
  denied(api: string, path: string): Said
  full(api: string): Said
  badData(api: string, why: BadData): Said
  /** A read past the end of the file; a platform that does not word it reads what there is. */
  outOfRange?(api: string): Said
}

export type Engine = ReturnType<typeof createEngine<string, Privacy>>
export type NativeSim = Engine['sim']

/** The extension a server's Content-Type gives a downloaded file. */
export const CONTENT_EXT: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'text/html': 'html',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
}

/** The album's gates on every platform: an image (or video) extension on bytes that really are that kind. */
export { isAlbumImage, isAlbumVideo } from './images'
