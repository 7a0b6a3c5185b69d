/**
 * URLs as every platform's downloadFile (and a browser's fetch) takes them, without the `URL`
 * class, which older mini-program base libraries lack: the host in ASCII, the rest percent-encoded.
 */

/**
 * A host name as the network reaches it, or `undefined` when it is not one: mapped as browsers
 * map it (full-width letters and dots to ASCII, ideographic full stops to dots, lowercase), each
 * non-ASCII label in punycode (`xn--…`). Labels hold letters, digits, `-` and `_` (object-storage
 * buckets have underscores), not starting or ending with `-`; an IPv6 address stays in brackets.
 * Not the whole of UTS #46: enough for the names people type, and what is checked is what is sent.
 *
 * @example
 * asciiHost('例子。测试') // 'xn--fsqu00a.xn--0zwm56d'
 * asciiHost('my_bucket.CDN.test') // 'my_bucket.cdn.test'
 * asciiHost('exa mple.com') // undefined
 */
export function asciiHost(host: string): string | undefined {
  if (/^\[[\d:a-f.]+\]$/i.test(host)) return host.toLowerCase()
  const labels = host.normalize('NFKC').toLowerCase().replace(/\u3002/g, '.').split('.')
  const ascii = labels.map((label) => (/[^\0-\x7f]/.test(label) ? `xn--${punycode(label)}` : label))
  return ascii.every((label) => /^[a-z\d_](?:[a-z\d_-]*[a-z\d_])?$/.test(label)) ? ascii.join('.') : undefined
}

/**
 * An http(s) URL ready to send: its host through `asciiHost`, its path, query and fragment
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
  const host = parts && asciiHost(parts[2])
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

/** RFC 3492's encoding of one label's code points (without the `xn--`). Counts stay far below 2^31, so `| 0` floors. */
function punycode(label: string): string {
  const points = Array.from(label, (c) => c.codePointAt(0)!)
  const basic = label.replace(/[^\0-\x7f]/g, '').length
  let out = label.replace(/[^\0-\x7f]/g, '') + (basic ? '-' : '')
  const digit = (d: number) => String.fromCharCode(d + (d < 26 ? 97 : 22))
  let n = 128
  let delta = 0
  let bias = 72
  for (let done = basic; done < points.length; n++, delta++) {
    const next = Math.min(...points.filter((p) => p >= n))
    delta += (next - n) * (done + 1)
    n = next
    for (const p of points) {
      if (p < n) delta++
      if (p !== n) continue
      let q = delta
      for (let k = 36; ; k += 36) {
        const t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias
        if (q < t) break
        out += digit(t + ((q - t) % (36 - t)))
        q = ((q - t) / (36 - t)) | 0
      }
      out += digit(q)
      // Bias adaptation (section 6.1), worked in delta, which starts again from 0 after.
      delta = done === basic ? (delta / 700) | 0 : delta >> 1
      delta += (delta / ++done) | 0
      for (bias = 0; delta > 455; bias += 36) delta = (delta / 35) | 0
      bias += ((36 * delta) / (delta + 38)) | 0
      delta = 0
    }
  }
  return out
}
