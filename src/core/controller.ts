import { SaveToAlbumError } from '../errors'
import { platform } from '../platform'
import { decidingError, startSaveAll, type SaveAllOptions, type SaveResult } from './batch'
import { endOf, isBusy, type SaveStatus, type SaveToAlbumOptions } from './flow'
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
  /** With `keepFile: true`, once saved: the file handed to the album, now the app's (the last one, after `saveAll`). Null otherwise. */
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

const IDLE: SaveState = { status: 'idle', error: null, progress: 0, filePath: null }

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
  // The run reset() was called during, which could not stop it: it ends in idle.
  let resetRun: object | undefined
  // How to do the last save (or batch) again.
  let again: (() => Promise<SaveResult | SaveResult[]>) | undefined
  const listeners = new Set<() => void>()

  /** The one way state changes: only from the run in flight (or none), only when something differs. */
  const set = (from: object | undefined, patch: Partial<SaveState>) => {
    if (from !== activeRun) return
    const next = { ...state, ...patch }
    if ((Object.keys(next) as (keyof SaveState)[]).every((k) => next[k] === state[k])) return
    state = next
    listeners.forEach((listener) => listener())
  }

  /**
   * Runs `sources` as one batch (a single save is a batch of one) and settles the state from
   * its results: `saved` when all were saved, else how the refusal or the first failure ends.
   */
  function run(sources: SaveSource[], retry: typeof again, options?: Pick<SaveAllOptions, 'concurrency' | 'onItem'>): Promise<SaveResult[]> {
    if (activeRun) return Promise.resolve(sources.map(() => ({ ok: false, error: new SaveToAlbumError('BUSY', __DEV__ && 'A save is already in flight') })))
    again = retry
    let fresh = true
    let abortedEarly = false
    // The first platform call happens inside startSaveAll(); an abort from it lands before `batch` exists.
    let batch: ReturnType<typeof startSaveAll> | undefined
    const token = { abort: () => (batch ? batch.abort() : (abortedEarly = true)) }
    activeRun = token
    batch = startSaveAll(sources, {
      ...controller.options,
      ...options,
      onStatus: (status) => {
        if (!isBusy(status)) return // the end is set below, with the results
        set(token, fresh ? { ...IDLE, status } : { status })
        fresh = false
      },
      // Whole percents below 1 (a download firing a thousand events renders at most a hundred
      // times); 1 comes with `saved`, in the same render.
      onProgress: (p) => p < 1 && set(token, { progress: Math.floor(p * 100) / 100 }),
    })
    if (abortedEarly) batch.abort()
    return batch.promise.then((results) => {
      const error = decidingError(results)
      const status = error ? endOf(error) : 'saved'
      const last = results.filter((r) => r.ok).pop() as { filePath?: string } | undefined
      set(token, token === resetRun ? IDLE : error ? { ...IDLE, status, error: status === 'idle' ? null : error } : { status, error: null, progress: 1, filePath: last?.filePath ?? null })
      if (activeRun === token) activeRun = undefined
      return results
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

  const controller = {
    options: initial,
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    getSnapshot: () => state,

    /** Saves one source; resolves how it ended, never rejects; `BUSY` while a run is in flight. */
    save: (source: SaveSource): Promise<SaveResult> => run([source], () => controller.save(source)).then((results) => results[0]),

    /** Saves many sources with one permission check; resolves one result per source, never rejects. */
    saveAll: (sources: SaveSource[], options?: Pick<SaveAllOptions, 'concurrency' | 'onItem'>): Promise<SaveResult[]> => run(sources, () => controller.saveAll(sources), options),

    /** Saves the last source (or batch) again. */
    retry(): Promise<SaveResult | SaveResult[]> {
      return again ? again() : Promise.resolve({ ok: false, error: new SaveToAlbumError('INVALID_SOURCE', __DEV__ && 'Nothing to retry: save() was never called') })
    },

    /**
     * Opens the permission settings; call it from a tap. Resolves whether the album scope is on
     * afterwards, however long the person took; a `denied` controller then returns to `idle`,
     * or saves the last source again with `retryAfterSetting`.
     */
    openSetting(): Promise<boolean> {
      // No await before the platform call: it must run in the same tick as the tap.
      return platform ? platform.openSetting().then(afterSetting, () => false) : Promise.resolve(false)
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

    /**
     * Cancels the run in flight and returns to `idle`. A file already handed to the album cannot
     * be taken back: then the run (a batch too, its other items `ABORTED`) stays busy until the
     * album answers, and goes on to its real end.
     */
    abort() {
      if (activeRun && activeRun.abort()) {
        activeRun = undefined
        set(undefined, IDLE)
      }
    },

    /**
     * Aborts what can be aborted, then back to `idle` with no error: at once, or, when a file is
     * already with the album, as soon as the album answers (the run's own result still says how
     * it ended).
     */
    reset() {
      controller.abort()
      // Still in flight (its file is with the album): the run ends in idle instead.
      resetRun = activeRun
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
