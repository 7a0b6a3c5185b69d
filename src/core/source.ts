import { SaveToAlbumError } from '../errors'
import { base64Head, sniff, type ImageFormat } from './image'

/**
 * What can be saved: an `http(s)` URL, a `data:image/…;base64,` URL, a local file path
 * (`wxfile://`, `http://tmp/`, `http://usr/`, `ttfile://`), or a bare base64 payload.
 *
 * @example
 * save('https://cdn.example.com/poster.png')
 * save(canvas.toDataURL('image/png'))
 * save({ base64: bare, format: 'jpg' })
 * save(tempFilePath) // e.g. from chooseImage
 */
export type SaveSource = string | { base64: string; format?: 'png' | 'jpg' | 'jpeg' | 'gif' | 'webp' }

/** A source once checked: what the flow does with it. */
export type ParsedSource =
  | { kind: 'url'; url: string }
  | { kind: 'base64'; payload: string; format: ImageFormat }
  | { kind: 'local'; path: string }

/** 10 MiB: a large poster is 1–3 MiB; ByteDance's whole user folder is 10 MB. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024

const MAX_URL = 8192
const LOCAL = /^(wxfile|ttfile|bdfile|qqfile|jdfile):\/\/|^https?:\/\/(tmp|usr)\/|^blob:/i
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
  { maxBytes = DEFAULT_MAX_BYTES, allowedHosts, userDir }: { maxBytes?: number; allowedHosts?: string[]; userDir?: string } = {},
): ParsedSource {
  if (source && typeof source === 'object' && !Array.isArray(source)) {
    const { base64, format } = source as { base64?: unknown; format?: unknown }
    // An own property only: a base64 inherited from an odd prototype is not what the caller passed.
    if (typeof base64 !== 'string' || !Object.prototype.hasOwnProperty.call(source, 'base64')) {
      throw invalid('expected a string or { base64 }')
    }
    if (DATA.test(base64)) return parseSource(base64, { maxBytes })
    if (format !== undefined && !['png', 'jpg', 'jpeg', 'gif', 'webp'].includes(format as string)) {
      throw unsupported(`format "${String(format).slice(0, 20)}"`)
    }
    return payloadOf(base64, maxBytes)
  }
  if (typeof source !== 'string') {
    throw invalid(`expected a string or { base64 }, got ${source === null ? 'null' : Array.isArray(source) ? 'an array' : typeof source}`)
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
  const url = /^https?:\/\/([^/?#\\]*)/i.exec(s)
  if (!url) throw invalid(`unsupported scheme "${(/^[^:/]{0,16}:/.exec(s) || ['none'])[0]}"; use http(s), data:image or a local path`)
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
  const payload = raw.replace(/\s+/g, '')
  if (!payload) throw invalid('empty base64 payload')
  if (payload.length % 4 || !/^[A-Za-z0-9+/]+={0,2}$/.test(payload)) throw invalid('malformed base64')
  const bytes = (payload.length / 4) * 3 - (payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0)
  if (bytes > maxBytes) {
    throw new SaveToAlbumError('TOO_LARGE', `Image is ${bytes} bytes, over maxBytes (${maxBytes})`)
  }
  const format = sniff(base64Head(payload))
  if (!format) throw unsupported('the payload is not a PNG, JPEG, GIF or WebP image')
  return { kind: 'base64', payload, format }
}
