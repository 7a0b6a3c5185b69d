import type { Platform } from './types'

/**
 * Browsers (Taro's h5 target): fetch into memory, then an `<a download>` click. A browser has no
 * album, and Taro's H5 permission APIs are stubs that resolve in production builds, so "saved"
 * here means the file was handed to the browser as a download. A factory, so that builds for
 * other targets drop it whole (a top-level `new Map()` would count as a side effect and stay).
 */
export const h5 = (files = new Map<string, Blob | string>()): Platform => ({
  name: 'h5',
  dir: () => 'h5:/',
  openSetting: () => Promise.resolve(false),

  download(url, path, onProgress) {
    const ctl = new AbortController()
    const task = fetch(url, { signal: ctl.signal }).then(async (res) => {
      const blob = await res.blob()
      files.set(path, blob)
      onProgress(blob.size, blob.size)
      return { statusCode: res.status, filePath: path }
    })
    return Object.assign(task, { abort: () => ctl.abort() })
  },

  head: async (path) => new Uint8Array(await (files.get(path) as Blob).slice(0, 12).arrayBuffer()),
  size: async (path) => (files.get(path) as Blob).size,
  rename: async (from, to) => {
    files.set(to, files.get(from)!)
    files.delete(from)
  },
  // The browser decodes the data URL itself when the link is followed.
  write: async (path, base64, mime) => files.set(path, `data:${mime};base64,${base64}`),
  canvas: () => Promise.reject(new Error('not yet')),

  async save(path) {
    const file = files.get(path) ?? path
    const a = document.createElement('a')
    a.href = typeof file === 'string' ? file : URL.createObjectURL(file)
    a.download = path.slice(path.lastIndexOf('/') + 1)
    document.body.appendChild(a)
    a.click()
    a.remove()
    if (typeof file !== 'string') setTimeout(() => URL.revokeObjectURL(a.href), 30_000)
    return 'download'
  },
  remove: async (path) => (files.delete(path), true),
  codes: { numbers: {}, words: [] },
})
