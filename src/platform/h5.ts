import { SaveToAlbumError } from '../errors'
import { sniff } from '../core/image'
import type { CanvasTarget, MediaKind, Platform, SaveVia } from './types'

/**
 * In-app browsers that ignore `<a download>` without a word (their WebView has no download
 * handler, and Android's download manager cannot read `blob:` URLs), matched on the user agent:
 * `MicroMessenger` WeChat and WeCom · `QQ/` the QQ app (QQ Browser says `MQQBrowser/`, and
 * downloads) · `Weibo` · `AlipayClient` · `DingTalk` · `aweme` Douyin · `NewsArticle` Toutiao ·
 * `FBAN`/`FBAV` Facebook · `Instagram`. Where one of these hides its name, the app can force a way
 * with the `via` option.
 *
 * @example
 * IN_APP_BROWSERS.test(navigator.userAgent) // true inside WeChat
 */
export const IN_APP_BROWSERS = /MicroMessenger|\bQQ\/\d|Weibo|AlipayClient|DingTalk|aweme|NewsArticle|FBA[NV]\/|Instagram/i

/**
 * What the long-press overlay says under the image.
 *
 * @example
 * document.querySelector('[data-save-to-album="long-press"]')?.textContent?.includes(LONG_PRESS_HINT)
 */
export const LONG_PRESS_HINT = '长按图片保存 / Long-press the image to save'

const DIR = 'h5:'
const WAYS: SaveVia[] = ['download', 'share', 'long-press']
const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
}

/**
 * Browsers (Taro's h5 target). A browser has no album and Taro's H5 permission APIs are stubs
 * that resolve in production builds, so none of them is called: there is no permission step, and
 * `openSetting()` answers `false`. Files live in memory (a Map of Blobs under the `h5:` folder).
 *
 * - A URL is fetched with `fetch` (progress read from the body stream against Content-Length,
 *   aborted through an AbortController); a cross-origin failure says to use CORS.
 * - The file is handed to the person the way that works where they are (see `wayFor`), and
 *   `save` resolves which way it was: `'download'`, `'share'` or `'long-press'`.
 * - A canvas is exported with its own `toBlob` (`toDataURL` where that is missing).
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
  let serial = 0
  let closeOverlay: (() => void) | undefined

  /** The Blob at `path`: one of ours, or a `blob:`/`data:` URL the app passed as a local source. */
  async function blobAt(path: string): Promise<Blob> {
    const blob = files.get(path)
    if (blob) return blob
    if (/^(blob|data):/i.test(path)) {
      try {
        const res = await fetch(path)
        return new Blob([await res.arrayBuffer()], { type: res.headers.get('content-type') || '' })
      } catch (e) {
        throw new SaveToAlbumError('SAVE_FAILED', __DEV__ && `Could not read ${path.slice(0, 64)}: revoked, or not from this page`, e)
      }
    }
    throw new SaveToAlbumError('SAVE_FAILED', __DEV__ && `No file at ${path}`)
  }

  /** The file as the person will get it: named after the path, typed after its real content. */
  async function fileAt(path: string): Promise<File> {
    const blob = await blobAt(path)
    let name = path.slice(path.lastIndexOf('/') + 1) || 'album'
    let ext: string | undefined = /\.(\w+)$/.exec(name)?.[1].toLowerCase()
    if (!ext || !MIME[ext]) {
      ext = sniff(new Uint8Array(await blob.slice(0, 12).arrayBuffer()))
      if (ext) name += `.${ext}`
    }
    return new File([blob], name, { type: (ext && MIME[ext]) || blob.type })
  }

  /**
   * The way to hand a file over when the app forces none. UA sniffing is limited to the list of
   * in-app browsers; everything else is a capability check:
   * 1. an in-app browser (`IN_APP_BROWSERS`) ignores downloads: an image gets the long-press
   *    overlay; a video is shared if the browser can share it, and refused otherwise (a page
   *    there has no way to save a video: the person must open it in their browser);
   * 2. a touch-first device (`(pointer: coarse)`) whose browser can share this very file
   *    (`navigator.canShare({ files })`) gets the share sheet, where mobile Safari and Android
   *    Chrome offer "Save Image" / "Save Video" into the photo library;
   * 3. anything else downloads — desktop browsers that can share files (Chrome on Windows and
   *    ChromeOS, Safari on macOS) included, since with a mouse a download is what people expect.
   */
  function wayFor(file: File, kind: MediaKind): SaveVia {
    const ua = typeof navigator === 'object' ? navigator.userAgent || '' : ''
    const app = IN_APP_BROWSERS.exec(ua)
    if (app) {
      if (kind === 'image') return 'long-press'
      if (canShare(file)) return 'share'
      throw new SaveToAlbumError(
        'UNSUPPORTED_PLATFORM',
        __DEV__ &&
        `h5: this in-app browser (${app[0]}) ignores downloads and offers no way to save a video from a page; ` +
          'ask the person to open the page in their browser (⋯ → 在浏览器打开 / Open in browser)',
      )
    }
    const touchFirst = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches
    return touchFirst && canShare(file) ? 'share' : 'download'
  }

  /** Opens the share sheet; `true` once shared, `false` to fall back to a download (only when the way was not forced). */
  async function share(file: File, forced: boolean): Promise<boolean> {
    if (!canShare(file)) {
      if (!forced) return false
      throw new SaveToAlbumError('SAVE_FAILED', __DEV__ && `h5: this browser cannot share ${file.type || 'this'} files (navigator.canShare({ files }) is false or missing); use via 'download'`)
    }
    try {
      // Files only: a title or text next to them hides "Save Image" in some share sheets.
      await navigator.share({ files: [file] })
      return true
    } catch (e) {
      const { name, message } = (e || {}) as Error
      if (name === 'AbortError') throw new SaveToAlbumError('CANCELLED', __DEV__ && 'The share sheet was dismissed', e)
      if (!forced) return false
      throw new SaveToAlbumError(
        'SAVE_FAILED',
        __DEV__ && (name === 'NotAllowedError'
          ? 'h5: the browser refused to open the share sheet (NotAllowedError): it opens only shortly after a tap, and a slow download can use that time up; save again from a tap, or use via \'download\''
          : `h5: sharing failed (${name}: ${message})`),
        e,
      )
    }
  }

  /**
   * Clicks an `<a download>` for an object URL, and revokes it on the next task: the browser
   * starts the download after the click's task (revoking within it can cancel the download in
   * Firefox), and no timer outlives the call.
   */
  async function download(file: File): Promise<SaveVia> {
    const href = URL.createObjectURL(file)
    const a = document.createElement('a')
    a.href = href
    a.download = file.name
    a.rel = 'noopener'
    a.style.display = 'none'
    // In the document: Firefox ignores a click on a detached link.
    document.body.appendChild(a)
    try {
      a.click()
      await new Promise((next) => setTimeout(next, 0))
    } finally {
      a.remove()
      URL.revokeObjectURL(href)
    }
    return 'download'
  }

  /**
   * A full-screen overlay with the image and LONG_PRESS_HINT, closed by a tap (or Escape). The
   * image is a `data:` URL, not an object URL: the long-press "save image" of Android WebViews and
   * of in-app browsers on iOS cannot read `blob:` URLs. So the overlay leaves nothing to revoke;
   * closing it removes the element and its listeners, and no timer runs meanwhile. Resolves once
   * the image is shown: the person's long-press is not something to wait for (or time out).
   */
  async function longPress(file: File): Promise<SaveVia> {
    closeOverlay?.()
    const src = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader()
      reader.onload = () => resolve(reader.result as string)
      reader.onerror = () => reject(new SaveToAlbumError('SAVE_FAILED', __DEV__ && 'h5: could not read the image to show it', reader.error))
      reader.readAsDataURL(file)
    })
    const overlay = document.createElement('div')
    overlay.setAttribute('data-save-to-album', 'long-press')
    overlay.setAttribute('role', 'dialog')
    overlay.setAttribute('aria-modal', 'true')
    overlay.setAttribute('aria-label', LONG_PRESS_HINT)
    overlay.style.cssText =
      'position:fixed;top:0;left:0;right:0;bottom:0;z-index:2147483647;display:flex;flex-direction:column;' +
      'align-items:center;justify-content:center;gap:16px;background:rgba(0,0,0,.92);padding:24px;box-sizing:border-box'
    const img = document.createElement('img')
    img.src = src
    img.alt = LONG_PRESS_HINT
    // Apps often switch the long-press menu off page-wide; this image needs it.
    img.style.cssText =
      'max-width:100%;max-height:75vh;object-fit:contain;-webkit-touch-callout:default;-webkit-user-select:auto;user-select:auto;pointer-events:auto'
    const hint = document.createElement('p')
    hint.textContent = LONG_PRESS_HINT
    hint.style.cssText = 'margin:0;color:#fff;font-size:16px;text-align:center'
    overlay.append(img, hint)

    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close()
    const close = () => {
      overlay.removeEventListener('click', close)
      document.removeEventListener('keydown', onKey)
      overlay.remove()
      if (closeOverlay === close) closeOverlay = undefined
    }
    overlay.addEventListener('click', close)
    document.addEventListener('keydown', onKey)
    closeOverlay = close
    document.body.appendChild(overlay)
    // An image the page may not show (a Content-Security-Policy without data: in img-src) must
    // not count as handed over.
    if (typeof img.decode === 'function') {
      await img.decode().catch((e) => {
        close()
        throw new SaveToAlbumError('SAVE_FAILED', __DEV__ && 'h5: the browser could not show the image to long-press (does the page\'s Content-Security-Policy allow data: images?)', e)
      })
    }
    return 'long-press'
  }

  /** The `<canvas>` element a target names: the node itself, the one inside Taro's `<Canvas>`, or the one with that canvas id. */
  function canvasOf(target: CanvasTarget): HTMLCanvasElement {
    if ('canvas' in target) {
      const node = target.canvas as HTMLCanvasElement & Partial<Element>
      if (typeof node.toBlob === 'function' || typeof node.toDataURL === 'function') return node
      // Taro's <Canvas> host element (taro-canvas-core) rather than the canvas inside it.
      const inner = typeof node.getElementsByTagName === 'function' ? node.getElementsByTagName('canvas')[0] : undefined
      if (inner) return inner
      throw canvasFailed('{ canvas } is not a canvas node: pass the node createSelectorQuery().select(…).fields({ node: true }) gives for a Canvas type="2d"')
    }
    const { canvasId: id, component } = target
    // Inside a custom component only when it is a DOM element; Taro's H5 <Canvas canvasId="x">
    // renders <taro-canvas-core><canvas canvas-id="x"></taro-canvas-core>, and id="x" does too.
    const root: Document | Element = component && typeof (component as Element).getElementsByTagName === 'function' ? (component as Element) : document
    const canvases = Array.from(root.getElementsByTagName('canvas'))
    const byId = Array.from(root.querySelectorAll('[id]')).find((e) => e.id === id)
    const found =
      canvases.find((c) => c.getAttribute('canvas-id') === id) ||
      (byId && (byId.tagName === 'CANVAS' ? (byId as HTMLCanvasElement) : byId.getElementsByTagName('canvas')[0]))
    if (!found) throw canvasFailed(`canvas "${id}" is not on the page: no <canvas canvas-id="${id}"> (what Taro's <Canvas canvasId="${id}"> renders) and no element with that id`)
    return found
  }

  async function exportCanvas(target: CanvasTarget): Promise<string> {
    const source = canvasOf(target)
    if (!source.width || !source.height) throw canvasFailed('canvas is empty (0×0): give it a size and draw on it before saving')
    const { fileType, quality, destWidth, destHeight } = target
    let canvas = source
    if ((destWidth && destWidth !== source.width) || (destHeight && destHeight !== source.height)) {
      canvas = document.createElement('canvas')
      canvas.width = destWidth || source.width
      canvas.height = destHeight || source.height
      canvas.getContext('2d')!.drawImage(source, 0, 0, canvas.width, canvas.height)
    }
    const blob = await encode(canvas, fileType === 'jpg' ? 'image/jpeg' : 'image/png', quality)
    // The bytes decide the extension: a browser that cannot write JPEG writes PNG instead.
    const format = sniff(new Uint8Array(await blob.slice(0, 12).arrayBuffer()))
    if (!format) throw canvasFailed('the browser exported no image')
    const path = `${DIR}/canvas-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}-${(serial++).toString(36)}.${format}`
    files.set(path, blob)
    return path
  }

  return {
    name: 'h5',
    dir: () => DIR,
    base: () => location.href,
    openSetting: () => Promise.resolve(false),

    download(url, path, onProgress) {
      const ctl = new AbortController()
      const task = (async () => {
        let res: Response
        try {
          res = await fetch(url, { signal: ctl.signal })
        } catch (e) {
          throw fetchFailed(url, e)
        }
        if (!res.ok) {
          // The flow refuses it by its status; the body is not needed.
          res.body?.cancel().catch(() => undefined)
          return { statusCode: res.status, filePath: path }
        }
        files.set(path, await readBody(url, res, onProgress))
        return { statusCode: res.status, filePath: path }
      })()
      return Object.assign(task, { abort: () => ctl.abort() })
    },
    head: async (path) => new Uint8Array(await (await blobAt(path)).slice(0, 12).arrayBuffer()),
    size: async (path) => (await blobAt(path)).size,
    rename: async (from, to) => {
      files.set(to, await blobAt(from))
      files.delete(from)
    },
    write: async (path, base64, mime) => files.set(path, blobOfBase64(base64, mime)),
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
      if (way === 'share' && (await share(file, !!via))) return 'share'
      return download(file)
    },
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

const canvasFailed = (why: string, cause?: unknown) => new SaveToAlbumError('CANVAS_FAILED', __DEV__ && `Exporting the canvas failed: ${why}`, cause)

/** Whether the browser can share this very file (Chrome shares images and videos, not every type). */
function canShare(file: File): boolean {
  try {
    return typeof navigator === 'object' && typeof navigator.share === 'function' && typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] })
  } catch {
    return false
  }
}

/** What a rejected fetch means: an abort, or a network failure. */
function fetchFailed(url: string, e: unknown): SaveToAlbumError {
  if ((e as Error)?.name === 'AbortError') return new SaveToAlbumError('ABORTED', __DEV__ && 'The download was aborted', e)
  return new SaveToAlbumError('DOWNLOAD_FAILED', __DEV__ && `Could not download ${url} (${(e as Error)?.message || e}): ${whyFetchFailed(url)}`, e)
}

/** Why a fetch most likely failed: across origins, most often CORS (development builds only). */
function whyFetchFailed(url: string) {
  const page = location
  const target = new URL(url, page.href)
  let why = 'the network failed (offline, or the server closed the connection)'
  if (page.protocol === 'https:' && target.protocol === 'http:') {
    why = 'an https page may not load http content (mixed content): serve the image over https'
  } else if (target.origin !== page.origin) {
    why =
      `the image is on another origin (${target.origin}) than the page (${page.origin}), so the browser lets the page read it ` +
      `only if the server allows it with CORS: serve the image with the header "Access-Control-Allow-Origin: ${page.origin}" ` +
      '(or "*"), or serve it from the page\'s own origin (a proxy path); if it does, check the host is reachable'
  }
  return why
}

/**
 * Reads a response body chunk by chunk, reporting bytes against Content-Length (`0` while
 * unknown: no header, or a compressed body that outgrew it).
 */
async function readBody(url: string, res: Response, onProgress: (written: number, expected: number) => void): Promise<Blob> {
  const expected = Number(res.headers.get('content-length')) || 0
  if (!res.body) {
    const blob = new Blob([await res.arrayBuffer()], { type: res.headers.get('content-type') || '' })
    onProgress(blob.size, blob.size)
    return blob
  }
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let written = 0
  onProgress(0, expected)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      written += value.byteLength
      onProgress(written, written > expected ? 0 : expected)
    }
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw new SaveToAlbumError('ABORTED', __DEV__ && 'The download was aborted', e)
    throw new SaveToAlbumError('DOWNLOAD_FAILED', __DEV__ && `The download of ${url} broke off after ${written}${expected ? ` of ${expected}` : ''} bytes (${(e as Error)?.message || e})`, e)
  }
  return new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') || '' })
}

/**
 * A Blob from a base64 payload, decoded by the browser's `atob`: a share needs a File, and a
 * `data:` URL as a link fails beyond 2 MB in Chrome.
 */
function blobOfBase64(base64: string, mime: string): Blob {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return new Blob([bytes], { type: mime })
}

/** The canvas as a Blob: `toBlob`, or `toDataURL` where the browser lacks it; a tainted canvas says why. */
function encode(canvas: HTMLCanvasElement, mime: string, quality?: number): Promise<Blob> {
  return new Promise<Blob>((resolve, reject) => {
    if (typeof canvas.toBlob === 'function') {
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(canvasFailed('the browser could not encode the canvas (too large?)'))), mime, quality)
    } else {
      const url = canvas.toDataURL(mime, quality)
      const comma = url.indexOf(',')
      resolve(blobOfBase64(url.slice(comma + 1), url.slice(5, url.indexOf(';'))))
    }
  }).catch((e) => {
    if (e instanceof SaveToAlbumError) throw e
    throw canvasFailed(
      (e as Error)?.name === 'SecurityError'
        ? 'the canvas is tainted by a cross-origin image: load its images with crossOrigin="anonymous" from a server that sends Access-Control-Allow-Origin'
        : `${(e as Error)?.message || e}`,
      e,
    )
  })
}
