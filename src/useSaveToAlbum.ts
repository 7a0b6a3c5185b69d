import { useEffect, useRef, useState } from 'react'
import { DEFAULT_TIMEOUT, endOf, startSave, within, type SaveStatus, type SaveToAlbumOptions } from './core/flow'
import type { SaveSource } from './core/source'
import { SaveToAlbumError } from './errors'
import { platform } from './platform'

/**
 * How a `save()` ended. Never a rejection: failures come back as `{ ok: false, error }`.
 *
 * @example
 * const result = await save(url)
 * if (!result.ok && result.error.code === 'AUTH_DENIED') showSettingsButton()
 */
export type SaveResult = { ok: true; filePath: string } | { ok: false; error: SaveToAlbumError }

/**
 * What `useSaveToAlbum()` returns.
 *
 * @example
 * const { status, error, progress, isBusy, save, openSetting, retry, abort, reset } = useSaveToAlbum()
 */
export interface SaveToAlbum {
  status: SaveStatus
  /** Set in `denied` and `failed`, null otherwise. */
  error: SaveToAlbumError | null
  /** 0..1 while downloading; 1 once saved. */
  progress: number
  /** The local file handed to the album, once saved. */
  filePath: string | null
  /** `authorizing`, `downloading`, `writing` or `saving`. */
  isBusy: boolean
  save(source: SaveSource): Promise<SaveResult>
  /** Call from a tap handler; resolves true when the album permission is on afterwards. */
  openSetting(): Promise<boolean>
  /** Saves the last source again. */
  retry(): Promise<SaveResult>
  /** Cancels the run in flight and returns to `idle`. */
  abort(): void
  /** Aborts, then back to `idle` with no error. */
  reset(): void
}

type State = Pick<SaveToAlbum, 'status' | 'error' | 'progress' | 'filePath'>
type Actions = Pick<SaveToAlbum, 'save' | 'openSetting' | 'retry' | 'abort' | 'reset'>
type Run = { abort: () => void }

const IDLE: State = { status: 'idle', error: null, progress: 0, filePath: null }
const BUSY: SaveStatus[] = ['authorizing', 'downloading', 'writing', 'saving']

/** The hook's logic without React: runs saves one at a time and reports state through `render`. */
function bind(render: (state: State) => void) {
  let state = IDLE
  let live = true
  let active: Run | undefined
  let last: SaveSource | undefined

  /** The one way state changes: only from the run in flight, only while mounted, only when something differs. */
  const set = (from: Run | undefined, patch: Partial<State>) => {
    const next = { ...state, ...patch }
    if (!live || from !== active || (Object.keys(next) as (keyof State)[]).every((k) => next[k] === state[k])) return
    render((state = next))
  }

  const save = (source: SaveSource): Promise<SaveResult> => {
    if (active) return Promise.resolve({ ok: false, error: new SaveToAlbumError('BUSY', 'A save is already in flight') })
    const run: Run = (active = { abort: () => undefined })
    let first = true
    last = source
    const { promise, abort } = startSave(source, {
      ...binding.options,
      onStatus: (status) => {
        if (!BUSY.includes(status)) return // the end of the run is set below, with its result
        set(run, first ? { ...IDLE, status } : { status })
        first = false
      },
      onProgress: (progress) => set(run, { progress }),
    })
    run.abort = abort
    const end = (patch: State) => {
      set(run, patch)
      if (active === run) active = undefined
    }
    return promise.then(
      ({ filePath }) => (end({ status: 'saved', error: null, progress: 1, filePath }), { ok: true, filePath }),
      (error: SaveToAlbumError) => {
        end({ ...IDLE, status: endOf(error), error })
        return { ok: false, error }
      },
    )
  }

  const stop = () => {
    const run = active
    active = undefined
    run?.abort()
    return !!run
  }

  const binding = {
    options: undefined as SaveToAlbumOptions | undefined,
    actions: {
      save,
      retry: () =>
        last === undefined
          ? Promise.resolve({ ok: false, error: new SaveToAlbumError('INVALID_SOURCE', 'Nothing to retry: save() was never called') })
          : save(last),
      // platform.openSetting() calls the platform synchronously, inside the caller's tap.
      openSetting: () =>
        within(platform.openSetting(), binding.options?.timeout ?? DEFAULT_TIMEOUT).then(
          (on) => (on && state.status === 'denied' && set(active, IDLE), on),
          () => false,
        ),
      abort: () => {
        if (stop()) set(undefined, IDLE)
      },
      reset: () => {
        stop()
        set(undefined, IDLE)
      },
    } as Actions,
    mount() {
      live = true
      return () => {
        live = false
        stop()
      }
    },
  }
  return binding
}

/**
 * Saves images to the phone's album, with the permission, failure and abort handling done.
 * Renders once per change of what it shows; `save`, `openSetting`, `retry`, `abort` and
 * `reset` keep their identity across renders. Unmounting aborts the run in flight.
 *
 * @example
 * function Poster({ url }: { url: string }) {
 *   const { status, error, progress, save, openSetting } = useSaveToAlbum()
 *   if (status === 'denied') return <Button onClick={openSetting}>打开相册权限</Button>
 *   return (
 *     <Button loading={status === 'downloading'} onClick={() => save(url)}>
 *       {status === 'failed' ? `重试 (${error?.code})` : `保存到相册 ${Math.round(progress * 100)}%`}
 *     </Button>
 *   )
 * }
 */
export function useSaveToAlbum(options?: SaveToAlbumOptions): SaveToAlbum {
  const [state, setState] = useState<State>(IDLE)
  const ref = useRef<ReturnType<typeof bind>>()
  const binding = (ref.current ??= bind(setState))
  binding.options = options
  useEffect(() => binding.mount(), [binding])
  return { ...state, isBusy: BUSY.includes(state.status), ...binding.actions }
}
