import { useEffect, useRef, useState } from 'react'
import { startSave, type SaveStatus, type SaveToAlbumOptions } from './core/flow'
import type { SaveSource } from './core/source'
import { SaveToAlbumError } from './errors'
import { platform } from './platform'

/** How a `save()` ended. Never a rejection: failures come back as `{ ok: false, error }`. */
export type SaveResult = { ok: true; filePath: string } | { ok: false; error: SaveToAlbumError }

/** What `useSaveToAlbum()` returns. */
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

const IDLE: State = { status: 'idle', error: null, progress: 0, filePath: null }
const BUSY: SaveStatus[] = ['authorizing', 'downloading', 'writing', 'saving']

/**
 * Saves images to the phone's album, with the permission, failure and abort handling done.
 * State changes once per status; `save`, `openSetting`, `retry`, `abort` and `reset` keep
 * their identity across renders. Unmounting aborts the run in flight.
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
  const ref = useRef<{ options?: SaveToAlbumOptions; source?: SaveSource; run?: ReturnType<typeof startSave> & { token: object }; live: boolean }>({ live: true })
  ref.current.options = options

  const actions = useRef<Actions>()
  if (!actions.current) {
    const r = ref.current
    // Updates from a run that was aborted, superseded or unmounted are dropped here.
    const update = (token: object, next: (s: State) => State) => {
      if (r.live && r.run?.token === token) setState(next)
    }
    const stop = () => {
      const run = r.run
      r.run = undefined
      run?.abort()
      return !!run
    }
    const save = (source: SaveSource): Promise<SaveResult> => {
      if (r.run) return Promise.resolve({ ok: false, error: new SaveToAlbumError('BUSY', 'A save is already in flight') })
      r.source = source
      const token = {}
      let fresh = true
      r.run = {
        token,
        ...startSave(source, {
          ...r.options,
          onStatus: (status) => {
            if (BUSY.includes(status)) {
              update(token, (s) => ({ ...(fresh ? IDLE : s), status }))
              fresh = false
            }
          },
          onProgress: (progress) => update(token, (s) => (s.progress === progress ? s : { ...s, progress })),
        }),
      }
      const end = (next: State) => {
        update(token, () => next)
        if (r.run?.token === token) r.run = undefined
      }
      return r.run.promise.then(
        ({ filePath }) => (end({ status: 'saved', error: null, progress: 1, filePath }), { ok: true as const, filePath }),
        (error: SaveToAlbumError) => {
          const denied = error.code === 'AUTH_DENIED' || error.code === 'PRIVACY_DENIED'
          end({ ...IDLE, status: denied ? 'denied' : 'failed', error })
          return { ok: false as const, error }
        },
      )
    }
    actions.current = {
      save,
      retry: () =>
        r.source === undefined
          ? Promise.resolve({ ok: false, error: new SaveToAlbumError('INVALID_SOURCE', 'Nothing to retry: save() was never called') })
          : save(r.source),
      openSetting: () =>
        platform.openSetting().then(
          (on) => {
            if (on && r.live) setState((s) => (s.status === 'denied' ? IDLE : s))
            return on
          },
          () => false,
        ),
      abort: () => {
        if (stop() && r.live) setState(IDLE)
      },
      reset: () => {
        stop()
        if (r.live) setState(IDLE)
      },
    }
  }

  useEffect(() => {
    const r = ref.current
    r.live = true
    return () => {
      r.live = false
      r.run?.abort()
      r.run = undefined
    }
  }, [])

  return { ...state, isBusy: BUSY.includes(state.status), ...actions.current }
}
