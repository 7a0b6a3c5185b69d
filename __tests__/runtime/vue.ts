/**
 * The Vue binding under the behaviour tables: `taro-save-to-album/vue`'s composable in a
 * component mounted with @vue/test-utils, its statuses and progress recorded from its own refs
 * (`watch(…, { flush: 'sync' })`), its renders counted. Loaded by setup.ts only for the tables
 * run through Vue.
 */
import { defineComponent, h, watch } from 'vue'
import { mount } from '@vue/test-utils'
import type { SaveStatus } from '../../src'
import type { SaveControllerOptions, SaveToAlbumRefs } from '../../src/vue'

type VueEntry = typeof import('../../src/vue')

/**
 * A component using the composable of `vue` (the entry loaded with the package under test), with
 * what it shows recorded: every status and progress its refs took, and how often it rendered.
 * Its `getSnapshot()` reads the refs, so a row written against a controller reads the composable.
 *
 * @example
 * const saver = mountComposable(vue, { timeout: 2000 })
 * await saver.save(url)
 * saver.unmount()
 */
export function mountComposable(vue: VueEntry, options?: SaveControllerOptions) {
  let api!: SaveToAlbumRefs
  const statuses: SaveStatus[] = []
  const progress: number[] = []
  // What each render showed: the status, progress, error code, file and busy flag.
  const shown: string[] = []
  const wrapper = mount(
    defineComponent({
      setup() {
        api = vue.useSaveToAlbum(options)
        watch(api.status, (s) => statuses.push(s), { flush: 'sync' })
        watch(api.progress, (p) => progress.push(p), { flush: 'sync' })
        return () => {
          shown.push([api.status.value, api.progress.value, api.error.value?.code, api.filePath.value, api.isBusy.value].join(' '))
          return h('p', shown[shown.length - 1])
        }
      },
    }),
  )
  return {
    save: api.save,
    saveAll: api.saveAll,
    openSetting: api.openSetting,
    retry: api.retry,
    abort: api.abort,
    reset: api.reset,
    refs: api,
    getSnapshot: () => ({ status: api.status.value, error: api.error.value, progress: api.progress.value, filePath: api.filePath.value }),
    statuses,
    progress,
    /** How many times the component rendered. */
    renders: () => shown.length,
    /** What each render showed (`status progress code filePath isBusy`). */
    shown,
    text: () => wrapper.text(),
    unmount: () => wrapper.unmount(),
  }
}
