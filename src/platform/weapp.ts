import {
  authorize,
  downloadFile,
  env,
  getFileSystemManager,
  getSetting,
  openSetting,
  saveImageToPhotosAlbum,
} from '@tarojs/taro'
import { SaveToAlbumError } from '../errors'
import type { Platform } from './types'

/** ByteDance names the album scope differently; every other mini program uses WeChat's. */
const SCOPE = process.env.TARO_ENV === 'tt' ? 'scope.album' : 'scope.writePhotosAlbum'

// getFileSystemManager() is not promisified by Taro: its methods take callbacks.
const fs = <T>(method: string, args: object) =>
  new Promise<T>((success, fail) => (getFileSystemManager() as any)[method]({ ...args, success, fail }))

/** WeChat, QQ, JD, ByteDance and Baidu: scope check, downloadFile, a user-folder file system. */
export const weapp: Platform = {
  dir: () => (env as { USER_DATA_PATH: string }).USER_DATA_PATH,

  async authorize() {
    const { authSetting } = await getSetting()
    const granted = (authSetting as Record<string, boolean | undefined>)[SCOPE]
    // Refused earlier: authorize would fail at once without a dialog, so don't ask again.
    if (granted === false) {
      throw new SaveToAlbumError('AUTH_DENIED', `The album permission (${SCOPE}) was refused earlier; call openSetting() from a tap`, authSetting)
    }
    if (granted === undefined) await authorize({ scope: SCOPE as 'scope.writePhotosAlbum' })
  },

  // No await before openSetting(): it must run in the same tick as the tap.
  openSetting: () =>
    openSetting().then(({ authSetting }) => (authSetting as Record<string, boolean>)[SCOPE] === true),

  download(url, filePath, onProgress) {
    const task = downloadFile({ url, filePath })
    task.onProgressUpdate?.(({ progress }) => onProgress(progress / 100))
    return task
  },

  head: (filePath) =>
    fs<{ data: ArrayBuffer }>('readFile', { filePath, position: 0, length: 12 }).then(({ data }) => new Uint8Array(data)),
  rename: (oldPath, newPath) => fs('rename', { oldPath, newPath }),
  write: (filePath, data) => fs('writeFile', { filePath, data, encoding: 'base64' }),
  save: (filePath) => saveImageToPhotosAlbum({ filePath }),
  remove: (filePath) =>
    fs('unlink', { filePath }).then(
      () => true,
      (e) => /no such file/.test(e && e.errMsg),
    ),
}
