import Taro from '@tarojs/taro'
import { SaveToAlbumError } from '../errors'
import type { CodeTable, Platform } from './types'

type Api = (options?: object, ...rest: unknown[]) => any
const taro = Taro as unknown as Record<string, Api | undefined> & { env?: { USER_DATA_PATH?: string } }

/**
 * Calls a Taro API once. Where the platform lacks it, Taro leaves it undefined or warns and
 * returns nothing; both become UNSUPPORTED_PLATFORM rather than a TypeError read as a refusal.
 */
export function call<T = any>(name: string, options?: object, ...rest: unknown[]): T {
  const api = taro[name]
  const result = api && api(options, ...rest)
  if (!result) throw new SaveToAlbumError('UNSUPPORTED_PLATFORM', `${name}() is not available on ${process.env.TARO_ENV}`)
  return result
}

/** getFileSystemManager() is not promisified by Taro: its methods take callbacks. */
export const fs = <T = unknown>(method: string, args: object) =>
  new Promise<T>((success, fail) => call('getFileSystemManager')[method]({ ...args, success, fail }))

/** Device wordings for a refused album scope: DevTools, Android, iOS, WeCom. */
export const WECHAT_CODES: CodeTable = {
  numbers: { 104: 'PRIVACY_DENIED', 112: 'PRIVACY_DENIED', 1300202: 'WRITE_FAILED' },
  words: [
    [/privacy/i, 'PRIVACY_DENIED'],
    [/auth den|authorize no response|system permission denied/i, 'AUTH_DENIED'],
    [/fail:? ?cancel/i, 'CANCELLED'],
    [/timeout|timed out/i, 'TIMEOUT'],
  ],
}

/**
 * WeChat, and the mini programs that share its API shape (QQ, JD, Baidu): getSetting, then
 * authorize for the album scope; downloadFile straight into the user folder; a callback-style
 * file system under USER_DATA_PATH.
 */
export const weapp = (scopeKey: string, codes = WECHAT_CODES): Platform => ({
  name: process.env.TARO_ENV || 'weapp',
  dir: () => taro.env!.USER_DATA_PATH!,
  scope: () => call('getSetting').then(({ authSetting }: { authSetting: Record<string, boolean> }) => authSetting[scopeKey]),
  ask: () => call('authorize', { scope: scopeKey }),
  // A base library without the privacy API has nothing to ask. Not promisified by Taro and
  // returning nothing, so not through call(), which would read that as a missing API.
  privacy: () => {
    const ask = taro.requirePrivacyAuthorize
    return ask ? new Promise((success, fail) => ask({ success, fail })) : Promise.resolve()
  },
  // No await before the call: it must run in the same tick as the tap.
  openSetting: () => call('openSetting').then(({ authSetting }: { authSetting: Record<string, boolean> }) => authSetting[scopeKey] === true),

  download(url, filePath, onProgress) {
    // An empty path lets the platform choose (its temporary folder); the key is left out then.
    const task = call('downloadFile', filePath ? { url, filePath } : { url })
    task.onProgressUpdate?.((e: { totalBytesWritten: number; totalBytesExpectedToWrite: number }) =>
      onProgress(e.totalBytesWritten, e.totalBytesExpectedToWrite),
    )
    const done = task.then((res: { statusCode?: number; filePath?: string; tempFilePath?: string }) => ({
      statusCode: res.statusCode,
      filePath: res.filePath || res.tempFilePath || filePath,
    }))
    return Object.assign(done, { abort: () => task.abort?.() })
  },
  head: (filePath) => fs<{ data: ArrayBuffer }>('readFile', { filePath, position: 0, length: 12 }).then(({ data }) => new Uint8Array(data)),
  size: (path) => fs<{ stats: { size: number } }>('stat', { path }).then(({ stats }) => stats.size),
  // A download the platform kept in its read-only temporary folder (tt, swan, Alipay, or a base
  // library that ignored filePath) cannot be renamed out of it: it is copied into ours instead.
  rename(oldPath, newPath) {
    return oldPath.startsWith(`${this.dir()}/`) ? fs('rename', { oldPath, newPath }) : fs('copyFile', { srcPath: oldPath, destPath: newPath })
  },
  write: (filePath, data) => fs('writeFile', { filePath, data, encoding: 'base64' }),
  canvas({ fileType, quality, destWidth, destHeight, ...target }) {
    const options = { fileType, quality, destWidth, destHeight, canvas: (target as { canvas?: object }).canvas, canvasId: (target as { canvasId?: string }).canvasId }
    return call('canvasToTempFilePath', options, (target as { component?: object }).component).then((r: { tempFilePath: string }) => r.tempFilePath)
  },
  save: (filePath, kind) => call(kind === 'video' ? 'saveVideoToPhotosAlbum' : 'saveImageToPhotosAlbum', { filePath }).then(() => undefined),
  remove: (filePath) =>
    fs('unlink', { filePath }).then(
      () => true,
      (e: { errMsg?: string }) => /no such file/.test(e && e.errMsg!),
    ),
  codes,
})
