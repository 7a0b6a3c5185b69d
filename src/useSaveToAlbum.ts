import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type { SaveAllOptions, SaveResult } from './core/batch'
import { createSaveController, type SaveControllerOptions, type SaveState } from './core/controller'
import { isBusy } from './core/flow'
import type { SaveSource } from './core/source'

/**
 * What `useSaveToAlbum()` returns.
 *
 * @example
 * const { status, error, progress, isBusy, save, saveAll, openSetting, retry, abort, reset } = useSaveToAlbum()
 */
export interface SaveToAlbum extends SaveState {
  /** `authorizing`, `downloading`, `writing` or `saving`. */
  isBusy: boolean
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

/**
 * Saves images, canvases and videos to the phone's album, with the permission, failure and
 * abort handling done. Renders once per change of what it shows; the functions keep their
 * identity across renders. Unmounting aborts the run in flight.
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
export function useSaveToAlbum(options?: SaveControllerOptions): SaveToAlbum {
  const [controller] = useState(() => createSaveController(options))
  controller.options = options
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot)
  useEffect(() => controller.attach(), [controller])
  return useMemo(
    () => ({
      ...state,
      isBusy: isBusy(state.status),
      save: controller.save,
      saveAll: controller.saveAll,
      openSetting: controller.openSetting,
      retry: controller.retry,
      abort: controller.abort,
      reset: controller.reset,
    }),
    [state, controller],
  )
}
