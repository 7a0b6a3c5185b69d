/**
 * A simulated Baidu smart program runtime, `swan`, from what Baidu's docs say
 * (smartprogram.baidu.com: "授权", "本地文件", swan.authorize):
 * - the album scope is `scope.writePhotosAlbum`; `swan.authorize` asks in advance; a refusal is
 *   remembered ("如果用户之前已经拒绝，则再次调用也不会弹窗，会执行 fail 回调");
 * - user files live under `swan.env.USER_DATA_PATH` (readable and writable, "不支持相对路径");
 *   downloads land as read-only temporary files (`bdfile://tmp/1542099788398.png`) unless
 *   `filePath` names a user file; `copyFile`/`saveFile` take a temporary file into the user folder.
 * Failures carry `errCode` beside `errMsg`. Baidu's docs found here give neither the wording of a
 * refusal nor its code, nor USER_DATA_PATH's value, nor the user folder's quota: this runtime
 * answers `…:fail auth deny` (errCode 10003) in the developer tool and `…:fail user deny` on a
 * phone, `bdfile://usr`, and 10 MB. The package must read both wordings as a refusal.
 */
import { CONTENT_EXT, createEngine, isAlbumImage, type Callbacks, type SimOptions } from './engine'

export const USER_DATA_PATH = 'bdfile://usr'
export const TEMP = 'bdfile://tmp'
export const SCOPE = 'scope.writePhotosAlbum'

export interface SwanOptions extends SimOptions {
  device?: 'devtools' | 'phone'
}

export const DENIALS = {
  devtools: (api: string) => ({ fail: `${api}:fail auth deny`, errno: 10003 }),
  phone: (api: string) => ({ fail: `${api}:fail user deny`, errno: 10003 }),
}
export const PRIVACY = {
  refused: (api: string) => ({ fail: `${api}:fail privacy permission is not authorized` }),
  undeclared: (api: string) => ({ fail: `${api}:fail api scope is not declared in the privacy agreement` }),
}
export const QUOTA = (api: string) => ({ fail: `${api}:fail the maximum size of the file storage limit is exceeded`, errno: 1300202 })

export function createSwan(options: SwanOptions = {}) {
  const name = (api: string) => api.replace(/^fs\./, '')
  const e = createEngine(options, { user: USER_DATA_PATH, temp: TEMP }, SCOPE, {
    ok: (api, res) => ({ errMsg: `${name(api)}:ok`, ...res }),
    fail: (api, message, errCode) => ({ errMsg: message.includes(':fail') ? message : `${name(api)}:fail ${message}`, ...(errCode !== undefined && { errCode }) }),
  }, { device: 'phone', quota: 10 * 1024 * 1024 })
  const { sim, files, api, answer, fail } = e
  const fault = (o: Callbacks, api: string, f: { fail: string; errno?: number }) => fail(api, o, f.fail, f.errno)
  const privacyRefusal = (api: string, o: Callbacks) =>
    sim.privacy === 'agreed' ? false : (fault(o, api, PRIVACY[sim.privacy](api)), true)
  const missing = (api: string, o: Callbacks, path: string) => fail(api, o, `no such file or directory ${path}`)
  const refused = (api: string, o: Callbacks, path: string) => fail(api, o, `permission denied, open ${path}`)

  function store(api: string, o: Callbacks, path: unknown, bytes: Uint8Array): boolean {
    if (!e.inUser(path)) return refused(api, o, String(path)), false
    if (!e.fits(path, bytes)) return fault(o, api, QUOTA(name(api))), false
    files.set(path, bytes)
    return true
  }

  const fsm: Record<string, unknown> = {
    writeFile: api('fs.writeFile', (o) => {
      if (o.encoding === 'base64' && (typeof o.data !== 'string' || o.data.startsWith('data:') || !/^[A-Za-z0-9+/]*={0,2}$/.test(o.data))) {
        return fail('fs.writeFile', o, 'base64 encode error')
      }
      const bytes = o.data instanceof ArrayBuffer ? new Uint8Array(o.data.slice(0)) : new Uint8Array(Buffer.from(String(o.data), o.encoding === 'base64' ? 'base64' : 'utf8'))
      if (store('fs.writeFile', o, o.filePath, bytes)) answer('fs.writeFile', o, true, {})
    }),
    readFile: api('fs.readFile', (o) => {
      const bytes = files.get(o.filePath)
      if (!bytes) return missing('fs.readFile', o, o.filePath)
      const start = o.position ?? 0
      const slice = bytes.slice(start, o.length === undefined ? bytes.length : start + o.length)
      answer('fs.readFile', o, true, { data: o.encoding ? Buffer.from(slice).toString(o.encoding) : slice.buffer })
    }),
    unlink: api('fs.unlink', (o) => {
      if (!files.has(o.filePath)) return missing('fs.unlink', o, o.filePath)
      if (!e.inUser(o.filePath)) return refused('fs.unlink', o, o.filePath)
      files.delete(o.filePath)
      answer('fs.unlink', o, true, {})
    }),
    // Temporary files are "只可读，不可写入": moving one out of its folder is a write there.
    rename: api('fs.rename', (o) => {
      const bytes = files.get(o.oldPath)
      if (!bytes) return missing('fs.rename', o, o.oldPath)
      if (!e.inUser(o.oldPath) || !e.inUser(o.newPath)) return refused('fs.rename', o, o.oldPath)
      files.delete(o.oldPath)
      files.set(o.newPath, bytes)
      answer('fs.rename', o, true, {})
    }),
    copyFile: api('fs.copyFile', (o) => {
      const bytes = files.get(o.srcPath)
      if (!bytes) return missing('fs.copyFile', o, o.srcPath)
      if (store('fs.copyFile', o, o.destPath, bytes.slice())) answer('fs.copyFile', o, true, {})
    }),
    stat: api('fs.stat', (o) => {
      const bytes = files.get(o.path)
      if (!bytes) return missing('fs.stat', o, o.path)
      answer('fs.stat', o, true, { stats: { size: bytes.length, isFile: () => true, isDirectory: () => false } })
    }),
  }

  const denial = (api: string, o: Callbacks) => fault(o, api, DENIALS[sim.device as 'phone'](api))

  sim.native = {
    env: { USER_DATA_PATH },
    getSetting: api('getSetting', (o) => answer('getSetting', o, true, { authSetting: { ...sim.authSetting } })),
    authorize: api('authorize', (o) => {
      if (privacyRefusal('authorize', o)) return
      if (o.scope !== SCOPE) return fail('authorize', o, 'invalid scope')
      if (e.ask()) answer('authorize', o, true, {})
      else denial('authorize', o)
    }),
    openSetting: api('openSetting', (o) => e.openSettings(o)),

    downloadFile: api('downloadFile', (o) => {
      const { controls, track } = e.transfer(o, (body, statusCode, route) => {
        if (o.filePath !== undefined) {
          if (!e.inUser(o.filePath)) return [false, { errMsg: `downloadFile:fail permission denied, open ${o.filePath}` }]
          if (!e.fits(o.filePath, body)) return [false, { errMsg: QUOTA('downloadFile').fail, errCode: QUOTA('downloadFile').errno }]
          files.set(o.filePath, body)
          return [true, { statusCode, filePath: o.filePath }]
        }
        const tempFilePath = e.tempPath(CONTENT_EXT[route.contentType ?? ''] ?? 'bin')
        files.set(tempFilePath, body)
        return [true, { statusCode, tempFilePath }]
      })
      track()
      return controls
    }),

    saveImageToPhotosAlbum: api('saveImageToPhotosAlbum', (o) => {
      const api = 'saveImageToPhotosAlbum'
      if (privacyRefusal(api, o)) return
      if (!e.ask()) return denial(api, o)
      if (sim.sheet === 'cancel') return fail(api, o, 'cancel')
      const bytes = typeof o.filePath === 'string' ? files.get(o.filePath) : undefined
      if (!bytes) return fail(api, o, 'file not exists')
      if (!isAlbumImage(o.filePath, bytes)) return fail(api, o, 'invalid file type')
      sim.album.push({ bytes: bytes.slice(), name: o.filePath.slice(o.filePath.lastIndexOf('/') + 1) })
      answer(api, o, true, {})
    }),

    getFileSystemManager: () => fsm,
    canIUse: () => true,
  }
  return sim
}

export type SwanSim = ReturnType<typeof createSwan>
