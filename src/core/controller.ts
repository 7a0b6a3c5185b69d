import { SaveToAlbumError } from '../errors'
import { platform } from '../platform'
import { startSaveAll, type SaveAllOptions, type SaveResult } from './batch'
import { endOf, startSave, type SaveStatus, type SaveToAlbumOptions } from './flow'
import type { SaveSource } from './source'

/**
 * What a controller shows: the run's status, its error, progress and the file saved.
 *
 * @example
 * const { status, error, progress, filePath } = controller.getSnapshot()
 */
export interface SaveState {
  status: SaveStatus
  /** Set in `denied` and `failed`, null otherwise. */
  error: SaveToAlbumError | null
  /** 0..1 while busy, in whole percent steps; 1 once saved. */
  progress: number
  /** The local file handed to the album, once saved (the last one, after `saveAll`). */
  filePath: string | null
}

/**
 * Options of a controller (and of `useSaveToAlbum()`): those of every run, and whether
 * `openSetting()` saves the last source again once the person turned the scope on.
 *
 * @example
 * createSaveController({ timeout: 30_000, retryAfterSetting: true })
 */
export interface SaveControllerOptions extends SaveToAlbumOptions {
  retryAfterSetting?: boolean
}

/** The statuses in which a run is in flight. */
const BUSY: SaveStatus[] = ['authorizing', 'downloading', 'writing', 'saving']

/**
 * Whether a status means a run is in flight.
 *
 * @example
 * isBusy('downloading') // true
 */
export const isBusy = (status: SaveStatus) => BUSY.includes(status)

const IDLE: SaveState = { status: 'idle', error: null, progress: 0, filePath: null }
const busyError = () => new SaveToAlbumError('BUSY', 'A save is already in flight')

/**
 * The state of saving, without any framework: one run at a time, state changed in one place,
 * listeners told of every change. The React hook and the button bind to it.
 *
 * @example
 * const controller = createSaveController({ timeout: 30_000 })
 * const stop = controller.subscribe(() => render(controller.getSnapshot()))
 * await controller.save('https://cdn.example.com/poster.png')
 * stop()
 */
export function createSaveController(initial?: SaveControllerOptions) {
  let state = IDLE
  let activeRun: { abort(): boolean } | undefined
  let lastSource: { one: SaveSource } | { all: SaveSource[] } | undefined
  const listeners = new Set<() => void>()

  /** The one way state changes: only from the run in flight (or none), only when something differs. */
  const set = (from: object | undefined, patch: Partial<SaveState>) => {
    if (from !== activeRun) return
    const next = { ...state, ...patch }
    if ((Object.keys(next) as (keyof SaveState)[]).every((k) => next[k] === state[k])) return
    state = next
    listeners.forEach((listener) => listener())
  }

  /** Starts a run through `start`, and settles its state from `finish` when it ends. */
  function begin<T>(start: (hooks: { onStatus(s: SaveStatus): void; onProgress(p: number): void }) => { promise: Promise<T>; abort(): boolean }, finish: (value: T) => Partial<SaveState>) {
    let fresh = true
    let abortedEarly = false
    // The first platform call happens inside start(); an abort from it lands before `run` exists.
    let run: { promise: Promise<T>; abort(): boolean } | undefined
    const token = { abort: () => (run ? run.abort() : (abortedEarly = true)) }
    activeRun = token
    run = start({
      onStatus: (status) => {
        if (!isBusy(status)) return // the end is set below, with the result
        set(token, fresh ? { ...IDLE, status } : { status })
        fresh = false
      },
      // Whole percents below 1 (a download firing a thousand events renders at most a hundred
      // times); 1 comes with `saved`, in the same render.
      onProgress: (p) => p < 1 && set(token, { progress: Math.floor(p * 100) / 100 }),
    })
    if (abortedEarly) run.abort()
    return run.promise.then((value) => {
      set(token, finish(value))
      if (activeRun === token) activeRun = undefined
      return value
    })
  }

  /** The person left the settings page with the album scope `on` or not. */
  const afterSetting = (on: boolean) => {
    if (on && state.status === 'denied' && !activeRun) {
      set(undefined, IDLE)
      if (controller.options?.retryAfterSetting) void controller.retry()
    }
    return on
  }

  const ended = (error: SaveToAlbumError): Partial<SaveState> => {
    const status = endOf(error)
    return { ...IDLE, status, error: status === 'idle' ? null : error }
  }

  const controller = {
    options: initial,
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    getSnapshot: () => state,

    /** Saves one source; resolves how it ended, never rejects; `BUSY` while a run is in flight. */
    save(source: SaveSource): Promise<SaveResult> {
      if (activeRun) return Promise.resolve({ ok: false, error: busyError() })
      lastSource = { one: source }
      return begin(
        (hooks) => {
          const run = startSave(source, { ...controller.options, ...hooks })
          return { abort: run.abort, promise: run.promise.then((saved): SaveResult => ({ ok: true, ...saved }), (error: SaveToAlbumError): SaveResult => ({ ok: false, error })) }
        },
        (result) => (result.ok ? { status: 'saved', error: null, progress: 1, filePath: result.filePath } : ended(result.error)),
      )
    },

    /** Saves many sources with one permission check; resolves one result per source, never rejects. */
    saveAll(sources: SaveSource[], options?: Pick<SaveAllOptions, 'concurrency' | 'onItem'>): Promise<SaveResult[]> {
      if (activeRun) return Promise.resolve(sources.map(() => ({ ok: false, error: busyError() }) as SaveResult))
      lastSource = { all: sources }
      return begin(
        (hooks) => startSaveAll(sources, { ...controller.options, ...options, ...hooks }),
        (results) => {
          const failure = results.find((r) => !r.ok) as { error: SaveToAlbumError } | undefined
          const refusal = results.find((r) => !r.ok && endOf(r.error) === 'denied') as { error: SaveToAlbumError } | undefined
          const saved = [...results].reverse().find((r) => r.ok) as { filePath: string } | undefined
          return failure ? ended((refusal || failure).error) : { status: 'saved', error: null, progress: 1, filePath: saved ? saved.filePath : null }
        },
      )
    },

    /** Saves the last source (or batch) again. */
    retry(): Promise<SaveResult | SaveResult[]> {
      if (!lastSource) return Promise.resolve({ ok: false, error: new SaveToAlbumError('INVALID_SOURCE', 'Nothing to retry: save() was never called') })
      return 'one' in lastSource ? controller.save(lastSource.one) : controller.saveAll(lastSource.all)
    },

    /**
     * Opens the permission settings; call it from a tap. Resolves whether the album scope is on
     * afterwards, however long the person took; a `denied` controller then returns to `idle`,
     * or saves the last source again with `retryAfterSetting`.
     */
    openSetting(): Promise<boolean> {
      if (!platform) return Promise.resolve(false)
      // No await before the platform call: it must run in the same tick as the tap.
      return platform.openSetting().then(afterSetting, () => false)
    },

    /**
     * The settings page answered without `openSetting()`: a `Button openType="openSetting"`
     * opened it, and its `onOpenSetting` event carries `e.detail.authSetting`. Returns whether the
     * album scope is on; then, as after `openSetting()`, a `denied` controller returns to `idle`,
     * or saves the last source again with `retryAfterSetting`.
     *
     * @example
     * <Button openType='openSetting' onOpenSetting={(e) => controller.settingChanged(e.detail.authSetting)} />
     */
    settingChanged(authSetting: Record<string, boolean> | undefined): boolean {
      return afterSetting(!!(authSetting && platform?.scopeOn?.(authSetting)))
    },

    /** Cancels the run in flight and returns to `idle`; a file already handed to the album cannot be taken back, so then the run goes on to its real end. */
    abort() {
      if (activeRun && activeRun.abort()) {
        activeRun = undefined
        set(undefined, IDLE)
      }
    },

    /** Aborts, then back to `idle` with no error (once a run already saving has ended). */
    reset() {
      controller.abort()
      set(undefined, IDLE)
    },
  }
  return controller
}

/**
 * What `createSaveController()` returns.
 *
 * @example
 * let controller: SaveController = createSaveController()
 */
export type SaveController = ReturnType<typeof createSaveController>
