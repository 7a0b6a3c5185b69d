/**
 * A simulated WeChat runtime: the callback-style `wx` API as the real one behaves, not as a
 * happy path. Dialogs remember answers, a refused scope fails at once with the device's own
 * wording, downloadFile reports any HTTP status as success, the file system has a quota and
 * refuses `data:` prefixes, and the album only takes files that are really images.
 */
import { isAlbumImage, isAlbumVideo, JPEG, PNG } from './images'
import type { AlbumWords, Fault, Route } from './engine'

export type { Fault, Route }

export const USER_DATA_PATH = 'http://usr'
export const SCOPE = 'scope.writePhotosAlbum'

export type Device = 'devtools' | 'android' | 'ios' | 'wecom'
/** How each device words a refused album scope. */
export const DENIALS: Record<Device, (api: string) => string> = {
  devtools: (api) => `${api}:fail auth deny`,
  android: (api) => `${api}:fail auth denied`,
  ios: (api) => `${api}:fail authorize no response`,
  wecom: (api) => `${api}:fail:system permission denied`,
}

/** WeChat's words for an album save that fails past the dialog (ByteDance and Baidu answer the same). */
export const ALBUM_FAILURES: Omit<AlbumWords, 'denied'> = { cancelled: ['cancel'], missing: ['file not exists'], refused: ['invalid file type'] }

export interface SimOptions {
  device?: Device
  /** What the person answers in the next permission dialogs. */
  dialog?: 'allow' | 'deny'
  /**
   * The privacy agreement: agreed, refused (errno 104), the album not declared in it (errno 112),
   * or `pending`: not agreed yet, so a covered API (authorize, the album saves,
   * requirePrivacyAuthorize) shows the agreement sheet and waits for the person's answer.
   */
  privacy?: 'agreed' | 'refused' | 'undeclared' | 'pending'
  /**
   * Base library ≥ 2.32.3: `requirePrivacyAuthorize`, `getPrivacySetting`,
   * `onNeedPrivacyAuthorization` and `openPrivacyContract` exist. Default false (older ones).
   */
  privacyApi?: boolean
  /** What the person answers on the platform's own agreement sheet (no listener registered by the app). Default 'agree'. */
  privacySheet?: 'agree' | 'disagree'
  /** Bytes the user folder may hold. */
  quota?: number
  /** Answer for the saving sheet some devices show. */
  sheet?: 'save' | 'cancel'
  /** Ms before each answer. Default 1. */
  latency?: number
  /** The album scope's name: WeChat's, or ByteDance's `scope.album`. */
  scope?: string
}

type Callbacks = { success?: (r: any) => void; fail?: (r: any) => void; complete?: (r: any) => void; [k: string]: any }

const FS_METHODS = ['writeFile', 'readFile', 'unlink', 'rename', 'copyFile', 'access', 'stat'] as const

export function createWx(options: SimOptions = {}) {
  const files = new Map<string, Uint8Array>()
  const routes = new Map<string, Route>()
  const faults = new Map<string, Fault>()
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const latency = options.latency ?? 1
  const openTasks = new Set<object>()
  let inTap = false
  let tmpSerial = 0
  const canvases = new Map<string, { id: string; drawn: boolean; component?: object }>()

  const sim = {
    device: options.device ?? 'devtools',
    dialog: options.dialog ?? 'allow',
    privacy: options.privacy ?? 'agreed',
    quota: options.quota ?? 200 * 1024 * 1024,
    sheet: options.sheet ?? 'save',
    scope: options.scope ?? SCOPE,
    /** What the person does on the openSetting page. */
    settings: { answer: 'on' as 'on' | 'off', /** Ms the person spends on the page. */ stay: 1 },
    /** Visits to the settings page, through openSetting() or a Button with openType="openSetting". */
    settingsVisits: 0,
    privacySheet: options.privacySheet ?? ('agree' as 'agree' | 'disagree'),
    /** Agreement sheets shown so far: the platform's own, or the app's (its listener called). */
    privacySheets: 0,
    /** The agreement's name, as getPrivacySetting reports it. */
    contractName: '《示例小程序隐私保护指引》',
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
    /** Runs fn as a user tap gesture: openSetting only works inside one. */
    tap<T>(fn: () => T): T {
      inTap = true
      try {
        return fn()
      } finally {
        inTap = false
      }
    },
    /** Paths under USER_DATA_PATH. */
    files: () => [...files.keys()].filter((p) => p.startsWith(`${USER_DATA_PATH}/`)),
    /** Puts a file there, as another part of the app would (e.g. chooseImage). */
    put: (path: string, bytes: Uint8Array) => void files.set(path, bytes),
    /** Bytes of any file, user or temporary. */
    read: (path: string) => files.get(path),
    /** Timers the runtime still has running (downloads in flight, answers due). */
    pending: () => timers.size,
    /** Download tasks neither finished nor aborted. */
    openTasks: () => openTasks.size,
    /** Called with each API name as the call starts, before the API does anything. */
    onCall: undefined as ((api: string) => void) | undefined,
    /**
     * A canvas on the page: a `Canvas type="2d"` node to pass as `{ canvas }`, registered under
     * `id` for the canvas-id API; inside a custom component, found only with that component.
     */
    canvas(id = `c${canvases.size}`, { drawn = true, component }: { drawn?: boolean; component?: object } = {}) {
      const node = { id, drawn, component, width: 300, height: 150 }
      canvases.set(id, node)
      return node
    },
    /**
     * The person on the settings page a Button with `openType="openSetting"` opened (a host
     * rendering the page's own Buttons calls it): `then(authSetting)` once they leave it.
     */
    openSettingsPage: (then: (authSetting: Record<string, boolean>) => void) => visitSettings(then),
    /** The person tapped the agree Button (`openType="agreePrivacyAuthorization"`) with this id. */
    agreeTap: (id: string) => void agreeTaps.add(id),
    /**
     * A person's tap on a rendered Button (the element `@tarojs/components` renders), handled as a
     * device does: nothing on a disabled button; the node's tap handlers run inside a tap gesture;
     * then its open type does its own work. `openSetting` opens the settings page and, once the
     * person leaves it, fires `opensetting` with the new authSetting, but not when a tap handler
     * sits on the node or its parent (NervJS/taro#636). `agreePrivacyAuthorization` records the
     * tap of that button (by id), then fires `agreeprivacyauthorization`.
     */
    press(node: Element) {
      const el = node as Element & { disabled?: boolean; openType?: string }
      if (el.disabled === true) return
      sim.tap(() => el.dispatchEvent(new MouseEvent('click', { bubbles: true })))
      const openType = el.openType ?? el.getAttribute('open-type')
      if (openType === 'openSetting') {
        sim.openSettingsPage((authSetting) => {
          if (!hasTapHandler(el) && !hasTapHandler(el.parentElement)) el.dispatchEvent(new CustomEvent('opensetting', { detail: { errMsg: 'openSetting:ok', authSetting } }))
        })
      } else if (openType === 'agreePrivacyAuthorization') {
        sim.agreeTap(el.id)
        later(() => el.dispatchEvent(new CustomEvent('agreeprivacyauthorization', { detail: { errMsg: 'agreePrivacyAuthorization:ok' } })), latency)
      }
    },
    wx: {} as Record<string, any>,
  }
  // Ids of the agree buttons the person tapped: the platform checks resolve's buttonId against them.
  const agreeTaps = new Set<string>()
  let privacyListener: ((resolve: (r: { event: string; buttonId?: string }) => void, info: { referrer: string }) => void) | undefined

  /** A tap handler as Taro's React components register it (`__events`), or as React DOM keeps it. */
  function hasTapHandler(node: Element | null): boolean {
    if (!node) return false
    const n = node as Element & { __events?: Record<string, unknown> } & Record<string, any>
    return !!n.__events?.click || Object.keys(n).some((k) => k.startsWith('__reactProps') && typeof n[k]?.onClick === 'function')
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

  /** Calls back like wx does: asynchronously, success or fail, then complete. */
  function answer(api: string, o: Callbacks, ok: boolean, res: object) {
    const fault = faults.get(api)
    const body = { errMsg: `${api.replace(/^fs\./, '')}:${ok ? 'ok' : 'fail'}`, ...res }
    const fire = (asOk: boolean, r: object) => {
      ;(asOk ? o.success : o.fail)?.(r)
      o.complete?.(r)
    }
    if (fault === 'silent') return
    if (fault && typeof fault === 'object' && 'fail' in fault) {
      later(() => fire(false, { errMsg: fault.fail, ...(fault.errno !== undefined && { errno: fault.errno }) }))
      return
    }
    later(() => fire(ok, body), latency)
    if (fault === 'twice') later(() => fire(ok, body), latency + 1)
  }

  /** Wraps an API so calls are recorded and `throw` faults throw before anything happens. */
  function api(name: string, impl: (o: Callbacks, ...rest: any[]) => unknown) {
    return (o: Callbacks = {}, ...rest: unknown[]) => {
      sim.calls.push(name)
      sim.requests.push({ api: name, options: o })
      sim.onCall?.(name)
      const fault = faults.get(name)
      if (fault === 'throw') throw new Error(`${name}: simulated synchronous throw`)
      // A call that fails does nothing else, as on a device.
      if (fault && typeof fault === 'object' && 'fail' in fault) {
        answer(name, o, false, {})
        return name === 'downloadFile' ? { abort() {}, onProgressUpdate() {}, offProgressUpdate() {} } : undefined
      }
      // A slow call: its effect (a file written, an image saved) happens late too. Downloads are
      // slowed by their route instead, since the task must exist at once.
      if (fault && typeof fault === 'object' && 'late' in fault && name !== 'downloadFile') {
        later(() => impl(o, ...rest), fault.late)
        return undefined
      }
      return impl(o, ...rest)
    }
  }

  const fail = (api: string, o: Callbacks, errMsg: string, errno?: number) =>
    answer(api, o, false, { errMsg: `${api.replace(/^fs\./, '')}:fail ${errMsg}`, ...(errno !== undefined && { errno }) })

  /**
   * The agreement sheet: the app's own when it registered a listener (its resolve answers: agree
   * counts only after a tap on the agree button it names), else the platform's, answered per
   * `sim.privacySheet`. `done(true)` once agreed, which is remembered.
   */
  function privacySheet(api: string, done: (agreed: boolean) => void) {
    sim.privacySheets++
    let answered = false
    const settle = (agreed: boolean) => {
      if (answered) return
      answered = true
      if (agreed) sim.privacy = 'agreed'
      done(agreed)
    }
    const listener = privacyListener
    if (listener) {
      later(() => listener((r) => r.event !== 'exposureAuthorization' && settle(r.event === 'agree' && agreeTaps.has(r.buttonId!)), { referrer: api }))
    } else later(() => settle(sim.privacySheet === 'agree'), latency)
  }

  /** A privacy-covered API: refused or undeclared fails at once; not yet agreed waits on the sheet, then goes on or fails (errno 104). */
  function covered(name: string, o: Callbacks, go: () => void) {
    if (privacyRefusal(name, o)) return
    if (sim.privacy !== 'pending') return go()
    privacySheet(name, (agreed) => (agreed ? go() : fail(name, o, 'privacy permission is not authorized', 104)))
  }

  /** The person on the settings page: only scopes already asked are listed; they leave it after `settings.stay` ms. */
  function visitSettings(then: (authSetting: Record<string, boolean>) => void) {
    sim.settingsVisits++
    later(() => {
      for (const scope of Object.keys(sim.authSetting)) sim.authSetting[scope] = sim.settings.answer === 'on'
      then({ ...sim.authSetting })
    }, sim.settings.stay)
  }

  const privacyRefusal = (name: string, o: Callbacks) => {
    if (sim.privacy === 'refused') return fail(name, o, 'privacy permission is not authorized', 104), true
    if (sim.privacy === 'undeclared') return fail(name, o, 'api scope is not declared in the privacy agreement', 112), true
    return false
  }

  /** The permission dialog: shown only when the scope was never asked; the answer is remembered. */
  function ask(scope: string): boolean {
    if (sim.authSetting[scope] === undefined) {
      sim.dialogs++
      sim.authSetting[scope] = sim.dialog === 'allow'
    }
    return sim.authSetting[scope]
  }

  const denial = (api: string, o: Callbacks) =>
    answer(api, o, false, { errMsg: DENIALS[sim.device](api) })

  const used = () => sim.files().reduce((n, p) => n + files.get(p)!.length, 0)
  const inUserDir = (p: unknown) => typeof p === 'string' && p.startsWith(`${USER_DATA_PATH}/`) && !p.includes('/../')

  /** Stores bytes the way the user folder does: only under USER_DATA_PATH, within the quota. */
  function store(api: string, o: Callbacks, path: unknown, bytes: Uint8Array): boolean {
    if (!inUserDir(path)) return fail(api, o, `permission denied, open ${String(path)}`, 1300013), false
    const prev = files.get(path as string)?.length ?? 0
    if (used() - prev + bytes.length > sim.quota) {
      return fail(api, o, 'the maximum size of the file storage limit is exceeded', 1300202), false
    }
    files.set(path as string, bytes)
    return true
  }

  const fsm: Record<string, any> = {
    writeFile: api('fs.writeFile', (o) => {
      let bytes: Uint8Array
      if (typeof o.data === 'string' && o.encoding === 'base64') {
        if (o.data.startsWith('data:') || !/^[A-Za-z0-9+/]*={0,2}$/.test(o.data)) {
          return fail('fs.writeFile', o, 'base64 encode error', 1300203)
        }
        bytes = new Uint8Array(Buffer.from(o.data, 'base64'))
      } else if (o.data instanceof ArrayBuffer) {
        bytes = new Uint8Array(o.data.slice(0))
      } else if (typeof o.data === 'string') {
        bytes = new Uint8Array(Buffer.from(o.data, o.encoding === 'binary' ? 'latin1' : 'utf8'))
      } else {
        return fail('fs.writeFile', o, 'parameter error: data should be String/ArrayBuffer', 1001)
      }
      if (store('fs.writeFile', o, o.filePath, bytes)) answer('fs.writeFile', o, true, {})
    }),
    readFile: api('fs.readFile', (o) => {
      const bytes = files.get(o.filePath)
      if (!bytes) return fail('fs.readFile', o, `no such file or directory, open ${o.filePath}`, 1300002)
      const start = o.position ?? 0
      const end = o.length === undefined ? bytes.length : start + o.length
      if (start > bytes.length || end > bytes.length) return fail('fs.readFile', o, 'the value of "length" is out of range', 1300010)
      const slice = bytes.slice(start, end)
      answer('fs.readFile', o, true, { data: o.encoding ? Buffer.from(slice).toString(o.encoding) : slice.buffer })
    }),
    unlink: api('fs.unlink', (o) => {
      if (!files.has(o.filePath)) return fail('fs.unlink', o, `no such file or directory ${o.filePath}`, 1300002)
      if (!inUserDir(o.filePath)) return fail('fs.unlink', o, `permission denied, open ${o.filePath}`, 1300013)
      files.delete(o.filePath)
      answer('fs.unlink', o, true, {})
    }),
    rename: api('fs.rename', (o) => {
      const bytes = files.get(o.oldPath)
      if (!bytes) return fail('fs.rename', o, `no such file or directory, rename ${o.oldPath} -> ${o.newPath}`, 1300002)
      if (!inUserDir(o.newPath) || !inUserDir(o.oldPath)) return fail('fs.rename', o, `permission denied, rename ${o.oldPath}`, 1300013)
      files.delete(o.oldPath)
      files.set(o.newPath, bytes)
      answer('fs.rename', o, true, {})
    }),
    copyFile: api('fs.copyFile', (o) => {
      const bytes = files.get(o.srcPath)
      if (!bytes) return fail('fs.copyFile', o, `no such file or directory, copyFile ${o.srcPath}`, 1300002)
      if (store('fs.copyFile', o, o.destPath, bytes.slice())) answer('fs.copyFile', o, true, {})
    }),
    access: api('fs.access', (o) => {
      if (files.has(o.path)) answer('fs.access', o, true, {})
      else fail('fs.access', o, `no such file or directory ${o.path}`, 1300002)
    }),
    stat: api('fs.stat', (o) => {
      const bytes = files.get(o.path)
      if (!bytes) return fail('fs.stat', o, `no such file or directory ${o.path}`, 1300002)
      answer('fs.stat', o, true, { stats: { size: bytes.length, isFile: () => true, isDirectory: () => false } })
    }),
  }

  const CONTENT_EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'text/html': 'html' }

  /** The album: asks for the scope itself when never asked, refuses at once when refused, takes only real media. */
  function toAlbum(name: string, o: Callbacks, accepts: (name: string, bytes: Uint8Array) => boolean) {
    covered(name, o, () => intoAlbum(name, o, accepts))
  }
  function intoAlbum(name: string, o: Callbacks, accepts: (name: string, bytes: Uint8Array) => boolean) {
    if (!ask(sim.scope)) return denial(name, o)
    if (sim.sheet === 'cancel') return fail(name, o, 'cancel')
    const bytes = typeof o.filePath === 'string' ? files.get(o.filePath) : undefined
    if (!bytes) return fail(name, o, 'file not exists')
    if (!accepts(o.filePath, bytes)) return fail(name, o, 'invalid file type')
    sim.album.push({ bytes: bytes.slice(), name: o.filePath.slice(o.filePath.lastIndexOf('/') + 1) })
    answer(name, o, true, {})
  }

  sim.wx = {
    env: { USER_DATA_PATH },

    getSetting: api('getSetting', (o) => answer('getSetting', o, true, { authSetting: { ...sim.authSetting } })),

    authorize: api('authorize', (o) =>
      covered('authorize', o, () => {
        if (o.scope !== sim.scope) return fail('authorize', o, 'invalid scope')
        if (ask(o.scope)) answer('authorize', o, true, {})
        else denial('authorize', o)
      }),
    ),

    openSetting: api('openSetting', (o) => {
      if (!inTap) return fail('openSetting', o, 'can only be invoked by user TAP gesture.')
      visitSettings((authSetting) => answer('openSetting', o, true, { authSetting }))
    }),

    ...(options.privacyApi && {
      // Asks for the agreement as a covered API would; the album being undeclared is not its business.
      requirePrivacyAuthorize: api('requirePrivacyAuthorize', (o) =>
        sim.privacy === 'undeclared' ? answer('requirePrivacyAuthorize', o, true, {}) : covered('requirePrivacyAuthorize', o, () => answer('requirePrivacyAuthorize', o, true, {})),
      ),
      getPrivacySetting: api('getPrivacySetting', (o) =>
        answer('getPrivacySetting', o, true, { needAuthorization: sim.privacy === 'pending' || sim.privacy === 'refused', privacyContractName: sim.contractName }),
      ),
      openPrivacyContract: api('openPrivacyContract', (o) => answer('openPrivacyContract', o, true, {})),
      // From now on the app's sheet replaces the platform's (a second listener replaces the first).
      onNeedPrivacyAuthorization: api('onNeedPrivacyAuthorization', (listener) => void (privacyListener = listener as unknown as typeof privacyListener)),
    }),

    downloadFile: api('downloadFile', (o) => {
      const listeners = new Set<(e: object) => void>()
      let timer: ReturnType<typeof setTimeout> | undefined
      let done = false
      const finish = (ok: boolean, res: object) => {
        if (done) return
        done = true
        openTasks.delete(task)
        cancel(timer)
        answer('downloadFile', o, ok, res)
      }
      const task = {
        abort: () => finish(false, { errMsg: 'downloadFile:fail abort' }),
        onProgressUpdate: (cb: (e: object) => void) => listeners.add(cb),
        offProgressUpdate: (cb: (e: object) => void) => listeners.delete(cb),
        onHeadersReceived: () => undefined,
        offHeadersReceived: () => undefined,
        listeners: () => listeners.size,
      }
      openTasks.add(task)
      if (faults.get('downloadFile') === 'silent') return task
      let route = routes.get(o.url)
      if (!/^https?:\/\//.test(o.url ?? '')) {
        timer = later(() => finish(false, { errMsg: 'downloadFile:fail invalid url' }))
        return task
      }
      if (!route) {
        timer = later(() => finish(false, { errMsg: `downloadFile:fail url not in domain list` }))
        return task
      }
      if (route.hang) return task
      const lateBy = faults.get('downloadFile')
      if (lateBy && typeof lateBy === 'object' && 'late' in lateBy) route = { ...route, delay: lateBy.late / 3 }
      const body = typeof route.body === 'string' ? new Uint8Array(Buffer.from(route.body)) : route.body ?? new Uint8Array()
      let step = 0
      const tick = () => {
        step++
        const events = route.progressEvents ?? 3
        const written = Math.round((body.length * step) / events)
        const known = route.length !== false
        listeners.forEach((cb) => cb({ progress: known ? Math.round((step * 100) / events) : 0, totalBytesWritten: written, totalBytesExpectedToWrite: known ? body.length : 0 }))
        if (step < events) {
          timer = later(tick, route.delay ?? 1)
          return
        }
        const status = route.status ?? 200
        if (o.filePath !== undefined) {
          if (!inUserDir(o.filePath)) return finish(false, { errMsg: `downloadFile:fail permission denied, open ${o.filePath}` })
          const prev = files.get(o.filePath)?.length ?? 0
          if (used() - prev + body.length > sim.quota) {
            return finish(false, { errMsg: 'downloadFile:fail the maximum size of the file storage limit is exceeded', errno: 1300202 })
          }
          files.set(o.filePath, body)
          return finish(true, { statusCode: status, filePath: o.filePath })
        }
        const tempFilePath = `http://tmp/${++tmpSerial}.${CONTENT_EXT[route.contentType ?? ''] ?? 'unknown'}`
        files.set(tempFilePath, body)
        finish(true, { statusCode: status, tempFilePath })
      }
      timer = later(tick, route.delay ?? 1)
      return task
    }),

    // Exports to a temporary file. A blank canvas, and a canvasId not found (elsewhere, or inside a
    // custom component when the component is not passed), both answer "canvas is empty".
    canvasToTempFilePath: api('canvasToTempFilePath', (o, component?: object) => {
      const name = 'canvasToTempFilePath'
      const found = o.canvas ? [...canvases.values()].find((c) => c === o.canvas) : canvases.get(o.canvasId)
      if (!found || !found.drawn || (!o.canvas && found.component && found.component !== component)) return fail(name, o, 'canvas is empty')
      const jpg = o.fileType === 'jpg'
      const tempFilePath = `http://tmp/canvas_${++tmpSerial}.${jpg ? 'jpg' : 'png'}`
      files.set(tempFilePath, (jpg ? JPEG : PNG).slice())
      answer(name, o, true, { tempFilePath })
    }),

    saveVideoToPhotosAlbum: api('saveVideoToPhotosAlbum', (o) => toAlbum('saveVideoToPhotosAlbum', o, isAlbumVideo)),

    saveImageToPhotosAlbum: api('saveImageToPhotosAlbum', (o) => toAlbum('saveImageToPhotosAlbum', o, isAlbumImage)),

    getFileSystemManager: () => fsm,
    base64ToArrayBuffer: (s: string) => new Uint8Array(Buffer.from(s, 'base64')).buffer,
    arrayBufferToBase64: (b: ArrayBuffer) => Buffer.from(b).toString('base64'),
    canIUse: () => true,
  }
  return sim
}

export type Sim = ReturnType<typeof createWx>
export { FS_METHODS }
