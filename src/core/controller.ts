import { safely, SaveToAlbumError } from '../errors'
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

/**
 * What the React hook and the Vue composable both return to act with: the same functions, with
 * the same signatures and results (the controller's own).
 *
 * @example
 * const actions: SaveActions = useSaveToAlbum()
 * await actions.saveAll([a, b], { concurrency: 2 })
 */
export interface SaveActions {
  save(source: SaveSource): Promise<SaveResult>
  /** Saves many sources with one permission check; album saves in order; one result per source. An empty list saves nothing and ends `failed` (`INVALID_SOURCE`). */
  saveAll(sources: SaveSource[], options?: Pick<SaveAllOptions, 'concurrency' | 'onItem'>): Promise<SaveResult[]>
  /** Call from a tap handler; resolves true when the album permission is on afterwards (after `SYSTEM_DENIED`: the phone's settings, where the platform opens them). */
  openSetting(): Promise<boolean>
  /** Saves again what the last save (or batch) did not save, with its options; items keep their indexes; nothing when all were saved. */
  retry(): Promise<SaveResult | SaveResult[]>
  /** Cancels the run in flight and returns to `idle` (unless its file is already being saved). */
  abort(): void
  /** Aborts what can be aborted, then back to `idle` with no error (once the album answered, if a file is already with it). */
  reset(): void
}

const IDLE: SaveState = { status: 'idle', error: null, progress: 0, filePath: null }

/** What a controller's `saveAll()` takes besides the sources. */
type BatchOptions = Pick<SaveAllOptions, 'concurrency' | 'onItem'>

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
  // How to do the last save (or batch) again: only its items not saved yet.
  let again: (() => Promise<SaveResult | SaveResult[]>) | undefined
  const listeners = new Set<() => void>()
  // Its component is gone (attach()'s detach was called): nothing new starts.
  let detached = false

  /** The one way state changes: only from the run in flight (or none), only when something differs. */
  const set = (from: object | undefined, patch: Partial<SaveState>) => {
    if (from !== activeRun) return
    const next = { ...state, ...patch }
    if ((Object.keys(next) as (keyof SaveState)[]).every((k) => next[k] === state[k])) return
    state = next
    listeners.forEach((listener) => safely(listener))
  }

  /**
   * Runs `sources` as one batch (a single save is a batch of one) and settles the state from
   * its results: `saved` when all were saved, else how the refusal or the first failure ends.
   * With `earlier` results (a retry), only the items not saved run, reported through `onItem`
   * under their own indexes; none left, it resolves `earlier` as it is. `shape` turns the
   * results into what the caller gets.
   */
  function run<T extends SaveResult | SaveResult[]>(sources: SaveSource[], options: BatchOptions = {}, earlier: SaveResult[], shape: (results: SaveResult[]) => T): Promise<T> {
    if (detached || activeRun) return Promise.resolve(shape(sources.map(() => ({ ok: false, error: new SaveToAlbumError(detached ? 'ABORTED' : 'BUSY', __DEV__ && (detached ? 'Its component is gone: nothing new starts' : 'A save is already in flight')) }))))
    const results = [...earlier]
    const todo = sources.map((_, i) => i).filter((i) => !(results[i] && results[i].ok))
    if (sources.length && !todo.length) return Promise.resolve(shape(results))
    // A copy: the caller's array changed in place later must not change what a retry saves.
    const own = [...sources]
    again = () => run(own, options, results, shape)
    let fresh = true
    let abortedEarly = false
    // The first platform call happens inside startSaveAll(); an abort from it lands before `batch` exists.
    let batch: ReturnType<typeof startSaveAll> | undefined
    const token = { abort: () => (batch ? batch.abort() : (abortedEarly = true)) }
    activeRun = token
    batch = startSaveAll(todo.map((i) => sources[i]), {
      ...controller.options,
      ...options,
      // Written as each item ends, so a retry right after an abort sees what was saved meanwhile.
      onItem: (j, result) => {
        results[todo[j]] = result
        if (options.onItem) options.onItem(todo[j], result)
      },
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
    return batch.promise.then(() => {
      const error = decidingError(results)
      const status = error ? endOf(error) : 'saved'
      const last = results.filter((r) => r.ok).pop() as { filePath?: string } | undefined
      set(token, token === resetRun ? IDLE : error ? { ...IDLE, status, error: status === 'idle' ? null : error } : { status, error: null, progress: 1, filePath: (last && last.filePath) || null })
      if (activeRun === token) activeRun = undefined
      return shape(results)
    })
  }

  /** The person left the settings page with the album scope `on` or not. */
  const afterSetting = (on: boolean) => {
    if (on && state.status === 'denied' && !activeRun) {
      set(undefined, IDLE)
      if (controller.options && controller.options.retryAfterSetting) void controller.retry()
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
    save: (source: SaveSource): Promise<SaveResult> => run([source], undefined, [], (results) => results[0]),

    /** Saves many sources with one permission check; resolves one result per source, never rejects; an empty list ends `failed` (`INVALID_SOURCE`). */
    saveAll: (sources: SaveSource[], options?: BatchOptions): Promise<SaveResult[]> => run(sources, options, [], (results) => results),

    /**
     * Saves again what the last save (or batch) did not save, with the same options: only the
     * items not saved, reported through `onItem` under their original indexes. Resolves one
     * result per source of that save (those saved earlier keep their result); when everything
     * was saved, it saves nothing again and resolves those results.
     */
    retry(): Promise<SaveResult | SaveResult[]> {
      return again ? again() : Promise.resolve({ ok: false, error: new SaveToAlbumError('INVALID_SOURCE', __DEV__ && 'Nothing to retry: save() was never called') })
    },

    /**
     * Opens the permission settings; call it from a tap. Resolves whether the album scope is on
     * afterwards, however long the person took; a `denied` controller then returns to `idle`,
     * or saves the last source again with `retryAfterSetting`. After `SYSTEM_DENIED` (the phone
     * refused the app its photos) it opens the phone's settings page instead, where the platform
     * has one (WeChat ≥ 2.25.3), and resolves whether the photos are allowed once the app shows
     * again; elsewhere it resolves false at once.
     */
    openSetting(): Promise<boolean> {
      // The phone's own refusal is fixed in the phone's settings, not the mini program's (where the scope is on already).
      // No await before the platform call: it must run in the same tick as the tap.
      const open = platform && (state.error && state.error.code === 'SYSTEM_DENIED' ? platform.openSystemSetting : platform.openSetting)
      return open ? open().then(afterSetting, () => false) : Promise.resolve(false)
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
      return afterSetting(!!(authSetting && platform && platform.scopeOn && platform.scopeOn(authSetting)))
    },

    /**
     * Binds the controller to a component's life; returns what to call once it is gone, which
     * aborts the run in flight. From then on nothing new starts, until `attach()` again (React
     * StrictMode mounts, unmounts and mounts again): no save again after the settings page, and
     * `save`, `saveAll` and `retry` resolve `ABORTED` (one per source) with no platform call.
     *
     * @example
     * useEffect(() => controller.attach(), [controller])
     */
    attach() {
      detached = false
      return () => {
        detached = true
        controller.abort()
      }
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
