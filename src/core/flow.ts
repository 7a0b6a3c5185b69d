import { safely, SaveToAlbumError, toSaveError, type SaveErrorCode } from '../errors'
import { platform, refusal } from '../platform'
import type { Gathering, SaveVia, Task } from '../platform/types'
import { isVideo, sniff } from './image'
import { DEFAULT_MAX_VIDEO_BYTES, parseSource, type SaveSource } from './source'
import { namedExtension } from './url'

/**
 * Where a save is. `saved`, `denied` and `failed` end a run; `idle` is before one, and after an
 * abort or a cancelled sheet.
 *
 * @example
 * const label: Record<SaveStatus, string> = {
 *   idle: '保存到相册', authorizing: '请求权限…', downloading: '下载中…', writing: '写入中…',
 *   saving: '保存中…', saved: '已保存', denied: '去设置里打开权限', failed: '重试',
 * }
 */
export type SaveStatus = 'idle' | 'authorizing' | 'downloading' | 'writing' | 'saving' | 'saved' | 'denied' | 'failed'

/**
 * Options shared by `saveToAlbum()`, `saveAll()` and `useSaveToAlbum()`.
 *
 * @example
 * useSaveToAlbum({ timeout: 30_000, fileName: 'poster', maxBytes: 5 * 1024 * 1024, allowedHosts: ['cdn.example.com'] })
 */
export interface SaveToAlbumOptions {
  /**
   * Ms that one platform call which can hang without a person (download, file system, album
   * save) may take before `TIMEOUT`. Steps that wait on a person (permission dialog, privacy
   * sheet, settings page) are never cut off. `0`, `Infinity` or ≥ 2^31: no limit. Default 60 000.
   */
  timeout?: number
  /** Base name for files the package writes; sanitised and made unique. Default `album`. */
  fileName?: string
  /** Largest file accepted before `TOO_LARGE`: a base64 image (decoded) or a video. Default 10 MiB for images, 100 MiB for videos. */
  maxBytes?: number
  /** When set, URLs on any other host are refused with `INVALID_SOURCE`. */
  allowedHosts?: string[]
  /** Browsers only: hand the file over this way instead of the one that suits the browser. */
  via?: SaveVia
  /**
   * Keep the file handed to the album and name it in the result's `filePath` (to share or
   * preview it) instead of removing it; the app owns it then, and removes it when done. In a
   * browser `filePath` is an object URL of it, to revoke when done. Default false: no `filePath`.
   */
  keepFile?: boolean
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

/**
 * Options of one run: the shared options, and where to report status and progress.
 *
 * @example
 * startSave(url, { onStatus: (s) => console.log(s), onProgress: (p) => console.log(p) })
 */
export interface RunOptions extends SaveToAlbumOptions {
  onStatus?: (status: SaveStatus) => void
  /** Download progress, 0..1; 1 once saved. */
  onProgress?: (progress: number) => void
}

/**
 * What a saved run hands back: in a browser, how the file was given; with `keepFile: true`, the
 * file handed to the album as `filePath`, kept for the app, which owns it now. Without it there
 * is no `filePath`: the package removed every file it wrote.
 *
 * @example
 * const { filePath } = await saveToAlbum(posterUrl, { keepFile: true })
 * Taro.showShareImageMenu({ path: filePath }) // then, when done: fs.unlink({ filePath })
 * const { via } = await saveToAlbum(url)
 * toast(via === 'long-press' ? '长按图片保存' : '已保存')
 */
export type Saved<Keep extends boolean = boolean> = { via?: SaveVia } & (Keep extends true ? { filePath: string } : { filePath?: undefined })

/** Internal: a batch checks the permission once, in one of its items, and orders the album saves. */
export interface BatchHooks {
  /** Wait for this instead of checking the permission (the batch's one check). */
  authorized?: Promise<unknown>
  /** Called once this run's permission check passed. */
  onAuthorized?: () => void
  /**
   * Shared by the batch's items: `asks` while an album save may show the permission dialog (the
   * check found the scope never asked, where the save itself asks, and no save went through since).
   */
  dialog?: { asks?: boolean }
  /** Resolves when this item may hand its file to the album. */
  turn?: () => Promise<unknown>
  /** Hands the file to the batch instead of to the album alone (see `Platform.gather`). */
  handOver?: Gathering['hold']
}

/**
 * Whether a status means a run is in flight (`authorizing`, `downloading`, `writing`, `saving`).
 *
 * @example
 * isBusy('downloading') // true
 */
// The busy statuses are exactly the ones in -ing.
export const isBusy = (status: SaveStatus) => /ing$/.test(status)

/**
 * How a run that failed with `error` ends: `denied` when a permission was refused, `idle` when
 * the person cancelled or the run was aborted, `failed` otherwise.
 *
 * @example
 * endOf(new SaveToAlbumError('AUTH_DENIED')) // 'denied'
 */
export const endOf = ({ code }: SaveToAlbumError): SaveStatus =>
  // The refusals are exactly the codes in _DENIED: AUTH_, SYSTEM_, PRIVACY_.
  /_DENIED$/.test(code) ? 'denied' : code === 'CANCELLED' || code === 'ABORTED' ? 'idle' : 'failed'

/** A minute, like downloadFile's own default. */
export const DEFAULT_TIMEOUT = 60_000

/**
 * The timeout as a timer can hold it: `0` for no limit. Timers fire at once for ≥ 2^31 ms, so
 * those mean no limit too; a negative or NaN timeout is a mistake worth saying.
 *
 * @example
 * limitOf(Infinity) // 0
 */
export function limitOf(timeout: unknown = DEFAULT_TIMEOUT): number {
  if (typeof timeout !== 'number' || !(timeout >= 0)) {
    throw new SaveToAlbumError('INVALID_OPTION', __DEV__ && `timeout must be a number of ms ≥ 0 (0 or Infinity for no limit), got ${String(timeout)}`)
  }
  return timeout >= 2 ** 31 ? 0 : timeout
}

/**
 * Waits for `work` at most `ms` (0: no limit), or until `stop` rejects; a task that did not
 * succeed is aborted (a no-op if it failed by itself).
 *
 * @example
 * await within(Taro.downloadFile({ url }), 30_000)
 */
export function within<T>(work: Task<T>, ms: number, stop?: Promise<never>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  // `work` stands in for a racer there is none of: racing it twice changes nothing.
  const timeout = ms ? new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new SaveToAlbumError('TIMEOUT', __DEV__ && `No answer within ${ms} ms`)), ms))) : work
  return Promise.race([work, stop || work, timeout]).finally(() => clearTimeout(timer)).catch((e) => {
    if (work.abort) work.abort()
    throw e
  })
}

// Files a failed unlink left behind; every run's cleanup tries them again.
const leftovers = new Set<string>()

/** Removes files, and any an earlier run could not; resolves once each has been tried. */
function discard(paths: Iterable<string>) {
  for (const p of paths) leftovers.add(p)
  return Promise.all([...leftovers].map((p) => platform!.remove(p).then((gone) => gone && leftovers.delete(p))))
}

// Unique within this copy of the package; the time and the random part, across restarts and
// across two copies bundled into one app (two sub-packages) that start in the same millisecond.
let serial = 0

/**
 * A file name with no separators, dots or control characters (so no `..` and no extension but
 * the one the flow adds), at most 48 characters before a suffix unique to the run.
 */
function uniqueName(fileName?: string) {
  const base = (fileName || 'album').replace(/[\u0000-\u001f\u007f/\\:*?"<>|\s.]+/g, '_').slice(0, 48)
  return `${base}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}-${(serial++).toString(36)}`
}

/**
 * Starts a save and hands back its promise and a way to abort it. The promise settles once:
 * with the saved file, or with a SaveToAlbumError (`ABORTED` after `abort()`). Every file the
 * run wrote is removed as it settles (where the platform can remove files: harmony-hybrid's
 * bridge cannot, so there they stay in the app's sandbox) (in the background, bounded by `timeout`; a file the
 * platform would not remove is tried again by the next run), and files a late platform answer
 * writes afterwards too. Once the run has ended nothing new starts: no dialog, no download, no write.
 *
 * @example
 * const run = startSave(url, { onStatus: console.log })
 * cancelButton.onClick = run.abort
 * await run.promise
 */
export function startSave<Keep extends boolean = false>(source: SaveSource, o: RunOptions & BatchHooks & { keepFile?: Keep } = {}) {
  // The app's callbacks: one that throws must not break the run.
  const onStatus = (s: SaveStatus) => safely(o.onStatus, s)
  const onProgress = (p: number) => safely(o.onProgress, p)
  let limit = DEFAULT_TIMEOUT
  let aborted = false
  let ended = false
  let last: SaveStatus = 'idle'
  let halt!: (e: SaveToAlbumError) => void
  const halted = new Promise<never>((_, reject) => (halt = reject))
  halted.catch(() => undefined)
  const owned = new Set<string>()
  const status = (s: SaveStatus) => {
    if (!aborted && !ended) onStatus((last = s))
  }

  async function run(): Promise<Saved<Keep>> {
    if (!platform) throw new SaveToAlbumError('UNSUPPORTED_PLATFORM', __DEV__ && `Saving to the album is not supported on the Taro target "${process.env.TARO_ENV}"${refusal ? `: ${refusal}` : ''}`)
    const p = platform
    const timeout = (limit = limitOf(o.timeout))
    const dir = `${p.dir()}/`
    const src = parseSource(source, { maxBytes: o.maxBytes, allowedHosts: o.allowedHosts, userDir: p.dir(), base: p.base && p.base(), writeChecks: p.writeChecks })

    /**
     * One platform call: never started once the run has ended; timed unless it waits on a
     * person; a failure becomes a SaveToAlbumError through the platform's code table. `path`, a
     * file the call may create, is removed when the run ends, or whenever it lands if the call
     * was dropped.
     */
    function step<T>(what: string | false, code: SaveErrorCode, call: () => Task<T>, timed = true, path?: string): Promise<T> {
      if (aborted) return halted
      if (path) owned.add(path)
      const work = call()
      return within(work, timed ? timeout : 0, halted).catch((e) => {
        if (path && e instanceof SaveToAlbumError) work.then(() => discard([path]), () => undefined)
        throw toSaveError(e, code, what, p.codes)
      })
    }

    // Where the save itself shows the dialog, it waits on a person while the scope was never asked
    // (in a batch, whichever item's save comes first after the check).
    const dialog = o.dialog || {}
    if (p.scope) {
      if (o.authorized) await within(o.authorized, 0, halted)
      else {
        status('authorizing')
        if (p.privacy) await step(__DEV__ && 'The privacy agreement', 'AUTH_CHECK_FAILED', p.privacy, false)
        const granted = await step(__DEV__ && 'Reading the album permission', 'AUTH_CHECK_FAILED', p.scope)
        // Refused earlier: asking again fails at once without a dialog, so don't.
        if (granted === false) throw new SaveToAlbumError('AUTH_DENIED', __DEV__ && 'The album permission was refused earlier; call openSetting() from a tap')
        if (granted === undefined) {
          if (p.ask) await step(__DEV__ && 'Asking for the album permission', 'AUTH_CHECK_FAILED', p.ask, false)
          else dialog.asks = true
        }
        if (o.onAuthorized) o.onAuthorized()
      }
    }

    // Get the source into a file the album can take: as it is, written, exported, or downloaded and checked.
    const target = dir + uniqueName(o.fileName)
    const video = 'video' in src && !!src.video
    let path: string
    if (src.kind === 'local') path = src.path
    else if (src.kind === 'base64') {
      status('writing')
      const { payload, format } = src
      path = `${target}.${format}`
      await step(__DEV__ && 'Writing the image', 'WRITE_FAILED', () => p.write(path, payload, `image/${format === 'jpg' ? 'jpeg' : format}`), true, path)
    } else if (src.kind === 'canvas') {
      status('writing')
      // The platform says "canvas is empty" both for a blank canvas and for a canvasId it could
      // not find (inside a custom component without `component`): name every cause it can be.
      const what = __DEV__ && ('canvasId' in src.target
        ? `Exporting canvas "${src.target.canvasId}" (drawn yet? on this page? inside a custom component, pass component)`
        : 'Exporting the canvas (is anything drawn on it yet?)')
      path = await step(what, 'CANVAS_FAILED', () => p.canvas(src.target))
      // An export written into the package's folder (H5's blob store) is the run's to remove.
      if (path.startsWith(dir)) owned.add(path)
    } else {
      status('downloading')
      const cap = o.maxBytes ?? DEFAULT_MAX_VIDEO_BYTES
      const tooLarge = (bytes: number) => new SaveToAlbumError('TOO_LARGE', __DEV__ && `The video is ${bytes} bytes, over maxBytes (${cap})`)
      let expected = 0
      // Named as the URL names its type: when the bytes agree (most URLs), no rename after.
      const named = namedExtension(src.url)
      const into = named ? `${target}.${named}` : target
      const { statusCode = 200, filePath } = await step(
        __DEV__ && 'Download',
        'DOWNLOAD_FAILED',
        () =>
          p.download(src.url, into, (written, total) => {
            expected = total
            // The server said how large it is: a video over the cap is not downloaded any further.
            if (video && total > cap) halt(tooLarge(total))
            else if (total > 0) onProgress(Math.min(written / total, 1))
          }),
        true,
        into,
      )
      if (statusCode < 200 || statusCode > 299) {
        throw new SaveToAlbumError('HTTP_STATUS', __DEV__ && `Download answered HTTP ${statusCode}`, { statusCode }, statusCode)
      }
      // A file too short to read 12 bytes of is not an image either.
      const format = sniff(await step(__DEV__ && 'Reading the download', 'UNSUPPORTED_FORMAT', () => p.head(filePath, video ? 'video' : 'image')))
      if (!format || isVideo(format) !== video) {
        throw new SaveToAlbumError('UNSUPPORTED_FORMAT', __DEV__ && (video ? 'The downloaded file is not an MP4 or MOV video' : 'The downloaded file is not a PNG, JPEG, GIF or WebP image'))
      }
      if (video && !expected) {
        const bytes = await step(__DEV__ && 'Reading the download', 'DOWNLOAD_FAILED', () => p.size(filePath))
        if (bytes > cap) throw tooLarge(bytes)
      }
      path = filePath.endsWith(`.${format}`) ? filePath : `${target}.${format}`
      if (path !== filePath) {
        await step(__DEV__ && 'Naming the download', 'WRITE_FAILED', () => p.rename(filePath, path), true, path)
        // Moved away: nothing left there to remove.
        owned.delete(filePath)
      }
    }

    if (o.turn) await within(o.turn(), 0, halted)
    status('saving')
    const kind = video ? 'video' : 'image'
    const via = await step(__DEV__ && 'Saving to the album', 'SAVE_FAILED', () => (o.handOver ? o.handOver(path, kind) : p.save(path, kind, o.via)), !dialog.asks && !p.saveWaitsOnPerson)
    const saved: { via?: SaveVia; filePath?: string } = via ? { via } : {}
    // Asked for, the file is the app's now: left in place (a browser hands an object URL of it).
    if (o.keepFile) saved.filePath = p.keep ? p.keep(path) : (owned.delete(path), path)
    onProgress(1)
    status('saved')
    return saved as Saved<Keep>
  }

  const promise = run()
    .catch((e) => {
      // Once idle has been reported for an abort, the run settles as aborted whatever else failed.
      const error = aborted ? new SaveToAlbumError('ABORTED', __DEV__ && 'The save was aborted') : toSaveError(e, 'SAVE_FAILED', __DEV__ && 'Save', { numbers: {}, words: [] })
      status(endOf(error))
      throw error
    })
    .finally(() => {
      ended = true
      // After the end, not before it: the album has answered, and a slow unlink must hold no one.
      // Bounded, so a platform that never answers one leaves no timer running past the timeout.
      if (owned.size) void within(discard(owned), limit || DEFAULT_TIMEOUT).catch(() => undefined)
    })

  return {
    promise,
    /**
     * Cancels the run; returns whether it did. Once the file is handed to the album (or the
     * run has ended) there is nothing left to cancel: the run reports what really happened.
     */
    abort(): boolean {
      if (aborted || ended || /saving|saved|denied|failed/.test(last)) return false
      status('idle')
      aborted = true
      halt(new SaveToAlbumError('ABORTED', __DEV__ && 'The save was aborted'))
      return true
    },
  }
}

/**
 * Aborts `run` when `signal` fires (at once if it already has); the listener goes once the run
 * has settled. Resolves as the run does.
 *
 * @example
 * return abortOn(signal, startSaveAll(sources, options))
 */
export function abortOn<T>(signal: AbortSignalLike | undefined, run: { promise: Promise<T>; abort(): boolean }): Promise<T> {
  if (signal) {
    const onAbort = () => void run.abort()
    if (signal.aborted) onAbort()
    signal.addEventListener('abort', onAbort)
    const detach = () => signal.removeEventListener('abort', onAbort)
    run.promise.then(detach, detach)
  }
  return run.promise
}

/**
 * Saves one image, canvas or video to the album, without React. Resolves once saved (with
 * `keepFile: true`, with the file handed to the album, now the app's); rejects with a
 * SaveToAlbumError (`AUTH_DENIED` → ask for `openSetting` from a tap).
 *
 * @example
 * const ctl = new AbortController()
 * await saveToAlbum('https://cdn.example.com/poster.png', {
 *   signal: ctl.signal,
 *   onStatus: (s) => console.log(s), // authorizing → downloading → saving → saved
 *   onProgress: (p) => console.log(Math.round(p * 100) + '%'),
 * })
 */
export function saveToAlbum<Keep extends boolean = false>(source: SaveSource, options: RunOptions & { signal?: AbortSignalLike; keepFile?: Keep } = {}): Promise<Saved<Keep>> {
  const { signal, ...rest } = options
  // Nothing starts for a signal aborted already: the first platform call would go out at once.
  if (signal?.aborted) return Promise.reject(new SaveToAlbumError('ABORTED', __DEV__ && 'The signal was already aborted'))
  return abortOn(signal, startSave(source, rest))
}
