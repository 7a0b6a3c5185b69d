import { Button } from '@tarojs/components'
import { Comment, defineComponent, h, onScopeDispose, shallowRef, Text, type AllowedComponentProps, type Component, type ComponentCustomProps, type PropType, type SlotsType, type VNode, type VNodeProps } from 'vue'
import { createSaveController } from '../core/controller'
import { isBusy, type SaveToAlbumOptions } from '../core/flow'
import type { SaveSource } from '../core/source'
import type { SaveToAlbumError } from '../errors'
import { defaultLabel, isRetryTap, opensSettingsItself, refusalOf, type SaveButtonState } from '../saveButton'

// What Taro's build makes of `@tarojs/components`: on a mini program the tag name ('button', a
// template Taro includes because it is imported), on H5 the Vue wrapper of `taro-button-core`.
const TaroButton = Button as unknown as Component | string

/** A slot's node that shows something: not a `v-if` left out, not an empty text. */
const shows = (node: VNode) => node.type !== Comment && !(node.type === Text && !String(node.children).trim())

/**
 * The Vue `SaveToAlbumButton`'s props and event handlers (other attributes go to the Button).
 *
 * @example
 * const props: SaveToAlbumButtonProps = { source: 'https://cdn.example.com/poster.png', locale: 'en', onSaved: (filePath) => console.log(filePath) }
 */
export interface SaveToAlbumButtonProps {
  /**
   * One image, canvas or video; an array saves them all (one permission check). After a run that
   * did not save it all, a tap on the same source (compared item by item) saves only what is
   * missing; an empty array disables the button.
   */
  source: SaveSource | SaveSource[]
  /** Language of the default labels. Default `zh`. */
  locale?: 'zh' | 'en'
  timeout?: number
  fileName?: string
  maxBytes?: number
  allowedHosts?: SaveToAlbumOptions['allowedHosts']
  via?: SaveToAlbumOptions['via']
  keepFile?: boolean
  /** Saves again at once when the person turned the album on in the settings page. Default true. */
  retryAfterSetting?: boolean
  loading?: boolean
  disabled?: boolean
  /** A save that ended saved: with `keepFile`, the file handed to the album, now the app's (the last one, for an array); else null. */
  onSaved?: (filePath: string | null) => void
  /** A save that ended `denied` or `failed`. */
  onError?: (error: SaveToAlbumError) => void
}

/**
 * The published type of the Vue `SaveToAlbumButton`: a component constructor as Vue's docs type
 * components, written by hand because the `DefineComponent<…>` that `defineComponent` infers
 * changes its type arguments from one Vue minor to the next (3.5's 20 do not compile on 3.3 or
 * 3.4), while these names are the same on every Vue of the peer range (3.3 on).
 *
 * @example
 * import { h } from 'vue'
 * const vnode = h(SaveToAlbumButton, { source: url, onSaved: (filePath) => console.log(filePath) })
 */
export type SaveToAlbumButtonComponent = new () => {
  $props: SaveToAlbumButtonProps & VNodeProps & AllowedComponentProps & ComponentCustomProps
  $emit: ((event: 'saved', filePath: string | null) => void) & ((event: 'error', error: SaveToAlbumError) => void)
  $slots: { default?: (state: SaveButtonState) => VNode[] }
}

// Typed by Vue's inference; published as `SaveToAlbumButtonComponent` below, which it must satisfy.
const DefinedButton = defineComponent({
  name: 'SaveToAlbumButton',
  inheritAttrs: false,
  props: {
    /**
     * One image, canvas or video; an array saves them all (one permission check). After a run that
     * did not save it all, a tap on the same source (compared item by item) saves only what is
     * missing; an empty array disables the button.
     */
    source: { type: [String, Object, Array] as PropType<SaveSource | SaveSource[]>, required: true },
    /** Language of the default labels. Default `zh`. */
    locale: { type: String as PropType<'zh' | 'en'>, default: 'zh' },
    timeout: Number,
    fileName: String,
    maxBytes: Number,
    allowedHosts: Array as PropType<SaveToAlbumOptions['allowedHosts']>,
    via: String as PropType<SaveToAlbumOptions['via']>,
    keepFile: { type: Boolean, default: undefined },
    /** Saves again at once when the person turned the album on in the settings page. Default true. */
    retryAfterSetting: { type: Boolean, default: true },
    loading: Boolean,
    disabled: Boolean,
  },
  emits: {
    /** A save that ended saved: with `keepFile`, the file handed to the album, now the app's (the last one, for an array); else null. */
    saved: (filePath: string | null) => filePath === null || typeof filePath === 'string',
    /** A save that ended `denied` or `failed`. */
    error: (error: SaveToAlbumError) => !!error,
  },
  slots: Object as SlotsType<{ default: SaveButtonState }>,
  setup(props, { attrs, emit, slots }) {
    const controller = createSaveController()
    const optionsOf = () => {
      const { timeout, fileName, maxBytes, allowedHosts, via, keepFile, retryAfterSetting } = props
      return { timeout, fileName, maxBytes, allowedHosts, via, keepFile, retryAfterSetting }
    }
    // Read as each run starts, as the React button's latest render's props are.
    Object.defineProperty(controller, 'options', { get: optionsOf })
    const state = shallowRef(controller.getSnapshot())
    // Every end is reported, the save again after the settings page included: read from the
    // controller itself, not from what was rendered.
    const stop = controller.subscribe(() => {
      const now = controller.getSnapshot()
      state.value = now
      if (now.status === 'saved') emit('saved', now.filePath)
      else if (now.error && (now.status === 'denied' || now.status === 'failed')) emit('error', now.error)
    })
    const detach = controller.attach()
    onScopeDispose(() => {
      stop()
      detach()
    })
    // What the last save tap saved: the same source again after a run that did not save it all is a retry.
    let tapped: SaveSource[] | undefined

    return () => {
      const { source } = props
      const shown = state.value
      const sources = Array.isArray(source) ? source : [source]
      const busy = isBusy(shown.status)
      // A slot may answer only some statuses: empty means the default label.
      const own = slots.default?.({ status: shown.status, progress: shown.progress, error: shown.error })
      const label = own && own.some(shows) ? own : [defaultLabel(shown, props.locale)]
      // Left out rather than false: Taro's H5 button renders disabled="false", which its CSS greys out.
      const common = { ...attrs, loading: busy || props.loading || undefined, disabled: busy || props.disabled || !sources.length || undefined }
      const refusal = refusalOf(shown)

      if (refusal === 'settings' && opensSettingsItself()) {
        const onOpensetting = (e: { detail?: { authSetting?: Record<string, boolean> } }) => controller.settingChanged(e.detail?.authSetting)
        return h(TaroButton, { ...common, 'open-type': 'openSetting', onOpensetting }, { default: () => label })
      }
      const save = () => {
        // A copy: a reactive array changed in place is a new source, not a retry.
        tapped = [...sources]
        void (Array.isArray(source) ? controller.saveAll(source) : controller.save(source))
      }
      const saveOrRetry = isRetryTap(shown.status, sources, tapped) ? () => void controller.retry() : save
      // The phone's settings page where the platform opens it; where it cannot (or the photos are
      // still off on return), the tap saves again, as the person may have allowed them meanwhile.
      const onTap = refusal === 'settings' ? () => void controller.openSetting() : refusal === 'phone' ? () => void controller.openSetting().then((on) => on || saveOrRetry()) : saveOrRetry
      return h(TaroButton, { ...common, onTap }, { default: () => label })
    }
  },
})

/**
 * A `Button` that saves to the album in one tap, and brings a refused permission back in one
 * more, for Vue 3: the same decisions as the React `SaveToAlbumButton`. After a refusal it becomes
 * the settings button (`open-type="openSetting"`, with no tap handler on it, which would swallow
 * its `opensetting` event), and once the person turned the album on it saves again at once
 * (`retryAfterSetting`, on by default). When the phone itself refuses the app its photos, a tap
 * opens the phone's settings page where the platform can, else saves again. `loading` and
 * `disabled` follow the status; other attributes (`type`, `size`, `class`, `id`…) go to the
 * Button. Every save that ended saved emits `saved` (the file kept with `keepFile`, else null),
 * every one that ended `denied` or `failed` emits `error`. The default slot, given
 * `{ status, progress, error }`, is the label (empty: the default label, in `locale`).
 * In a browser it is a plain button (there is no permission to ask).
 *
 * @example
 * <script setup lang="ts">
 * import Taro from '@tarojs/taro'
 * import { SaveToAlbumButton } from 'taro-save-to-album/vue/components'
 * </script>
 * <template>
 *   <SaveToAlbumButton :source="url" type="primary" @saved="Taro.showToast({ title: '已保存' })" />
 *   <SaveToAlbumButton :source="[a, b, c]" v-slot="{ status, progress }">
 *     {{ status === 'downloading' ? `${Math.round(progress * 100)}%` : '全部保存' }}
 *   </SaveToAlbumButton>
 * </template>
 */
export const SaveToAlbumButton: SaveToAlbumButtonComponent = DefinedButton
