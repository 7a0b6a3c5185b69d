import { getCurrentScope, onScopeDispose, shallowReadonly, shallowRef, toValue, type MaybeRefOrGetter, type Ref } from 'vue'
import { createSaveController, type SaveActions, type SaveControllerOptions, type SaveState } from '../core/controller'
import { isBusy, type SaveStatus } from '../core/flow'
import type { SaveToAlbumError } from '../errors'

/**
 * What the Vue `useSaveToAlbum()` returns: the state as read-only refs (templates unwrap them),
 * and the same functions as the React hook's, with the same signatures and results.
 *
 * @example
 * const { status, error, progress, filePath, isBusy, save, saveAll, openSetting, retry, abort, reset } = useSaveToAlbum()
 * watch(status, (now) => now === 'saved' && Taro.showToast({ title: '已保存' }))
 */
export interface SaveToAlbumRefs extends SaveActions {
  status: Readonly<Ref<SaveStatus>>
  /** Set in `denied` and `failed`, null otherwise. */
  error: Readonly<Ref<SaveToAlbumError | null>>
  /** 0..1 while busy, in whole percent steps; 1 once saved. */
  progress: Readonly<Ref<number>>
  /** With `keepFile: true`, once saved: the file handed to the album, now the app's (the last one, after `saveAll`). Null otherwise. */
  filePath: Readonly<Ref<string | null>>
  /** `authorizing`, `downloading`, `writing` or `saving`. */
  isBusy: Readonly<Ref<boolean>>
}

/**
 * Saves images, canvases and videos to the phone's album, for Vue 3: the React hook's controller
 * bound to refs. Each ref changes once per change of what it shows (progress in whole percents).
 * `options` may be a plain object, a ref or a getter: each run reads it as it starts. Called in a
 * component's `setup` (or any effect scope), it aborts the run in flight when that scope is
 * disposed (the component unmounted), and its refs change no more.
 *
 * @example
 * <script setup lang="ts">
 * import { useSaveToAlbum } from 'taro-save-to-album/vue'
 * const props = defineProps<{ url: string }>()
 * const { status, error, progress, isBusy, save, openSetting } = useSaveToAlbum({ timeout: 30_000 })
 * </script>
 * <template>
 *   <button v-if="error?.code === 'AUTH_DENIED' || error?.code === 'SYSTEM_DENIED'" @tap="openSetting">打开相册权限</button>
 *   <button v-else :loading="isBusy || undefined" @tap="save(props.url)">
 *     {{ status === 'failed' ? `重试 (${error?.code})` : `保存到相册 ${Math.round(progress * 100)}%` }}
 *   </button>
 * </template>
 */
export function useSaveToAlbum(options?: MaybeRefOrGetter<SaveControllerOptions | undefined>): SaveToAlbumRefs {
  const controller = createSaveController()
  // Read as each run starts (and after the settings page), as the React hook's latest render's options are.
  Object.defineProperty(controller, 'options', { get: () => toValue(options) })
  const state = controller.getSnapshot()
  const refs = {
    status: shallowRef(state.status),
    error: shallowRef(state.error),
    progress: shallowRef(state.progress),
    filePath: shallowRef(state.filePath),
    isBusy: shallowRef(isBusy(state.status)),
  }
  // A ref set to the value it holds triggers nothing: one update per field that changed.
  const show = ({ status, error, progress, filePath }: SaveState) => {
    refs.status.value = status
    refs.error.value = error
    refs.progress.value = progress
    refs.filePath.value = filePath
    refs.isBusy.value = isBusy(status)
  }
  const stop = controller.subscribe(() => show(controller.getSnapshot()))
  if (getCurrentScope()) {
    const detach = controller.attach()
    onScopeDispose(() => {
      stop()
      detach()
    })
  }
  return {
    status: shallowReadonly(refs.status),
    error: shallowReadonly(refs.error),
    progress: shallowReadonly(refs.progress),
    filePath: shallowReadonly(refs.filePath),
    isBusy: shallowReadonly(refs.isBusy),
    save: controller.save,
    saveAll: controller.saveAll,
    openSetting: controller.openSetting,
    retry: controller.retry,
    abort: controller.abort,
    reset: controller.reset,
  }
}
