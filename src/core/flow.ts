import { SaveToAlbumError, toSaveError, type SaveErrorCode } from '../errors'
import { platform } from '../platform'
import type { Task } from '../platform/types'
import { sniff } from './image'
import { parseSource, type SaveSource } from './source'

/**
 * Where a save is. `saved`, `denied` and `failed` end a run; `idle` is before one and after an abort.
 *
 * @example
 * const label: Record<SaveStatus, string> = {
 *   idle: '保存到相册', authorizing: '请求权限…', downloading: '下载中…', writing: '写入中…',
 *   saving: '保存中…', saved: '已保存', denied: '去设置里打开权限', failed: '重试',
 * }
 */
export type SaveStatus = 'idle' | 'authorizing' | 'downloading' | 'writing' | 'saving' | 'saved' | 'denied' | 'failed'

/**
 * Options shared by `saveToAlbum()` and `useSaveToAlbum()`.
 *
 * @example
 * useSaveToAlbum({ timeout: 30_000, fileName: 'poster', maxBytes: 5 * 1024 * 1024, allowedHosts: ['cdn.example.com'] })
 */
export interface SaveToAlbumOptions {
  /** Ms any one platform step (above all the download) may take before `TIMEOUT`. Default 60 000. */
  timeout?: number
  /** Base name for files the package writes; sanitised and made unique. Default `album`. */
  fileName?: string
  /** Largest base64 image accepted, in decoded bytes, before `TOO_LARGE`. Default 10 MiB. */
  maxBytes?: number
  /** When set, URLs on any other host are refused with `INVALID_SOURCE`. */
  allowedHosts?: string[]
}

/**
 * The smallest part of AbortSignal the flow needs (mini programs have no AbortController).
 *
 * @example
 * const ctl = new AbortController() // in a browser; any object of this shape works elsewhere
 * saveToAlbum(url, { signal: ctl.signal })
 */
export interface AbortSignalLike {
  readonly aborted: boolean
  addEventListener(type: 'abort', listener: () => void): void
  removeEventListener(type: 'abort', listener: () => void): void
}

export interface RunOptions extends SaveToAlbumOptions {
  onStatus?: (status: SaveStatus) => void
  /** Download progress, 0..1; 1 once saved. */
  onProgress?: (progress: number) => void
}

/** How a run that failed with `error` ends: `denied` when a permission was refused, `failed` otherwise. */
export const endOf = (error: SaveToAlbumError): SaveStatus =>
  error.code === 'AUTH_DENIED' || error.code === 'PRIVACY_DENIED' ? 'denied' : 'failed'

/** A minute, like downloadFile's own default. */
export const DEFAULT_TIMEOUT = 60_000

// With the time, makes names unique within the process; the time, across restarts.
let serial = 0

/** Waits for `work` at most `ms`, or until `stop` rejects; a task that did not succeed is aborted (a no-op if it failed by itself). */
export function within<T>(work: Task<T>, ms: number, stop?: Promise<never>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SaveToAlbumError('TIMEOUT', `No answer within ${ms} ms`)), ms)
  })
  return Promise.race(stop ? [work, late, stop] : [work, late]).finally(() => clearTimeout(timer)).catch((e) => {
    work.abort?.()
    throw e
  })
}

// Files a failed unlink left behind; every run's cleanup tries them again.
const leftovers = new Set<string>()

/** Removes files, and any an earlier run could not; resolves once each has been tried. */
function discard(paths: string[]) {
  paths.forEach((p) => leftovers.add(p))
  return Promise.all([...leftovers].map((p) => platform.remove(p).then((gone) => gone && leftovers.delete(p))))
}

/**
 * A file name with no separators, dots or control characters (so no `..` and no extension but
 * the one the flow adds), at most 48 characters, and unique per run.
 */
function uniqueName(fileName?: string) {
  const base = (fileName || 'album').replace(/[\u0000-\u001f\u007f/\\:*?"<>|\s.]+/g, '_').slice(0, 48)
  return `${base}-${Date.now().toString(36)}-${(serial++).toString(36)}`
}

/**
 * Starts a save and hands back its promise and a way to abort it. The promise settles once:
 * with the saved file, or with a SaveToAlbumError (`ABORTED` after `abort()`). Every file the
 * run wrote is removed before it settles, and files a late platform answer writes afterwards too.
 */
export function startSave(source: SaveSource, o: RunOptions = {}) {
  const { timeout = DEFAULT_TIMEOUT, onStatus, onProgress } = o
  let aborted = false
  let last: SaveStatus = 'idle'
  let cancel!: (e: SaveToAlbumError) => void
  const cancelled = new Promise<never>((_, reject) => (cancel = reject))
  cancelled.catch(() => undefined)
  const owned: string[] = []
  const status = (s: SaveStatus) => {
    if (aborted || /saved|denied|failed/.test(last)) return
    onStatus?.((last = s))
  }

  /**
   * One platform call of the run: not started once aborted; a failure becomes a SaveToAlbumError
   * (`code` unless the wording says denial, privacy, cancel or timeout). `path` is the file the
   * call may create: the run removes it when it ends, or whenever it lands if the call was dropped.
   */
  async function step<T>(what: string, code: SaveErrorCode, call: () => Task<T>, path?: string): Promise<T> {
    if (aborted) return cancelled
    if (path) owned.push(path)
    const work = call()
    return within(work, timeout, cancelled).catch((e) => {
      if (path && e instanceof SaveToAlbumError) work.then(() => discard([path]), () => undefined)
      throw toSaveError(e, code, what)
    })
  }

  async function run(): Promise<{ filePath: string }> {
    try {
      const src = parseSource(source, { maxBytes: o.maxBytes, allowedHosts: o.allowedHosts, userDir: platform.dir() })
      let filePath = src.kind === 'local' ? src.path : `${platform.dir()}/${uniqueName(o.fileName)}`
      if (platform.authorize) {
        status('authorizing')
        await step('Album permission', 'AUTH_DENIED', () => platform.authorize!())
      }
      if (src.kind === 'url') {
        status('downloading')
        const { statusCode = 200 } = await step('Download', 'DOWNLOAD_FAILED', () => platform.download(src.url, filePath, (p) => aborted || onProgress?.(p)), filePath)
        if (statusCode < 200 || statusCode > 299) {
          throw new SaveToAlbumError('HTTP_STATUS', `Download answered HTTP ${statusCode}`, { statusCode }, statusCode)
        }
        // A file too short to read 12 bytes of is not an image either.
        const format = sniff(await step('Reading the download', 'UNSUPPORTED_FORMAT', () => platform.head(filePath)))
        if (!format) throw new SaveToAlbumError('UNSUPPORTED_FORMAT', 'The downloaded file is not a PNG, JPEG, GIF or WebP image')
        await step('Naming the download', 'WRITE_FAILED', () => platform.rename(filePath, `${filePath}.${format}`), `${filePath}.${format}`)
        filePath += `.${format}`
      } else if (src.kind === 'base64') {
        status('writing')
        filePath += `.${src.format}`
        await step('Writing the image', 'WRITE_FAILED', () => platform.write(filePath, src.payload, `image/${src.format === 'jpg' ? 'jpeg' : src.format}`), filePath)
      }
      status('saving')
      await step('Saving to the album', 'SAVE_FAILED', () => platform.save(filePath))
      onProgress?.(1)
      status('saved')
      return { filePath }
    } catch (e) {
      const error = toSaveError(e, 'SAVE_FAILED', 'Save')
      if (error.code !== 'ABORTED') status(endOf(error))
      throw error
    } finally {
      // Bounded: a platform that never answers an unlink must not keep the run open.
      if (owned.length) await within(discard(owned), timeout).catch(() => undefined)
    }
  }

  return {
    promise: run(),
    // Once the image is handed to the album (or the run has ended) there is nothing left to
    // cancel: the run reports what really happened, and exactly one end.
    abort() {
      if (aborted || /saving|saved|denied|failed/.test(last)) return
      status('idle')
      aborted = true
      cancel(new SaveToAlbumError('ABORTED', 'The save was aborted'))
    },
  }
}

/**
 * Saves one image to the album, without React. Resolves with the file handed to the album;
 * rejects with a SaveToAlbumError (`AUTH_DENIED` → ask for `openSetting` from a tap).
 *
 * @example
 * const ctl = new AbortController()
 * await saveToAlbum('https://cdn.example.com/poster.png', {
 *   signal: ctl.signal,
 *   onStatus: (s) => console.log(s), // authorizing → downloading → saving → saved
 *   onProgress: (p) => console.log(Math.round(p * 100) + '%'),
 * })
 */
export function saveToAlbum(
  source: SaveSource,
  options: RunOptions & { signal?: AbortSignalLike } = {},
): Promise<{ filePath: string }> {
  const { signal, ...rest } = options
  if (signal?.aborted) return Promise.reject(new SaveToAlbumError('ABORTED', 'The signal was already aborted'))
  const run = startSave(source, rest)
  if (signal) {
    signal.addEventListener('abort', run.abort)
    run.promise.then(
      () => signal.removeEventListener('abort', run.abort),
      () => signal.removeEventListener('abort', run.abort),
    )
  }
  return run.promise
}
