import { h5 } from './h5'
import type { Platform } from './types'
import { weapp } from './weapp'

/**
 * The adapter of the platform being built, or `undefined` on a target without an album API.
 * Taro's DefinePlugin replaces each literal `process.env.TARO_ENV`, so a build keeps only its
 * own adapter: the factories of the others are never called, and so dropped.
 */
export const platform: Platform | undefined =
  process.env.TARO_ENV === 'h5'
    ? h5()
    : process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'qq' || process.env.TARO_ENV === 'jd' || process.env.TARO_ENV === 'swan'
      ? weapp()
      : process.env.TARO_ENV === 'tt'
        ? weapp('scope.album')
        : undefined
