import { SaveToAlbumError } from '../errors'
import type { CanvasExport, CanvasTarget } from '../platform/types'
import { base64Head, isVideo, sniff, type ImageFormat } from './image'
import { normalHost, webUrl } from './url'

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

/**
 * A source once checked: what the flow does with it. `video` marks a video URL or path.
 *
 * @example
 * const parsed: ParsedSource = { kind: 'url', url: 'https://cdn.test/a.png' }
 */
export type ParsedSource =
  | { kind: 'url'; url: string; video?: true }
  | { kind: 'base64'; payload: string; format: ImageFormat }
  | { kind: 'local'; path: string; video?: true }
  | { kind: 'canvas'; target: CanvasTarget }

/**
 * 10 MiB: a large poster is 1–3 MiB; ByteDance's whole user folder is 10 MB.
 *
 * @example
 * parseSource({ base64 }, { maxBytes: DEFAULT_MAX_BYTES * 2 })
 */
export const DEFAULT_MAX_BYTES = 10 << 20
/**
 * 100 MiB: a minute of 1080p phone video, half of WeChat's 200 MB file storage.
 *
 * @example
 * const cap = options.maxBytes ?? DEFAULT_MAX_VIDEO_BYTES
 */
export const DEFAULT_MAX_VIDEO_BYTES = 100 << 20

const MAX_URL = 8192
// Alipay names its temporary files https://resource/….image and its user folder https://usr/;
// the HarmonyOS shell (harmony-hybrid) its sandbox internal://files/ and internal://cache/.
const LOCAL = /^((wx|tt|bd|qq|jd)file|internal):\/\/|^https?:\/\/(tmp|usr|resource)\/|^blob:/i
const DATA = /^data:([\w.+-]+)\/([\w.+-]+)(?:;[\w-]+=[^;,]*)*;base64,/i
// A character outside the alphabet: a negated class finds one in a 10 MB payload 5× faster than
// an anchored match of the whole does (~16 ms, not ~85, of a web page's main thread).
const NOT_BASE64 = /[^A-Za-z0-9+/=]/
const FORMATS = ['png', 'jpg', 'jpeg', 'gif', 'webp']
// 1 Mi characters (768 KiB decoded): scanned in ~1 ms, so a payload up to it is checked at once.
const LARGE_PAYLOAD = 1 << 20
// Anything before a colon that comes before any slash reads as a scheme, valid or not.
const SCHEME = /^[^:/]{1,16}:/

/** Refuses the source with INVALID_SOURCE unless `ok`; in development the message says why. */
function check(ok: unknown, why: string | false): asserts ok {
  if (!ok) throw new SaveToAlbumError('INVALID_SOURCE', __DEV__ && `Invalid source: ${why}`)
}

/** Refuses the source with UNSUPPORTED_FORMAT unless `ok`; in development the message names the format. */
function checkFormat(ok: unknown, what: string | false): asserts ok {
  if (!ok) throw new SaveToAlbumError('UNSUPPORTED_FORMAT', __DEV__ && `Unsupported format: ${what}; the album takes PNG, JPEG, GIF or WebP`)
}

/**
 * Checks a source before anything touches the platform, so refused input makes no platform
 * call at all. Throws SaveToAlbumError (INVALID_SOURCE, UNSUPPORTED_FORMAT, TOO_LARGE).
 *
 * @example
 * parseSource(' https://cdn.test/a.png ') // { kind: 'url', url: 'https://cdn.test/a.png' }
 * parseSource({ video: 'wxfile://tmp_1.mp4' }) // { kind: 'local', path: 'wxfile://tmp_1.mp4', video: true }
 * parseSource('ftp://cdn.test/a.png') // throws INVALID_SOURCE
 */
export function parseSource(
  source: unknown,
  options: { maxBytes?: number; allowedHosts?: string[]; userDir?: string; base?: string; writeChecks?: boolean } = {},
): ParsedSource {
  const { maxBytes = DEFAULT_MAX_BYTES, allowedHosts, userDir, base, writeChecks } = options
  if (source && typeof source === 'object' && !Array.isArray(source)) {
    // Own properties only: a field inherited from an odd prototype is not what the caller passed.
    const own = (key: string) => ({}).hasOwnProperty.call(source, key)
    const { base64, format, video, canvas, canvasId } = source as Record<string, unknown>
    if (own('video')) {
      const parsed = typeof video === 'string' && parseSource(video, options)
      check(parsed && parsed.kind !== 'base64', __DEV__ && `{ video } must be a URL or a local path${parsed ? ', not a data: URL' : ''}`)
      return { ...parsed, video: true } as ParsedSource
    }
    const byNode = own('canvas')
    if (byNode || own('canvasId')) {
      check(
        byNode ? canvas && typeof canvas === 'object' : canvasId && typeof canvasId === 'string',
        __DEV__ && (byNode
          ? '{ canvas } must be the node of a Canvas type="2d"; the selector query found none (not rendered yet, or inside a custom component: query with .in(component))'
          : '{ canvasId } must be a non-empty string'),
      )
      const { fileType, quality } = source as CanvasExport
      checkFormat(fileType === undefined || fileType === 'png' || fileType === 'jpg', __DEV__ && `fileType "${String(fileType).slice(0, 20)}"; use png or jpg`)
      check(quality === undefined || (quality >= 0 && quality <= 1), __DEV__ && 'quality must be between 0 and 1')
      return { kind: 'canvas', target: source as CanvasTarget }
    }
    check(typeof base64 === 'string' && own('base64'), __DEV__ && 'expected a string, { base64 }, { canvas }, { canvasId } or { video }')
    if (DATA.test(base64)) return parseSource(base64, { maxBytes, writeChecks })
    checkFormat(format === undefined || FORMATS.includes(format as string), __DEV__ && `format "${String(format).slice(0, 20)}"`)
    return payloadOf(base64, maxBytes, writeChecks)
  }
  check(
    typeof source === 'string',
    __DEV__ && `expected a string or a source object, got ${source === null ? 'null' : Array.isArray(source) ? 'an array' : typeof source}`,
  )
  const s = source.trim()
  const data = DATA.exec(s)
  if (data) {
    const [prefix, type, subtype] = data
    check(/^image$/i.test(type), __DEV__ && `"${type}/${subtype}" is not an image type`.toLowerCase())
    checkFormat(FORMATS.includes(subtype.toLowerCase()), __DEV__ && `image/${subtype.toLowerCase()}`)
    return payloadOf(s.slice(prefix.length), maxBytes, writeChecks)
  }
  check(s && !/[\0-\x1f\x7f]/.test(s), __DEV__ && (s ? 'control characters in the string' : 'empty string'))
  if ((userDir && s.startsWith(`${userDir}/`)) || LOCAL.test(s)) {
    check(!/\/\.\.(\/|$)/.test(s), __DEV__ && '".." in a local path')
    return { kind: 'local', path: s }
  }
  // Relative: an imported asset on H5 is "/static/…". A page resolves it; a mini program has none.
  // Resolved once: what the page makes of it is checked as it stands (a scheme too long to read
  // as one stays unresolved rather than resolving again and again).
  if (base && !SCHEME.test(s)) {
    let resolved: string | undefined
    try {
      resolved = new URL(s, base).href
    } catch {
      // The page's URL parser throws a TypeError ("//[bad"): nothing there to fetch.
    }
    check(resolved, __DEV__ && `a malformed URL (the page cannot resolve "${s.slice(0, 40)}")`)
    return parseSource(resolved, { ...options, base: undefined })
  }
  // Checked as it will be sent: the host mapped, the rest percent-encoded.
  const web = s.length <= MAX_URL && webUrl(s)
  check(
    web && web.url.length <= MAX_URL && (!allowedHosts || allowedHosts.some((host) => normalHost(host) === web.host)),
    __DEV__ && urlProblem(s, web && web.url),
  )
  return { kind: 'url', url: web.url }
}

/** Development only: which rule a refused URL broke, checked in the order a person fixes them. */
function urlProblem(s: string, sent: string | false | undefined): string {
  if (/^data:/i.test(s)) return 'a data: URL must be data:image/…;base64,…'
  const scheme = SCHEME.exec(s)
  if (s.startsWith('//')) return 'a protocol-relative URL ("//host/…"); add "https:" in front'
  if (!scheme && s.startsWith('/')) return 'a root-relative path ("/…") is a page asset, and a mini program has no page to resolve it against; pass a full https:// URL or a local file path'
  const authority = /^https?:\/\/([^/?#\\]*)/i.exec(s)?.[1]
  if (authority === undefined) return scheme ? `unsupported scheme "${scheme[0]}"; use http(s), data:image or a local path` : 'a relative path; pass a full https:// URL, a data:image URL or a local file path'
  if (authority.includes('@')) return 'credentials in the URL'
  const host = authority.replace(/:\d*$/, '')
  if (!normalHost(host)) return `malformed host "${host.slice(0, 40)}"`
  if (s.includes('\\')) return 'a backslash in the URL'
  if (s.length > MAX_URL || (sent && sent.length > MAX_URL)) return `URL longer than ${MAX_URL} characters once encoded`
  if (!sent) return 'a malformed URL (a lone surrogate, or a port that is not a number)'
  return `host "${normalHost(host)}" is not in allowedHosts`
}

/** Base64 letters, with "=" only padding the end, at most twice (`indexOf` scans as fast as memchr). */
const isBase64 = (payload: string, pad = payload.indexOf('=')) =>
  !!payload && !NOT_BASE64.test(payload) && (pad < 0 || (pad >= payload.length - 2 && payload.endsWith('=')))

/** Decoded bytes of a payload of whole quads: "=" pads only the end, at most twice, each one a byte less. */
const bytesOf = (payload: string) => (payload.length / 4) * 3 - payload.slice(-2).split('=').length + 1

/**
 * A base64 payload as the flow writes it. Where the platform's write checks the payload itself
 * (`writeChecks`: H5, off the page's main thread), a large one is checked here only at its ends
 * (length, head, size): a scan of 10 MB held the page 16–50 ms. One with white space in its
 * head, or too large as it stands, is checked here whole.
 */
function payloadOf(payload: string, maxBytes: number, writeChecks?: boolean): ParsedSource {
  const leftToWrite = writeChecks && payload.length > LARGE_PAYLOAD && !(payload.length % 4) && !/\s/.test(payload.slice(0, 16)) && bytesOf(payload) <= maxBytes
  // One scan in the usual case; only a line-wrapped payload is copied without its white space.
  check(
    leftToWrite || ((isBase64(payload) || isBase64((payload = payload.replace(/\s+/g, '')))) && !(payload.length % 4)),
    __DEV__ && (payload ? 'malformed base64' : 'empty base64 payload'),
  )
  const bytes = bytesOf(payload)
  if (bytes > maxBytes) {
    throw new SaveToAlbumError('TOO_LARGE', __DEV__ && `Image is ${bytes} bytes, over maxBytes (${maxBytes})`)
  }
  const format = sniff(base64Head(payload))
  checkFormat(format && !isVideo(format), __DEV__ && 'the payload is not a PNG, JPEG, GIF or WebP image')
  return { kind: 'base64', payload, format }
}
