// A namespace import, as in platform/weapp.ts.
import * as Taro from '@tarojs/taro'
import { SaveToAlbumError } from '../errors'
import type { CanvasTarget, CodeTable, Platform, Task } from './types'
import { WECHAT_CODES, weapp } from './weapp'

/**
 * How ByteDance words its failures (`{ errMsg, errNo }`): a refusal by the person (112090) or by
 * the phone's own permission (112089), the privacy agreement refused (10201) or not declaring
 * the album (10202), a cancelled sheet, a full user folder.
 *
 * @example
 * toSaveError({ errMsg: 'saveImageToPhotosAlbum:fail auth deny', errNo: 112090 }, 'SAVE_FAILED', 'Save', TT_CODES).code // 'AUTH_DENIED'
 */
export const TT_CODES: CodeTable = {
  numbers: { 112090: 'AUTH_DENIED', 112089: 'SYSTEM_DENIED', 10201: 'PRIVACY_DENIED', 10202: 'PRIVACY_DENIED' },
  // WeChat's words read ByteDance's too ("auth deny", "system auth deny", "fail cancel"), plus its full user folder.
  // Marked pure so that other targets' builds drop the table: a spread alone keeps it.
  words: /* @__PURE__ */ WECHAT_CODES.words.concat([[/size limit exceeded/i, 'WRITE_FAILED']]),
  // Only explains (toSaveError's development message); the code is the table's PRIVACY_DENIED.
  ...(__DEV__ && {
    undeclared: { code: 10202, fix: 'add "相册" to the user privacy agreement (用户隐私保护协议) of the developer console' },
    phone: 'the phone refuses Douyin its photos; Douyin has no call to open that page, so tell the person: 打开手机设置 → 抖音 → 照片（相册），允许访问后重试',
  }),
}

/** Where ByteDance lets an app write: `env.USER_DATA_PATH` where the runtime sets it. */
const USER_FOLDER = 'ttfile://user'

/**
 * Exports a `Canvas type="2d"` node, which `tt.canvasToTempFilePath` (Canvas V1, by canvas id
 * only) cannot: through the node's own `toDataURL()`, written with base64 encoding into the user
 * folder, as Douyin's docs advise. Resolves the file, which the run then owns. Dropped by its run
 * (aborted, timed out), the file is removed then, and again whenever a late write lands.
 */
function exportNode({ canvas, fileType, quality }: CanvasTarget & { canvas: object }, folder: string, fs: Pick<Platform, 'write' | 'remove'>): Task<string> {
  let dropped = false
  let path = ''
  const done = new Promise<string>((resolve) => {
    const url = String((canvas as { toDataURL?: (type?: string, quality?: number) => string }).toDataURL?.(fileType === 'jpg' ? 'image/jpeg' : 'image/png', quality))
    // A canvas never sized or drawn answers "data:,"; a runtime without JPEG export answers PNG.
    const image = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/]+={0,2})$/.exec(url)
    if (!image) throw new SaveToAlbumError('CANVAS_FAILED', __DEV__ && `The canvas node gave no image (toDataURL answered "${url.slice(0, 24)}"): is it sized and drawn yet?`)
    path = `${folder}/canvas-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.${image[1] === 'jpeg' ? 'jpg' : 'png'}`
    resolve(
      fs.write(path, image[2], `image/${image[1]}`).then(() => {
        if (dropped) void fs.remove(path)
        return path
      }),
    )
  })
  // Called only when the run did not take the file (a write may land without ever answering).
  return Object.assign(done, { abort: () => void ((dropped = true), path && fs.remove(path)) })
}

/**
 * ByteDance (Douyin, Toutiao): the WeChat API shape with the album scope `scope.album` and no
 * `authorize` (being phased out: the save itself shows the dialog), so `getSetting` only tells
 * an earlier refusal. Downloads stay in the read-only `ttfile://temp` folder, which the album
 * reads directly: the 10 MB user folder is used only for base64 images and `Canvas type="2d"`
 * nodes (and to give a download with the wrong extension its real one).
 *
 * @example
 * const platform = process.env.TARO_ENV === 'tt' ? tt() : undefined
 */
export const tt = (): Platform => {
  const { ask, ...base } = weapp('scope.album', TT_CODES)
  return {
    ...base,
    name: 'tt',
    dir: () => (Taro as { env?: { USER_DATA_PATH?: string } }).env?.USER_DATA_PATH || USER_FOLDER,
    // No filePath: before base library 2.42.0 it is ignored, and from then on it would count
    // every download against the user folder's 10 MB.
    download: (url, _path, onProgress) => base.download(url, '', onProgress),
    canvas(target) {
      return 'canvas' in target ? exportNode(target, this.dir(), base) : base.canvas(target)
    },
  }
}
