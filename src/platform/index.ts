import { alipay } from './alipay'
import { h5 } from './h5'
import { harmony } from './harmony'
import { swan } from './swan'
import { tt } from './tt'
import type { Platform } from './types'
import { weapp } from './weapp'

/** The adapter taro-save-to-album/testing chose for the simulated family (its setup leaves the chooser on globalThis). */
function simulated(): Platform | undefined {
  // Guarded: older JavaScriptCore (iOS before 12.2) and some mini-program engines have no globalThis.
  const choose = typeof globalThis === 'object' && (globalThis as { __taroSaveToAlbumSimulated?: (adapters: Adapters) => Platform }).__taroSaveToAlbumSimulated
  return choose ? choose({ h5, weapp, swan, tt, alipay, harmony }) : undefined
}

/**
 * Each family's adapter factory, as the testing entry receives them.
 *
 * @example
 * const chooser = (adapters: Adapters) => adapters.weapp('scope.writePhotosAlbum')
 */
export interface Adapters {
  h5: typeof h5
  weapp: typeof weapp
  swan: typeof swan
  tt: typeof tt
  alipay: typeof alipay
  harmony: typeof harmony
}

/**
 * The adapter of the platform being built, or `undefined` on a target without an album API
 * (rn, harmony, quickapp…: the flow then ends UNSUPPORTED_PLATFORM). WeCom (`qywx`, Taro's
 * weapp-qy plugin) runs WeChat's engine and API on `wx`, so it takes WeChat's adapter. Taro's DefinePlugin
 * replaces each literal `process.env.TARO_ENV`, so a build keeps only its own adapter: the
 * factories of the others are never called, and so dropped.
 *
 * @example
 * if (!platform) throw new SaveToAlbumError('UNSUPPORTED_PLATFORM', `no album on ${process.env.TARO_ENV}`)
 */
export const platform: Platform | undefined =
  // Development builds only: production ones never look for a simulation.
  (__DEV__ && simulated()) ||
  (process.env.TARO_ENV === 'h5'
    ? h5()
    : process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'qq' || process.env.TARO_ENV === 'jd' || process.env.TARO_ENV === 'qywx'
      ? weapp('scope.writePhotosAlbum')
      : process.env.TARO_ENV === 'swan'
        ? swan()
        : process.env.TARO_ENV === 'tt'
          ? tt()
          : process.env.TARO_ENV === 'alipay'
            ? alipay()
            : process.env.TARO_ENV === 'harmony-hybrid'
              ? harmony()
              : undefined)

// HarmonyOS NEXT writes to the gallery only from its own UI; Taro stubs the album APIs there.
const HARMONY_NEXT =
  'HarmonyOS NEXT lets an app write to the gallery only through the SaveButton security component (a tap grants one save) or photoAccessHelper.showAssetsCreationDialog; ohos.permission.WRITE_IMAGEVIDEO is restricted'

/**
 * Targets without an adapter on purpose, each with why: HarmonyOS's native targets, and Taro's
 * sibling targets whose album call, scope and answers could not be confirmed to be those of a
 * family above (docs/platform-notes.md, "Taro's sibling targets"): refused rather than guessed at.
 */
const REFUSED: Record<string, string> = {
  harmony: HARMONY_NEXT,
  harmony_cpp: HARMONY_NEXT,
  dd: "DingTalk's saveImageToPhotosAlbum is documented, but no album permission (getSetting/openSetting, its scope) is, so Alipay's flow is not confirmed there",
  lark: "Lark's APIs sit on a `tt` global, but its album scope and failure answers are not confirmed to be ByteDance's or WeChat's",
  kwai: "Kuaishou's album scope and failure answers (a `code`, not WeChat's errMsg) are not confirmed to be a known family's",
  xhs: "Xiaohongshu's album scope and error codes are not confirmed to be a known family's",
}

/**
 * Why this target has no adapter, where it is refused on purpose (development builds only; the
 * flow adds it to its UNSUPPORTED_PLATFORM message).
 *
 * @example
 * if (!platform) throw new SaveToAlbumError('UNSUPPORTED_PLATFORM', `no album on ${process.env.TARO_ENV}${refusal ? `: ${refusal}` : ''}`)
 */
export const refusal: string | false | undefined = __DEV__ && REFUSED[process.env.TARO_ENV!]
