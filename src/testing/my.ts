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
 * - `canvasToTempFilePath({ canvas | canvasId })` (the `canvas` node from base library 2.7.15;
 *   `canvasId` is the canvas's `id`, and there is no custom-component argument) resolves
 *   `{ tempFilePath }`, a temporary file;
 * - `getImageInfo({ src })` (base library 1.4.0; temporary files, user files from client 10.2.70)
 *   answers `{ width, height, path, orientation, type }`, `type` one of png, jpg, gif, webp, hevc,
 *   bmp, heic: the type without the file being read into JS. How it fails on a file that is not
 *   an image is not documented: here error 3 ("未知错误");
 * - `downloadFile`'s `filePath` is honoured from client 10.2.80 (`downloadsToTemp` simulates an
 *   older client, whose downloads land in the temporary folder, without the 10 MB user-file cap);
 * - `saveVideoToPhotosAlbum({ filePath })` (base library 1.10.0, enterprise mini programs only)
 *   answers the image save's codes: 2, 15, 16, 17. The serialisation bug is documented for images
 *   only, so only image saves lose a second call here.
 * - `saveImage({ url, showActionSheet })` (mini/api/多媒体/图片/my.saveImage.md, now "停止维护",
 *   replaced by saveImageToPhotosAlbum): saves an ONLINE image (`url`, 2 without one; no base64);
 *   `showActionSheet` (default true, 1.24.0+) shows the image menu first. Taro 3.6's Alipay
 *   plugin sends `Taro.saveImageToPhotosAlbum({ filePath })` here as `{ url: filePath }`.
 * Uncertain, and chosen here: the folder names (`https://usr`, `https://resource`), whether a
 * non-2xx download fails with 12 or lands the error page (`httpErrors`), whether a cancelled
 * save answers 11 ("用户取消操作", as Alipay's other pickers do), a temporary canvas export named
 * `….image` like other temporary images, and a canvas not found or not drawn answering 3
 * ("未知错误"; Alipay documents no error for it). What `saveImage` does with a local path is
 * undocumented: here it fails 17 (the package never sends it a network URL, so none is simulated).
 */
import { createEngine, isAlbumImage, isAlbumVideo, said, type Callbacks, type SimOptions } from './engine'

export const USER_DATA_PATH = 'https://usr'
export const TEMP = 'https://resource'
export const SCOPE = 'album'

export interface MyOptions extends SimOptions {
  /** `system`: the phone's own album permission is off (iOS answers 15). */
  device?: 'phone' | 'system'
  /** What a non-2xx download does: lands the error page as a file, or fails with 12. */
  httpErrors?: 'body' | 'fail'
  /** A client before 10.2.80: downloadFile ignores `filePath` and lands every download in the temporary folder. */
  downloadsToTemp?: boolean
}

/** The image types getImageInfo names, from the file's first bytes. */
const IMAGE_TYPES: [type: string, test: (b: Uint8Array) => boolean][] = [
  ['png', (b) => isAlbumImage('x.png', b)],
  ['jpg', (b) => isAlbumImage('x.jpg', b)],
  ['gif', (b) => isAlbumImage('x.gif', b)],
  ['webp', (b) => isAlbumImage('x.webp', b)],
  ['bmp', (b) => b[0] === 0x42 && b[1] === 0x4d],
  ['heic', (b) => /^ftyp(heic|heix|mif1)$/.test(Buffer.from(b.slice(4, 12)).toString('latin1'))],
]

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
/** The same for videos: an ISO media file named as one, or a temporary `.video` file. */
const albumTakesVideo = (name: string, bytes: Uint8Array) => isAlbumVideo(/\.video$/.test(name) ? 'x.mp4' : name, bytes)

/**
 * A fresh simulated `my`: its `native` is what the `my` global holds.
 *
 * @example
 * const sim = createMy({ httpErrors: 'fail' })
 * sim.native.getSetting({ success: (r: { authSetting: object }) => console.log(r.authSetting) }) // {}
 */
export function createMy(options: MyOptions = {}) {
  const e = createEngine(options, { user: USER_DATA_PATH, temp: TEMP }, SCOPE, {
    ok: (_api, res) => ({ ...res }),
    fail: (_api, errorMessage, error = 3) => ({ error, errorMessage }),
  }, { device: 'phone', quota: 50 * 1024 * 1024 })
  const { sim, api, answer, fail, failWith } = e
  const httpErrors = options.httpErrors ?? 'body'
  const fs = e.fileSystem(
    {
      missing: () => ['文件/目录不存在', 10022],
      denied: () => ['指定的路径没有读写权限', 10024],
      full: () => [QUOTA().fail, QUOTA().errno],
      badData: () => ['未知错误，文件写入失败', 3],
    },
    { wholeReads: true, fileLimit: FILE_LIMIT },
  )
  let saving = false

  /** An album save: a filePath, the phone's own permission, the dialog (remembered), the sheet, the album's gate. */
  function toAlbum(name: string, o: Callbacks, takes: (name: string, bytes: Uint8Array) => boolean) {
    if (!o.filePath) return fail(name, o, '参数无效，没有传 filePath 参数', 2)
    if (sim.device === 'system') return failWith(name, o, DENIALS.system())
    const asked = sim.authSetting[SCOPE] !== undefined
    // A network URL is documented too; the package never passes one, so it is not simulated.
    e.toAlbum(name, o, takes, {
      denied: () => failWith(name, o, asked ? DENIALS.earlier() : DENIALS.now()),
      phoneDenied: () => failWith(name, o, DENIALS.system()),
      cancelled: said(CANCEL()),
      missing: ['保存图片过程中的其他错误', 17],
    })
  }

  sim.native = {
    env: { USER_DATA_PATH, clientName: 'ap', platform: 'Android' },
    ...e.commonApis(fs),
    openSetting: api('openSetting', e.openSettings),

    // No task is returned: Alipay documents none for downloadFile.
    downloadFile: e.download(
      (o, body, status) =>
        (status < 200 || status > 299) && httpErrors === 'fail'
          ? [false, { error: 12, errorMessage: 'download failed' }]
          : fs.land(o, body, { honours: o.filePath !== undefined && !options.downloadsToTemp, ext: 'image', tempKey: 'apFilePath' }),
      { refuse: (url) => (/^http:\/\//i.test(url ?? '') ? { error: 20, errorMessage: '请求url不支持http,请使用https' } : undefined), task: false },
    ),

    getImageInfo: api('getImageInfo', (o) => {
      const bytes = sim.read(o.src)
      const type = bytes && IMAGE_TYPES.find(([, test]) => test(bytes))?.[0]
      if (!type) return fail('getImageInfo', o, '未知错误', 3)
      answer('getImageInfo', o, true, { width: 1, height: 1, path: o.src, orientation: 'up', type })
    }),

    saveImageToPhotosAlbum: api('saveImageToPhotosAlbum', (o) => {
      // The documented bug: a call before the previous one's complete is lost, never answered.
      if (saving) return
      saving = true
      const complete = o.complete
      toAlbum('saveImageToPhotosAlbum', { ...o, complete: (r: unknown) => ((saving = false), complete?.(r)) }, albumTakes)
    }),

    // The deprecated online-image save: a file of the mini program is not an online image.
    saveImage: api('saveImage', (o) => (o.url ? fail('saveImage', o, '保存图片过程中的其他错误', 17) : fail('saveImage', o, '参数无效，没有传 URL 参数', 2))),

    // The same checks as the image save, without its lost-call bug (documented for images only).
    saveVideoToPhotosAlbum: api('saveVideoToPhotosAlbum', (o) => toAlbum('saveVideoToPhotosAlbum', o, albumTakesVideo)),

    // By node or by id (no component argument), into a temporary `.image` file.
    canvasToTempFilePath: e.canvasExport({ byNode: true, inComponents: false, ext: 'image' }, ['未知错误', 3]),
  }
  return sim
}

export type MySim = ReturnType<typeof createMy>
