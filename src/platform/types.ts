import type { SaveErrorCode } from '../errors'

/** A platform call whose work can be stopped, like Taro's downloadFile promise. */
export type Task<T> = Promise<T> & { abort?: () => void }

/** What goes to the album. */
export type MediaKind = 'image' | 'video'

/**
 * How a browser handed the file over: a download, the share sheet, or an overlay asking for a
 * long-press. Mini programs save into the album itself and report nothing.
 */
export type SaveVia = 'download' | 'share' | 'long-press'

/**
 * How a platform's failures read as our codes: decisions as data, one table per platform.
 * `numbers` matches `errno`, `errNo` or Alipay's `error`; `words` the message, first match wins.
 * Anything unmatched gets the failing step's own code.
 */
export interface CodeTable {
  numbers: Record<number, SaveErrorCode>
  words: [RegExp, SaveErrorCode][]
  /**
   * The album missing from the privacy agreement the developer declared (WeChat errno 112,
   * ByteDance 10202): its number, and what to do about it, once, in the admin console.
   */
  undeclared?: { code: number; fix: string | false }
  /** Development only: where the phone refuses the host app its photos (`SYSTEM_DENIED`), what the person does in the phone's settings. */
  phone?: string | false
}

/** Export settings of a canvas, passed through to `canvasToTempFilePath`. */
export interface CanvasExport {
  fileType?: 'png' | 'jpg'
  /** 0..1, for `jpg`. */
  quality?: number
  destWidth?: number
  destHeight?: number
}

/** A canvas to export: a `Canvas type="2d"` node, or the older canvas id (with its custom component, if inside one). */
export type CanvasTarget = CanvasExport & ({ canvas: object } | { canvasId: string; component?: object })

/**
 * The few primitives the flow needs from a platform. Paths are the platform's own (a file under
 * USER_DATA_PATH on mini programs, a key of an in-memory blob store on H5). Every method that
 * calls the platform makes exactly one call, so the flow can time it, drop it after an abort,
 * and never start the next one once a run has ended.
 */
export interface Platform {
  /** The Taro target family, named in errors (`weapp`, `tt`, `alipay`, `h5`, …). */
  name: string
  /** Folder the package may write into and must clean; files elsewhere are never removed. */
  dir(): string
  /** The page's URL, against which relative sources are resolved; absent where there is no page (mini programs). */
  base?(): string
  /** The album scope as recorded: `true` granted, `false` refused earlier, `undefined` never asked. Absent where there is no permission (H5). */
  scope?(): Promise<boolean | undefined>
  /** Shows the permission dialog; resolves when granted. Absent where the save itself asks (tt, alipay). Waits on a person. */
  ask?(): Promise<unknown>
  /** Asks for the privacy agreement where the platform has one; resolves at once where it has none. Waits on a person. */
  privacy?(): Promise<unknown>
  /** Opens the permission settings (from a tap); resolves whether the album scope is on afterwards. Waits on a person. */
  openSetting(): Promise<boolean>
  /**
   * Opens the phone's own settings page for the host app (from a tap), where the photos
   * permission the mini program's settings cannot change is turned on; resolves, once the app
   * shows again, whether the photos are allowed then. Absent or rejecting where the platform has
   * no such call. Waits on a person.
   */
  openSystemSetting?(): Promise<boolean>
  /** Whether the album scope is on in an `authSetting` the platform handed back (its own scope key). */
  scopeOn?(authSetting: Record<string, boolean>): boolean
  /**
   * Downloads `url`, into `path` where the platform lets it choose (else wherever it puts
   * downloads). `onProgress(written, expected)` in bytes; `expected` 0 while unknown.
   * Resolves the file's real path and the HTTP status where the platform reports one.
   */
  download(url: string, path: string, onProgress: (written: number, expected: number) => void): Task<{ statusCode?: number; filePath: string }>
  /**
   * The first 12 bytes of a file, or where the platform cannot read part of a file, the bytes
   * its type implies (`kind`: what the flow expects it to be). May make more than one call; an
   * `abort` then stops the next from starting.
   */
  head(path: string, kind: MediaKind): Task<ArrayLike<number>>
  /** A file's size in bytes. */
  size(path: string): Promise<number>
  /** Moves a file (a download into the package's folder, or to its real extension). */
  rename(from: string, to: string): Promise<unknown>
  /**
   * Writes a base64 payload to a file. With `writeChecks`, it refuses a malformed payload
   * (`INVALID_SOURCE`) before anything is kept, and the core leaves it the whole check of a
   * large one (the white space out, the alphabet, "=" only padding the end, whole quads).
   */
  write(path: string, base64: string, mime: string): Promise<unknown>
  writeChecks?: boolean
  /** Exports a canvas to a file; resolves its path. */
  canvas(target: CanvasTarget): Task<string>
  /** `save` may wait on a person (a browser's share sheet), so `timeout` does not cut it off. */
  saveWaitsOnPerson?: boolean
  /** Hands a file to the album (or, in a browser, to the person, the way `via` forces if given). */
  save(path: string, kind: MediaKind, via?: SaveVia): Promise<SaveVia | void>
  /**
   * Browsers: a batch's files handed over together, where the platform would take them one by
   * one otherwise badly (a share sheet opens once per tap: one sheet of all of them). Called once
   * as a batch starts, with its `via`; `undefined` back where each file is handed over alone.
   */
  gather?(via?: SaveVia): Gathering | undefined
  /**
   * For `keepFile`: what names a saved file to the app where its path cannot (a browser's
   * object URL). Absent where the path is the file (mini programs): the flow then leaves it.
   */
  keep?(path: string): string
  /** Removes a file; resolves whether it is gone (true also when it never existed or is not ours to remove); never rejects. */
  remove(path: string): Promise<boolean>
  codes: CodeTable
}

/**
 * A batch's files on their way to being handed over together. Each item `hold`s its file, in the
 * batch's order; once every item has held its file or ended without one, the batch calls `flush`
 * and every held promise settles with how the files went (or why not). `abort` (the batch was
 * aborted before that) rejects every held file `ABORTED` and answers whether there was any.
 *
 * @example
 * const gathering = platform.gather?.('share')
 * const via = gathering && (await gathering.hold('h5:/a.png', 'image'))
 */
export interface Gathering {
  hold(path: string, kind: MediaKind): Promise<SaveVia | void>
  flush(): void
  abort(): boolean
}
