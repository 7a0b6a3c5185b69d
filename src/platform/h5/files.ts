import { SaveToAlbumError } from '../../errors'
import { sniff } from '../../core/image'
import type { CanvasTarget, Task } from '../types'

/** The folder of the in-memory blob store. */
export const DIR = 'h5:'
const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
}

/**
 * The files of the H5 adapter: Blobs in memory under `h5:` paths, read back as typed Files, and
 * canvases exported into them. A factory, so that nothing exists before the adapter does.
 *
 * @example
 * const store = blobStore(new Map())
 * const file = await store.fileAt(await store.exportCanvas({ canvas: node }))
 */
export function blobStore(files: Map<string, Blob>) {
  let serial = 0

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
    let ext: string | undefined = (/\.(\w+)$/.exec(name.toLowerCase()) || [])[1]
    if (!ext || !MIME[ext]) {
      ext = sniff(new Uint8Array(await blob.slice(0, 12).arrayBuffer()))
      if (ext) name += `.${ext}`
    }
    return new File([blob], name, { type: (ext && MIME[ext]) || blob.type })
  }

  /**
   * Exports a canvas into the store. A run that drops the export (a timeout or an abort while
   * the canvas encodes) calls `abort`: the Blob is not kept when it arrives, nor after.
   */
  function exportCanvas(target: CanvasTarget): Task<string> {
    let dropped = false
    let path = ''
    const task = encodeInto(target, (p) => !dropped && ((path = p), true))
    return Object.assign(task, { abort: () => void ((dropped = true), files.delete(path)) })
  }

  /** Encodes the canvas and stores it, unless `keep(path)` says the run no longer wants it. */
  async function encodeInto(target: CanvasTarget, keep: (path: string) => boolean): Promise<string> {
    const source = canvasOf(target)
    if (!source.width || !source.height) throw canvasFailed(__DEV__ && 'canvas is empty (0×0): give it a size and draw on it before saving')
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
    if (!format) throw canvasFailed(__DEV__ && 'the browser exported no image')
    const path = `${DIR}/canvas-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}-${(serial++).toString(36)}.${format}`
    if (!keep(path)) throw new SaveToAlbumError('ABORTED', __DEV__ && 'The canvas export was dropped')
    files.set(path, blob)
    return path
  }

  return { blobAt, fileAt, exportCanvas }
}

/** CANVAS_FAILED; `why` written `__DEV__ && '…'`, so production builds drop it. */
const canvasFailed = (why: string | false, cause?: unknown) => new SaveToAlbumError('CANVAS_FAILED', __DEV__ && `Exporting the canvas failed: ${why}`, cause)

/** The `<canvas>` element a target names: the node itself, the one inside Taro's `<Canvas>`, or the one with that canvas id. */
function canvasOf(target: CanvasTarget): HTMLCanvasElement {
  if ('canvas' in target) {
    const node = target.canvas as HTMLCanvasElement & Partial<Element>
    if (typeof node.toBlob === 'function' || typeof node.toDataURL === 'function') return node
    // Taro's <Canvas> host element (taro-canvas-core) rather than the canvas inside it.
    const inner = typeof node.getElementsByTagName === 'function' ? node.getElementsByTagName('canvas')[0] : undefined
    if (inner) return inner
    throw canvasFailed(__DEV__ && '{ canvas } is not a canvas node: pass the node createSelectorQuery().select(…).fields({ node: true }) gives for a Canvas type="2d"')
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
  if (!found) throw canvasFailed(__DEV__ && `canvas "${id}" is not on the page: no <canvas canvas-id="${id}"> (what Taro's <Canvas canvasId="${id}"> renders) and no element with that id`)
  return found
}

/**
 * A Blob of a base64 payload, or `null` for a malformed one (the core's rules: the white space
 * out, the alphabet, "=" only padding the end, whole quads): `Uint8Array.fromBase64` where the
 * browser has it (Chrome 140, Safari 18.2, Firefox 133), else `atob`. A share needs a File, and
 * a `data:` URL as a link fails beyond 2 MB in Chrome. Self-contained: it also runs as a
 * worker's script (`blobOfBase64`).
 */
// Stryker disable all: its source is the worker's script, which must not call Stryker's instrumentation.
const decode = (base64: string, mime: string) => {
  const payload = base64.replace(/\s+/g, '')
  if (payload.length % 4 || /[^A-Za-z0-9+/=]|=[^=]|===/.test(payload)) return null
  const native = (Uint8Array as { fromBase64?: (s: string) => Uint8Array }).fromBase64
  return new Blob([(native ? native(payload) : Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))) as BlobPart], { type: mime })
}
// Stryker restore all

/**
 * Resolves in a task of its own: the page paints and answers between two pieces of work.
 *
 * @example
 * await nextTask()
 */
export const nextTask = () => new Promise((next) => setTimeout(next))

/** Characters posted to the worker per task: copying 10 MB in one message held the page ~10 ms. */
const SLICE = 0x200000

/**
 * A Blob of a base64 payload, checked and decoded in a worker, off the page's main thread (a
 * 10 MB image decoded there held it ~200 ms in one long task, and its check 16–50 ms); in the
 * page itself where there is no worker (a Content-Security-Policy without `worker-src blob:`).
 * The payload goes to the worker a slice per task; the worker ends once it has answered. A
 * malformed payload is refused with INVALID_SOURCE.
 *
 * @example
 * blobOfBase64('iVBORw0KGgo=', 'image/png').then((blob) => blob.size) // 8
 */
export async function blobOfBase64(base64: string, mime: string): Promise<Blob> {
  let blob: Blob | null
  try {
    blob = await new Promise<Blob | null>((resolve, reject) => {
      const script = URL.createObjectURL(new Blob([`let s='';self.onmessage=e=>typeof e.data=='string'?s+=e.data:postMessage((${decode})(s,e.data[0]))`], { type: 'text/javascript' }))
      const end = () => {
        worker.terminate()
        URL.revokeObjectURL(script)
      }
      let worker: Worker
      try {
        worker = new Worker(script)
      } catch (e) {
        URL.revokeObjectURL(script)
        throw e
      }
      worker.onmessage = (e) => (end(), resolve(e.data))
      worker.onerror = (e) => (end(), reject(e))
      void (async () => {
        // A task of its own for each slice, the first after the flow's own work on the string.
        for (let at = 0; ; at += SLICE) {
          await nextTask()
          if (at >= base64.length) return worker.postMessage([mime])
          worker.postMessage(base64.slice(at, at + SLICE))
        }
      })()
    })
  } catch {
    blob = decode(base64, mime)
  }
  if (!blob) throw new SaveToAlbumError('INVALID_SOURCE', __DEV__ && 'Invalid source: malformed base64')
  return blob
}

/** The canvas as a Blob: `toBlob`, or `toDataURL` where the browser lacks it; a tainted canvas says why. */
function encode(canvas: HTMLCanvasElement, mime: string, quality?: number): Promise<Blob> {
  return new Promise<Blob>((resolve, reject) => {
    if (typeof canvas.toBlob === 'function') {
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(canvasFailed(__DEV__ && 'the browser could not encode the canvas (too large?)'))), mime, quality)
    } else {
      const url = canvas.toDataURL(mime, quality)
      resolve(blobOfBase64(url.slice(url.indexOf(',') + 1), url.slice(5, url.indexOf(';'))))
    }
  }).catch((e) => {
    if (e instanceof SaveToAlbumError) throw e
    throw canvasFailed(
      __DEV__ && ((e as Error)?.name === 'SecurityError'
        ? 'the canvas is tainted by a cross-origin image: load its images with crossOrigin="anonymous" from a server that sends Access-Control-Allow-Origin'
        : `${(e as Error)?.message || e}`),
      e,
    )
  })
}
