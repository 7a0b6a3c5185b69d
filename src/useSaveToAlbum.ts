import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import { createSaveController, type SaveActions, type SaveControllerOptions, type SaveState } from './core/controller'
import { isBusy } from './core/flow'

/**
 * What `useSaveToAlbum()` returns.
 *
 * @example
 * const { status, error, progress, isBusy, save, saveAll, openSetting, retry, abort, reset } = useSaveToAlbum()
 */
export interface SaveToAlbum extends SaveState, SaveActions {
  /** `authorizing`, `downloading`, `writing` or `saving`. */
  isBusy: boolean
}

/**
 * Saves images, canvases and videos to the phone's album, with the permission, failure and
 * abort handling done. Renders once per change of what it shows; the functions keep their
 * identity across renders. Unmounting aborts the run in flight.
 *
 * @example
 * function Poster({ url }: { url: string }) {
 *   const { status, error, progress, save, openSetting } = useSaveToAlbum()
 *   if (error?.code === 'AUTH_DENIED' || error?.code === 'SYSTEM_DENIED') return <Button onClick={openSetting}>打开相册权限</Button>
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
