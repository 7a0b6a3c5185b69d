/** Real, tiny image files: the simulated album and the browser test check their magic bytes. */
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'))

export const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
export const JPEG_B64 =
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k='
export const GIF_B64 = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'
export const WEBP_B64 = 'UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=='
export const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
export const HTML = '<!doctype html><title>404</title><h1>Not Found</h1>'

export const PNG = b64(PNG_B64)
export const JPEG = b64(JPEG_B64)
export const GIF = b64(GIF_B64)
export const WEBP = b64(WEBP_B64)

/** What a phone's album would accept: an image extension on a file whose bytes are that kind of image. */
export function isAlbumImage(name: string, bytes: Uint8Array): boolean {
  const ext = /\.(png|jpe?g|gif|webp)$/i.exec(name)?.[1].toLowerCase()
  const starts = (...b: number[]) => b.every((x, i) => bytes[i] === x)
  const kind = starts(0x89, 0x50, 0x4e, 0x47) ? 'png'
    : starts(0xff, 0xd8, 0xff) ? 'jpg'
    : starts(0x47, 0x49, 0x46) ? 'gif'
    : starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.slice(8, 12)) === 'WEBP' ? 'webp'
    : undefined
  return !!kind && (ext === kind || (ext === 'jpeg' && kind === 'jpg'))
}

/** An ISO media file: an `ftyp` box with the given (major and compatible) brand, then an empty `mdat` box. */
export const isoMedia = (brand: string) =>
  new Uint8Array([0, 0, 0, 20, ...Buffer.from(`ftyp${brand}`), 0, 0, 2, 0, ...Buffer.from(brand), 0, 0, 0, 8, ...Buffer.from('mdat')])
export const MP4 = isoMedia('isom')
export const MOV = isoMedia('qt  ')
/** ISO media files that are not videos: still images (HEIF/AVIF) and audio (M4A). */
export const HEIC = isoMedia('heic')
export const AVIF = isoMedia('avif')
export const M4A = isoMedia('M4A ')

/** What a phone's album would accept as a video: an mp4/mov name on a file that is an ISO media file. */
export function isAlbumVideo(name: string, bytes: Uint8Array): boolean {
  return /\.(mp4|mov|m4v)$/i.test(name) && Buffer.from(bytes.slice(4, 8)).toString() === 'ftyp'
}
