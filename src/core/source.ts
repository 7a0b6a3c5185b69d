import { SaveToAlbumError } from '../errors'
import type { CanvasExport, CanvasTarget } from '../platform/types'
import { base64Head, isVideo, sniff, type ImageFormat } from './image'

/**
 * What can be saved: an image as an `http(s)` URL, a `data:image/…;base64,` URL, a local file
 * path (`wxfile://`, `http://tmp/`, `http://usr/`, `ttfile://`) or a bare base64 payload; a
 * canvas, by its `Canvas type="2d"` node or its `canvasId`, with the export's settings; or a
 * video, by URL or local path.
 *
 * @example
 * save('https://cdn.example.com/poster.png')
 * save(canvas.toDataURL('image/png'))
 * save({ base64: bare, format: 'jpg' })
 * save(tempFilePath) // e.g. from chooseImage
 * save({ canvas: node, fileType: 'jpg', quality: 0.9 })
 * save({ canvasId: 'poster', component: this })
 * save({ video: 'https://cdn.example.com/clip.mp4' })
 */
export type SaveSource =
  | string
  | { base64: string; format?: 'png' | 'jpg' | 'jpeg' | 'gif' | 'webp' }
  | (CanvasExport & { canvas: object })
  | (CanvasExport & { canvasId: string; component?: object })
  | { video: string }

/** A source once checked: what the flow does with it. `video` marks a video URL or path. */
export type ParsedSource =
  | { kind: 'url'; url: string; video?: true }
  | { kind: 'base64'; payload: string; format: ImageFormat }
  | { kind: 'local'; path: string; video?: true }
  | { kind: 'canvas'; target: CanvasTarget }

/** 10 MiB: a large poster is 1–3 MiB; ByteDance's whole user folder is 10 MB. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024
/** 100 MiB: a minute of 1080p phone video, half of WeChat's 200 MB file storage. */
export const DEFAULT_MAX_VIDEO_BYTES = 100 * 1024 * 1024

const MAX_URL = 8192
// Alipay names its temporary files https://resource/….image and its user folder https://usr/.
const LOCAL = /^(wxfile|ttfile|bdfile|qqfile|jdfile):\/\/|^https?:\/\/(tmp|usr|resource)\/|^blob:/i
const DATA = /^data:([\w.+-]+\/[\w.+-]+)((?:;[\w-]+=[^;,]*)*);base64,/i
const MIMES = ['image/png', 'image/jpeg', 'image/jpg', 'image/gif', 'image/webp']

const invalid = (why: string) => new SaveToAlbumError('INVALID_SOURCE', `Invalid source: ${why}`)
const unsupported = (what: string) =>
  new SaveToAlbumError('UNSUPPORTED_FORMAT', `Unsupported format: ${what}; the album takes PNG, JPEG, GIF or WebP`)

/**
 * Checks a source before anything touches the platform, so refused input makes no platform
 * call at all. Throws SaveToAlbumError (INVALID_SOURCE, UNSUPPORTED_FORMAT, TOO_LARGE).
 */
export function parseSource(
  source: unknown,
  options: { maxBytes?: number; allowedHosts?: string[]; userDir?: string; base?: string } = {},
): ParsedSource {
  const { maxBytes = DEFAULT_MAX_BYTES, allowedHosts, userDir, base } = options
  if (source && typeof source === 'object' && !Array.isArray(source)) {
    // Own properties only: a field inherited from an odd prototype is not what the caller passed.
    const own = (key: string) => Object.prototype.hasOwnProperty.call(source, key)
    const { base64, format, video, canvas, canvasId } = source as Record<string, unknown>
    if (own('video')) {
      if (typeof video !== 'string') throw invalid('{ video } must be a URL or a local path')
      const parsed = parseSource(video, options)
      if (parsed.kind === 'base64') throw invalid('{ video } must be a URL or a local path, not a data: URL')
      return { ...parsed, video: true } as ParsedSource
    }
    if (own('canvas') || own('canvasId')) {
      if (own('canvas') ? !canvas || typeof canvas !== 'object' : typeof canvasId !== 'string' || !canvasId) {
        throw invalid(own('canvas')
          ? '{ canvas } must be the node of a Canvas type="2d"; the selector query found none (not rendered yet, or inside a custom component: query with .in(component))'
          : '{ canvasId } must be a non-empty string')
      }
      const { fileType, quality } = source as CanvasExport
      if (fileType !== undefined && fileType !== 'png' && fileType !== 'jpg') throw unsupported(`fileType "${String(fileType).slice(0, 20)}"; use png or jpg`)
      if (quality !== undefined && !(quality >= 0 && quality <= 1)) throw invalid('quality must be between 0 and 1')
      return { kind: 'canvas', target: source as CanvasTarget }
    }
    if (typeof base64 !== 'string' || !own('base64')) {
      throw invalid('expected a string, { base64 }, { canvas }, { canvasId } or { video }')
    }
    if (DATA.test(base64)) return parseSource(base64, { maxBytes })
    if (format !== undefined && !['png', 'jpg', 'jpeg', 'gif', 'webp'].includes(format as string)) {
      throw unsupported(`format "${String(format).slice(0, 20)}"`)
    }
    return payloadOf(base64, maxBytes)
  }
  if (typeof source !== 'string') {
    throw invalid(`expected a string or a source object, got ${source === null ? 'null' : Array.isArray(source) ? 'an array' : typeof source}`)
  }
  const s = source.trim()
  if (!s) throw invalid('empty string')
  const data = DATA.exec(s)
  if (data) {
    const mime = data[1].toLowerCase()
    if (mime.startsWith('image/') && !MIMES.includes(mime)) throw unsupported(mime)
    if (!MIMES.includes(mime)) throw invalid(`"${mime}" is not an image type`)
    return payloadOf(s.slice(data[0].length), maxBytes)
  }
  if (/[\u0000-\u001f\u007f]/.test(s)) throw invalid('control characters in the string')
  if ((userDir && s.startsWith(`${userDir}/`)) || LOCAL.test(s)) {
    if (/\/\.\.(\/|$)/.test(s)) throw invalid('".." in a local path')
    return { kind: 'local', path: s }
  }
  if (/^data:/i.test(s)) throw invalid('a data: URL must be data:image/…;base64,…')
  // Anything before a colon that comes before any slash reads as a scheme, valid or not.
  const scheme = /^[^:/]{1,16}:/.exec(s)
  // Relative: an imported asset on H5 is "/static/…". A page resolves it; a mini program has none.
  if (!scheme && base) return parseSource(new URL(s, base).href, options)
  if (s.startsWith('//')) throw invalid('a protocol-relative URL ("//host/…"); add "https:" in front')
  if (!scheme && s.startsWith('/')) throw invalid('a root-relative path ("/…") is a page asset, and a mini program has no page to resolve it against; pass a full https:// URL or a local file path')
  const url = /^https?:\/\/([^/?#\\]*)/i.exec(s)
  if (!url) throw invalid(scheme ? `unsupported scheme "${scheme[0]}"; use http(s), data:image or a local path` : 'a relative path; pass a full https:// URL, a data:image URL or a local file path')
  const authority = url[1]
  if (authority.includes('@')) throw invalid('credentials in the URL')
  const host = authority.replace(/:\d*$/, '').toLowerCase()
  if (!/^(\[[\d:a-f.]+\]|[a-z\d](?:[a-z\d.-]*[a-z\d])?)$/.test(host)) throw invalid('malformed host')
  // Browsers read "\\" as "/", so the host they reach could differ from the one checked here.
  if (/[\s\\]/.test(s)) throw invalid('whitespace or a backslash in the URL')
  if (s.length > MAX_URL) throw invalid(`URL longer than ${MAX_URL} characters`)
  if (allowedHosts && !allowedHosts.some((h) => h.toLowerCase() === host)) throw invalid(`host "${host}" is not in allowedHosts`)
  return { kind: 'url', url: s }
}

function payloadOf(raw: string, maxBytes: number): ParsedSource {
  const B64 = /^[A-Za-z0-9+/]+={0,2}$/
  // One scan in the usual case; only a line-wrapped payload is copied without its white space.
  const clean = B64.test(raw)
  const payload = clean ? raw : raw.replace(/\s+/g, '')
  if (!payload) throw invalid('empty base64 payload')
  if (payload.length % 4 || (!clean && !B64.test(payload))) throw invalid('malformed base64')
  const bytes = (payload.length / 4) * 3 - (payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0)
  if (bytes > maxBytes) {
    throw new SaveToAlbumError('TOO_LARGE', `Image is ${bytes} bytes, over maxBytes (${maxBytes})`)
  }
  const format = sniff(base64Head(payload))
  if (!format || isVideo(format)) throw unsupported('the payload is not a PNG, JPEG, GIF or WebP image')
  return { kind: 'base64', payload, format }
}
