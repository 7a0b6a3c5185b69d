import { Button, type ButtonProps } from '@tarojs/components'
import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react'
import { createSaveController, type SaveControllerOptions } from './core/controller'
import { isBusy } from './core/flow'
import type { SaveSource } from './core/source'
import type { SaveToAlbumError } from './errors'
import { defaultLabel, isRetryTap, refusalOf, opensSettingsItself, type SaveButtonState } from './saveButton'

export type { SaveButtonState } from './saveButton'

/**
 * Props of `SaveToAlbumButton`: what to save, the options of `useSaveToAlbum()` (with
 * `retryAfterSetting` on by default), callbacks, and any other `Button` prop.
 *
 * @example
 * const props: SaveToAlbumButtonProps = { source: url, type: 'primary', onSaved: () => toast('已保存') }
 */
export interface SaveToAlbumButtonProps extends Omit<ButtonProps, 'children' | 'onClick' | 'openType' | 'onOpenSetting' | 'onError'>, SaveControllerOptions {
  /**
   * One image, canvas or video; an array saves them all (one permission check). After a run that
   * did not save it all, a tap on the same source (compared item by item) saves only what is
   * missing; an empty array disables the button.
   */
  source: SaveSource | SaveSource[]
  /** The label, or a function of the state (returning undefined for the default label); default labels follow `locale`. */
  children?: ReactNode | ((state: SaveButtonState) => ReactNode)
  /** Language of the default labels. Default `zh`. */
  locale?: 'zh' | 'en'
  /** Every save that ended saved (after a tap, or the save again after the settings page): with `keepFile`, the file handed to the album, now the app's (the last one, for an array); else null. */
  onSaved?: (filePath: string | null) => void
  /** Every save that ended `denied` or `failed`. */
  onError?: (error: SaveToAlbumError) => void
}

/**
 * A `Button` that saves to the album in one tap, and brings a refused permission back in one more:
 * after a refusal it becomes the settings button (`openType="openSetting"`, with no `onClick` on
 * it, which would swallow `onOpenSetting`), and once the person turned the album on it saves
 * again at once. When the phone itself refuses the app its photos (`SYSTEM_DENIED`), a tap opens
 * the phone's settings page where the platform can (WeChat ≥ 2.25.3), else saves again.
 * `loading` and `disabled` follow the status; other `Button` props pass through.
 * In a browser it is a plain button (there is no permission to ask).
 *
 * @example
 * <SaveToAlbumButton source={url} type='primary' onSaved={() => Taro.showToast({ title: '已保存' })} />
 * <SaveToAlbumButton source={[a, b, c]}>{({ status, progress }) => (status === 'downloading' ? `${Math.round(progress * 100)}%` : '全部保存')}</SaveToAlbumButton>
 */
export function SaveToAlbumButton(props: SaveToAlbumButtonProps) {
  const { source, children, locale, onSaved, onError, timeout, fileName, maxBytes, allowedHosts, via, keepFile, retryAfterSetting = true, loading, disabled, ...buttonProps } = props
  const [controller] = useState(() => createSaveController())
  controller.options = { timeout, fileName, maxBytes, allowedHosts, via, keepFile, retryAfterSetting }
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot)
  const callbacks = useRef({ onSaved, onError })
  callbacks.current = { onSaved, onError }
  // What the last save tap saved: the same source again after a run that did not save it all is a retry.
  const tapped = useRef<SaveSource[]>()
  const sources = Array.isArray(source) ? source : [source]

  // Every end is reported, the save again after the settings page included: read from the
  // controller itself, as a render could merge an end with the next start.
  useEffect(() => {
    const detach = controller.attach()
    const stop = controller.subscribe(() => {
      const { status, error, filePath } = controller.getSnapshot()
      if (status === 'saved') callbacks.current.onSaved?.(filePath)
      else if (error && (status === 'denied' || status === 'failed')) callbacks.current.onError?.(error)
    })
    return () => {
      stop()
      detach()
    }
  }, [controller])

  const busy = isBusy(state.status)
  // A label function may answer only some statuses: undefined means the default label.
  const text = (typeof children === 'function' ? children(state) : children) ?? defaultLabel(state, locale)
  // A text node of its own: a bare string child is updated through the Button's textContent,
  // which in a browser also wipes what Taro's Button (a Stencil element) rendered into the same
  // node, its spinner and slot markers, and its next render then fails (NotFoundError).
  const label = <>{text}</>
  // Left out rather than false: Taro's H5 button renders disabled="false", which its CSS greys out.
  const common = { ...buttonProps, loading: busy || loading || undefined, disabled: busy || disabled || !sources.length || undefined }
  const refused = refusalOf(state) === 'settings'
  // The phone refused the app its photos: never the mini program's settings Button, where the album is on already.
  const phoneRefused = refusalOf(state) === 'phone'

  if (refused && opensSettingsItself()) {
    return (
      <Button {...common} openType='openSetting' onOpenSetting={(e) => controller.settingChanged(e.detail.authSetting)}>
        {label}
      </Button>
    )
  }
  const again = isRetryTap(state.status, sources, tapped.current)
  const save = () => {
    // A copy: an array changed in place is a new source, not a retry.
    tapped.current = [...sources]
    void (Array.isArray(source) ? controller.saveAll(source) : controller.save(source))
  }
  const saveOrRetry = again ? () => void controller.retry() : save
  // The phone's settings page where the platform opens it; where it cannot (or the photos are
  // still off on return), the tap saves again, as the person may have allowed them meanwhile.
  const onTap = refused ? () => void controller.openSetting() : phoneRefused ? () => void controller.openSetting().then((on) => on || saveOrRetry()) : saveOrRetry
  return (
    <Button {...common} onClick={onTap}>
      {label}
    </Button>
  )
}
