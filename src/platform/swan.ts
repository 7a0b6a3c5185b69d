import { SaveToAlbumError } from '../errors'
import type { CodeTable, Platform } from './types'
import { WECHAT_CODES, weapp } from './weapp'

/**
 * Baidu's wording, as far as its docs tell: WeChat's, with a refusal that may read `user deny`
 * beside `auth deny` (Baidu's failures carry `errCode`, which the table cannot match).
 *
 * @example
 * toSaveError({ errMsg: 'authorize:fail user deny', errCode: 10003 }, 'AUTH_CHECK_FAILED', 'Ask', SWAN_CODES).code // 'AUTH_DENIED'
 */
export const SWAN_CODES: CodeTable = {
  numbers: WECHAT_CODES.numbers,
  // Marked pure (a spread is not), so builds for other targets drop the table.
  words: /* @__PURE__ */ ([[/user deny/i, 'AUTH_DENIED']] as CodeTable['words']).concat(WECHAT_CODES.words),
}

/**
 * Baidu smart programs: the WeChat API shape (`scope.writePhotosAlbum`, `authorize`, a user
 * folder under `swan.env.USER_DATA_PATH`), read through Baidu's wording. Baidu has no
 * `Canvas type="2d"`: its `canvasToTempFilePath` finds a canvas by `canvasId` only.
 *
 * @example
 * const platform = process.env.TARO_ENV === 'swan' ? swan() : undefined
 */
export const swan = (): Platform => {
  const base = weapp('scope.writePhotosAlbum', SWAN_CODES)
  return {
    ...base,
    canvas: (target) =>
      'canvas' in target
        ? Promise.reject(new SaveToAlbumError('UNSUPPORTED_PLATFORM', __DEV__ && 'Baidu has no Canvas type="2d" node to export: draw on a <Canvas canvasId="…"> and pass { canvasId }'))
        : base.canvas(target),
  }
}
