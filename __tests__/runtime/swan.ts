/**
 * A simulated Baidu smart program runtime, `swan`, from what Baidu's docs say
 * (smartprogram.baidu.com: "授权", "本地文件", swan.authorize):
 * - the album scope is `scope.writePhotosAlbum`; `swan.authorize` asks in advance; a refusal is
 *   remembered ("如果用户之前已经拒绝，则再次调用也不会弹窗，会执行 fail 回调");
 * - user files live under `swan.env.USER_DATA_PATH` (readable and writable, "不支持相对路径");
 *   downloads land as read-only temporary files (`bdfile://tmp/1542099788398.png`) unless
 *   `filePath` names a user file; `copyFile`/`saveFile` take a temporary file into the user folder.
 * Failures carry `errCode` beside `errMsg`. Baidu's docs found here give neither the wording of a
 * refusal nor its code, nor USER_DATA_PATH's value, nor the user folder's quota: this runtime
 * answers `…:fail auth deny` (errCode 10003) in the developer tool and `…:fail user deny` on a
 * phone, `bdfile://usr`, and 10 MB. The package must read both wordings as a refusal.
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
  device?: 'devtools' | 'phone'
}

export const DENIALS = {
  devtools: (api: string) => ({ fail: `${api}:fail auth deny`, errno: 10003 }),
  phone: (api: string) => ({ fail: `${api}:fail user deny`, errno: 10003 }),
}
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
      if (!privacyRefusal(name, o)) e.toAlbum(name, o, takes, { denied: () => denial(name, o), ...ALBUM_FAILURES })
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
  return sim
}

export type SwanSim = ReturnType<typeof createSwan>
