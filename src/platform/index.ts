import { alipay } from './alipay'
import { h5 } from './h5'
import { swan } from './swan'
import { tt } from './tt'
import type { Platform } from './types'
import { weapp } from './weapp'

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
            : undefined
