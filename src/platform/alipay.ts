import { SaveToAlbumError } from '../errors'
import type { CodeTable, MediaKind, Platform, Task } from './types'
import { call, fs, weapp } from './weapp'

type Native = Record<string, ((options: object) => void) | undefined>
declare const my: Native

/**
 * How Alipay words its failures (`{ error, errorMessage }`): a refused authorisation (2001; 2003
 * with "don't ask again"; 2002 once that was chosen), the phone's album permission off (15,
 * iOS: SYSTEM_DENIED), a cancelled sheet (11, as Alipay's pickers answer), a full user folder (10028). Album
 * storage full (16) and any other album error (17) are the save's own failure.
 *
 * @example
 * toSaveError({ error: 2002, errorMessage: '用户不允许授权' }, 'SAVE_FAILED', 'Save', ALIPAY_CODES).code // 'AUTH_DENIED'
 */
export const ALIPAY_CODES: CodeTable = {
  numbers: { 2001: 'AUTH_DENIED', 2002: 'AUTH_DENIED', 2003: 'AUTH_DENIED', 15: 'SYSTEM_DENIED', 11: 'CANCELLED', 10028: 'WRITE_FAILED' },
  words: [[/timeout|timed out|超时/i, 'TIMEOUT']],
  ...(__DEV__ && {
    phone: 'the phone refuses Alipay its photos; Alipay has no call to open that page, so tell the person: 打开手机设置 → 支付宝 → 照片（相册），允许访问后重试',
  }),
}

/**
 * The first bytes each image type getImageInfo names implies (as sniff reads them); heic, bmp and
 * hevc imply none, and so are refused.
 */
const HEADS: Record<string, string> = { png: '\x89PNG', jpg: '\xff\xd8\xff', jpeg: '\xff\xd8\xff', gif: 'GIF8', webp: 'RIFF\0\0\0\0WEBP' }

/**
 * The most Alipay reads into JS to check a video: its readFile has no `position`/`length` (and
 * it has no getVideoInfo), so a video is read whole. 10 MiB is the largest file Alipay lets a mini
 * program write (10028), so a download into the user folder is never larger anyway; only an
 * older client's download into the temporary folder can be.
 */
// A literal, not 10 << 20: a bundler keeps an unused shift, and other targets' builds would carry it.
const WHOLE_READ_LIMIT = 0xa00000

/**
 * Alipay: no `my.authorize` (the save itself shows the dialog), the album scope is `album`,
 * `downloadFile` reports no HTTP status (the bytes are still checked) and no progress, and
 * `readFile` always reads a whole file (so an image's type comes from getImageInfo, and videos
 * are read within a cap). Alipay's own docs warn that a second album save made before the first
 * one's `complete` never answers: saves here wait for each other, across every hook and call of
 * this copy of the package.
 *
 * Images go to the native `saveImageToPhotosAlbum` itself: Taro 3.6 turns
 * `Taro.saveImageToPhotosAlbum` into the deprecated `my.saveImage({ url })`, documented for
 * online images only (4.x passes the call through), so calling the native one is the same call
 * under both.
 *
 * @example
 * const platform = process.env.TARO_ENV === 'alipay' ? alipay() : undefined
 */
export const alipay = (native: () => Native = () => my): Platform => {
  const { ask, ...base } = weapp('album', ALIPAY_CODES)
  const saveImage = (filePath: string) =>
    new Promise<void>((success, fail) => {
      const api = native().saveImageToPhotosAlbum
      if (!api) throw new SaveToAlbumError('UNSUPPORTED_PLATFORM', __DEV__ && `saveImageToPhotosAlbum() is not available on ${process.env.TARO_ENV}`)
      api({ filePath, success: () => success(), fail })
    })
  // Created with the adapter, so builds for other targets drop it with the factory.
  let previous: Promise<unknown> = Promise.resolve()

  /** One album save at a time: a save waits for the one before to answer; aborted while waiting, it never starts. */
  function inTurn(path: string, kind: MediaKind): Task<void> {
    let state: 'waiting' | 'started' | 'dropped' = 'waiting'
    const mine = previous.then(() => {
      if (state === 'dropped') return
      state = 'started'
      return kind === 'image' ? saveImage(path) : (base.save(path, kind) as Promise<void>)
    })
    previous = mine.catch(() => undefined)
    return Object.assign(mine, { abort: () => void (state === 'waiting' && (state = 'dropped')) })
  }

  return {
    ...base,
    name: 'alipay',
    // An image's type comes from getImageInfo, which reads none of it into JS. A video is read
    // whole, and only up to WHOLE_READ_LIMIT: its size first, and nothing read once aborted.
    head(filePath, kind) {
      if (kind === 'image') return call('getImageInfo', { src: filePath }).then(({ type }: { type: string }) => [...(HEADS[type] || '')].map((c) => c.charCodeAt(0)))
      let aborted = false
      const read = base.size(filePath).then((bytes): ArrayLike<number> | Promise<ArrayLike<number>> => {
        if (bytes > WHOLE_READ_LIMIT) {
          throw new SaveToAlbumError('TOO_LARGE', __DEV__ && `The video is ${bytes} bytes: Alipay's readFile reads a file only whole, so a video over ${WHOLE_READ_LIMIT} bytes is not read to check it`)
        }
        return aborted ? [] : fs<{ data: ArrayBuffer }>('readFile', { filePath }).then(({ data }) => new Uint8Array(data).subarray(0, 12))
      })
      return Object.assign(read, { abort: () => void (aborted = true) })
    },
    save: inTurn,
    // Gone (10022: no such file) or not ours to remove (10024: no permission); anything else is
    // tried again by the next run's sweep.
    remove: (filePath) =>
      fs('unlink', { filePath }).then(
        () => true,
        (e: { error?: number }) => !!e && (e.error === 10022 || e.error === 10024),
      ),
  }
}
