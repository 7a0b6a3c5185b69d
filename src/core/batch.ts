import { safely, SaveToAlbumError } from '../errors'
import { platform } from '../platform'
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
  /** Downloads (and writes) in flight at once: a whole number ≥ 1, or `Infinity`; else every item fails `INVALID_OPTION`. Album saves are always one at a time, in order. Default 2. */
  concurrency?: number
  /** Called as each item ends, with its index and result. A throw in it does not stop the batch (a development build prints it). */
  onItem?: (index: number, result: SaveResult) => void
  /** Aborts the batch when it fires; one aborted already starts nothing (every item `ABORTED`). */
  signal?: AbortSignalLike
}

/**
 * Starts saving many images (or videos, canvases) with one permission check. Downloads overlap
 * up to `concurrency` while album saves go strictly one at a time and in order. Resolves one
 * `SaveResult` per source, in order, and never rejects. A failed item does not stop the others;
 * a refused permission stops the batch at once and every item not yet saved reports it;
 * `abort()` ends every item not yet saved with `ABORTED`. A bad `concurrency` starts nothing:
 * every item reports `INVALID_OPTION`. An empty list saves nothing and ends `failed`. Where the
 * platform gathers a batch's files (a phone's browser: one share sheet of all of them), the files
 * wait for each other and go together.
 *
 * @example
 * const batch = startSaveAll(urls, { onProgress: (p) => setPercent(p * 100) })
 * stopButton.onClick = batch.abort
 * const results = await batch.promise
 */
export function startSaveAll<Keep extends boolean = false>(
  sources: SaveSource[],
  o: Omit<SaveAllOptions, 'signal'> & { keepFile?: Keep; /** Internal: `saveAll()` with a signal aborted already; nothing starts, every item `ABORTED`. */ aborted?: boolean } = {},
) {
  // The app's callbacks go through safely(): one that throws must not leave the batch hanging.
  const { concurrency = 2, aborted, onItem, onStatus, onProgress, ...options } = o
  const n = sources.length
  const results: SaveResult<Keep>[] = []
  const runs: { abort(): boolean }[] = []
  const share: number[] = sources.map(() => 0)
  // The status shown is that of the first item not yet ended.
  const statuses: SaveStatus[] = []
  // Checked like `timeout`: a bad value fails every item before any platform call; so does a signal aborted already.
  let stopped =
    typeof concurrency !== 'number' || !(concurrency >= 1) || concurrency % 1 > 0
      ? new SaveToAlbumError('INVALID_OPTION', __DEV__ && `concurrency must be a whole number ≥ 1 or Infinity, got ${String(concurrency)}`)
      : aborted
        ? new SaveToAlbumError('ABORTED', __DEV__ && 'The signal was already aborted')
        : undefined
  let next = 0
  let first = 0

  const report = () => safely(onProgress, share.reduce((a, b) => a + b) / n)
  const stop = (error: SaveToAlbumError) => {
    stopped = stopped || error
    runs.forEach((run) => run.abort())
  }

  // Checked first, so a refused source makes no platform call; the first valid one checks the permission.
  const holder = sources.findIndex((source) => {
    try {
      return parseSource(source, { ...options, writeChecks: platform && platform.writeChecks })
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
  // Where the platform hands a batch's files over together (a browser's one share sheet), an item
  // holding its file there lets the next one go on; they go once every item held its file or ended.
  // Aborting the batch drops files gathered and not yet handed over: the gathering is one more run.
  const gathering = platform && platform.gather && platform.gather(options.via)
  // Items whose file waits in the gathering: not with the album until it is flushed.
  const held: boolean[] = []
  if (gathering) {
    runs[n] = gathering
    Promise.all(ended).then(gathering.flush)
  }

  /** Starts item i and resolves how it ended; a refusal stops the batch. */
  function run(i: number): Promise<SaveResult<Keep>> {
    const item = startSave<Keep>(sources[i], {
      ...options,
      ...(i === holder ? { onAuthorized: authorized } : { authorized: permission }),
      dialog,
      turn: () => Promise.all(ended.slice(0, i)),
      handOver: gathering && ((path, kind) => ((held[i] = true), ends[i](), gathering.hold(path, kind))),
      onStatus: (s) => {
        // An item's own end is not the batch's: that comes once every item has ended.
        if (!isBusy(s)) return
        statuses[i] = s
        if (i === first) safely(onStatus, s)
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
    safely(onItem, i, result)
    ends[i]()
    while (results[first]) first++
    if (statuses[first]) safely(onStatus, statuses[first])
  }

  const items: Promise<void>[] = []
  async function worker() {
    while (next < n) {
      const i = next++
      items[i] = item(i)
      // An item holding its file in a gathering frees its place: the next download starts.
      await Promise.race([items[i], ended[i]])
    }
    await Promise.all(items)
  }

  // One worker goes through the items a stopped batch only reports.
  const promise = Promise.all(Array.from({ length: Math.min(stopped ? 1 : concurrency, n) }, worker)).then(() => {
    const error = stopped || decidingError(results)
    safely(onStatus, error ? endOf(error) : 'saved')
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
      const stops = runs.map((run) => run.abort())
      const stopping = stops.includes(true) || next < n
      if (stopping) stop(new SaveToAlbumError('ABORTED', __DEV__ && 'The batch was aborted'))
      // Held files the abort dropped from the gathering never reached the album.
      const dropped = !!gathering && stops[n]
      return stopping && !statuses.some((status, i) => status === 'saving' && !results[i] && !(held[i] && dropped))
    },
  }
}

/**
 * The failure that decides how a batch ended: a refusal if there was one, else the first
 * failure; `INVALID_SOURCE` for an empty list (nothing saved is not saved); `undefined` when
 * every item was saved.
 *
 * @example
 * const error = decidingError(await saveAll(urls))
 * const status = error ? endOf(error) : 'saved'
 */
export function decidingError<Keep extends boolean>(results: SaveResult<Keep>[]): SaveToAlbumError | undefined {
  if (!results.length) return new SaveToAlbumError('INVALID_SOURCE', __DEV__ && 'Nothing to save: the list of sources is empty')
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
  // Nothing starts for a signal aborted already: the first platform call would go out at once.
  return abortOn(signal, startSaveAll(sources, { ...rest, aborted: signal?.aborted }))
}
