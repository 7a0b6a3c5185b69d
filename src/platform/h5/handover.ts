import { SaveToAlbumError } from '../../errors'
import type { Gathering, MediaKind, SaveVia } from '../types'
import { nextTask } from './files'

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

/**
 * Ms a download's object URL stays readable after its click: long enough for a browser that
 * reads the file late (FileSaver.js waits 40 s for WebKit and Android WebViews), bounded so that
 * no file is held for the page's life.
 *
 * @example
 * setTimeout(() => URL.revokeObjectURL(href), REVOKE_AFTER)
 */
export const REVOKE_AFTER = 40_000

/**
 * The ways a browser hands a file to the person: a download, the share sheet, or an overlay to
 * long-press, chosen by `wayFor` where the app forces none. A factory: the overlay is one per
 * adapter.
 *
 * @example
 * const { wayFor, download } = handover()
 * if (wayFor(file, 'image') === 'download') await download(file)
 */
export function handover() {
  // Object URLs of downloads, oldest first, and the one timer that revokes them when due.
  const revoking: { href: string; at: number }[] = []
  let revokeTimer: ReturnType<typeof setTimeout> | undefined
  // The long-press overlay while it is open.
  let overlay: { images: HTMLElement; close(): void } | undefined

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
    const app = inAppBrowser()
    if (app) {
      if (kind === 'image') return 'long-press'
      if (canShare([file])) return 'share'
      throw new SaveToAlbumError(
        'UNSUPPORTED_PLATFORM',
        __DEV__ &&
        `h5: this in-app browser (${app}) ignores downloads and offers no way to save a video from a page; ` +
          'ask the person to open the page in their browser (⋯ → 在浏览器打开 / Open in browser)',
      )
    }
    return touchFirst() && canShare([file]) ? 'share' : 'download'
  }

  /** Opens the share sheet; `true` once shared, `false` to fall back to a download (only when the way was not forced). */
  async function share(files: File[], forced: boolean): Promise<boolean> {
    if (!canShare(files)) {
      if (!forced) return false
      throw new SaveToAlbumError('SAVE_FAILED', __DEV__ && `h5: this browser cannot share ${files.map((f) => f.type || '?').join(', ')} files (navigator.canShare({ files }) is false or missing); use via 'download'`)
    }
    try {
      // Files only: a title or text next to them hides "Save Image" in some share sheets.
      await navigator.share({ files })
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
   * A batch's files shared together, where a batch would otherwise share (a touch screen whose
   * browser shares files, outside in-app browsers; or `via: 'share'`): a share sheet opens only
   * shortly after a tap, once, so one sheet must carry them all. Each item holds its file; at
   * `flush` the files the browser can share go in one sheet, in order, and any it cannot share
   * (or all of them, when the sheet will not open and share was not forced) download in a row.
   * `undefined` where each file goes alone: downloads in a row on a desktop, and in an in-app
   * browser the long-press overlay, which gathers the images by itself.
   */
  function gather(via: SaveVia | undefined, fileAt: (path: string) => Promise<File>): Gathering | undefined {
    if (via ? via !== 'share' : inAppBrowser() || !touchFirst() || !canShare()) return undefined
    const forced = !!via
    let held: { file: Promise<File>; resolve(via: SaveVia): void; reject(e: unknown): void }[] = []
    return {
      hold: (path) =>
        new Promise<SaveVia>((resolve, reject) => {
          const file = fileAt(path)
          // Read now, awaited at flush; a batch dropped meanwhile must not leave it unhandled.
          file.catch(() => undefined)
          held.push({ file, resolve, reject })
        }),
      async flush() {
        const items = held
        held = []
        const ready: { file: File; resolve(via: SaveVia): void; reject(e: unknown): void }[] = []
        for (const item of items) await item.file.then((file) => ready.push({ ...item, file }), item.reject)
        const shareable = ready.filter(({ file }) => forced || canShare([file]))
        // true: shared; false: not opened, so downloaded instead; null: dismissed or refused.
        const shared = !shareable.length
          ? false
          : await share(shareable.map(({ file }) => file), forced).catch((e) => (shareable.forEach(({ reject }) => reject(e)), null))
        for (const item of ready) {
          if (shared === false || !shareable.includes(item)) await download(item.file).then(item.resolve, item.reject)
          else if (shared) item.resolve('share')
        }
      },
      abort() {
        const dropped = held
        held = []
        dropped.forEach(({ reject }) => reject(new SaveToAlbumError('ABORTED', __DEV__ && 'The batch was aborted before its files were shared')))
        return dropped.length > 0
      },
    }
  }

  /**
   * Clicks an `<a download>` for an object URL and hands the URL to `revokeLater`: the browser
   * reads the file after the click, WebKit and some Android WebViews long after, so revoking it
   * at once can leave a large image or video empty. The link goes one task after the click
   * (Firefox ignores a click on a detached link, and may cancel one whose link went within it).
   */
  async function download(file: File): Promise<SaveVia> {
    const href = URL.createObjectURL(file)
    const a = document.createElement('a')
    a.href = href
    a.download = file.name
    a.rel = 'noopener'
    a.style.display = 'none'
    document.body.appendChild(a)
    try {
      a.click()
      await nextTask()
    } finally {
      a.remove()
      revokeLater(href)
    }
    return 'download'
  }

  /**
   * Revokes `href` REVOKE_AFTER ms from now. One timer serves every URL waiting, set for the
   * first due and then for the next, so downloads in a row add no timers, and it ends by itself
   * once the last URL is revoked: nothing is held beyond REVOKE_AFTER.
   */
  function revokeLater(href: string) {
    revoking.push({ href, at: Date.now() + REVOKE_AFTER })
    if (!revokeTimer) revokeNext()
  }

  function revokeNext() {
    revokeTimer = setTimeout(() => {
      revokeTimer = undefined
      const now = Date.now()
      while (revoking.length && revoking[0].at <= now) URL.revokeObjectURL(revoking.shift()!.href)
      if (revoking.length) revokeNext()
    }, Math.max(0, revoking[0].at - Date.now()))
  }

  /**
   * A full-screen overlay with the image and LONG_PRESS_HINT, closed by a tap (or Escape). An
   * overlay still open takes the next image beside the ones it shows instead of closing: a batch
   * (`saveAll`) gives the person one scrollable overlay holding every image, each to long-press
   * (an overlay per image would close the previous one, and keep only the last). Once closed,
   * the next save opens a new one. The image is a `data:` URL, not an object URL: the long-press
   * "save image" of Android WebViews and of in-app browsers on iOS cannot read `blob:` URLs. So the
   * overlay leaves nothing to revoke; closing it removes the element and its listeners, and no
   * timer runs meanwhile. Resolves once the image is shown: the person's long-press is not
   * something to wait for (or time out).
   */
  async function longPress(file: File): Promise<SaveVia> {
    const src = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader()
      reader.onload = () => resolve(reader.result as string)
      reader.onerror = () => reject(new SaveToAlbumError('SAVE_FAILED', __DEV__ && 'h5: could not read the image to show it', reader.error))
      reader.readAsDataURL(file)
    })
    const img = document.createElement('img')
    img.src = src
    img.alt = LONG_PRESS_HINT
    // Apps often switch the long-press menu off page-wide; this image needs it.
    img.style.cssText =
      'max-width:100%;max-height:75vh;object-fit:contain;-webkit-touch-callout:default;-webkit-user-select:auto;user-select:auto;pointer-events:auto'
    const shown = overlay || openOverlay()
    shown.images.append(img)
    // An image the page may not show (a Content-Security-Policy without data: in img-src) must
    // not count as handed over.
    if (typeof img.decode === 'function') {
      await img.decode().catch((e) => {
        img.remove()
        if (!shown.images.childElementCount) shown.close()
        throw new SaveToAlbumError('SAVE_FAILED', __DEV__ && 'h5: the browser could not show the image to long-press (does the page\'s Content-Security-Policy allow data: images?)', e)
      })
    }
    return 'long-press'
  }

  /** Opens the overlay, empty: LONG_PRESS_HINT on top, the images below it, scrolling when they outgrow the screen. */
  function openOverlay() {
    const element = document.createElement('div')
    element.setAttribute('data-save-to-album', 'long-press')
    element.setAttribute('role', 'dialog')
    element.setAttribute('aria-modal', 'true')
    element.setAttribute('aria-label', LONG_PRESS_HINT)
    element.style.cssText =
      'position:fixed;top:0;left:0;right:0;bottom:0;z-index:2147483647;display:flex;overflow-y:auto;' +
      '-webkit-overflow-scrolling:touch;background:rgba(0,0,0,.92);padding:24px;box-sizing:border-box'
    // Centred while the images fit, scrolled from the top once they do not (a centred flex box
    // would cut the first ones off).
    const column = document.createElement('div')
    column.style.cssText = 'margin:auto;display:flex;flex-direction:column;align-items:center;gap:16px;max-width:100%'
    const hint = document.createElement('p')
    hint.textContent = LONG_PRESS_HINT
    hint.style.cssText = 'margin:0;color:#fff;font-size:16px;text-align:center'
    const images = document.createElement('div')
    images.style.cssText = 'display:flex;flex-direction:column;align-items:center;gap:16px;max-width:100%'
    column.append(hint, images)
    element.append(column)

    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close()
    const close = () => {
      element.removeEventListener('click', close)
      document.removeEventListener('keydown', onKey)
      element.remove()
      if (overlay === opened) overlay = undefined
    }
    element.addEventListener('click', close)
    document.addEventListener('keydown', onKey)
    document.body.appendChild(element)
    const opened = { images, close }
    return (overlay = opened)
  }

  return { wayFor, share, download, longPress, gather }
}

/** Whether the browser can share these very files (Chrome shares images and videos, not every type); with none, whether it can share files at all. */
function canShare(files?: File[]): boolean {
  try {
    return typeof navigator === 'object' && typeof navigator.share === 'function' && typeof navigator.canShare === 'function' && (!files || navigator.canShare({ files }))
  } catch {
    return false
  }
}

/** The in-app browser the page is in (its name in the user agent), if any. */
function inAppBrowser(): string | undefined {
  return (IN_APP_BROWSERS.exec(typeof navigator === 'object' ? navigator.userAgent || '' : '') || [])[0]
}

/** Whether the primary pointer is a finger. */
const touchFirst = () => typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches
