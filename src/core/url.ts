/**
 * URLs as every platform's downloadFile (and a browser's fetch) takes them, without the `URL`
 * class, which older mini-program base libraries lack: the host checked, the rest percent-encoded.
 */

/**
 * A host name as it is sent, or `undefined` when it is not one: mapped as browsers map it
 * (full-width letters and dots to ASCII, ideographic full stops to dots, lowercase). Labels hold
 * letters (of any script), digits, `-` and `_` (object-storage buckets have underscores), not
 * starting or ending with `-`; an IPv6 address stays in brackets. A non-ASCII (IDN) label is
 * sent as it is: the platform's network stack writes it in punycode.
 *
 * @example
 * normalHost('例子。测试') // '例子.测试'
 * normalHost('my_bucket.CDN.test') // 'my_bucket.cdn.test'
 * normalHost('exa mple.com') // undefined
 */
export function normalHost(host: string): string | undefined {
  if (/^\[[\d:a-f.]+\]$/i.test(host)) return host.toLowerCase()
  const name = host.normalize('NFKC').toLowerCase().replace(/\u3002/g, '.')
  // Any ASCII but letters, digits, "-" and "_" is refused; non-ASCII is a letter of some script.
  return name.split('.').some((label) => /[^-\w\x80-\uffff]|^-|-$|^$/.test(label)) ? undefined : name
}

/**
 * An http(s) URL ready to send: its host through `normalHost`, its path, query and fragment
 * percent-encoded as `encodeURI` does (spaces, Chinese characters), escapes already there kept.
 * `undefined` when it cannot be fetched: credentials, a malformed host or port, a backslash
 * (browsers read it as "/", so the host they reach could differ from the one checked), a lone
 * surrogate.
 *
 * @example
 * webUrl('https://cdn.test/海报 1.png') // { url: 'https://cdn.test/%E6%B5%B7%E6%8A%A5%201.png', host: 'cdn.test' }
 */
export function webUrl(s: string): { url: string; host: string } | undefined {
  const parts = /^(https?:)\/\/(\[[^\]]*\]|[^/?#:@\\]*)(:\d*)?([/?#].*)?$/i.exec(s)
  const host = parts && normalHost(parts[2])
  if (!host || s.includes('\\')) return undefined
  try {
    // Odd items are the escapes the split kept: they go through as they are.
    const rest = (parts[4] || '').split(/(%[\da-f]{2})/i).map((part, i) => (i % 2 ? part : encodeURI(part))).join('')
    return { url: `${parts[1].toLowerCase()}//${host}${parts[3] || ''}${rest}`, host }
  } catch {
    // encodeURI throws on a lone surrogate: no server can be asked for that.
    return undefined
  }
}

/**
 * The extension a URL's path names, as a download is named (`jpeg` as `jpg`), or `undefined`.
 * Only a guess, saving a rename when right: the downloaded bytes still decide.
 *
 * @example
 * namedExtension('https://cdn.test/a.JPEG?v=2') // 'jpg'
 */
export function namedExtension(url: string): string | undefined {
  const named = /\.(png|jpe?g|gif|webp|mp4|mov)(?:[?#]|$)/i.exec(url)
  return named ? named[1].toLowerCase().replace('jpeg', 'jpg') : undefined
}
