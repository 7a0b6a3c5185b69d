/**
 * A simulated Alipay runtime, `my`, as Alipay's open docs describe it (AlipayDocs/open-docs,
 * mini/api/基础API):
 * - no `my.authorize`; `getSetting`/`openSetting` name the album scope `album`;
 * - failures are `{ error, errorMessage }`, never `errMsg`: the album answers 15 (no album
 *   permission, iOS), 16 (album storage full, iOS), 17 (any other error, usually a bad filePath);
 *   a refused authorisation is 2001 (refused), 2003 (refused with "don't ask again"), and 2002
 *   once that was chosen (the call fails at once, no dialog);
 * - `saveImageToPhotosAlbum({ filePath })` takes a network URL, a temporary file or a user file;
 *   KNOWN BUG (its own docs): a call made before the previous call's `complete` never answers;
 * - `downloadFile` resolves `{ apFilePath }` (a temporary `https://resource/….image` file) or,
 *   given `filePath` in the user folder, `{ filePath }`; it reports no `statusCode` and returns
 *   no task (so no progress and no abort); https only (error 20); failures 2, 12, 20;
 * - the file system: `env.USER_DATA_PATH` (1.13.0+), errors 10022 (no such file), 10024 (no
 *   permission), 10028 (a file over 10 MB or the folder over 50 MB); `readFile` has no
 *   `position`/`length`: it always reads the whole file.
 * Uncertain, and chosen here: the folder names (`https://usr`, `https://resource`), whether a
 * non-2xx download fails with 12 or lands the error page (`httpErrors`), and whether a cancelled
 * save answers 11 ("用户取消操作", as Alipay's other pickers do).
 */
import { createEngine, isAlbumImage, type Callbacks, type SimOptions } from './engine'

export const USER_DATA_PATH = 'https://usr'
export const TEMP = 'https://resource'
export const SCOPE = 'album'

export interface MyOptions extends SimOptions {
  /** `system`: the phone's own album permission is off (iOS answers 15). */
  device?: 'phone' | 'system'
  /** What a non-2xx download does: lands the error page as a file, or fails with 12. */
  httpErrors?: 'body' | 'fail'
}

export const DENIALS = {
  /** Refused in the dialog with "don't ask again" ticked. */
  now: () => ({ fail: '用户不允许授权', errno: 2003 }),
  /** Refused earlier that way: fails at once, without a dialog. */
  earlier: () => ({ fail: '用户不允许授权', errno: 2002 }),
  /** Refused in the dialog; Alipay asks again next time. */
  once: () => ({ fail: '用户不允许授权', errno: 2001 }),
  /** The phone's own album permission is off (iOS). */
  system: () => ({ fail: '没有开启相册权限', errno: 15 }),
}
export const ALBUM_FULL = () => ({ fail: '手机相册存储空间不足', errno: 16 })
export const QUOTA = () => ({ fail: '写入文件单个超过 10M 或者写入文件夹超过 50M', errno: 10028 })
export const CANCEL = () => ({ fail: '用户取消操作', errno: 11 })

const FILE_LIMIT = 10 * 1024 * 1024

/** What Alipay's album takes: an image under its own name, or a temporary `.image` file whose bytes are one. */
const albumTakes = (name: string, bytes: Uint8Array) =>
  isAlbumImage(name, bytes) || (/\.image$/.test(name) && ['png', 'jpg', 'gif', 'webp'].some((ext) => isAlbumImage(`x.${ext}`, bytes)))

export function createMy(options: MyOptions = {}) {
  const e = createEngine(options, { user: USER_DATA_PATH, temp: TEMP }, SCOPE, {
    ok: (_api, res) => ({ ...res }),
    fail: (_api, errorMessage, error = 3) => ({ error, errorMessage }),
  }, { device: 'phone', quota: 50 * 1024 * 1024 })
  const { sim, files, api, answer, fail } = e
  const httpErrors = options.httpErrors ?? 'body'
  const fault = (o: Callbacks, api: string, f: { fail: string; errno: number }) => fail(api, o, f.fail, f.errno)
  const missing = (api: string, o: Callbacks) => fail(api, o, '文件/目录不存在', 10022)
  const denied = (api: string, o: Callbacks) => fail(api, o, '指定的路径没有读写权限', 10024)
  let saving = false

  function store(api: string, o: Callbacks, path: unknown, bytes: Uint8Array): boolean {
    if (!e.inUser(path)) return denied(api, o), false
    if (bytes.length > FILE_LIMIT || !e.fits(path, bytes)) return fault(o, api, QUOTA()), false
    files.set(path, bytes)
    return true
  }

  const fsm: Record<string, unknown> = {
    writeFile: api('fs.writeFile', (o) => {
      if (o.encoding === 'base64' && (typeof o.data !== 'string' || o.data.startsWith('data:') || !/^[A-Za-z0-9+/]*={0,2}$/.test(o.data))) {
        return fail('fs.writeFile', o, '未知错误，文件写入失败', 3)
      }
      const bytes = o.data instanceof ArrayBuffer ? new Uint8Array(o.data.slice(0)) : new Uint8Array(Buffer.from(String(o.data), o.encoding === 'base64' ? 'base64' : 'utf8'))
      if (store('fs.writeFile', o, o.filePath, bytes)) answer('fs.writeFile', o, true, {})
    }),
    // No position/length on Alipay: the whole file, whatever was asked.
    readFile: api('fs.readFile', (o) => {
      const bytes = files.get(o.filePath)
      if (!bytes) return missing('fs.readFile', o)
      answer('fs.readFile', o, true, o.encoding ? { data: Buffer.from(bytes).toString(o.encoding), dataType: 'string' } : { data: bytes.slice().buffer, dataType: 'ArrayBuffer' })
    }),
    unlink: api('fs.unlink', (o) => {
      if (!files.has(o.filePath)) return missing('fs.unlink', o)
      if (!e.inUser(o.filePath)) return denied('fs.unlink', o)
      files.delete(o.filePath)
      answer('fs.unlink', o, true, {})
    }),
    rename: api('fs.rename', (o) => {
      const bytes = files.get(o.oldPath)
      if (!bytes) return missing('fs.rename', o)
      if (!e.inUser(o.oldPath) || !e.inUser(o.newPath)) return denied('fs.rename', o)
      files.delete(o.oldPath)
      files.set(o.newPath, bytes)
      answer('fs.rename', o, true, {})
    }),
    // "支持复制临时文件、缓存文件到沙箱文件"
    copyFile: api('fs.copyFile', (o) => {
      const bytes = files.get(o.srcPath)
      if (!bytes) return missing('fs.copyFile', o)
      if (store('fs.copyFile', o, o.destPath, bytes.slice())) answer('fs.copyFile', o, true, {})
    }),
    stat: api('fs.stat', (o) => {
      const bytes = files.get(o.path)
      if (!bytes) return missing('fs.stat', o)
      answer('fs.stat', o, true, { stats: { size: bytes.length, isFile: () => true, isDirectory: () => false } })
    }),
  }

  sim.native = {
    env: { USER_DATA_PATH, clientName: 'ap', platform: 'Android' },
    getSetting: api('getSetting', (o) => answer('getSetting', o, true, { authSetting: { ...sim.authSetting } })),
    openSetting: api('openSetting', (o) => e.openSettings(o)),

    // No task is returned: Alipay documents none for downloadFile.
    downloadFile: api('downloadFile', (o) => {
      e.transfer(
        o,
        (body, status) => {
          if (status < 200 || status > 299) {
            if (httpErrors === 'fail') return [false, { error: 12, errorMessage: 'download failed' }]
          }
          if (o.filePath !== undefined) {
            if (!e.inUser(o.filePath)) return [false, { error: 2, errorMessage: '参数无效' }]
            if (body.length > FILE_LIMIT || !e.fits(o.filePath, body)) return [false, { error: QUOTA().errno, errorMessage: QUOTA().fail }]
            files.set(o.filePath, body)
            return [true, { filePath: o.filePath }]
          }
          const apFilePath = e.tempPath('image')
          files.set(apFilePath, body)
          return [true, { apFilePath }]
        },
        (url) => (/^http:\/\//i.test(url ?? '') ? { error: 20, errorMessage: '请求url不支持http,请使用https' } : undefined),
      )
      return undefined
    }),

    saveImageToPhotosAlbum: api('saveImageToPhotosAlbum', (o) => {
      const name = 'saveImageToPhotosAlbum'
      // The documented bug: a call before the previous one's complete is lost, never answered.
      if (saving) return
      saving = true
      const complete = o.complete
      o = { ...o, complete: (r: unknown) => ((saving = false), complete?.(r)) }
      if (!o.filePath) return fail(name, o, '参数无效，没有传 filePath 参数', 2)
      if (sim.device === 'system') return fault(o, name, DENIALS.system())
      const asked = sim.authSetting[SCOPE] !== undefined
      if (!e.ask()) return fault(o, name, asked ? DENIALS.earlier() : DENIALS.now())
      if (sim.sheet === 'cancel') return fault(o, name, CANCEL())
      // A network URL is documented too; the package never passes one, so it is not simulated.
      const bytes = files.get(o.filePath)
      if (!bytes || !albumTakes(o.filePath, bytes)) return fail(name, o, '保存图片过程中的其他错误', 17)
      sim.album.push({ bytes: bytes.slice(), name: o.filePath.slice(o.filePath.lastIndexOf('/') + 1) })
      answer(name, o, true, {})
    }),

    getFileSystemManager: () => fsm,
    canIUse: () => true,
  }
  return sim
}

export type MySim = ReturnType<typeof createMy>
