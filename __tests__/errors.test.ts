import { SaveToAlbumError } from '../src'
import { safely, toSaveError } from '../src/errors'
import { WECHAT_CODES } from '../src/platform/weapp'

describe('how a platform answer becomes an error code', () => {
  it.each<[string, unknown, string]>([
    ['DevTools denial', { errMsg: 'authorize:fail auth deny' }, 'AUTH_DENIED'],
    ['Android denial', { errMsg: 'saveImageToPhotosAlbum:fail auth denied' }, 'AUTH_DENIED'],
    ['iOS denial', { errMsg: 'saveImageToPhotosAlbum:fail authorize no response' }, 'AUTH_DENIED'],
    // The phone refusing WeChat (or WeCom) its photos: not the mini program's scope, so not its settings page.
    ['the phone refuses WeChat its photos', { errMsg: 'saveImageToPhotosAlbum:fail system permission denied' }, 'SYSTEM_DENIED'],
    ['the phone refuses WeCom its photos', { errMsg: 'saveImageToPhotosAlbum:fail:system permission denied' }, 'SYSTEM_DENIED'],
    ['WeChat privacy errno 104', { errMsg: 'x:fail', errno: 104 }, 'PRIVACY_DENIED'],
    ['WeChat privacy errno 112', { errMsg: 'x:fail', errno: 112 }, 'PRIVACY_DENIED'],
    ['privacy wording alone', { errMsg: 'x:fail privacy permission is not authorized' }, 'PRIVACY_DENIED'],
    ['a cancelled sheet', { errMsg: 'saveImageToPhotosAlbum:fail cancel' }, 'CANCELLED'],
    ['a cancelled sheet, colon form', { errMsg: 'saveImageToPhotosAlbum:fail:cancel' }, 'CANCELLED'],
    ['a platform timeout', { errMsg: 'downloadFile:fail timeout' }, 'TIMEOUT'],
    ['a file-system permission error, which is not the album scope', { errMsg: 'writeFile:fail permission denied, open x' }, 'WRITE_FAILED'],
    ['anything else', { errMsg: 'x:fail system error' }, 'WRITE_FAILED'],
  ])('%s → %s', (_, raw, code) => {
    const error = toSaveError(raw, 'WRITE_FAILED', 'Writing', WECHAT_CODES)
    expect(error).toBeInstanceOf(SaveToAlbumError)
    expect(error.code).toBe(code)
    expect(error.cause).toBe(raw)
  })

  it('keeps the words of a thrown Error, a string, or nothing at all', () => {
    expect(toSaveError(new Error('boom'), 'SAVE_FAILED', 'Saving', WECHAT_CODES).message).toBe('Saving failed (SAVE_FAILED): boom')
    expect(toSaveError('odd', 'SAVE_FAILED', 'Saving', WECHAT_CODES).message).toBe('Saving failed (SAVE_FAILED): odd')
    expect(toSaveError(undefined, 'SAVE_FAILED', 'Saving', WECHAT_CODES).message).toBe('Saving failed (SAVE_FAILED): undefined')
  })

  it('passes a SaveToAlbumError through unchanged', () => {
    const original = new SaveToAlbumError('TIMEOUT', 'No answer within 5 ms')
    expect(toSaveError(original, 'SAVE_FAILED', 'Saving', WECHAT_CODES)).toBe(original)
  })
})

it("reads the phone's own refusal in each family's table: Douyin errNo 112089, Alipay error 15 (iOS)", () => {
  const { TT_CODES } = jest.requireActual('../src/platform/tt')
  const { ALIPAY_CODES } = jest.requireActual('../src/platform/alipay')
  expect(toSaveError({ errMsg: 'saveImageToPhotosAlbum:fail system auth deny', errNo: 112089 }, 'SAVE_FAILED', 'Saving', TT_CODES).code).toBe('SYSTEM_DENIED')
  expect(toSaveError({ errMsg: 'saveImageToPhotosAlbum:fail auth deny', errNo: 112090 }, 'SAVE_FAILED', 'Saving', TT_CODES).code).toBe('AUTH_DENIED')
  expect(toSaveError({ error: 15, errorMessage: '没有开启相册权限' }, 'SAVE_FAILED', 'Saving', ALIPAY_CODES).code).toBe('SYSTEM_DENIED')
})

it("says, in development, where in the phone's settings the person turns the photos on", () => {
  const error = toSaveError({ errMsg: 'saveImageToPhotosAlbum:fail system permission denied' }, 'SAVE_FAILED', 'Saving', WECHAT_CODES)
  expect(error.message).toContain('手机设置')
  expect(error.message).toContain('微信')
})

it('names the fix for an album missing from the privacy agreement when either the number or the wording says so', () => {
  const fix = '用户隐私保护指引'
  expect(toSaveError({ errMsg: 'saveImageToPhotosAlbum:fail', errno: 112 }, 'SAVE_FAILED', 'Saving', WECHAT_CODES).message).toContain(fix)
  const worded = { errMsg: 'saveImageToPhotosAlbum:fail api scope is not declared in the privacy agreement' }
  expect(toSaveError(worded, 'SAVE_FAILED', 'Saving', WECHAT_CODES).message).toContain(fix)
  expect(toSaveError({ errMsg: 'saveImageToPhotosAlbum:fail', errno: 104 }, 'SAVE_FAILED', 'Saving', WECHAT_CODES).message).not.toContain(fix)
})

it("reads Baidu's errCode as the number", () => {
  const table = { numbers: { 10003: 'AUTH_DENIED' as const }, words: [] }
  expect(toSaveError({ errCode: 10003, errMsg: 'authorize:fail' }, 'SAVE_FAILED', 'Saving', table).code).toBe('AUTH_DENIED')
})

describe('a production build (__DEV__ false) keeps the code and the platform answer, not the long words', () => {
  const dev = (globalThis as { __DEV__?: boolean }).__DEV__
  beforeEach(() => ((globalThis as { __DEV__?: boolean }).__DEV__ = false))
  afterEach(() => ((globalThis as { __DEV__?: boolean }).__DEV__ = dev))

  it('our own refusal reads as its code', () => {
    const { parseSource } = jest.requireActual('../src/core/source')
    expect(() => parseSource('ftp://example.com/a.png')).toThrow(expect.objectContaining({ code: 'INVALID_SOURCE', message: 'INVALID_SOURCE' }))
  })

  it("a platform's refusal reads as its code and the platform's words, its raw answer in cause", () => {
    const raw = { errMsg: 'saveImageToPhotosAlbum:fail auth deny' }
    const error = toSaveError(raw, 'SAVE_FAILED', false, WECHAT_CODES)
    expect(error).toMatchObject({ code: 'AUTH_DENIED', message: 'AUTH_DENIED: saveImageToPhotosAlbum:fail auth deny', cause: raw })
  })
})

describe("an app's callback that throws", () => {
  const dev = (globalThis as { __DEV__?: boolean }).__DEV__
  afterEach(() => ((globalThis as { __DEV__?: boolean }).__DEV__ = dev))

  it.each([
    ['a development build says so, with what threw', true, 1],
    ['a production build prints nothing', false, 0],
  ])('%s', (_, development, printed) => {
    ;(globalThis as { __DEV__?: boolean }).__DEV__ = development
    const error = jest.spyOn(console, 'error').mockImplementation(() => {})
    const thrown = new Error('onProgress broke')
    try {
      expect(() => safely(() => {
        throw thrown
      })).not.toThrow()
      expect(error).toHaveBeenCalledTimes(printed)
      if (printed) expect(error).toHaveBeenCalledWith(expect.stringMatching(/callback of the app threw.*goes on/), thrown)
    } finally {
      error.mockRestore()
    }
  })
})

describe("each family's own numbers and words, read without help from the other", () => {
  const { TT_CODES } = jest.requireActual('../src/platform/tt')
  const { ALIPAY_CODES } = jest.requireActual('../src/platform/alipay')
  const { SWAN_CODES } = jest.requireActual('../src/platform/swan')
  const tables = { WECHAT_CODES, TT_CODES, ALIPAY_CODES, SWAN_CODES }

  it.each<[string, keyof typeof tables, unknown, string]>([
    // Bare failures: only the number tells what happened.
    ['WeChat errno 1300202, the user folder full', 'WECHAT_CODES', { errMsg: 'writeFile:fail', errno: 1300202 }, 'WRITE_FAILED'],
    ['Douyin errNo 112090, the person refused', 'TT_CODES', { errMsg: 'saveImageToPhotosAlbum:fail', errNo: 112090 }, 'AUTH_DENIED'],
    ['Douyin errNo 112089, the phone refused', 'TT_CODES', { errMsg: 'saveImageToPhotosAlbum:fail', errNo: 112089 }, 'SYSTEM_DENIED'],
    ['Douyin errNo 10201, the privacy agreement refused', 'TT_CODES', { errMsg: 'saveImageToPhotosAlbum:fail', errNo: 10201 }, 'PRIVACY_DENIED'],
    ['Douyin errNo 10202, the album not declared', 'TT_CODES', { errMsg: 'saveImageToPhotosAlbum:fail', errNo: 10202 }, 'PRIVACY_DENIED'],
    ['Alipay 2001, authorisation refused', 'ALIPAY_CODES', { error: 2001, errorMessage: '用户拒绝授权' }, 'AUTH_DENIED'],
    ['Alipay 2002, refused for good', 'ALIPAY_CODES', { error: 2002, errorMessage: '用户不允许授权' }, 'AUTH_DENIED'],
    ['Alipay 2003, "don\'t ask again"', 'ALIPAY_CODES', { error: 2003, errorMessage: '用户拒绝授权' }, 'AUTH_DENIED'],
    ['Alipay 11, a cancelled sheet', 'ALIPAY_CODES', { error: 11, errorMessage: '用户取消' }, 'CANCELLED'],
    ['Alipay 10028, the user folder full', 'ALIPAY_CODES', { error: 10028, errorMessage: '超过用户目录空间上限' }, 'WRITE_FAILED'],
    ['Alipay 13, a timeout in its words', 'ALIPAY_CODES', { error: 13, errorMessage: '超时' }, 'TIMEOUT'],
    // Baidu's own wordings, when an answer carries no errCode.
    ['Baidu "user deny"', 'SWAN_CODES', { errMsg: 'saveImageToPhotosAlbum:fail user deny' }, 'AUTH_DENIED'],
    ['Baidu "system deny"', 'SWAN_CODES', { errMsg: 'saveImageToPhotosAlbum:fail system deny' }, 'SYSTEM_DENIED'],
  ])('%s (%s)', (_, table, raw, code) => {
    expect(toSaveError(raw, 'SAVE_FAILED', 'Saving', tables[table]).code).toBe(code)
  })
})
