import { parseSource } from '../src/core/source'
import { base64Head, sniff } from '../src/core/image'
import { SaveToAlbumError } from '../src'
import { GIF_B64, JPEG_B64, PNG_B64, WEBP_B64 } from './runtime/images'

const codeOf = (source: unknown, options?: Parameters<typeof parseSource>[1]) => {
  try {
    parseSource(source, options)
    return 'accepted'
  } catch (e) {
    expect(e).toBeInstanceOf(SaveToAlbumError)
    return (e as SaveToAlbumError).code
  }
}
const messageOf = (source: unknown, options?: Parameters<typeof parseSource>[1]) => {
  try {
    parseSource(source, options)
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('accepted')
}

describe('what each source becomes', () => {
  it.each([
    ['https://cdn.test/a.png', 'url'],
    ['http://cdn.test:8080/a?x=1#y', 'url'],
    ['  https://cdn.test/a.png  ', 'url'],
    ['wxfile://tmp_abc.jpg', 'local'],
    ['http://tmp/abc.png', 'local'],
    ['http://usr/poster.png', 'local'],
    ['ttfile://user/poster.png', 'local'],
    ['https://resource/apml953bb093ebd2834530196f50a4413a87.image', 'local'],
    ['https://usr/poster.png', 'local'],
    [`data:image/png;base64,${PNG_B64}`, 'base64'],
    [`data:image/jpeg;base64,${JPEG_B64}`, 'base64'],
    [`data:image/gif;base64,${GIF_B64}`, 'base64'],
    [`data:image/webp;base64,${WEBP_B64}`, 'base64'],
    [{ base64: PNG_B64 }, 'base64'],
    [{ base64: JPEG_B64, format: 'jpeg' }, 'base64'],
    [{ base64: `data:image/png;base64,${PNG_B64}` }, 'base64'],
  ])('%s → %s', (source, kind) => {
    expect(parseSource(source).kind).toBe(kind)
  })

  it.each([
    'https://[::1]/a.png',
    'http://[::1]:8080/a.png',
    'https://[fe80::1]/a.png',
    'https://1.2.3.4/a.png',
    'https://a/a.png',
    'https://localhost:3000/a.png',
    'https://cdn-1.example.com/a.png',
    'https://cdn.test/a.png?v=data:1',
    `https://cdn.test/${'a'.repeat(8192 - 21)}.png`, // exactly 8192 characters
  ])('accepts the URL %s', (url) => {
    expect(parseSource(url)).toEqual({ kind: 'url', url })
  })

  it('accepts any host listed in allowedHosts', () => {
    expect(parseSource('https://img.test/a.png', { allowedHosts: ['cdn.test', 'img.test'] }).kind).toBe('url')
  })

  it.each(['gif', 'webp'])('accepts the format option %s', (format) => {
    expect(parseSource({ base64: format === 'gif' ? GIF_B64 : WEBP_B64, format: format as 'gif' }).kind).toBe('base64')
  })

  it('keeps a USER_DATA_PATH file local', () => {
    expect(parseSource('/data/user/poster.png', { userDir: '/data/user' })).toEqual({ kind: 'local', path: '/data/user/poster.png' })
  })

  it('keeps the bare payload, without whitespace, and the format of its bytes', () => {
    expect(parseSource(`data:image/png;base64,${PNG_B64.slice(0, 20)}\n${PNG_B64.slice(20)}`)).toEqual({ kind: 'base64', payload: PNG_B64, format: 'png' })
    expect(parseSource({ base64: JPEG_B64, format: 'png' })).toMatchObject({ format: 'jpg' })
  })
})

describe('writeChecks: a platform whose write checks base64 itself (H5, off the page\'s main thread)', () => {
  // 1.5 Mi characters, a character outside base64 in the middle: only a scan of the whole finds it.
  const large = PNG_B64.slice(0, 16) + 'A'.repeat(3 << 19)
  const bad = `${large.slice(0, 1 << 20)}!${large.slice((1 << 20) + 1)}`

  it('leaves it the alphabet of a large payload, and still refuses in place what the ends say', () => {
    expect(parseSource(`data:image/png;base64,${bad}`, { writeChecks: true, maxBytes: 2 << 20 })).toEqual({ kind: 'base64', payload: bad, format: 'png' })
    expect(parseSource({ base64: bad }, { writeChecks: true, maxBytes: 2 << 20 })).toMatchObject({ kind: 'base64' })
    expect(codeOf(`data:image/png;base64,${bad}`, { maxBytes: 2 << 20 })).toBe('INVALID_SOURCE')
    expect(codeOf(`data:image/png;base64,${large}`, { writeChecks: true, maxBytes: 1 << 20 })).toBe('TOO_LARGE')
    // "<!doctype html>": not an image, whatever the rest holds.
    expect(codeOf(`data:image/png;base64,${Buffer.from('<!doctype html>!').toString('base64').slice(0, 16)}${bad.slice(16)}`, { writeChecks: true, maxBytes: 2 << 20 })).toBe('UNSUPPORTED_FORMAT')
  })

  it('checks whole a small payload, one of part quads, one with white space in its head, and one too large as it stands', () => {
    expect(codeOf(`data:image/png;base64,${PNG_B64.slice(0, 8)}!${PNG_B64.slice(9)}`, { writeChecks: true })).toBe('INVALID_SOURCE')
    expect(codeOf(`data:image/png;base64,${bad}A`, { writeChecks: true, maxBytes: 2 << 20 })).toBe('INVALID_SOURCE')
    expect(codeOf(`data:image/png;base64,${bad.slice(0, 8)}\n${bad.slice(8, -1)}`, { writeChecks: true, maxBytes: 2 << 20 })).toBe('INVALID_SOURCE')
    // Line-wrapped: too large with its white space, within maxBytes without it.
    const wrapped = large.match(/.{1,76}/g)!.join('\n')
    expect(parseSource({ base64: wrapped }, { writeChecks: true, maxBytes: (large.length / 4) * 3 })).toEqual({ kind: 'base64', payload: large, format: 'png' })
  })
})

describe('what is refused, and how (the full list is the corpus)', () => {
  it('refuses a payload over maxBytes with TOO_LARGE, before anything is decoded', () => {
    expect(codeOf(`data:image/png;base64,${PNG_B64}`, { maxBytes: 10 })).toBe('TOO_LARGE')
    expect(messageOf(`data:image/png;base64,${PNG_B64}`, { maxBytes: 10 })).toMatch(/70 bytes.*10/)
  })

  it('caps base64 at 10 MiB by default', () => {
    const big = 'A'.repeat(Math.ceil(((10 * 1024 * 1024 + 3) / 3) * 4 / 4) * 4)
    expect(codeOf({ base64: big })).toBe('TOO_LARGE')
  })

  it('refuses URLs with credentials without repeating them', () => {
    const message = messageOf('https://admin:s3cret@cdn.test/a.png')
    expect(message).toMatch(/credentials/)
    expect(message).not.toMatch(/s3cret|admin/)
  })

  it('keeps to allowedHosts when given', () => {
    expect(codeOf('https://cdn.test/a.png', { allowedHosts: ['cdn.test'] })).toBe('accepted')
    expect(codeOf('https://CDN.test:443/a.png', { allowedHosts: ['cdn.test'] })).toBe('accepted')
    expect(codeOf('https://evil.test/a.png', { allowedHosts: ['cdn.test'] })).toBe('INVALID_SOURCE')
    expect(messageOf('https://evil.test/a.png', { allowedHosts: ['cdn.test'] })).toContain('evil.test')
  })

  it('names the problem in the message', () => {
    expect(messageOf('ftp://x.test/a.png')).toContain('"ftp:"')
    expect(messageOf('data:image/png;base64,@@@@')).toContain('malformed base64')
    // "=" pads only the end, at most twice.
    for (const padded of ['iVBORw0K=Ggo', 'iVBORw0KGg=o', 'iVBORw0KG===', 'iVBO_w0KGgo=']) expect(messageOf(`data:image/png;base64,${padded}`)).toContain('malformed base64')
    expect(codeOf('data:image/png;base64,iVBORw0KGgo=')).toBe('accepted')
    expect(messageOf('data:image/svg+xml;base64,PHN2Zz4=')).toContain('image/svg+xml')
  })
})

describe('format sniffing', () => {
  it.each([
    [PNG_B64, 'png'],
    [JPEG_B64, 'jpg'],
    [GIF_B64, 'gif'],
    [WEBP_B64, 'webp'],
    [Buffer.from('RIFF\0\0\0\0WAVEfmt ').toString('base64'), undefined],
    [Buffer.from('<html>').toString('base64'), undefined],
    // ISO media: the major brand (bytes 8–11) decides; only video brands are videos.
    [Buffer.from('\0\0\0\x18ftypisom\0\0\0\0').toString('base64'), 'mp4'],
    [Buffer.from('\0\0\0\x18ftypmp42\0\0\0\0').toString('base64'), 'mp4'],
    [Buffer.from('\0\0\0\x18ftypM4V \0\0\0\0').toString('base64'), 'mp4'],
    [Buffer.from('\0\0\0\x18ftyp3gp6\0\0\0\0').toString('base64'), 'mp4'],
    [Buffer.from('\0\0\0\x14ftypqt  \0\0\0\0').toString('base64'), 'mov'],
    [Buffer.from('\0\0\0\x18ftypheic\0\0\0\0').toString('base64'), undefined],
    [Buffer.from('\0\0\0\x18ftypmif1\0\0\0\0').toString('base64'), undefined],
    [Buffer.from('\0\0\0\x1cftypavif\0\0\0\0').toString('base64'), undefined],
    [Buffer.from('\0\0\0\x20ftypM4A \0\0\0\0').toString('base64'), undefined],
    [Buffer.from('\0\0\0\x20ftypF4A \0\0\0\0').toString('base64'), undefined],
    // WEBP at offset 8 is a WebP only inside a RIFF container.
    [Buffer.from('XXXX\0\0\0\0WEBPVP8 ').toString('base64'), undefined],
  ])('reads %s as %s from its first 12 bytes', (b64, format) => {
    expect(base64Head(b64)).toEqual([...Buffer.from(b64, 'base64').subarray(0, 12)])
    expect(sniff(base64Head(b64))).toBe(format)
  })

  it('reads the padding of a payload shorter than 12 bytes as 0xff, which no signature holds', () => {
    const gif8 = Buffer.from('GIF8').toString('base64') // R0lGOA==
    expect(base64Head(gif8)).toEqual([0x47, 0x49, 0x46, 0x38, 0xff, 0xff])
    expect(sniff(base64Head(gif8))).toBe('gif')
  })
})

it('resolves a relative source against the page once: a scheme longer than any real one is refused, not resolved forever', () => {
  const base = 'https://shop.example.com/pages/poster/index.html'
  expect(() => parseSource('abcdefghijklmnopq:x', { base })).toThrow(expect.objectContaining({ code: 'INVALID_SOURCE' }))
  expect(parseSource('/static/a.png', { base })).toEqual({ kind: 'url', url: 'https://shop.example.com/static/a.png' })
})

describe('URLs as the platforms take them (issue 16.12)', () => {
  it.each([
    ['a space in the path', 'https://cdn.test/a b.png', 'https://cdn.test/a%20b.png'],
    ['Chinese in the path and query', 'https://cdn.test/海报/封面.png?name=海报 1', 'https://cdn.test/%E6%B5%B7%E6%8A%A5/%E5%B0%81%E9%9D%A2.png?name=%E6%B5%B7%E6%8A%A5%201'],
    ['an object-storage key', 'https://bucket.oss-cn-hangzhou.aliyuncs.com/uploads/2024/活动 海报(1).jpg', 'https://bucket.oss-cn-hangzhou.aliyuncs.com/uploads/2024/%E6%B4%BB%E5%8A%A8%20%E6%B5%B7%E6%8A%A5(1).jpg'],
    ['escapes already there, kept as they are', 'https://cdn.test/a%20b%2Fc 海.png', 'https://cdn.test/a%20b%2Fc%20%E6%B5%B7.png'],
    ['a lone percent sign', 'https://cdn.test/100%.png', 'https://cdn.test/100%25.png'],
    ['a percent sign before one hex digit only', 'https://cdn.test/a%4z.png', 'https://cdn.test/a%254z.png'],
    ['no path at all', 'https://cdn.test', 'https://cdn.test'],
    ['no path, a port and a query', 'https://cdn.test:8080?id=7', 'https://cdn.test:8080?id=7'],
    ['a fragment', 'https://cdn.test/a.png#第 1 页', 'https://cdn.test/a.png#%E7%AC%AC%201%20%E9%A1%B5'],
    ['underscores in the host', 'https://my_bucket.cdn.test/a.png', 'https://my_bucket.cdn.test/a.png'],
    ['a label starting with an underscore', 'https://_x.test/a.png', 'https://_x.test/a.png'],
    ['a host in capitals, and its port', 'https://CDN.Test:8443/A.png', 'https://cdn.test:8443/A.png'],
    ['an IDN host', 'https://例子.测试/a.png', 'https://例子.测试/a.png'],
    ['an IDN host with capitals and ASCII', 'https://Bücher.example/a.png', 'https://bücher.example/a.png'],
    ['ideographic full stops between labels', 'https://例子。测试/a.png', 'https://例子.测试/a.png'],
    ['full-width letters in the host', 'https://ｃｄｎ.test/a.png', 'https://cdn.test/a.png'],
  ])('accepts and encodes %s', (_, url, sent) => {
    expect(parseSource(url)).toEqual({ kind: 'url', url: sent })
  })

  it('matches allowedHosts by the host as written, in any case', () => {
    expect(parseSource('https://Bücher.example/a.png', { allowedHosts: ['bücher.EXAMPLE'] }).kind).toBe('url')
    expect(() => parseSource('https://bücher.example.evil.test/a.png', { allowedHosts: ['bücher.example'] })).toThrow(expect.objectContaining({ code: 'INVALID_SOURCE' }))
  })

  it('refuses a relative URL the page cannot resolve with INVALID_SOURCE, not a TypeError', () => {
    const base = 'https://shop.example.com/pages/poster/index.html'
    for (const bad of ['//[bad', '//a b/c.png', '//[::1']) {
      const error = (() => {
        try {
          parseSource(bad, { base })
        } catch (e) {
          return e
        }
      })()
      expect(error).toBeInstanceOf(SaveToAlbumError)
      expect(error).toMatchObject({ code: 'INVALID_SOURCE', message: expect.stringContaining('malformed') })
    }
    // What the page does resolve is encoded like any other URL.
    expect(parseSource('/static/海报 1.png', { base })).toEqual({ kind: 'url', url: 'https://shop.example.com/static/%E6%B5%B7%E6%8A%A5%201.png' })
  })

  it.each([
    ['a space in the host', 'https://exa mple.com/a.png', 'host'],
    ['a space inside a Unicode label', 'https://例 子.测试/a.png', 'host'],
    ['a percent sign in the host', 'https://cdn%2etest/a.png', 'host'],
    ['a full-width solidus in the host (a slash once mapped)', 'https://evil.test／.cdn.test/a.png', 'host'],
    ['an empty label', 'https://cdn..test/a.png', 'host'],
    ['a host with something after its brackets', 'https://[1]x/a.png', 'host'],
    ['a host with something before its brackets', 'https://x[1]/a.png', 'host'],
    ['a backslash', 'https://cdn.test/a\\b.png', 'backslash'],
    ['a lone surrogate in the path', 'https://cdn.test/a\ud800.png', 'malformed'],
  ])('still refuses %s', (_, url, says) => {
    expect(codeOf(url)).toBe('INVALID_SOURCE')
    expect(messageOf(url)).toContain(says)
  })

  it('counts the length of the URL as it is sent', () => {
    const raw = `https://cdn.test/${'海'.repeat(3000)}`
    expect(raw.length).toBeLessThan(8192)
    expect(messageOf(raw)).toContain('longer than 8192')
  })
})

describe('what a bad source object or string is told, in development', () => {
  const long = (n: number) => 'x'.repeat(n)
  it.each<[string, unknown, string, RegExp]>([
    ['a video that is not a string', { video: 5 }, 'INVALID_SOURCE', /\{ video \} must be a URL or a local path$/],
    ['a video given as a data: URL', { video: `data:image/png;base64,${PNG_B64}` }, 'INVALID_SOURCE', /\{ video \} must be a URL or a local path, not a data: URL/],
    ['a video given as a canvas', { video: { canvasId: 'poster' } }, 'INVALID_SOURCE', /\{ video \} must be a URL or a local path/],
    ['a canvas that is not a node', { canvas: null }, 'INVALID_SOURCE', /\{ canvas \} must be the node/],
    ['an empty canvasId', { canvasId: '' }, 'INVALID_SOURCE', /\{ canvasId \} must be a non-empty string/],
    ['a canvas exported as GIF', { canvasId: 'poster', fileType: 'gif' }, 'UNSUPPORTED_FORMAT', /fileType "gif"; use png or jpg/],
    ['a long fileType, cut to 20 characters', { canvasId: 'poster', fileType: long(30) }, 'UNSUPPORTED_FORMAT', new RegExp(`fileType "${long(20)}"`)],
    ['a quality over 1', { canvasId: 'poster', quality: 1.01 }, 'INVALID_SOURCE', /quality must be between 0 and 1/],
    ['a quality under 0', { canvas: {}, quality: -0.01 }, 'INVALID_SOURCE', /quality must be between 0 and 1/],
    ['a data: URL of another top type', `data:imagex/png;base64,${PNG_B64}`, 'INVALID_SOURCE', /"imagex\/png" is not an image type/],
    ['a data: URL of a type ending in image', `data:ximage/png;base64,${PNG_B64}`, 'INVALID_SOURCE', /"ximage\/png" is not an image type/],
    ['"=" at the start of a payload', `data:image/png;base64,=${PNG_B64.slice(1)}`, 'INVALID_SOURCE', /malformed base64/],
    ['another scheme that mentions data: later', 'ftp://x.test/?u=data:1', 'INVALID_SOURCE', /unsupported scheme "ftp:"/],
    ['an http URL with a bad host', 'http://exa mple.com/a.png', 'INVALID_SOURCE', /malformed host "exa mple.com"/],
    ['a long bad host, cut to 40 characters', `https://${'a'.repeat(50)}%.test/a.png`, 'INVALID_SOURCE', new RegExp(`malformed host "${'a'.repeat(40)}"`)],
    ['a relative URL the page cannot resolve, cut to 40 characters', `//[bad${long(50)}`, 'INVALID_SOURCE', new RegExp(`cannot resolve "//\\[bad${long(34)}"`)],
  ])('%s', (_, source, code, says) => {
    const options = { base: 'https://shop.example.com/pages/poster/index.html' }
    expect(codeOf(source, options)).toBe(code)
    expect(messageOf(source, options)).toMatch(says)
  })

  it('names the host, without its port, that allowedHosts does not list', () => {
    const allowedHosts = ['cdn.test']
    expect(messageOf('https://evil.test:8443/a.png', { allowedHosts })).toMatch(/host "evil\.test" is not in allowedHosts/)
    expect(messageOf('http://[::1]:8080/a.png', { allowedHosts })).toMatch(/host "\[::1\]" is not in allowedHosts/)
  })

  it('refuses a URL for its length only past 8192 characters, as written and as sent', () => {
    const allowedHosts = ['cdn.test']
    const written = `https://evil.test/${'a'.repeat(8192 - 22)}.png`
    expect(written.length).toBe(8192)
    expect(messageOf(written, { allowedHosts })).toMatch(/not in allowedHosts/)
    expect(messageOf(`${written}x`, { allowedHosts })).toMatch(/longer than 8192/)
    // 海 is sent as 9 characters (%E6%B5%B7).
    const sent = `https://evil.test/${'海'.repeat(908)}ab`
    expect(messageOf(sent, { allowedHosts })).toMatch(/not in allowedHosts/)
    expect(messageOf(`${sent}c`, { allowedHosts })).toMatch(/longer than 8192/)
    // Too long as written, though its host would come out a character shorter (e + U+0301 → é).
    const composed = `https://cafe\u0301.test/${'a'.repeat(8193 - 19)}`
    expect(composed.length).toBe(8193)
    expect(messageOf(composed)).toMatch(/longer than 8192/)
  })
})

describe('canvas export settings, at their limits', () => {
  it.each<[string, object]>([
    ['no settings', { canvasId: 'poster' }],
    ['png', { canvasId: 'poster', fileType: 'png' }],
    ['jpg', { canvas: {}, fileType: 'jpg' }],
    ['quality 0', { canvasId: 'poster', quality: 0 }],
    ['quality 1', { canvas: {}, quality: 1 }],
  ])('accepts %s', (_, source) => {
    expect(parseSource(source)).toEqual({ kind: 'canvas', target: source })
  })
})

describe('sources that only look like another kind', () => {
  it.each([
    'https://cdn.test/?from=wxfile://a.png',
    'https://cdn.test/http://tmp/a.png',
    'https://cdn.test/blob:a.png',
  ])('a web URL that mentions a local path later stays a URL: %s', (url) => {
    expect(parseSource(url)).toEqual({ kind: 'url', url })
  })

  it('reads a data: URL with parameters before ;base64', () => {
    expect(parseSource(`data:image/png;name=poster-1.png;base64,${PNG_B64}`)).toEqual({ kind: 'base64', payload: PNG_B64, format: 'png' })
  })

  it('applies allowedHosts to a relative source once the page resolves it', () => {
    const base = 'https://shop.example.com/pages/poster/index.html'
    expect(codeOf('/static/a.png', { base, allowedHosts: ['cdn.test'] })).toBe('INVALID_SOURCE')
    expect(codeOf('/static/a.png', { base, allowedHosts: ['shop.example.com'] })).toBe('accepted')
  })

  it.each([
    ['"ftyp" not at offset 4', '\0\0\0\x18moovisom\0\0\0\0'],
    ['a video brand not at the start of the major brand', '\0\0\0\x18ftypxM4V\0\0\0\0'],
  ])('is not a video: %s', (_, bytes) => {
    expect(sniff(base64Head(Buffer.from(bytes, 'latin1').toString('base64')))).toBeUndefined()
  })
})

describe('writeChecks: where a large payload stops being checked here', () => {
  const head = PNG_B64.slice(0, 16)
  const withBad = (length: number, bad = '!') => `${head}${'A'.repeat((length >> 1) - 16)}${bad}${'A'.repeat(length - (length >> 1) - bad.length)}`

  it('checks whole a payload of exactly 1 Mi characters, and leaves it one a quad longer', () => {
    expect(codeOf({ base64: withBad(1 << 20) }, { writeChecks: true })).toBe('INVALID_SOURCE')
    expect(codeOf({ base64: withBad((1 << 20) + 4) }, { writeChecks: true })).toBe('accepted')
  })

  it('leaves it a large payload of exactly maxBytes, and checks whole one a byte over', () => {
    const payload = withBad(3 << 19)
    const bytes = ((3 << 19) / 4) * 3
    expect(codeOf({ base64: payload }, { writeChecks: true, maxBytes: bytes })).toBe('accepted')
    expect(codeOf({ base64: payload }, { writeChecks: true, maxBytes: bytes - 1 })).toBe('INVALID_SOURCE')
  })

  it('counts every quad of a large payload with "=" inside as 3 bytes, so one over maxBytes is checked whole', () => {
    const payload = withBad(3 << 19, '='.repeat(20))
    expect(payload.length % 4).toBe(0)
    expect(codeOf({ base64: payload }, { writeChecks: true, maxBytes: ((3 << 19) / 4) * 3 - 10 })).toBe('INVALID_SOURCE')
  })
})
