import type { Platform } from './types'

/**
 * Browsers (Taro's h5 target): fetch into memory, then an `<a download>` click. A browser has no
 * album, and Taro's H5 permission APIs are stubs that resolve in production builds, so "saved"
 * here means the file was handed to the browser as a download. A factory, so that builds for
 * other targets drop it whole (a top-level `new Map()` would count as a side effect and stay).
 */
export const h5 = (files = new Map<string, Blob | string>()): Platform => ({
  dir: () => 'h5:/',
  openSetting: () => Promise.resolve(true),

  download(url, path, onProgress) {
    const ctl = new AbortController()
    const task = fetch(url, { signal: ctl.signal }).then(async (res) => {
      files.set(path, await res.blob())
      onProgress(1)
      return { statusCode: res.status }
    })
    return Object.assign(task, { abort: () => ctl.abort() })
  },

  head: async (path) => new Uint8Array(await (files.get(path) as Blob).slice(0, 12).arrayBuffer()),
  rename: async (from, to) => {
    files.set(to, files.get(from)!)
    files.delete(from)
  },
  // The browser decodes the data URL itself when the link is followed.
  write: async (path, base64, mime) => files.set(path, `data:${mime};base64,${base64}`),

  async save(path) {
    const file = files.get(path) ?? path
    const a = document.createElement('a')
    a.href = typeof file === 'string' ? file : URL.createObjectURL(file)
    a.download = path.slice(path.lastIndexOf('/') + 1)
    document.body.appendChild(a)
    a.click()
    a.remove()
    if (typeof file !== 'string') setTimeout(() => URL.revokeObjectURL(a.href), 30_000)
  },
  remove: async (path) => (files.delete(path), true),
})
