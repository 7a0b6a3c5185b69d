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

/**
 * A callback-style API Taro passes through untouched (the privacy ones: not promisified, typed as
 * returning void); `undefined` where the base library lacks it.
 *
 * @example
 * plain<{ privacyContractName: string }>('getPrivacySetting')?.then((r) => r.privacyContractName)
 */
export const plain = <T>(name: string, options: object = {}): Promise<T> | undefined => {
  const api = taro[name]
  return api ? new Promise<T>((success, fail) => api({ ...options, success, fail })) : undefined
}

/** Device wordings for a refused album scope: DevTools, Android, iOS, WeCom. */
export const WECHAT_CODES: CodeTable = {
  numbers: { 104: 'PRIVACY_DENIED', 112: 'PRIVACY_DENIED', 1300202: 'WRITE_FAILED' },
  words: [
    [/privacy/i, 'PRIVACY_DENIED'],
    [/auth den|authorize no response|system permission denied/i, 'AUTH_DENIED'],
    [/fail:? ?cancel/i, 'CANCELLED'],
    [/timeout|timed out/i, 'TIMEOUT'],
  ],
  undeclared: {
    code: 112,
    fix: 'declare "相册（仅写入）" in the privacy guide (用户隐私保护指引) of the admin console',
  },
}

/**
 * Rethrows a platform failure; the album missing from the declared privacy agreement becomes a
 * PRIVACY_DENIED that tells the developer where to declare it (no person can fix that one).
 *
 * @example
 * call('authorize', { scope }).catch(explainUndeclared(WECHAT_CODES))
 */
export const explainUndeclared = (codes: CodeTable) => (raw: unknown): never => {
  const r = (raw || {}) as { errno?: number; errNo?: number; errMsg?: string }
  const undeclared = codes.undeclared
  if (undeclared && ((r.errno ?? r.errNo) === undeclared.code || /not declared in the privacy agreement/i.test(String(r.errMsg)))) {
    throw new SaveToAlbumError('PRIVACY_DENIED', `${r.errMsg}: ${undeclared.fix}`, raw)
  }
  throw raw
}

/** Whether the scope is on in an `authSetting` the platform handed back (getSetting, openSetting, a Button's onOpenSetting). */
const isOn = (authSetting: Record<string, boolean> | undefined, scopeKey: string) => !!authSetting && authSetting[scopeKey] === true

/**
 * WeChat, and the mini programs that share its API shape (QQ, JD, Baidu): getSetting, then
 * authorize for the album scope; downloadFile straight into the user folder; a callback-style
 * file system under USER_DATA_PATH.
 */
export const weapp = (scopeKey: string, codes = WECHAT_CODES): Platform => ({
  name: process.env.TARO_ENV || 'weapp',
  dir: () => taro.env!.USER_DATA_PATH!,
  scope: () => call('getSetting').then(({ authSetting }: { authSetting: Record<string, boolean> }) => authSetting[scopeKey]),
  ask: () => call('authorize', { scope: scopeKey }).catch(explainUndeclared(codes)),
  // A base library without the privacy API has nothing to ask. Not through call(), which would
  // read its void return as a missing API. Waits while the person reads the agreement sheet.
  privacy: () => (plain('requirePrivacyAuthorize') || Promise.resolve()).catch(explainUndeclared(codes)),
  scopeOn: (authSetting) => isOn(authSetting, scopeKey),
  // No await before the call: it must run in the same tick as the tap.
  openSetting: () => call('openSetting').then(({ authSetting }: { authSetting: Record<string, boolean> }) => isOn(authSetting, scopeKey)),

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
  save: (filePath, kind) => call(kind === 'video' ? 'saveVideoToPhotosAlbum' : 'saveImageToPhotosAlbum', { filePath }).then(() => undefined, explainUndeclared(codes)),
  remove: (filePath) =>
    fs('unlink', { filePath }).then(
      () => true,
      (e: { errMsg?: string }) => /no such file/.test(e && e.errMsg!),
    ),
  codes,
})
