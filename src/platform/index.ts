import { h5 } from './h5'
import type { Platform } from './types'
import { weapp } from './weapp'

/** The adapter of the platform being built: Taro replaces TARO_ENV, so a build keeps only its own. */
export const platform: Platform = process.env.TARO_ENV === 'h5' ? h5() : weapp
