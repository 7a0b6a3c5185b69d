import { SaveToAlbumError } from '../errors'
import type { CodeTable, Platform } from './types'
import { WECHAT_CODES, weapp } from './weapp'

/**
 * Baidu's own codes, from its table for every API that needs an authorisation (需授权接口列表:
 * "授权接口通用错误码", which the album save's page points to): 10003 `user deny`, 10005
 * `system deny` (the system refused: the API's authorisation not applied for, or the Baidu app
 * lacking the phone's permission; `SYSTEM_DENIED`, as the mini program's settings cannot help); and swan.authorize's 11003 (Android: the dialog closed
 * without an answer). 10001 internal error, 10002 network error and 10004 not logged in are the
 * failing step's own failure. WeChat's numbers are not Baidu's; its wordings still apply (the
 * developer tool words a refusal `auth deny`). See docs/platform-notes.md.
 *
 * @example
 * toSaveError({ errMsg: 'authorize:fail user deny', errCode: 10003 }, 'AUTH_CHECK_FAILED', 'Ask', SWAN_CODES).code // 'AUTH_DENIED'
 */
export const SWAN_CODES: CodeTable = {
  // 10005 leaves the person nothing to do in the mini program's own settings: it is the system's.
  numbers: { 10003: 'AUTH_DENIED', 10005: 'SYSTEM_DENIED', 11003: 'CANCELLED' },
  // Marked pure so that other targets' builds drop the table: a spread alone keeps it.
  words: /* @__PURE__ */ WECHAT_CODES.words.concat([
    [/user deny/i, 'AUTH_DENIED'],
    [/system deny/i, 'SYSTEM_DENIED'],
  ]),
  ...(__DEV__ && {
    phone: 'the system refused (Baidu 10005): the Baidu app lacks the phone\'s photos permission, or the album API\'s authorisation was not applied for in the developer console; tell the person: 打开手机设置 → 百度 → 照片（相册），允许访问后重试',
  }),
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
