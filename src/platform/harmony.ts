// A namespace, not the default import: a harmony-hybrid build resolves @tarojs/taro to the
// plugin's API layer, whose default export holds none of the APIs (only its named exports do).
// Builds for other targets drop this adapter.
import * as Taro from '@tarojs/taro'
import { SaveToAlbumError } from '../errors'
import type { CanvasTarget, CodeTable, Platform, Task } from './types'

type Api = ((options: any) => any) | undefined

/**
 * How the HarmonyOS shell words its failures, as far as they are known (its native side is not
 * public; saves fail `'<api>:fail ' + the native message`): a refused album permission, a
 * cancelled sheet, a full file storage. Anything else gets the failing step's own code.
 *
 * @example
 * toSaveError({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' }, 'SAVE_FAILED', 'Save', HARMONY_CODES).code // 'AUTH_DENIED'
 */
export const HARMONY_CODES: CodeTable = {
  numbers: {},
  words: [
    [/auth den|authorize|权限/i, 'AUTH_DENIED'],
    [/cancel|取消/i, 'CANCELLED'],
    [/storage limit|no space|空间不足/i, 'WRITE_FAILED'],
  ],
}

/** The album scope in `authSetting`, as the shell reports it. */
const SCOPE = 'scope.writePhotosAlbum'

/** Calls a callback-only API (getSetting, openSetting and the file manager answer nothing else here). */
function viaCallbacks<T>(name: string, api: Api, options?: object): Promise<T> {
  return new Promise<T>((success, fail) => {
    if (!api) throw missing(name)
    api({ ...options, success, fail })
  })
}

const missing = (name: string) => new SaveToAlbumError('UNSUPPORTED_PLATFORM', __DEV__ && `${name}() is not available on harmony-hybrid`)

/** A file's bytes (`position`/`length` where given), read by the shell's file manager. */
function read(filePath: string, range?: object) {
  const fs = Taro.getFileSystemManager && Taro.getFileSystemManager()
  return viaCallbacks<{ data: ArrayBuffer }>('readFile', fs && fs.readFile.bind(fs), { filePath, ...range }).then(({ data }) => new Uint8Array(data))
}

/** One of the file APIs outside the file manager that the shell answers natively. */
const natively = (name: 'getFileInfo' | 'saveFile') => Taro[name] as Api

/** A copy through the bridge: the bytes read, then written back as a data URL (what `saveFile` saves us from). */
const copy = (from: string, to: string) => read(from).then((bytes) => fetchInto(`data:application/octet-stream;base64,${toBase64(bytes)}`, to))

/** Bytes as base64, in slices that `String.fromCharCode` can take as arguments. */
function toBase64(bytes: Uint8Array) {
  let text = ''
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[])
  return btoa(text)
}

/**
 * Downloads `url` into `filePath` with the plugin's downloadFile: an XHR in the WebView whose
 * bytes native writes (`saveDataUrlToFile`). A `data:` URL is how this package writes a file: the
 * file manager's `writeFile` never calls back here. No cookies: with credentials, a server that
 * answers `Access-Control-Allow-Origin: *` is refused by the WebView.
 */
function fetchInto(url: string, filePath: string, onProgress?: (written: number, expected: number) => void): Task<{ statusCode?: number; filePath: string }> {
  if (!Taro.downloadFile) throw missing('downloadFile')
  const task = Taro.downloadFile({ url, filePath, withCredentials: false } as Parameters<typeof Taro.downloadFile>[0]) as any
  if (onProgress) task.onProgressUpdate((e: { totalBytesWritten: number; totalBytesExpectedToWrite: number }) => onProgress(e.totalBytesWritten, e.totalBytesExpectedToWrite || 0))
  return Object.assign(
    task.then(
      (res: { statusCode?: number; filePath?: string; tempFilePath?: string }) => ({ statusCode: res.statusCode, filePath: res.filePath || res.tempFilePath || filePath }),
      (e: { errMsg?: string }) => {
        // An XHR `error` event carries no message: the request never got an answer the page may read.
        throw /fail (undefined)?$/.test(String(e && e.errMsg))
          ? new SaveToAlbumError('DOWNLOAD_FAILED', __DEV__ && `The WebView could not fetch ${url.slice(0, 64)}: unreachable, or a cross-origin server without CORS headers (Access-Control-Allow-Origin), as in a browser`, e)
          : e
      },
    ),
    { abort: () => task.abort() },
  )
}

/** The `<canvas>` a target names: the node (or the one inside Taro's `<Canvas>`), or the one with that canvas id. */
function canvasOf(target: CanvasTarget): HTMLCanvasElement | undefined {
  if ('canvas' in target) {
    const node = target.canvas as HTMLCanvasElement & Partial<Element>
    return (node.getElementsByTagName && node.getElementsByTagName('canvas')[0]) || node
  }
  const root = (target.component as Element | undefined)?.getElementsByTagName ? (target.component as Element) : document
  return Array.from(root.getElementsByTagName('canvas')).find((c) => c.getAttribute('canvas-id') === target.canvasId)
}

/**
 * HarmonyOS `harmony-hybrid`: Taro's H5 build in the HarmonyOS shell's WebView, where the
 * mini-program APIs go over a JS bridge to native. What the plugin's code decides here:
 * - `authorize` is Taro H5's stub (it fails, and succeeds in production builds): never called.
 *   `getSetting` tells an earlier refusal; otherwise the save itself asks, so it is not timed;
 * - `getSetting` / `openSetting` and the file manager answer only through callbacks;
 * - a file is written by `downloadFile` (an XHR, then native writes it): a base64 image or a
 *   canvas export (a data URL, never handed to the save as is) is downloaded from its `data:` URL
 *   into the package's folder, `internal://files`;
 * - the file manager's `writeFile`, `unlink`, `rename`, `stat`, `copyFile` never call back: files
 *   this package wrote stay in `internal://files` (the app's own sandbox), since nothing can
 *   remove them. A file's size comes from `getFileInfo`, and a download the bytes show to be of
 *   another type than its URL said is copied under its real extension by `saveFile`: both answer
 *   natively, so a video never crosses the bridge again. A shell where they fail (their native
 *   side is not public) gets the bytes read, and copied through a data URL, as before.
 *
 * @example
 * const platform = process.env.TARO_ENV === 'harmony-hybrid' ? harmony() : undefined
 */
export const harmony = (): Platform => {
  const scopeOn = (authSetting?: Record<string, boolean>) => !!authSetting && authSetting[SCOPE] === true
  let serial = 0
  return {
    name: 'harmony-hybrid',
    dir: () => (Taro.env && Taro.env.USER_DATA_PATH) || 'internal://files',
    scope: () => viaCallbacks<{ authSetting?: Record<string, boolean> }>('getSetting', Taro.getSetting as Api).then((r) => r.authSetting && r.authSetting[SCOPE]),
    scopeOn,
    // No await before the call: it must run in the same tick as the tap.
    openSetting: () => viaCallbacks<{ authSetting?: Record<string, boolean> }>('openSetting', Taro.openSetting as Api).then((r) => scopeOn(r.authSetting)),
    // The flow names the path after the URL's extension, so that a file whose bytes agree needs no copy.
    download: fetchInto,
    head: (path) => read(path, { position: 0, length: 12 }).then((bytes) => bytes.slice(0, 12)),
    size: (path) =>
      viaCallbacks<{ size?: number }>('getFileInfo', natively('getFileInfo'), { filePath: path }).then(
        (r) => (typeof r.size === 'number' ? r.size : read(path).then((bytes) => bytes.length)),
        () => read(path).then((bytes) => bytes.length),
      ),
    // A copy (nothing here removes a file; the first one stays behind), made natively where it can be.
    rename: (from, to) =>
      viaCallbacks<{ savedFilePath?: string }>('saveFile', natively('saveFile'), { tempFilePath: from, filePath: to }).then(
        (r) => (r.savedFilePath === to ? undefined : copy(r.savedFilePath || from, to)),
        () => copy(from, to),
      ),
    write: (path, base64, mime) => fetchInto(`data:${mime};base64,${base64}`, path),
    canvas(target) {
      return new Promise<string>((resolve) => {
        const { fileType, quality } = target
        const canvas = canvasOf(target)
        const url = String(canvas && canvas.toDataURL && canvas.toDataURL(fileType === 'jpg' ? 'image/jpeg' : 'image/png', quality))
        // A canvas never sized or drawn answers "data:,".
        const image = /^data:image\/(png|jpeg);base64,/.exec(url)
        if (!image) {
          throw new SaveToAlbumError(
            'CANVAS_FAILED',
            __DEV__ && (canvas ? `The canvas gave no image (toDataURL answered "${url.slice(0, 24)}"): is it sized and drawn yet?` : 'No such canvas on the page: pass the Canvas type="2d" node, or the canvasId of a <Canvas> on this page'),
          )
        }
        const path = `${this.dir()}/canvas-${Date.now().toString(36)}-${(serial++).toString(36)}.${image[1] === 'jpeg' ? 'jpg' : 'png'}`
        resolve(fetchInto(url, path).then(() => path))
      })
    },
    save(filePath, kind) {
      const save = (kind === 'video' ? Taro.saveVideoToPhotosAlbum : Taro.saveImageToPhotosAlbum) as Api
      if (!save) throw missing(`save${kind === 'video' ? 'Video' : 'Image'}ToPhotosAlbum`)
      return save({ filePath }).then(() => undefined)
    },
    // Nothing here removes a file (unlink never calls back): there is nothing to try again either.
    remove: () => Promise.resolve(true),
    codes: HARMONY_CODES,
  }
}
