/**
 * A simulated WeChat runtime: the callback-style `wx` API as the real one behaves, not as a
 * happy path. Dialogs remember answers, a refused scope fails at once with the device's own
 * wording, downloadFile reports any HTTP status as success, the file system has a quota and
 * refuses `data:` prefixes, and the album only takes files that are really images. The shared
 * behaviour is the engine's (`engine.ts`); this file adds WeChat's words, errno numbers and
 * paths, and what only WeChat has: the privacy agreement and its APIs, a settings page that only
 * a tap opens, and the Buttons whose open types reach them.
 */
import { CONTENT_EXT, createEngine, errMsgWords, isAlbumImage, isAlbumVideo, type AlbumWords, type Callbacks, type FsWords, type SimOptions as EngineOptions } from './engine'

export type { Fault, Route } from './engine'

export const USER_DATA_PATH = 'http://usr'
export const SCOPE = 'scope.writePhotosAlbum'

export type Device = 'devtools' | 'android' | 'ios' | 'wecom'
/**
 * How each device words a refused album scope. WeCom's `fail:system permission denied` is the
 * phone's own permission (PHONE_DENIALS), not the scope; its scope refusal is taken here in the
 * colon form a WeCom developer reports beside it (`fail:auth denied`, community-reported).
 */
export const DENIALS: Record<Device, (api: string) => string> = {
  devtools: (api) => `${api}:fail auth deny`,
  android: (api) => `${api}:fail auth denied`,
  ios: (api) => `${api}:fail authorize no response`,
  wecom: (api) => `${api}:fail:auth denied`,
}

/** How each device words the phone refusing WeChat its photos (its own permission, which openSetting cannot fix). */
export const PHONE_DENIALS: Record<Device, (api: string) => string> = {
  devtools: (api) => `${api}:fail system permission denied`,
  android: (api) => `${api}:fail system permission denied`,
  ios: (api) => `${api}:fail system permission denied`,
  wecom: (api) => `${api}:fail:system permission denied`,
}

/** WeChat's words for an album save that fails past the dialog (ByteDance and Baidu answer the same). */
export const ALBUM_FAILURES: Omit<AlbumWords, 'denied'> = { cancelled: ['cancel'], missing: ['file not exists'], refused: ['invalid file type'] }

/** The simulated WeChat's options: the engine's, with WeChat's devices and privacy states. */
export interface SimOptions extends Omit<EngineOptions, 'device' | 'privacy'> {
  device?: Device
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
  /** The album scope's name: WeChat's, or ByteDance's `scope.album`. */
  scope?: string
}

type AppShowListener = (info: { scene: number }) => void

/** The file-system methods of `getFileSystemManager()`, as `sim.calls` names them without `fs.`. */
const FS_METHODS = ['writeFile', 'readFile', 'unlink', 'rename', 'copyFile', 'access', 'stat'] as const

/** How a file-system API names its operation when the file is missing (the others name none). */
const MISSING_OP: Record<string, (path: string, to?: string) => string> = {
  readFile: (path) => `, open ${path}`,
  rename: (path, to) => `, rename ${path} -> ${to}`,
  copyFile: (path) => `, copyFile ${path}`,
}

/** WeChat's file-system failures and their errno numbers. */
const FS_WORDS: FsWords = {
  missing: (api, path, to) => [`no such file or directory${MISSING_OP[api]?.(path, to) ?? ` ${path}`}`, 1300002],
  // downloadFile words it as the file system does, without an errno.
  denied: (api, path) => [`permission denied, ${api === 'rename' ? 'rename' : 'open'} ${path}`, api === 'downloadFile' ? undefined : 1300013],
  full: () => ['the maximum size of the file storage limit is exceeded', 1300202],
  badData: (_api, why) => (why === 'base64' ? ['base64 encode error', 1300203] : ['parameter error: data should be String/ArrayBuffer', 1001]),
  outOfRange: () => ['the value of "length" is out of range', 1300010],
}

/** The extension of a download's temporary file: WeChat names images (and an HTML page) only, anything else `.unknown`. */
const tempExt = (contentType = '') => (contentType.startsWith('video/') ? undefined : CONTENT_EXT[contentType]) ?? 'unknown'

/** The task WeChat hands back for a download that fails at once. */
const failedTask = () => ({ abort() {}, onProgressUpdate() {}, offProgressUpdate() {} })

type PrivacyListener = (resolve: (r: { event: string; buttonId?: string }) => void, info: { referrer: string }) => void

/**
 * A fresh simulated WeChat: its `wx` is what the `wx` global holds.
 *
 * @example
 * const sim = createWx({ device: 'android', dialog: 'deny' })
 * sim.wx.authorize({ scope: SCOPE, fail: console.log }) // authorize:fail auth denied
 */
export function createWx(options: SimOptions = {}) {
  const e = createEngine(
    options,
    { user: USER_DATA_PATH, temp: 'http://tmp', tempName: (n, source) => (source === 'canvas' ? `canvas_${n}` : `${n}`) },
    options.scope ?? SCOPE,
    // A fault's `fail` is the whole errMsg, whatever it says.
    { ...errMsgWords('errno'), fault: (_api, { fail, errno }) => ({ errMsg: fail, ...(errno !== undefined && { errno }) }) },
    { device: 'devtools', quota: 200 * 1024 * 1024 },
  )
  const { api, answer, fail, later, latency } = e
  // Ids of the agree buttons the person tapped: the platform checks resolve's buttonId against them.
  const agreeTaps = new Set<string>()
  let privacyListener: PrivacyListener | undefined
  const appShow = new Set<AppShowListener>()

  const sim = Object.assign(e.sim, {
    privacySheet: options.privacySheet ?? ('agree' as 'agree' | 'disagree'),
    /** Agreement sheets shown so far: the platform's own, or the app's (its listener called). */
    privacySheets: 0,
    /** The agreement's name, as getPrivacySetting reports it. */
    contractName: '《示例小程序隐私保护指引》',
    /**
     * The person on the settings page a Button with `openType="openSetting"` opened (a host
     * rendering the page's own Buttons calls it): `then(authSetting)` once they leave it.
     */
    openSettingsPage: e.visitSettings,
    /** The person tapped the agree Button (`openType="agreePrivacyAuthorization"`) with this id. */
    agreeTap: (id: string) => void agreeTaps.add(id),
    /**
     * The person in the phone's settings page for WeChat (`openAppAuthorizeSetting`): what they
     * set the photos permission to, and how many ms they stay before WeChat shows again.
     */
    phoneSettings: { answer: 'authorized' as 'authorized' | 'denied', stay: 1 },
    /** Visits to the phone's settings page so far. */
    phoneSettingsVisits: 0,
    /** onAppShow listeners still registered. */
    appShowListeners: () => appShow.size,
    press,
    /** The `wx` global: the same object as `native`, once filled below. */
    wx: {} as Record<string, any>,
  })

  /**
   * A person's tap on a rendered Button (the element `@tarojs/components` renders), handled as a
   * device does: nothing on a disabled button; the node's tap handlers run inside a tap gesture;
   * then its open type does its own work. `openSetting` opens the settings page and, once the
   * person leaves it, fires `opensetting` with the new authSetting, but not when a tap handler
   * sits on the node or its parent (NervJS/taro#636). `agreePrivacyAuthorization` records the
   * tap of that button (by id), then fires `agreeprivacyauthorization`.
   */
  function press(node: Element) {
    const el = node as Element & { disabled?: boolean; openType?: string }
    if (el.disabled === true) return
    sim.tap(() => {
      el.dispatchEvent(new MouseEvent('click', { bubbles: true }))
      // The mini program's own event, what Taro's Vue runtime binds `@tap` to (React's H5 components listen for the click).
      el.dispatchEvent(new CustomEvent('tap', { bubbles: true }))
    })
    const openType = el.openType ?? el.getAttribute('open-type')
    if (openType === 'openSetting') {
      sim.openSettingsPage((authSetting) => {
        if (!hasTapHandler(el) && !hasTapHandler(el.parentElement)) el.dispatchEvent(new CustomEvent('opensetting', { detail: { errMsg: 'openSetting:ok', authSetting } }))
      })
    } else if (openType === 'agreePrivacyAuthorization') {
      sim.agreeTap(el.id)
      later(() => el.dispatchEvent(new CustomEvent('agreeprivacyauthorization', { detail: { errMsg: 'agreePrivacyAuthorization:ok' } })), latency)
    }
  }

  /** A tap handler as Taro's React components register it (`__events`), as React DOM keeps it, or as Vue keeps its listeners (`@tap`, `@click`). */
  function hasTapHandler(node: Element | null): boolean {
    if (!node) return false
    const n = node as Element & { __events?: Record<string, unknown> } & Record<string | symbol, any>
    const vue = Object.getOwnPropertySymbols(n).find((k) => k.description === '_vei')
    return !!n.__events?.click || Object.keys(n).some((k) => k.startsWith('__reactProps') && typeof n[k]?.onClick === 'function') || !!(vue && (n[vue].onTap || n[vue].onClick))
  }

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

  const privacyRefusal = (name: string, o: Callbacks) => {
    if (sim.privacy === 'refused') return fail(name, o, 'privacy permission is not authorized', 104), true
    if (sim.privacy === 'undeclared') return fail(name, o, 'api scope is not declared in the privacy agreement', 112), true
    return false
  }

  const denial = (api: string, o: Callbacks) => fail(api, o, DENIALS[sim.device](api))

  /** An album save: covered by the agreement; it asks for the scope itself when never asked; the phone may still refuse WeChat its photos. */
  const toAlbum = (name: string, takes: (name: string, bytes: Uint8Array) => boolean) =>
    api(name, (o) =>
      covered(name, o, () =>
        e.toAlbum(name, o, takes, { denied: () => denial(name, o), phoneDenied: () => fail(name, o, PHONE_DENIALS[sim.device](name)), ...ALBUM_FAILURES }),
      ),
    )

  /**
   * The phone's settings page for WeChat: opened only from a tap; its success means the page
   * opened. WeChat goes to the background; the person sets the photos permission and comes back
   * `phoneSettings.stay` ms later, when the onAppShow listeners fire.
   */
  function openPhoneSettings(o: Callbacks) {
    if (!e.isTap()) return fail('openAppAuthorizeSetting', o, 'can only be invoked by user TAP gesture.')
    sim.phoneSettingsVisits++
    answer('openAppAuthorizeSetting', o, true, {})
    later(() => {
      sim.phone = sim.phoneSettings.answer
      ;[...appShow].forEach((listener) => listener({ scene: 1001 }))
    }, latency + sim.phoneSettings.stay)
  }

  const fs = e.fileSystem(FS_WORDS)
  const download = e.download((o, body, statusCode, route) => fs.land(o, body, { honours: o.filePath !== undefined, ext: tempExt(route.contentType), extra: { statusCode } }))

  sim.native = sim.wx = {
    env: { USER_DATA_PATH },
    ...e.commonApis(fs),

    authorize: api('authorize', (o) =>
      covered('authorize', o, () => {
        if (o.scope !== sim.scope) return fail('authorize', o, 'invalid scope')
        if (e.ask()) answer('authorize', o, true, {})
        else denial('authorize', o)
      }),
    ),

    openSetting: api('openSetting', (o) => (e.isTap() ? e.openSettings(o) : fail('openSetting', o, 'can only be invoked by user TAP gesture.'))),

    // Base library 2.25.3+: the phone's own permissions for WeChat (synchronous), and its page in the phone's settings.
    getAppAuthorizeSetting: api('getAppAuthorizeSetting', () => ({ albumAuthorized: sim.phone, cameraAuthorized: 'authorized', locationAuthorized: 'authorized' })),
    openAppAuthorizeSetting: api('openAppAuthorizeSetting', openPhoneSettings),
    onAppShow: api('onAppShow', (listener) => void appShow.add(listener as unknown as AppShowListener)),
    offAppShow: api('offAppShow', (listener) => void appShow.delete(listener as unknown as AppShowListener)),

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
      onNeedPrivacyAuthorization: api('onNeedPrivacyAuthorization', (listener) => void (privacyListener = listener as unknown as PrivacyListener)),
    }),

    downloadFile: (o?: Callbacks) => download(o) ?? failedTask(),

    // A blank canvas, and a canvasId not found (elsewhere, or inside a custom component when the
    // component is not passed), both answer "canvas is empty".
    canvasToTempFilePath: e.canvasExport({ byNode: true, inComponents: true }, ['canvas is empty']),

    saveVideoToPhotosAlbum: toAlbum('saveVideoToPhotosAlbum', isAlbumVideo),
    saveImageToPhotosAlbum: toAlbum('saveImageToPhotosAlbum', isAlbumImage),

    base64ToArrayBuffer: (s: string) => new Uint8Array(Buffer.from(s, 'base64')).buffer,
    arrayBufferToBase64: (b: ArrayBuffer) => Buffer.from(b).toString('base64'),
  }
  return sim
}

export type Sim = ReturnType<typeof createWx>
export { FS_METHODS }
