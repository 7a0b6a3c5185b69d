import { SaveToAlbumError } from '../errors'
import { endOf, startSave, type AbortSignalLike, type RunOptions, type Saved, type SaveStatus } from './flow'
import { parseSource, type SaveSource } from './source'

/**
 * How one save ended. Never a rejection: failures come back as `{ ok: false, error }`.
 *
 * @example
 * const result = await save(url)
 * if (!result.ok && result.error.code === 'AUTH_DENIED') showSettingsButton()
 * if (result.ok) console.log(result.filePath, result.via)
 */
export type SaveResult = ({ ok: true } & Saved) | { ok: false; error: SaveToAlbumError }

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
export function startSaveAll(sources: SaveSource[], o: Omit<SaveAllOptions, 'signal'> = {}) {
  const { concurrency = 2, onItem, onStatus, onProgress, ...options } = o
  const n = sources.length
  const results: SaveResult[] = new Array(n)
  const runs: { abort(): boolean }[] = []
  const share = new Array<number>(n).fill(0)
  // The status shown is that of the first item not yet ended.
  const statuses: SaveStatus[] = []
  let stopped: SaveToAlbumError | undefined
  let next = 0
  let first = 0

  const report = () => onProgress?.(share.reduce((a, b) => a + b, 0) / n)
  const end = (i: number, result: SaveResult) => {
    results[i] = result
    share[i] = 1
    report()
    onItem?.(i, result)
    done[i].resolve()
    while (results[first]) first++
    if (statuses[first]) onStatus?.(statuses[first])
  }
  const stop = (error: SaveToAlbumError) => {
    stopped ??= error
    runs.forEach((run) => run.abort())
  }

  // Checked first, so a refused source makes no platform call; the first valid one checks the permission.
  const valid = sources.map((source) => {
    try {
      parseSource(source, { maxBytes: options.maxBytes, allowedHosts: options.allowedHosts })
      return true
    } catch (e) {
      return false
    }
  })
  let authorized!: () => void
  let refused!: (e: unknown) => void
  const permission = new Promise<void>((resolve, reject) => ((authorized = resolve), (refused = reject)))
  permission.catch(() => undefined)
  const holder = valid.indexOf(true)
  // Item i may hand its file to the album once every item before it has ended.
  const done = sources.map(() => {
    let resolve!: () => void
    const promise = new Promise<void>((r) => (resolve = r))
    return { promise, resolve }
  })

  async function item(i: number) {
    if (stopped) return end(i, { ok: false, error: stopped })
    const run = startSave(sources[i], {
      ...options,
      ...(i === holder ? { onAuthorized: authorized } : { authorized: permission }),
      // After every earlier item, not only the one before: that one may have failed at once while
      // an earlier one is still saving.
      turn: () => Promise.all(done.slice(0, i).map((d) => d.promise)),
      onStatus: (s: SaveStatus) => {
        // An item's own end is not the batch's: that comes once every item has ended.
        if (/saved|denied|failed|idle/.test(s)) return
        statuses[i] = s
        if (i === first) onStatus?.(s)
      },
      onProgress: (p) => {
        share[i] = p
        report()
      },
    })
    runs[i] = run
    const result = await run.promise.then(
      (saved): SaveResult => ({ ok: true, ...saved }),
      (error: SaveToAlbumError): SaveResult => {
        if (i === holder) refused(error)
        if (endOf(error) === 'denied') stop(error)
        return { ok: false, error: stopped && error.code === 'ABORTED' ? stopped : error }
      },
    )
    end(i, result)
  }

  async function worker() {
    while (next < n) await item(next++)
  }

  const promise = Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), n) }, worker)).then(() => {
    const failure = results.find((r) => !r.ok) as { error: SaveToAlbumError } | undefined
    onStatus?.(failure ? endOf(stopped || failure.error) : 'saved')
    return results
  })

  return {
    promise,
    /** Ends every item not yet saved with `ABORTED`; returns whether anything was left to stop. */
    abort: () => {
      if (results.filter(Boolean).length === n) return false
      stop(new SaveToAlbumError('ABORTED', 'The batch was aborted'))
      return true
    },
  }
}

/**
 * Saves many sources with one permission check, downloads overlapping and album saves in order.
 * Resolves one `SaveResult` per source, in order; never rejects.
 *
 * @example
 * const results = await saveAll(['https://cdn.example.com/1.png', 'https://cdn.example.com/2.png'])
 * const failed = results.filter((r) => !r.ok).length
 */
export function saveAll(sources: SaveSource[], options: SaveAllOptions = {}): Promise<SaveResult[]> {
  const { signal, ...rest } = options
  const batch = startSaveAll(sources, rest)
  if (signal) {
    if (signal.aborted) batch.abort()
    const onAbort = () => batch.abort()
    signal.addEventListener('abort', onAbort)
    const detach = () => signal.removeEventListener('abort', onAbort)
    batch.promise.then(detach)
  }
  return batch.promise
}
