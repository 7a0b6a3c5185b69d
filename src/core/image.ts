/** The formats every album accepts. */
export type ImageFormat = 'png' | 'jpg' | 'gif' | 'webp'
/** The video containers every album accepts. */
export type VideoFormat = 'mp4' | 'mov'

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/**
 * The format of a file from its first 12 bytes (never from its name or MIME type, which servers
 * and canvases get wrong), or `undefined` for anything the album would refuse. A video is an
 * ISO media file: an `ftyp` box whose brand `qt  ` marks QuickTime (MOV), anything else MP4.
 */
export function sniff(head: ArrayLike<number>): ImageFormat | VideoFormat | undefined {
  const at = (i: number, ...bytes: number[]) => bytes.every((b, k) => head[i + k] === b)
  return at(0, 0x89, 0x50, 0x4e, 0x47) ? 'png'
    : at(0, 0xff, 0xd8, 0xff) ? 'jpg'
    : at(0, 0x47, 0x49, 0x46, 0x38) ? 'gif'
    : at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50) ? 'webp'
    : at(4, 0x66, 0x74, 0x79, 0x70) ? (at(8, 0x71, 0x74, 0x20, 0x20) ? 'mov' : 'mp4')
    : undefined
}

/** Whether a sniffed format is a video. */
export const isVideo = (format?: string): format is VideoFormat => format === 'mp4' || format === 'mov'

/** The first 12 bytes of a base64 payload: enough to sniff; the rest is never decoded in JS. */
export function base64Head(payload: string): number[] {
  const out: number[] = []
  let acc = 0
  let bits = 0
  for (const c of payload.slice(0, 16)) {
    acc = ((acc << 6) | B64.indexOf(c)) & 0xffff
    bits += 6
    if (bits >= 8) out.push((acc >> (bits -= 8)) & 255)
  }
  return out
}
