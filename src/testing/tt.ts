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
 * - `canvasToTempFilePath` is Canvas V1 only (deprecated): it finds a canvas by `canvasId` and has no
 *   `canvas` parameter; for a `Canvas type="2d"` node Douyin's docs send you to the node's own
 *   `toDataURL()` and `writeFile` with `encoding: 'base64'`. `fileType`/`quality` from 2.26.0.
 *   The wording of a canvas not found is not documented (`canvasToTempFilePath:fail ` + detail):
 *   this runtime answers WeChat's `canvas is empty`, and takes a custom component as WeChat does;
 * - `saveVideoToPhotosAlbum({ filePath })` (no network paths) asks and fails as the image save does.
 * Whether `tt.env.USER_DATA_PATH` exists is not documented: `env` says which case is simulated.
 */
import { CONTENT_EXT, createEngine, errMsgWords, isAlbumImage, isAlbumVideo, said, type Callbacks, type SimOptions } from './engine'
import { ALBUM_FAILURES } from './wx'

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

const atLeast = (version: string, than: string) => version.split('.').map(Number).reduce((c, n, i) => c || n - (Number(than.split('.')[i]) || 0), 0) >= 0

/**
 * A fresh simulated `tt`: its `native` is what the `tt` global holds.
 *
 * @example
 * const sim = createTt({ dialog: 'deny', sdk: '2.30.0' })
 * sim.native.saveImageToPhotosAlbum({ filePath: 'ttfile://temp/1.png', fail: console.log }) // …:fail auth deny
 */
export function createTt(options: TtOptions = {}) {
  const e = createEngine(options, { user: USER_DATA_PATH, temp: TEMP }, SCOPE, errMsgWords('errNo'), { device: 'user', quota: 10 * 1024 * 1024 })
  const { sim, api, answer, fail, failWith } = e
  const fs = e.fileSystem({
    missing: (api, path) => [`no such file or directory, ${api} ${path}`, 21102],
    denied: (api, path) => [`permission denied, ${api} ${path}`, 21101],
    full: (api) => said(QUOTA(api)),
    badData: () => ['data is invalid', 20000],
  })
  const privacyRefusal = (api: string, o: Callbacks) => (sim.privacy === 'agreed' ? false : (failWith(api, o, PRIVACY[sim.privacy](api)), true))

  /** An album save: privacy, then the permission (asked by the save itself), the sheet, the album's gate. */
  const toAlbum = (name: string, takes: (name: string, bytes: Uint8Array) => boolean) =>
    api(name, (o) => {
      if (privacyRefusal(name, o)) return
      // No authorize: the save asks the first time, and fails at once after a refusal.
      e.toAlbum(name, o, takes, { denied: () => failWith(name, o, DENIALS[sim.device](name)), phoneDenied: () => failWith(name, o, DENIALS.system(name)), ...ALBUM_FAILURES })
    })
  // downloadFile's `filePath` exists from base library 2.42.0; older ones ignore it.
  const honoured = (o: Callbacks) => o.filePath !== undefined && atLeast(options.sdk ?? '3.19.0', '2.42.0')

  sim.native = {
    ...(options.env && { env: { USER_DATA_PATH } }),
    ...e.commonApis(fs),
    // Present but phased out: a caller that still relies on it learns nothing from it.
    authorize: api('authorize', (o) => fail('authorize', o, 'this api is no longer supported, authorization is requested by the api that needs it')),
    openSetting: api('openSetting', e.openSettings),
    requirePrivacyAuthorize: api('requirePrivacyAuthorize', (o) =>
      sim.privacy === 'refused' ? failWith('requirePrivacyAuthorize', o, PRIVACY.refused('requirePrivacyAuthorize')) : answer('requirePrivacyAuthorize', o, true, {}),
    ),
    downloadFile: e.download((o, body, statusCode, route) => fs.land(o, body, { honours: honoured(o), ext: CONTENT_EXT[route.contentType ?? ''] ?? 'bin', extra: { statusCode } })),
    saveImageToPhotosAlbum: toAlbum('saveImageToPhotosAlbum', isAlbumImage),
    saveVideoToPhotosAlbum: toAlbum('saveVideoToPhotosAlbum', isAlbumVideo),
    // V1 only: by canvasId (a `canvas` node is not looked at), into ttfile://temp.
    canvasToTempFilePath: e.canvasExport({ byNode: false, inComponents: true }, ['canvas is empty']),
  }
  return sim
}

export type TtSim = ReturnType<typeof createTt>
