import { alipay } from './alipay'
import { h5 } from './h5'
import { harmony } from './harmony'
import { swan } from './swan'
import { tt } from './tt'
import type { Platform } from './types'
import { weapp } from './weapp'

// HarmonyOS NEXT writes to the gallery only from its own UI; Taro stubs the album APIs there.
const HARMONY_NEXT =
  ': HarmonyOS NEXT lets an app write to the gallery only through the SaveButton security component (a tap grants one save) or photoAccessHelper.showAssetsCreationDialog; ohos.permission.WRITE_IMAGEVIDEO is restricted'

/**
 * Why a target without an adapter has none (`: …`), where there is more to say than its name
 * (development messages: production builds drop the table with the message that reads it).
 *
 * @example
 * `Not supported on "${target}"${NO_ALBUM[target] || ''}`
 */
export const NO_ALBUM: Record<string, string | undefined> = { harmony: HARMONY_NEXT, harmony_cpp: HARMONY_NEXT }

/**
 * The adapter of the platform being built, or `undefined` on a target without an album API
 * (rn, harmony, quickapp…: the flow then ends UNSUPPORTED_PLATFORM). Taro's DefinePlugin
 * replaces each literal `process.env.TARO_ENV`, so a build keeps only its own adapter: the
 * factories of the others are never called, and so dropped.
 *
 * @example
 * if (!platform) throw new SaveToAlbumError('UNSUPPORTED_PLATFORM', `no album on ${process.env.TARO_ENV}`)
 */
export const platform: Platform | undefined =
  process.env.TARO_ENV === 'h5'
    ? h5()
    : process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'qq' || process.env.TARO_ENV === 'jd'
      ? weapp('scope.writePhotosAlbum')
      : process.env.TARO_ENV === 'swan'
        ? swan()
        : process.env.TARO_ENV === 'tt'
          ? tt()
          : process.env.TARO_ENV === 'alipay'
            ? alipay()
            : process.env.TARO_ENV === 'harmony-hybrid'
              ? harmony()
              : undefined
