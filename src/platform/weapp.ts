// A namespace import: the one form that reaches the APIs on every target (harmony-hybrid's
// default export holds none of them); every file imports Taro so, so a build has one import.
import * as Taro from '@tarojs/taro'
import { SaveToAlbumError } from '../errors'
import type { CanvasTarget, CodeTable, Platform } from './types'

type Api = (options?: object, ...rest: unknown[]) => any
const taro = Taro as unknown as Record<string, Api | undefined> & { env?: { USER_DATA_PATH?: string } }

/**
 * Calls a Taro API once. Where the platform lacks it, Taro leaves it undefined or warns and
 * returns nothing; both become UNSUPPORTED_PLATFORM rather than a TypeError read as a refusal.
 *
 * @example
 * call('getSetting').then((r) => r.authSetting)
 */
export function call<T = any>(name: string, ...args: [options?: object, ...rest: unknown[]]): T {
  const api = taro[name]
  const result = api && api(...args)
  if (!result) throw new SaveToAlbumError('UNSUPPORTED_PLATFORM', __DEV__ && `${name}() is not available on ${process.env.TARO_ENV}`)
  return result
}

/**
 * A callback-style method as a promise. `owner` is read inside it, so a failure to get it
 * rejects the promise instead of throwing at the caller.
 */
const viaCallbacks = <T>(owner: () => Record<string, Api>, method: string, options?: object) =>
  new Promise<T>((success, fail) => owner()[method]({ ...options, success, fail }))

/**
 * getFileSystemManager() is not promisified by Taro: its methods take callbacks.
 *
 * @example
 * fs<{ stats: { size: number } }>('stat', { path }).then((r) => r.stats.size)
 */
export const fs = <T = unknown>(method: string, args: object) => viaCallbacks<T>(() => call('getFileSystemManager'), method, args)

/**
 * A callback-style API Taro passes through untouched (the privacy ones: not promisified, typed as
 * returning void); `undefined` where the base library lacks it.
 *
 * @example
 * plain<{ privacyContractName: string }>('getPrivacySetting')?.then((r) => r.privacyContractName)
 */
export const plain = <T>(name: string, options?: object): Promise<T> | undefined =>
  taro[name] && viaCallbacks<T>(() => taro as Record<string, Api>, name, options)

// The app the mini program runs in, as the person finds it in the phone's settings.
const HOST = process.env.TARO_ENV === 'qq' ? 'QQ' : process.env.TARO_ENV === 'jd' ? '京东' : '微信'

/**
 * How WeChat words its failures (`{ errMsg, errno }`): the privacy agreement refused (104) or not
 * declaring the album (112), a full user folder (1300202), the phone refusing WeChat (or WeCom)
 * its photos, and a refused album scope in each device's words: DevTools, Android, iOS.
 *
 * @example
 * toSaveError({ errMsg: 'saveImageToPhotosAlbum:fail authorize no response' }, 'SAVE_FAILED', 'Saving', WECHAT_CODES).code // 'AUTH_DENIED'
 */
export const WECHAT_CODES: CodeTable = {
  numbers: { 104: 'PRIVACY_DENIED', 112: 'PRIVACY_DENIED', 1300202: 'WRITE_FAILED' },
  words: [
    [/privacy/i, 'PRIVACY_DENIED'],
    // The phone's own permission for the host app (WeChat, WeCom; ByteDance's "system auth deny"): before the scope's wording it contains.
    [/system \w+ den/i, 'SYSTEM_DENIED'],
    [/auth den|authorize no response/i, 'AUTH_DENIED'],
    [/fail:? ?cancel/i, 'CANCELLED'],
    [/timeout|timed out/i, 'TIMEOUT'],
  ],
  // Only explains (toSaveError's development message); the code is the table's PRIVACY_DENIED.
  ...(__DEV__ && {
    undeclared: { code: 112, fix: 'declare "相册（仅写入）" in the privacy guide (用户隐私保护指引) of the admin console' },
    phone: `the phone refuses ${HOST} its photos: call openSetting() from a tap (WeChat ≥ 2.25.3 opens the phone's settings page), or tell the person: 打开手机设置 → ${HOST} → 照片（相册），允许访问后重试`,
  }),
}

/**
 * The phone's settings page for WeChat (`openAppAuthorizeSetting`, base library 2.25.3+, from a
 * tap). Its success only means the page opened: the answer is read when the app shows again,
 * (`getAppAuthorizeSetting`, synchronous), and the onAppShow listener goes then. Rejects, with
 * nothing to read, where the call is missing or fails (the controller reads that as false).
 *
 * @example
 * button.onClick = () => openSystemSetting().then((allowed) => allowed && save())
 */
export function openSystemSetting(): Promise<boolean> {
  let back!: () => void
  const returned = new Promise<boolean>((resolve) => {
    back = () => {
      taro.offAppShow!(back)
      resolve(call<{ albumAuthorized?: string }>('getAppAuthorizeSetting').albumAuthorized === 'authorized')
    }
  })
  // No await before the call: it must run in the same tick as the tap.
  const opened = plain('openAppAuthorizeSetting')
  if (!opened) return Promise.reject()
  // Listening before the page opens, so a return that comes before the call's answer is not
  // missed. onAppShow and offAppShow answer nothing (call() would read that as missing); both
  // exist wherever openAppAuthorizeSetting does.
  taro.onAppShow!(back)
  return opened.then(
    () => returned,
    (e) => {
      taro.offAppShow!(back)
      throw e
    },
  )
}

/**
 * WeChat, and the mini programs that share its API shape (QQ, JD, Baidu): getSetting, then
 * authorize for the album scope; downloadFile straight into the user folder; a callback-style
 * file system under USER_DATA_PATH.
 *
 * @example
 * const platform = process.env.TARO_ENV === 'weapp' ? weapp('scope.writePhotosAlbum') : undefined
 */
export const weapp = (scopeKey: string, codes = WECHAT_CODES): Platform => {
  /** Whether the scope is on in an `authSetting` the platform handed back (getSetting, openSetting, a Button's onOpenSetting). */
  const scopeOn = (authSetting?: Record<string, boolean>) => !!authSetting && authSetting[scopeKey] === true
  return {
    name: process.env.TARO_ENV || 'weapp',
    dir: () => taro.env!.USER_DATA_PATH!,
    scope: () => call('getSetting').then((r: { authSetting: Record<string, boolean> }) => r.authSetting[scopeKey]),
    ask: () => call('authorize', { scope: scopeKey }),
    // A base library without the privacy API has nothing to ask. Not through call(), which would
    // read its void return as a missing API. Waits while the person reads the agreement sheet.
    privacy: () => plain('requirePrivacyAuthorize') || Promise.resolve(),
    scopeOn,
    // No await before the call: it must run in the same tick as the tap.
    openSetting: () => call('openSetting').then((r: { authSetting?: Record<string, boolean> }) => scopeOn(r.authSetting)),
    openSystemSetting,

    download(url, filePath, onProgress) {
      // An empty path lets the platform choose (its temporary folder); the key is left out then.
      const task = call('downloadFile', filePath ? { url, filePath } : { url })
      // Alipay's task reports no progress. (A plain test: es2018 output turns `?.` into a longer ladder.)
      if (task.onProgressUpdate) {
        task.onProgressUpdate((e: { totalBytesWritten: number; totalBytesExpectedToWrite: number }) => onProgress(e.totalBytesWritten, e.totalBytesExpectedToWrite))
      }
      // Taro's abort is a closure over its task: it needs no `this`.
      return Object.assign(
        task.then((res: { statusCode?: number; filePath?: string; tempFilePath?: string }) => ({ ...res, filePath: res.filePath || res.tempFilePath || filePath })),
        { abort: task.abort },
      )
    },
    head: (filePath) => fs<{ data: ArrayBuffer }>('readFile', { filePath, position: 0, length: 12 }).then((r) => new Uint8Array(r.data)),
    size: (path) => fs<{ stats: { size: number } }>('stat', { path }).then((r) => r.stats.size),
    // A download the platform kept in its read-only temporary folder (tt, swan, Alipay, or a base
    // library that ignored filePath) cannot be renamed out of it: it is copied into ours instead.
    rename(oldPath, newPath) {
      return oldPath.startsWith(`${this.dir()}/`) ? fs('rename', { oldPath, newPath }) : fs('copyFile', { srcPath: oldPath, destPath: newPath })
    },
    write: (filePath, data) => fs('writeFile', { filePath, data, encoding: 'base64' }),
    // The export settings and the canvas (node or id) go through as given; a custom component is
    // the call's second argument.
    canvas: ({ component, ...options }: CanvasTarget & { component?: object }) =>
      call('canvasToTempFilePath', options, component).then((r: { tempFilePath: string }) => r.tempFilePath),
    // saveVideoToPhotosAlbum or saveImageToPhotosAlbum; resolves nothing (the platform's answer is not a SaveVia).
    save: (filePath, kind) => call(`save${kind === 'video' ? 'Video' : 'Image'}ToPhotosAlbum`, { filePath }).then(() => undefined),
    remove: (filePath) =>
      fs('unlink', { filePath }).then(
        () => true,
        (e: { errMsg?: string }) => /no such file/.test(e && e.errMsg!),
      ),
    codes,
  }
}
