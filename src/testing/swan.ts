/**
 * A simulated Baidu smart program runtime, `swan`, from what Baidu's docs say
 * (smartprogram.baidu.com: "授权", "本地文件", swan.authorize):
 * - the album scope is `scope.writePhotosAlbum`; `swan.authorize` asks in advance; a refusal is
 *   remembered ("如果用户之前已经拒绝，则再次调用也不会弹窗，会执行 fail 回调");
 * - user files live under `swan.env.USER_DATA_PATH` (readable and writable, "不支持相对路径");
 *   downloads land as read-only temporary files (`bdfile://tmp/1542099788398.png`) unless
 *   `filePath` names a user file; `copyFile`/`saveFile` take a temporary file into the user folder.
 * Failures carry `errCode` beside `errMsg`. Baidu's "授权接口通用错误码" table (需授权接口列表,
 * swan-team/swan-docs program-docs/docs/develop/api/open/authorize_list.md), which the album
 * save's own page points to, gives the codes and the words shown: 10001 `internal error`, 10002
 * `network error`, 10003 `user deny` (refused), 10004 `user not logged in`, 10005 `system deny`
 * (the system refused: the API's authorisation not applied for, or the Baidu app lacking the
 * phone's permission); swan.authorize adds 11003 (Android, "用户取消授权": the dialog closed
 * without an answer). Not documented, and chosen here: the errMsg around those words
 * (`<api>:fail user deny`), the developer tool's `auth deny`, USER_DATA_PATH's value
 * (`bdfile://usr`), the user folder's quota (10 MB) and the wording of a full one (WeChat's).
 * - `canvasToTempFilePath(object, this)` finds a canvas by `canvasId` only (Baidu has no
 *   `Canvas type="2d"`: Taro marks the Canvas `type` prop weapp/alipay/tt only), with the custom
 *   component as its second argument; a canvas not found answers WeChat's `canvas is empty`
 *   (Baidu's wording is not documented);
 * - `saveVideoToPhotosAlbum({ filePath })` under the same scope as images.
 */
import { CONTENT_EXT, createEngine, errMsgWords, isAlbumImage, isAlbumVideo, said, type Callbacks, type SimOptions } from './engine'
import { ALBUM_FAILURES } from './wx'

export const USER_DATA_PATH = 'bdfile://usr'
export const TEMP = 'bdfile://tmp'
export const SCOPE = 'scope.writePhotosAlbum'

export interface SwanOptions extends SimOptions {
  /** `system`: the refusal is the system's (10005), e.g. the Baidu app lacks the phone's album permission. */
  device?: 'devtools' | 'phone' | 'system'
}

export const DENIALS = {
  devtools: (api: string) => ({ fail: `${api}:fail auth deny`, errno: 10003 }),
  phone: (api: string) => ({ fail: `${api}:fail user deny`, errno: 10003 }),
  system: (api: string) => ({ fail: `${api}:fail system deny`, errno: 10005 }),
}
/** swan.authorize's dialog closed without an answer (Android); nothing is recorded. */
export const CANCEL = (api: string) => ({ fail: `${api}:fail 用户取消授权`, errno: 11003 })
export const PRIVACY = {
  refused: (api: string) => ({ fail: `${api}:fail privacy permission is not authorized` }),
  undeclared: (api: string) => ({ fail: `${api}:fail api scope is not declared in the privacy agreement` }),
}
export const QUOTA = (api: string) => ({ fail: `${api}:fail the maximum size of the file storage limit is exceeded`, errno: 1300202 })

/**
 * A fresh simulated `swan`: its `native` is what the `swan` global holds.
 *
 * @example
 * const sim = createSwan({ device: 'phone', dialog: 'deny' })
 * sim.native.authorize({ scope: 'scope.writePhotosAlbum', fail: console.log }) // …:fail user deny, errCode 10003
 */
export function createSwan(options: SwanOptions = {}) {
  const e = createEngine(options, { user: USER_DATA_PATH, temp: TEMP }, SCOPE, errMsgWords('errCode'), { device: 'phone', quota: 10 * 1024 * 1024 })
  const { sim, api, answer, fail, failWith } = e
  const fs = e.fileSystem({
    missing: (_api, path) => [`no such file or directory ${path}`],
    denied: (_api, path) => [`permission denied, open ${path}`],
    full: (api) => said(QUOTA(api)),
    badData: () => ['base64 encode error'],
  })
  const privacyRefusal = (api: string, o: Callbacks) => (sim.privacy === 'agreed' ? false : (failWith(api, o, PRIVACY[sim.privacy](api)), true))
  const denial = (api: string, o: Callbacks) => failWith(api, o, DENIALS[sim.device](api))

  /** An album save: privacy, the permission (remembered), the sheet, the album's gate. */
  const toAlbum = (name: string, takes: (name: string, bytes: Uint8Array) => boolean) =>
    api(name, (o) => {
      if (!privacyRefusal(name, o)) e.toAlbum(name, o, takes, { denied: () => denial(name, o), phoneDenied: () => failWith(name, o, DENIALS.system(name)), ...ALBUM_FAILURES })
    })

  sim.native = {
    env: { USER_DATA_PATH },
    ...e.commonApis(fs),
    authorize: api('authorize', (o) => {
      if (privacyRefusal('authorize', o)) return
      if (o.scope !== SCOPE) return fail('authorize', o, 'invalid scope')
      if (e.ask()) answer('authorize', o, true, {})
      else denial('authorize', o)
    }),
    openSetting: api('openSetting', e.openSettings),
    downloadFile: e.download((o, body, statusCode, route) => fs.land(o, body, { honours: o.filePath !== undefined, ext: CONTENT_EXT[route.contentType ?? ''] ?? 'bin', extra: { statusCode } })),
    saveImageToPhotosAlbum: toAlbum('saveImageToPhotosAlbum', isAlbumImage),
    saveVideoToPhotosAlbum: toAlbum('saveVideoToPhotosAlbum', isAlbumVideo),
    // By canvasId only, with the custom component as its second argument.
    canvasToTempFilePath: e.canvasExport({ byNode: false, inComponents: true }, ['canvas is empty']),
  }
  // Baidu's Button has openType="openSetting" too: the page it opens, as WeChat's sim names it.
  return Object.assign(sim, { openSettingsPage: e.visitSettings })
}

export type SwanSim = ReturnType<typeof createSwan>
