import { SaveToAlbumError } from '../errors'
import { abortOn, endOf, isBusy, startSave, type AbortSignalLike, type RunOptions, type Saved, type SaveStatus } from './flow'
import { parseSource, type SaveSource } from './source'

/**
 * How one save ended. Never a rejection: failures come back as `{ ok: false, error }`. A saved
 * result has `filePath` only with `keepFile: true` (see `Saved`).
 *
 * @example
 * const result = await save(url)
 * if (!result.ok && result.error.code === 'AUTH_DENIED') showSettingsButton()
 * if (result.ok) console.log(result.via, result.filePath)
 */
export type SaveResult<Keep extends boolean = boolean> = ({ ok: true } & Saved<Keep>) | { ok: false; error: SaveToAlbumError }

/**
 * Options of `saveAll()`: the run's options, how many downloads may overlap, and a report per item.
 *
 * @example
 * saveAll(urls, { concurrency: 3, onItem: (i, r) => r.ok && markSaved(i) })
 */
export interface SaveAllOptions extends RunOptions {
  /** Downloads (and writes) in flight at once; album saves are always one at a time, in order. Default 2. */
  concurrency?: number
  /** Called as each item ends, with its index and result. */
  onItem?: (index: number, result: SaveResult) => void
  signal?: AbortSignalLike
}

/**
 * Starts saving many images (or videos, canvases) with one permission check. Downloads overlap
 * up to `concurrency` while album saves go strictly one at a time and in order. Resolves one
 * `SaveResult` per source, in order, and never rejects. A failed item does not stop the others;
 * a refused permission stops the batch at once and every item not yet saved reports it;
 * `abort()` ends every item not yet saved with `ABORTED`.
 *
 * @example
 * const batch = startSaveAll(urls, { onProgress: (p) => setPercent(p * 100) })
 * stopButton.onClick = batch.abort
 * const results = await batch.promise
 */
export function startSaveAll<Keep extends boolean = false>(sources: SaveSource[], o: Omit<SaveAllOptions, 'signal'> & { keepFile?: Keep } = {}) {
  const { concurrency = 2, onItem, onStatus, onProgress, ...options } = o
  const n = sources.length
  const results: SaveResult<Keep>[] = []
  const runs: { abort(): boolean }[] = []
  const share: number[] = sources.map(() => 0)
  // The status shown is that of the first item not yet ended.
  const statuses: SaveStatus[] = []
  let stopped: SaveToAlbumError | undefined
  let next = 0
  let first = 0

  const report = () => onProgress?.(share.reduce((a, b) => a + b) / n)
  const stop = (error: SaveToAlbumError) => {
    stopped ??= error
    runs.forEach((run) => run.abort())
  }

  // Checked first, so a refused source makes no platform call; the first valid one checks the permission.
  const holder = sources.findIndex((source) => {
    try {
      return parseSource(source, options)
    } catch {
      return false
    }
  })
  let authorized!: () => void
  let refused!: (e: unknown) => void
  const permission = new Promise<void>((resolve, reject) => ((authorized = resolve), (refused = reject)))
  permission.catch(() => undefined)
  // Where the save itself shows the dialog and the check found the scope never asked, every save
  // may show it (the item that checked may fail before its own) until one went through.
  const dialog: { asks?: boolean } = {}
  // Item i may hand its file to the album once every item before it has ended: not only the one
  // before, which may have failed at once while an earlier one is still saving.
  const ends: (() => void)[] = []
  const ended = sources.map((_, i) => new Promise<void>((resolve) => (ends[i] = resolve)))

  /** Starts item i and resolves how it ended; a refusal stops the batch. */
  function run(i: number): Promise<SaveResult<Keep>> {
    const item = startSave<Keep>(sources[i], {
      ...options,
      ...(i === holder ? { onAuthorized: authorized } : { authorized: permission }),
      dialog,
      turn: () => Promise.all(ended.slice(0, i)),
      onStatus: (s) => {
        // An item's own end is not the batch's: that comes once every item has ended.
        if (!isBusy(s)) return
        statuses[i] = s
        if (i === first) onStatus?.(s)
      },
      onProgress: (p) => {
        share[i] = p
        report()
      },
    })
    runs[i] = item
    return item.promise.then(
      (saved) => ((dialog.asks = false), { ok: true, ...saved }),
      (error: SaveToAlbumError) => {
        if (i === holder) refused(error)
        if (endOf(error) === 'denied') stop(error)
        return { ok: false, error: stopped && error.code === 'ABORTED' ? stopped : error }
      },
    )
  }

  async function item(i: number) {
    // Nothing starts once the batch was stopped.
    const result: SaveResult<Keep> = stopped ? { ok: false, error: stopped } : await run(i)
    results[i] = result
    share[i] = 1
    report()
    onItem?.(i, result)
    ends[i]()
    while (results[first]) first++
    if (statuses[first]) onStatus?.(statuses[first])
  }

  async function worker() {
    while (next < n) await item(next++)
  }

  const promise = Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), n) }, worker)).then(() => {
    const error = stopped || decidingError(results)
    onStatus?.(error ? endOf(error) : 'saved')
    return results
  })

  return {
    promise,
    /**
     * Ends every item not yet with the album with `ABORTED`; returns whether that ended the
     * batch. An item whose file is already with the album goes on to its real end, and the batch
     * with it: then, as for a single save, `false`.
     */
    abort() {
      const stopping = runs.map((run) => run.abort()).includes(true) || next < n
      if (stopping) stop(new SaveToAlbumError('ABORTED', __DEV__ && 'The batch was aborted'))
      return stopping && !statuses.some((status, i) => status === 'saving' && !results[i])
    },
  }
}

/**
 * The failure that decides how a batch ended: a refusal if there was one, else the first
 * failure; `undefined` when every item was saved.
 *
 * @example
 * const error = decidingError(await saveAll(urls))
 * const status = error ? endOf(error) : 'saved'
 */
export function decidingError<Keep extends boolean>(results: SaveResult<Keep>[]): SaveToAlbumError | undefined {
  const errors = results.map((r) => !r.ok && r.error).filter(Boolean) as SaveToAlbumError[]
  return errors.find((error) => endOf(error) === 'denied') || errors[0]
}

/**
 * Saves many sources with one permission check, downloads overlapping and album saves in order.
 * Resolves one `SaveResult` per source, in order; never rejects.
 *
 * @example
 * const results = await saveAll(['https://cdn.example.com/1.png', 'https://cdn.example.com/2.png'])
 * const failed = results.filter((r) => !r.ok).length
 */
export function saveAll<Keep extends boolean = false>(sources: SaveSource[], options: SaveAllOptions & { keepFile?: Keep } = {}): Promise<SaveResult<Keep>[]> {
  const { signal, ...rest } = options
  return abortOn(signal, startSaveAll(sources, rest))
}
