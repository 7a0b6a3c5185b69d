import { SaveToAlbumError } from '../../errors'
import type { Platform, SaveVia } from '../types'
import { fetchInto } from './fetch'
import { blobOfBase64, blobStore, DIR } from './files'
import { handover } from './handover'

const WAYS: SaveVia[] = ['download', 'share', 'long-press']

/**
 * Browsers (Taro's h5 target). A browser has no album and Taro's H5 permission APIs are stubs
 * that resolve in production builds, so none of them is called: there is no permission step, and
 * `openSetting()` answers `false`. Files live in memory (a Map of Blobs under the `h5:` folder).
 *
 * - A URL is fetched with `fetch` (`fetch.ts`).
 * - The file is handed to the person the way that works where they are (`handover.ts`), and
 *   `save` resolves which way it was: `'download'`, `'share'` or `'long-press'`.
 * - A canvas is exported with its own `toBlob` (`toDataURL` where that is missing; `files.ts`).
 *
 * A factory, so that builds for other targets drop it whole (a top-level `new Map()` would count
 * as a side effect and stay).
 *
 * @example
 * const platform = h5()
 * const path = await platform.canvas({ canvas: node })
 * await platform.save(path, 'image') // 'download' on a desktop browser
 */
export const h5 = (files = new Map<string, Blob>()): Platform => {
  const { blobAt, fileAt, exportCanvas } = blobStore(files)
  const { wayFor, share, download, longPress, gather } = handover()

  return {
    name: 'h5',
    dir: () => DIR,
    base: () => location.href,
    openSetting: () => Promise.resolve(false),

    download: (url, path, onProgress) => fetchInto(files, url, path, onProgress),
    head: async (path) => new Uint8Array(await (await blobAt(path)).slice(0, 12).arrayBuffer()),
    size: async (path) => (await blobAt(path)).size,
    rename: async (from, to) => {
      files.set(to, await blobAt(from))
      files.delete(from)
    },
    write: async (path, base64, mime) => files.set(path, await blobOfBase64(base64, mime)),
    // Checked whole in the worker that decodes it, off the page's main thread.
    writeChecks: true,
    canvas: exportCanvas,

    async save(path, kind, via) {
      if (via !== undefined && !WAYS.includes(via)) {
        throw new SaveToAlbumError('INVALID_OPTION', __DEV__ && `via must be one of ${WAYS.join(', ')}; got ${String(via)}`)
      }
      if (via === 'long-press' && kind === 'video') {
        throw new SaveToAlbumError('INVALID_OPTION', __DEV__ && "via 'long-press' shows an image to long-press; a video cannot be saved that way: use 'share' or 'download'")
      }
      const file = await fileAt(path)
      const way = via || wayFor(file, kind)
      if (way === 'long-press') return longPress(file)
      if (way === 'share' && (await share([file], !!via))) return 'share'
      return download(file)
    },
    gather: (via) => gather(via, fileAt),
    // A file of ours as an object URL, for the app to revoke; a URL the app passed, as it is.
    keep: (path) => {
      const blob = files.get(path)
      return blob ? URL.createObjectURL(blob) : path
    },
    remove: async (path) => (files.delete(path), true),
    // Every failure this adapter can name it throws as a SaveToAlbumError; anything else (atob
    // refusing a payload, say) takes the failing step's own code.
    // The share sheet waits for the person's choice, however long it takes.
    saveWaitsOnPerson: true,
    codes: { numbers: {}, words: [] },
  }
}
