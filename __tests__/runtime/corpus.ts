/**
 * Inputs a save must refuse before touching the platform: what each must be refused with, a
 * word the message must contain to name the problem, and secrets it must never repeat.
 */
import { PNG_B64, SVG } from './images'

export interface BadInput {
  name: string
  input: unknown
  code: 'INVALID_SOURCE' | 'UNSUPPORTED_FORMAT' | 'TOO_LARGE'
  says: string
  secret?: string[]
  options?: { maxBytes?: number; allowedHosts?: string[] }
}

const b64 = (s: string) => Buffer.from(s).toString('base64')
const invalid = (name: string, input: unknown, says: string, extra: Partial<BadInput> = {}): BadInput => ({
  name,
  input,
  code: 'INVALID_SOURCE',
  says,
  ...extra,
})
const unsupported = (name: string, input: unknown, says: string): BadInput => ({ name, input, code: 'UNSUPPORTED_FORMAT', says })

export const BAD_INPUTS: BadInput[] = [
  // Empty and whitespace
  invalid('an empty string', '', 'empty'),
  invalid('whitespace', ' \n\t ', 'empty'),
  // Wrong schemes
  invalid('javascript:', 'javascript:alert(1)', '"javascript:"'),
  invalid('JAVASCRIPT: in capitals', 'JAVASCRIPT:alert(1)', 'scheme'),
  invalid('file:', 'file:///etc/passwd', '"file:"'),
  invalid('ftp:', 'ftp://cdn.test/a.png', '"ftp:"'),
  invalid('ws:', 'ws://cdn.test/a.png', '"ws:"'),
  invalid('a protocol-relative URL', '//cdn.test/a.png', 'protocol-relative URL ("//host/…"); add "https:"'),
  invalid('a relative path', 'poster.png', 'a relative path; pass a full https:// URL'),
  invalid('a colon after a slash', 'files/poster:1.png', 'a relative path'),
  invalid('an absolute path outside the user folder', '/var/mobile/poster.png', 'root-relative path ("/…") is a page asset'),
  invalid('full-width letters in the scheme', 'ｈｔｔｐｓ://cdn.test/a.png', 'scheme'),
  invalid('a right-to-left override before the URL', '\u202ehttps://cdn.test/a.png', 'scheme'),
  invalid('a unicode file name', '海报.png', 'a relative path'),
  // Broken URLs
  invalid('a URL with no host', 'https://', 'host'),
  invalid('a URL with an empty host', 'https:///a.png', 'host'),
  invalid('a space in the host', 'https://exa mple.com/a.png', 'host'),
  invalid('an unclosed IPv6 host', 'https://[::1/a.png', 'host'),
  invalid('a backslash that moves the host', 'https://cdn.test\\@evil.test/a.png', 'backslash'),
  invalid('a NUL byte', 'https://cdn.test/a\u0000.png', 'control'),
  invalid('a URL of 100 000 characters', `https://cdn.test/${'a'.repeat(100_000)}.png`, 'longer than'),
  // Credentials in URLs
  invalid('user and password in the URL', 'https://admin:s3cret@cdn.test/a.png', 'credentials', { secret: ['admin', 's3cret'] }),
  invalid('a token as the user', 'https://ghp_T0KEN@cdn.test/a.png', 'credentials', { secret: ['ghp_T0KEN'] }),
  invalid('a host outside allowedHosts', 'https://evil.test/a.png', 'allowedHosts', { options: { allowedHosts: ['cdn.test', 'img.test'] } }),
  // Not strings, and odd objects
  invalid('a number', 42, 'number'),
  invalid('NaN', Number.NaN, 'number'),
  invalid('a boolean', true, 'boolean'),
  invalid('null', null, 'null'),
  invalid('undefined', undefined, 'undefined'),
  invalid('a bigint', BigInt(1), 'bigint'),
  invalid('a symbol', Symbol('poster'), 'symbol'),
  invalid('a function', () => 'https://cdn.test/a.png', 'function'),
  invalid('an empty array', [], 'array'),
  invalid('an array of URLs', ['https://cdn.test/a.png'], 'array'),
  invalid('an empty object', {}, 'base64'),
  invalid('an object with a url', { url: 'https://cdn.test/a.png' }, 'base64'),
  invalid('a number as base64', { base64: 42 }, 'base64'),
  invalid('an object with no prototype', Object.create(null), 'base64'),
  invalid('base64 inherited from a prototype', Object.create({ base64: PNG_B64 }), 'base64'),
  invalid('a String object', new String('https://cdn.test/a.png'), 'base64'),
  // data: variants
  invalid('a bare data:', 'data:', 'must be data:image/'),
  invalid('a data URL without a comma', 'data:image/png;base64', 'must be data:image/'),
  invalid('a data URL that is not base64', `data:image/png,${PNG_B64}`, 'must be data:image/'),
  invalid('an HTML data URL', 'data:text/html;base64,PGgxPg==', 'text/html'),
  invalid('an octet-stream data URL', 'data:application/octet-stream;base64,iVBORw0KGgo=', 'application/octet-stream'),
  invalid('an empty payload', 'data:image/png;base64,', 'empty'),
  // Malformed and padded base64
  invalid('characters outside base64', 'data:image/png;base64,iVBOR!!!', 'malformed base64'),
  invalid('a length that is not a multiple of 4', 'data:image/png;base64,iVBORw0KGgoAA', 'malformed base64'),
  invalid('padding in the middle', 'data:image/png;base64,iVBO=Rw0KGgo', 'malformed base64'),
  invalid('three padding characters', 'data:image/png;base64,iVBORw0KG===', 'malformed base64'),
  invalid('base64url', { base64: 'iVBORw0KGgo_-AAA' }, 'malformed base64'),
  // Local paths that climb out
  invalid('.. in a temporary path', 'wxfile://tmp/../../secret.png', '..'),
  invalid('.. in a user path', 'http://usr/../etc/passwd', '..'),
  invalid('.. at the end of a path', 'wxfile://tmp/..', '..'),
  // Hosts
  invalid('a host ending with a dash', 'https://cdn.test-/a.png', 'host'),
  invalid('a space inside a Unicode host label', 'https://例 子.测试/a.png', 'host'),
  invalid('a percent sign in the host', 'https://cdn%2etest/a.png', 'host'),
  invalid('a full-width solidus in the host', 'https://evil.test／.cdn.test/a.png', 'host'),
  invalid('an empty host label', 'https://cdn..test/a.png', 'host'),
  invalid('a lone surrogate in the path', 'https://cdn.test/a\ud800.png', 'malformed'),
  invalid('a URL one character over the limit', `https://cdn.test/${'a'.repeat(8192 - 20)}.png`, 'longer than 8192'),
  // Formats the album cannot take
  unsupported('SVG', `data:image/svg+xml;base64,${b64(SVG)}`, 'image/svg+xml'),
  unsupported('BMP', 'data:image/bmp;base64,Qk0=', 'image/bmp'),
  unsupported('HEIC', 'data:image/heic;base64,AAAA', 'image/heic'),
  unsupported('TIFF', 'data:image/tiff;base64,SUkqAA==', 'image/tiff'),
  unsupported('a format option of svg', { base64: PNG_B64, format: 'svg' }, 'svg'),
  unsupported('a very long format option', { base64: PNG_B64, format: 'x'.repeat(500) }, `format "${'x'.repeat(20)}"`),
  unsupported('text labelled as PNG', `data:image/png;base64,${b64('not an image at all')}`, 'not a PNG'),
  unsupported('a WAV file labelled as WebP', `data:image/webp;base64,${b64('RIFF\u0000\u0000\u0000\u0000WAVEfmt ')}`, 'not a PNG'),
  // Too large
  { name: 'a payload over the default 10 MiB', input: { base64: 'A'.repeat(14_000_000) }, code: 'TOO_LARGE', says: 'maxBytes' },
  { name: 'a payload over maxBytes', input: `data:image/png;base64,${PNG_B64}`, code: 'TOO_LARGE', says: '70 bytes', options: { maxBytes: 10 } },
  { name: 'a data URL in { base64 } over maxBytes', input: { base64: `data:image/png;base64,${PNG_B64}` }, code: 'TOO_LARGE', says: '70 bytes', options: { maxBytes: 10 } },
]
