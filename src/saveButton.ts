// What the save buttons decide, apart from any framework: the React button (SaveToAlbumButton.tsx)
// and the Vue one (vue/SaveToAlbumButton.ts) render these decisions, each its own way.
import type { SaveState } from './core/controller'
import type { SaveSource } from './core/source'

/**
 * What a label function receives.
 *
 * @example
 * const label = ({ status, progress }: SaveButtonState) => (status === 'downloading' ? `${Math.round(progress * 100)}%` : '保存')
 */
export type SaveButtonState = Pick<SaveState, 'status' | 'progress' | 'error'>

/**
 * The default labels, by language and by status, plus the two settings steps.
 *
 * @example
 * LABELS.en.saved // 'Saved'
 */
export const LABELS = {
  zh: { idle: '保存到相册', authorizing: '请求权限…', downloading: '下载中', writing: '处理中…', saving: '保存中…', saved: '已保存', settings: '去设置打开相册权限', phone: '去手机设置允许访问相册', denied: '保存到相册', failed: '保存失败，点此重试' },
  en: { idle: 'Save to album', authorizing: 'Asking…', downloading: 'Downloading', writing: 'Preparing…', saving: 'Saving…', saved: 'Saved', settings: 'Allow album access in Settings', phone: 'Allow Photos access in phone Settings', denied: 'Save to album', failed: 'Failed – tap to retry' },
}

/**
 * The same source as tapped before: the same string or object, or an object with the same fields
 * (a parent's re-render builds a new `{ video }` or `{ canvasId }` for the same thing).
 *
 * @example
 * sameSource({ canvasId: 'poster' }, { canvasId: 'poster' }) // true
 */
export function sameSource(a: SaveSource, b: SaveSource): boolean {
  if (a === b) return true
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k])
}

/**
 * A tap on `sources` after a run that did not save them all, the same ones as `tapped` item by
 * item: then it saves only what is missing (`retry()`), not all again.
 *
 * @example
 * const onTap = isRetryTap(state.status, sources, tapped) ? controller.retry : () => controller.saveAll(sources)
 */
export function isRetryTap(status: SaveState['status'], sources: SaveSource[], tapped: SaveSource[] | undefined): boolean {
  return status !== 'saved' && tapped?.length === sources.length && sources.every((s, i) => sameSource(s, tapped[i]))
}

/**
 * The default label: the status in words, the download in percent, the settings step after a refusal (the phone's settings after the phone's).
 *
 * @example
 * defaultLabel({ status: 'downloading', progress: 0.42, error: null }) // '下载中 42%'
 */
export function defaultLabel({ status, progress, error }: SaveButtonState, locale: 'zh' | 'en' = 'zh'): string {
  const words = LABELS[locale]
  if (status === 'downloading') return `${words.downloading} ${Math.round(progress * 100)}%`
  return status === 'denied' && error?.code === 'AUTH_DENIED' ? words.settings : status === 'denied' && error?.code === 'SYSTEM_DENIED' ? words.phone : words[status]
}

/**
 * Where Taro binds a Button's `onOpenSetting` (its template lists `bindopensetting`): there the
 * settings page is opened by the Button itself. Elsewhere (tt, jd, alipay) openSetting() is
 * called from the tap. Literal TARO_ENV, so a build keeps one branch.
 * Read as the button renders, not as it loads: taro-save-to-album/testing changes TARO_ENV per test.
 *
 * @example
 * if (opensSettingsItself()) renderSettingsButton()
 */
export const opensSettingsItself = () => process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'qq' || process.env.TARO_ENV === 'swan'

/**
 * In a browser the button is a plain button: there is no permission to ask.
 *
 * @example
 * const refused = !inBrowser() && state.status === 'denied'
 */
export const inBrowser = () => process.env.TARO_ENV === 'h5'

/**
 * Which refusal the button shows: `settings` (the album scope refused: the mini program's
 * settings page), `phone` (the phone refused the app its photos: the phone's settings page, never
 * the mini program's, where the album is on already), or none (in a browser there is none).
 *
 * @example
 * const refused = refusalOf(state) === 'settings'
 */
export function refusalOf({ status, error }: Pick<SaveState, 'status' | 'error'>): 'settings' | 'phone' | undefined {
  if (inBrowser() || status !== 'denied') return undefined
  return error?.code === 'AUTH_DENIED' ? 'settings' : error?.code === 'SYSTEM_DENIED' ? 'phone' : undefined
}
