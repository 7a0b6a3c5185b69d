/**
 * The formats every album accepts.
 *
 * @example
 * const ext: ImageFormat = 'jpg'
 */
export type ImageFormat = 'png' | 'jpg' | 'gif' | 'webp'
/**
 * The video containers every album accepts.
 *
 * @example
 * const ext: VideoFormat = 'mp4'
 */
export type VideoFormat = 'mp4' | 'mov'

/**
 * The major brands (bytes 8–11 of an ISO media file) of an MP4 video; QuickTime's `qt  ` is MOV.
 * ISO media files are also still images (HEIF `heic` `heix` `mif1` `msf1`, AVIF `avif` `avis`)
 * and audio (`M4A `, `M4B `, `F4A `…), often listing `isom` or `mp42` among their compatible
 * brands: only the major brand says what the file is, and one not listed here is not a video.
 * From the registered brands (mp4ra.org): ISO base media, MP4 v1/v2, H.264, Apple's M4V and
 * QuickTime, 3GPP/3GPP2, MPEG-DASH, Sony (MSNV, XAVC), Adobe F4V, mobile MP4: `isom` `iso2`…`iso9`
 * `mp41` `mp42` `avc1` `M4V ` `M4VH` `M4VP` `3gp*` `3g2*` `dash` `MSNV` `XAVC` `F4V ` `mmp4`.
 */
const MP4_BRANDS = /^(iso[m2-9]|mp4[12]|avc1|M4V|3g[p2]|dash|MSNV|XAVC|F4V |mmp4)/

/**
 * The format of a file from its first 12 bytes (never from its name or MIME type, which servers
 * and canvases get wrong), or `undefined` for anything the album would refuse. A video is an
 * ISO media file (an `ftyp` box) with a video major brand: `qt  ` QuickTime (MOV), the others MP4.
 *
 * @example
 * sniff(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) // 'png'
 * sniff(new TextEncoder().encode('<!doctype html>')) // undefined
 */
export function sniff(head: ArrayLike<number>): ImageFormat | VideoFormat | undefined {
  // The bytes as Latin-1 text, one character each, to compare with the signatures as strings.
  const text = String.fromCharCode.apply(null, head as number[])
  const at = (offset: number, signature: string) => text.startsWith(signature, offset)
  return at(0, '\x89PNG') ? 'png'
    : at(0, '\xff\xd8\xff') ? 'jpg'
    : at(0, 'GIF8') ? 'gif'
    : at(0, 'RIFF') && at(8, 'WEBP') ? 'webp'
    : at(4, 'ftyp') ? (at(8, 'qt  ') ? 'mov' : MP4_BRANDS.test(text.slice(8, 12)) ? 'mp4' : undefined)
    : undefined
}

/**
 * Whether a sniffed format is a video.
 *
 * @example
 * isVideo(sniff(head)) // true for an MP4 or MOV file
 */
export const isVideo = (format?: string): format is VideoFormat => format === 'mp4' || format === 'mov'

/**
 * The first 12 bytes of a base64 payload: enough to sniff; the rest is never decoded in JS. Only
 * payloads already checked against the base64 alphabet get here.
 *
 * @example
 * sniff(base64Head('iVBORw0KGgoAAAANSUhEUg')) // 'png'
 */
export function base64Head(payload: string): number[] {
  const out: number[] = []
  let acc = 0
  let bits = 0
  for (const c of payload.slice(0, 16)) {
    const code = c.charCodeAt(0)
    // Its 6 bits, from the char code: A–Z 0–25, a–z 26–51, 0–9 52–61, "+" 62, "/" 63. "=" reads
    // as -1, all ones, as it always has (so the bytes it ends come out 0xff).
    const sextet = code > 96 ? code - 71
      : code > 64 ? code - 65
      : code > 57 ? -1
      : code > 47 ? code + 4
      : code > 43 ? 63
      : 62
    acc = (acc << 6) | sextet
    bits += 6
    if (bits >= 8) out.push((acc >> (bits -= 8)) & 255)
  }
  return out
}
