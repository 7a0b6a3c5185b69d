/**
 * A simulated ByteDance (Douyin / Toutiao) runtime, `tt`, as its documentation describes it
 * (developer.open-douyin.com, mini-app API reference):
 * - the album scope is `scope.album`; `tt.authorize` is being phased out ("授权仅支持对应接口触发"),
 *   so the save itself shows the dialog the first time and fails at once after a refusal;
 * - failures are `{ errMsg: 'api:fail …', errNo }`: `fail auth deny` 112090, `fail system auth
 *   deny` 112089 (the phone's own permission), `fail cancel`, privacy 10201 / 10202;
 * - the user folder is `ttfile://user` (10 MB, `user dir saved file size limit exceeded`, errNo
 *   21103 for writeFile); `rename` works only inside it; the temporary folder `ttfile://temp` is
 *   read-only; `copyFile` takes a temporary file into the user folder;
 * - `downloadFile` lands in `ttfile://temp` and reports `statusCode`; its `filePath` option exists
 *   only from base library 2.42.0 (older ones ignore it), so `sdk` picks which one is simulated.
 * Whether `tt.env.USER_DATA_PATH` exists is not documented: `env` says which case is simulated.
 */
import { CONTENT_EXT, createEngine, isAlbumImage, type Callbacks, type SimOptions } from './engine'

export const USER_DATA_PATH = 'ttfile://user'
export const TEMP = 'ttfile://temp'
export const SCOPE = 'scope.album'

export interface TtOptions extends SimOptions {
  device?: 'user' | 'system'
  /** Base library: 2.42.0 and later honour downloadFile's `filePath`. Default '3.19.0'. */
  sdk?: string
  /** Whether `tt.env.USER_DATA_PATH` is set. Default false (undocumented). */
  env?: boolean
}

/** How a refusal reads, per kind: the person said no, or the phone's own permission is off. */
export const DENIALS = {
  user: (api: string) => ({ fail: `${api}:fail auth deny`, errno: 112090 }),
  system: (api: string) => ({ fail: `${api}:fail system auth deny`, errno: 112089 }),
}
export const PRIVACY = {
  refused: (api: string) => ({ fail: `${api}:fail privacy permission is not authorized`, errno: 10201 }),
  undeclared: (api: string) => ({ fail: `${api}:fail api scope is not declared in the privacy agreement`, errno: 10202 }),
}
export const QUOTA = (api: string) => ({ fail: `${api}:fail user dir saved file size limit exceeded`, errno: 21103 })

const newer = (v: string, than: string) => v.split('.').map(Number).reduce((c, n, i) => c || n - (Number(than.split('.')[i]) || 0), 0) >= 0

export function createTt(options: TtOptions = {}) {
  const name = (api: string) => api.replace(/^fs\./, '')
  const e = createEngine(options, { user: USER_DATA_PATH, temp: TEMP }, SCOPE, {
    ok: (api, res) => ({ errMsg: `${name(api)}:ok`, ...res }),
    // A fault's message is already the full errMsg; the runtime's own failures get the prefix.
    fail: (api, message, errNo) => ({ errMsg: message.includes(':fail') ? message : `${name(api)}:fail ${message}`, ...(errNo !== undefined && { errNo }) }),
  }, { device: 'user', quota: 10 * 1024 * 1024 })
  const { sim, files, api, answer, fail } = e
  const sdk = options.sdk ?? '3.19.0'
  const fault = (o: Callbacks, api: string, f: { fail: string; errno: number }) => fail(api, o, f.fail, f.errno)
  const privacyRefusal = (api: string, o: Callbacks) =>
    sim.privacy === 'agreed' ? false : (fault(o, api, PRIVACY[sim.privacy](api)), true)

  /** Stores bytes where the user folder allows, within the quota; answers the failure otherwise. */
  function store(api: string, o: Callbacks, path: unknown, bytes: Uint8Array): boolean {
    if (!e.inUser(path)) return fail(api, o, `permission denied, ${name(api)} ${String(path)}`, 21101), false
    if (!e.fits(path, bytes)) return fault(o, api, QUOTA(name(api))), false
    files.set(path, bytes)
    return true
  }
  const missing = (api: string, o: Callbacks, path: string) => fail(api, o, `no such file or directory, ${name(api)} ${path}`, 21102)

  const fsm: Record<string, unknown> = {
    writeFile: api('fs.writeFile', (o) => {
      const data: unknown = o.data
      const text = typeof data === 'string'
      if ((!text && !(data instanceof ArrayBuffer)) || (text && o.encoding === 'base64' && (data.startsWith('data:') || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)))) {
        return fail('fs.writeFile', o, 'data is invalid', 20000)
      }
      const bytes = text ? new Uint8Array(Buffer.from(data, o.encoding === 'base64' ? 'base64' : 'utf8')) : new Uint8Array((data as ArrayBuffer).slice(0))
      if (store('fs.writeFile', o, o.filePath, bytes)) answer('fs.writeFile', o, true, {})
    }),
    readFile: api('fs.readFile', (o) => {
      const bytes = files.get(o.filePath)
      if (!bytes) return missing('fs.readFile', o, o.filePath)
      const start = o.position ?? 0
      const slice = bytes.slice(start, o.length === undefined ? bytes.length : start + o.length)
      answer('fs.readFile', o, true, { data: o.encoding ? Buffer.from(slice).toString(o.encoding) : slice.buffer })
    }),
    unlink: api('fs.unlink', (o) => {
      if (!files.has(o.filePath)) return missing('fs.unlink', o, o.filePath)
      if (!e.inUser(o.filePath)) return fail('fs.unlink', o, `permission denied, unlink ${o.filePath}`, 21101)
      files.delete(o.filePath)
      answer('fs.unlink', o, true, {})
    }),
    // "rename 只能在用户目录下进行": both ends in ttfile://user.
    rename: api('fs.rename', (o) => {
      const bytes = files.get(o.oldPath)
      if (!bytes) return fail('fs.rename', o, `no such file or directory, rename ${o.oldPath} -> ${o.newPath}`, 21102)
      if (!e.inUser(o.oldPath) || !e.inUser(o.newPath)) return fail('fs.rename', o, 'newPath is invalid', 21101)
      files.delete(o.oldPath)
      files.set(o.newPath, bytes)
      answer('fs.rename', o, true, {})
    }),
    copyFile: api('fs.copyFile', (o) => {
      const bytes = files.get(o.srcPath)
      if (!bytes) return missing('fs.copyFile', o, o.srcPath)
      if (store('fs.copyFile', o, o.destPath, bytes.slice())) answer('fs.copyFile', o, true, {})
    }),
    stat: api('fs.stat', (o) => {
      const bytes = files.get(o.path)
      if (!bytes) return missing('fs.stat', o, o.path)
      answer('fs.stat', o, true, { stats: { size: bytes.length, isFile: () => true, isDirectory: () => false } })
    }),
  }

  sim.native = {
    ...(options.env && { env: { USER_DATA_PATH } }),
    getSetting: api('getSetting', (o) => answer('getSetting', o, true, { authSetting: { ...sim.authSetting } })),
    // Present but phased out: a caller that still relies on it learns nothing from it.
    authorize: api('authorize', (o) => fail('authorize', o, 'this api is no longer supported, authorization is requested by the api that needs it')),
    openSetting: api('openSetting', (o) => e.openSettings(o)),
    requirePrivacyAuthorize: api('requirePrivacyAuthorize', (o) =>
      sim.privacy === 'refused' ? fault(o, 'requirePrivacyAuthorize', PRIVACY.refused('requirePrivacyAuthorize')) : answer('requirePrivacyAuthorize', o, true, {}),
    ),

    downloadFile: api('downloadFile', (o) => {
      const honoured = o.filePath !== undefined && newer(sdk, '2.42.0')
      const { controls, track } = e.transfer(o, (body, statusCode, route) => {
        if (honoured) {
          if (!e.inUser(o.filePath)) return [false, { errMsg: `downloadFile:fail permission denied, open ${o.filePath}` }]
          if (!e.fits(o.filePath, body)) return [false, { errMsg: QUOTA('downloadFile').fail, errNo: QUOTA('downloadFile').errno }]
          files.set(o.filePath, body)
          return [true, { statusCode, filePath: o.filePath }]
        }
        const tempFilePath = e.tempPath(CONTENT_EXT[route.contentType ?? ''] ?? 'bin')
        files.set(tempFilePath, body)
        return [true, { statusCode, tempFilePath }]
      })
      track()
      return controls
    }),

    saveImageToPhotosAlbum: api('saveImageToPhotosAlbum', (o) => {
      const api = 'saveImageToPhotosAlbum'
      if (privacyRefusal(api, o)) return
      // No authorize: the save asks the first time, and fails at once after a refusal.
      if (!e.ask()) return fault(o, api, DENIALS[sim.device as 'user'](api))
      if (sim.sheet === 'cancel') return fail(api, o, 'cancel')
      const bytes = typeof o.filePath === 'string' ? files.get(o.filePath) : undefined
      if (!bytes) return fail(api, o, 'file not exists')
      if (!isAlbumImage(o.filePath, bytes)) return fail(api, o, 'invalid file type')
      sim.album.push({ bytes: bytes.slice(), name: o.filePath.slice(o.filePath.lastIndexOf('/') + 1) })
      answer(api, o, true, {})
    }),

    getFileSystemManager: () => fsm,
    canIUse: () => true,
  }
  return sim
}

export type TtSim = ReturnType<typeof createTt>
