/**
 * What went wrong, as a stable string you can switch on.
 *
 * @example
 * switch (error.code) {
 *   case 'AUTH_DENIED': return '请在设置中打开相册权限'
 *   case 'HTTP_STATUS': return `图片地址返回 ${error.statusCode}`
 *   default: return '保存失败，请重试'
 * }
 */
export type SaveErrorCode =
  | 'AUTH_DENIED'
  | 'PRIVACY_DENIED'
  | 'INVALID_SOURCE'
  | 'UNSUPPORTED_FORMAT'
  | 'DOWNLOAD_FAILED'
  | 'HTTP_STATUS'
  | 'TIMEOUT'
  | 'WRITE_FAILED'
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

  constructor(code: SaveErrorCode, message: string, cause?: unknown, statusCode?: number) {
    super(message)
    this.name = 'SaveToAlbumError'
    this.code = code
    this.cause = cause
    this.statusCode = statusCode
  }
}

// Device wordings for a refused album scope: DevTools "auth deny", Android "auth denied",
// iOS "authorize no response", WeCom "system permission denied".
const DENIED = /auth den|authorize no response|system permission denied/i
// WeChat errno 104/112, ByteDance errNo 10201/10202 (privacy agreement refused or undeclared).
const PRIVACY_ERRNO = [104, 112, 10201, 10202]

/**
 * Turns whatever a platform call rejected with into a SaveToAlbumError: denial, privacy and
 * cancel wordings are recognised on every device; anything else gets `fallback`.
 */
export function toSaveError(raw: unknown, fallback: SaveErrorCode, what: string): SaveToAlbumError {
  if (raw instanceof SaveToAlbumError) return raw
  const r = (raw || {}) as { errMsg?: string; message?: string; errno?: number; errNo?: number }
  const msg = String(r.errMsg || r.message || raw)
  const errno = r.errno ?? r.errNo
  const code: SaveErrorCode =
    PRIVACY_ERRNO.includes(errno as number) || /privacy/i.test(msg) ? 'PRIVACY_DENIED'
    : DENIED.test(msg) ? 'AUTH_DENIED'
    : /fail:? ?cancel/i.test(msg) ? 'CANCELLED'
    : /timeout|timed out/i.test(msg) ? 'TIMEOUT'
    : fallback
  return new SaveToAlbumError(code, `${what} failed (${code}): ${msg}`, raw)
}
