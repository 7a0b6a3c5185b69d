import type { CodeTable } from './platform/types'

/**
 * What went wrong, as a stable string you can switch on.
 *
 * @example
 * switch (error.code) {
 *   case 'AUTH_DENIED': return '请在设置中打开相册权限'
 *   case 'SYSTEM_DENIED': return '请在手机设置中允许微信访问照片'
 *   case 'HTTP_STATUS': return `图片地址返回 ${error.statusCode}`
 *   default: return '保存失败，请重试'
 * }
 */
export type SaveErrorCode =
  | 'AUTH_DENIED'
  | 'SYSTEM_DENIED'
  | 'AUTH_CHECK_FAILED'
  | 'PRIVACY_DENIED'
  | 'INVALID_SOURCE'
  | 'INVALID_OPTION'
  | 'UNSUPPORTED_FORMAT'
  | 'DOWNLOAD_FAILED'
  | 'HTTP_STATUS'
  | 'TIMEOUT'
  | 'WRITE_FAILED'
  | 'CANVAS_FAILED'
  | 'SAVE_FAILED'
  | 'CANCELLED'
  | 'ABORTED'
  | 'BUSY'
  | 'TOO_LARGE'
  | 'UNSUPPORTED_PLATFORM'

/**
 * The one error type the package produces. `code` tells what happened; `cause` keeps the
 * platform's raw result (e.g. `{ errMsg: 'saveImageToPhotosAlbum:fail auth deny' }`).
 *
 * @example
 * try {
 *   await saveToAlbum(url)
 * } catch (e) {
 *   if (e instanceof SaveToAlbumError && e.code === 'AUTH_DENIED') showOpenSettingButton()
 * }
 */
export class SaveToAlbumError extends Error {
  readonly code: SaveErrorCode
  /** HTTP status of the download, with `HTTP_STATUS`. */
  readonly statusCode?: number
  /** The platform's raw result, when the platform said no. */
  readonly cause?: unknown

  /** `message` is dropped (`__DEV__ && …`) in production builds; the code stands in for it then. */
  constructor(code: SaveErrorCode, message?: string | false, cause?: unknown, statusCode?: number) {
    super(message || code)
    this.name = 'SaveToAlbumError'
    this.code = code
    this.cause = cause
    this.statusCode = statusCode
  }
}

/**
 * Turns whatever a platform call rejected with into a SaveToAlbumError, reading its number
 * (WeChat `errno`, ByteDance `errNo`, Baidu `errCode`, Alipay `error`) and wording through the
 * platform's table; anything the table does not know gets `fallback`.
 *
 * @example
 * toSaveError({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' }, 'SAVE_FAILED', 'Saving', WECHAT_CODES).code // 'AUTH_DENIED'
 */
export function toSaveError(raw: unknown, fallback: SaveErrorCode, what: string | false, codes: CodeTable): SaveToAlbumError {
  if (raw instanceof SaveToAlbumError) return raw
  const r = (raw || {}) as { errMsg?: string; errorMessage?: string; message?: string; errno?: number; errNo?: number; errCode?: number; error?: number }
  const msg = String(r.errMsg || r.errorMessage || r.message || raw)
  // `||`, not `??`: no platform numbers a failure 0.
  const number = (r.errno || r.errNo || r.errCode || r.error) as number
  const code = codes.numbers[number] || (codes.words.find(([words]) => words.test(msg)) || [])[1] || fallback
  return new SaveToAlbumError(code, __DEV__ ? `${what} failed (${code}): ${msg}${undeclaredFix(codes, number, msg)}${code === 'SYSTEM_DENIED' && codes.phone ? `; ${codes.phone}` : ''}` : `${code}: ${msg}`, raw)
}

/**
 * Development only: where the album is missing from the privacy agreement the developer
 * declared, what to do about it (no person using the app can fix that one); `''` otherwise.
 */
function undeclaredFix({ undeclared }: CodeTable, number: number, msg: string) {
  return undeclared && (number === undeclared.code || /not declared in the privacy agreement/i.test(msg)) ? `; ${undeclared.fix}` : ''
}

/**
 * Calls an app's callback so that a throw in it cannot break a run: the run goes on, and a
 * development build prints what threw.
 *
 * @example
 * safely(options.onItem, index, result)
 */
export function safely<A extends unknown[]>(callback: ((...args: A) => unknown) | undefined, ...args: A): void {
  try {
    if (callback) callback(...args)
  } catch (e) {
    if (__DEV__) console.error('taro-save-to-album: a callback of the app threw; the save goes on.', e)
  }
}
