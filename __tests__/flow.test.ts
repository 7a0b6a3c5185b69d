import { saveToAlbum, SaveToAlbumError, startSave, type SaveStatus } from '../src'
import { simulate } from './runtime/setup'
import { DENIALS, SCOPE, USER_DATA_PATH, type Device, type Sim } from './runtime/wx'
import { GIF, HTML, JPEG, JPEG_B64, PNG, PNG_B64, WEBP } from './runtime/images'
import { liveTimers } from './runtime/timers'

const URL = 'https://cdn.test/poster.png'
const DATA_URL = `data:image/png;base64,${PNG_B64}`

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Waits for the cleanup a run starts as it ends (bounded by its timeout): until no timer is left, at most half a second. */
async function cleanedUp() {
  for (let i = 0; i < 100 && liveTimers() > 0; i++) await sleep(5)
}

/** Saves and records every status and progress report, then waits for its cleanup; never throws. */
async function run(source: Parameters<typeof saveToAlbum>[0], options: Parameters<typeof saveToAlbum>[1] = {}) {
  const statuses: SaveStatus[] = []
  const progress: number[] = []
  const outcome = await saveToAlbum(source, {
    ...options,
    onStatus: (s) => statuses.push(s),
    onProgress: (p) => progress.push(p),
  }).then(
    (value) => ({ value, error: undefined }),
    (error: SaveToAlbumError) => ({ value: undefined, error }),
  )
  await cleanedUp()
  return { ...outcome, statuses, progress }
}

function serve(sim: Sim, body: Uint8Array | string = PNG, extra: { status?: number; contentType?: string; url?: string } = {}) {
  sim.server.route(extra.url ?? URL, { body, status: extra.status, contentType: extra.contentType ?? 'image/png' })
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))

describe('the three flows', () => {
  it('downloads a URL and saves it: authorizing → downloading → saving → saved', async () => {
    const sim = simulate()
    serve(sim)
    const r = await run(URL)
    expect(r.error).toBeUndefined()
    expect(r.statuses).toEqual(['authorizing', 'downloading', 'saving', 'saved'])
    expect(sim.album).toHaveLength(1)
    expect(sameBytes(sim.album[0].bytes, PNG)).toBe(true)
    expect(sim.album[0].name).toMatch(/^album-[^/]+\.png$/)
    // No keepFile: the file is removed, so none is named.
    expect(r.value).toEqual({})
  })

  it('writes a data URL with base64 encoding and saves it: authorizing → writing → saving → saved', async () => {
    const sim = simulate()
    const r = await run(DATA_URL)
    expect(r.statuses).toEqual(['authorizing', 'writing', 'saving', 'saved'])
    expect(sameBytes(sim.album[0].bytes, PNG)).toBe(true)
    const write = sim.requests.find((q) => q.api === 'fs.writeFile')!.options
    // The bare payload, decoded by the platform: never a data: prefix, never decoded in JS.
    expect(write).toMatchObject({ data: PNG_B64, encoding: 'base64' })
    expect(write.filePath).toMatch(/\.png$/)
  })

  it('writes { base64 } with the extension of its real content', async () => {
    const sim = simulate()
    const r = await run({ base64: JPEG_B64, format: 'jpg' })
    expect(r.error).toBeUndefined()
    expect(sim.album[0].name).toMatch(/\.jpg$/)
    expect(sameBytes(sim.album[0].bytes, JPEG)).toBe(true)
  })

  it('trusts the bytes over a MIME type that lies: a PNG labelled jpeg is saved as .png', async () => {
    const sim = simulate()
    await run(`data:image/jpeg;base64,${PNG_B64}`)
    expect(sim.album[0].name).toMatch(/\.png$/)
  })

  it('saves a local path as it is: authorizing → saving → saved, and leaves the file alone', async () => {
    const sim = simulate()
    const path = `${USER_DATA_PATH}/chosen.jpg`
    sim.put(path, JPEG)
    const r = await run(path)
    expect(r.statuses).toEqual(['authorizing', 'saving', 'saved'])
    expect(r.value).toEqual({})
    expect(sim.calls).not.toContain('downloadFile')
    expect(sim.calls).not.toContain('fs.writeFile')
    expect(sim.read(path)).toBeDefined()
  })

  it.each(['wxfile://tmp_a1b2.png', 'http://tmp/a1b2.png'])('treats %s as a local file, not a URL', async (path) => {
    const sim = simulate()
    sim.put(path, PNG)
    const r = await run(path)
    expect(r.error).toBeUndefined()
    expect(sim.calls).not.toContain('downloadFile')
    expect(sim.album).toHaveLength(1)
  })
})

describe('permission', () => {
  it('ends denied without downloading when the scope was refused earlier', async () => {
    const sim = simulate()
    sim.authSetting[SCOPE] = false
    serve(sim)
    const r = await run(URL)
    expect(r.error!.code).toBe('AUTH_DENIED')
    expect(r.statuses).toEqual(['authorizing', 'denied'])
    expect(r.error!.message).toContain('call openSetting() from a tap')
    expect(sim.calls).toEqual(['getSetting'])
    expect(sim.dialogs).toBe(0)
  })

  it('asks once when never asked, and the remembered answer spares the second dialog', async () => {
    const sim = simulate({ dialog: 'allow' })
    serve(sim)
    await run(URL)
    await run(URL)
    expect(sim.dialogs).toBe(1)
    expect(sim.calls.filter((c) => c === 'authorize')).toHaveLength(1)
    expect(sim.album).toHaveLength(2)
  })

  it('ends denied when the person refuses the dialog, and does not ask again next time', async () => {
    const sim = simulate({ dialog: 'deny' })
    serve(sim)
    const first = await run(URL)
    expect(first.error!.code).toBe('AUTH_DENIED')
    expect(first.statuses).toEqual(['authorizing', 'denied'])
    expect(sim.calls).not.toContain('downloadFile')
    const second = await run(URL)
    expect(second.error!.code).toBe('AUTH_DENIED')
    expect(sim.calls.filter((c) => c === 'authorize')).toHaveLength(1)
    expect(sim.dialogs).toBe(1)
  })

  it.each(Object.keys(DENIALS) as Device[])('recognises the %s wording when the dialog is refused', async (device) => {
    simulate({ device, dialog: 'deny' })
    const r = await run(DATA_URL)
    expect(r.error!.code).toBe('AUTH_DENIED')
    expect(r.error!.cause).toEqual({ errMsg: DENIALS[device]('authorize') })
  })

  it.each(Object.keys(DENIALS) as Device[])('ends denied when the save itself fails with the %s wording', async (device) => {
    const sim = simulate({ device })
    sim.authSetting[SCOPE] = true
    sim.fault('saveImageToPhotosAlbum', { fail: DENIALS[device]('saveImageToPhotosAlbum') })
    const r = await run(DATA_URL)
    expect(r.error!.code).toBe('AUTH_DENIED')
    expect(r.statuses).toEqual(['authorizing', 'writing', 'saving', 'denied'])
    expect(sim.files()).toEqual([])
  })

  it.each([
    ['refused', 104],
    ['undeclared', 112],
  ] as const)('ends denied with PRIVACY_DENIED when the privacy agreement is %s (errno %d)', async (privacy, errno) => {
    const sim = simulate({ privacy })
    const r = await run(DATA_URL)
    expect(r.error!.code).toBe('PRIVACY_DENIED')
    expect(r.statuses[r.statuses.length - 1]).toBe('denied')
    expect((r.error!.cause as { errno: number }).errno).toBe(errno)
    expect(sim.calls).not.toContain('fs.writeFile')
  })

  it('recognises the privacy wording without an errno, as older base libraries send it', async () => {
    const sim = simulate()
    sim.authSetting[SCOPE] = true
    sim.fault('saveImageToPhotosAlbum', { fail: 'saveImageToPhotosAlbum:fail privacy permission is not authorized' })
    const r = await run(DATA_URL)
    expect(r.error!.code).toBe('PRIVACY_DENIED')
  })
})

describe('download', () => {
  it.each([404, 500, 302])('fails with HTTP_STATUS when the server answers %d, which downloadFile reports as success', async (status) => {
    const sim = simulate()
    serve(sim, HTML, { status, contentType: 'text/html' })
    const r = await run(URL)
    expect(r.error!.code).toBe('HTTP_STATUS')
    expect(r.error!.statusCode).toBe(status)
    expect(r.error!.message).toContain(String(status))
    expect(r.statuses).toEqual(['authorizing', 'downloading', 'failed'])
    expect(sim.album).toEqual([])
    expect(sim.files()).toEqual([])
  })

  it.each([199, 300])('treats HTTP %d as outside 2xx', async (status) => {
    const sim = simulate()
    serve(sim, PNG, { status })
    const r = await run(URL)
    expect(r.error).toMatchObject({ code: 'HTTP_STATUS', statusCode: status, cause: { statusCode: status } })
  })

  it.each([200, 206, 299])('saves an image answered with HTTP %d', async (status) => {
    const sim = simulate()
    serve(sim, PNG, { status })
    expect((await run(URL)).error).toBeUndefined()
  })

  it('fails with UNSUPPORTED_FORMAT when a 200 answer is not an image', async () => {
    const sim = simulate()
    serve(sim, HTML, { contentType: 'text/html' })
    const r = await run(URL)
    expect(r.error!.code).toBe('UNSUPPORTED_FORMAT')
    expect(r.error!.message).toBe('The downloaded file is not a PNG, JPEG, GIF or WebP image')
    expect(sim.calls).not.toContain('saveImageToPhotosAlbum')
    expect(sim.files()).toEqual([])
  })

  it.each([
    ['a Content-Length', true],
    ['no Content-Length', false],
  ])('saves a downloaded image over maxBytes, with %s: maxBytes caps base64 and videos', async (_, length) => {
    const sim = simulate()
    sim.server.route(URL, { body: PNG, contentType: 'image/png', length })
    const r = await run(URL, { maxBytes: 10 })
    expect(r.error).toBeUndefined()
    expect(sim.calls).not.toContain('fs.stat')
    expect(sim.album).toHaveLength(1)
  })

  it('fails with UNSUPPORTED_FORMAT when the body is empty', async () => {
    const sim = simulate()
    serve(sim, new Uint8Array())
    expect((await run(URL)).error!.code).toBe('UNSUPPORTED_FORMAT')
  })

  it.each([
    ['a .jpg URL serving a PNG', 'https://cdn.test/a.jpg', PNG, 'png'],
    ['a URL with no extension serving a JPEG', 'https://cdn.test/qrcode?id=7', JPEG, 'jpg'],
    ['a GIF', 'https://cdn.test/a.gif', GIF, 'gif'],
    ['a WebP', 'https://cdn.test/a.webp', WEBP, 'webp'],
  ])('gives %s the extension of its real content', async (_, url, body, ext) => {
    const sim = simulate()
    serve(sim, body, { url, contentType: 'application/octet-stream' })
    const r = await run(url)
    expect(r.error).toBeUndefined()
    expect(sim.album[0].name.endsWith(`.${ext}`)).toBe(true)
  })

  it.each([
    // The URL names the type the bytes have: downloaded under that name, nothing renamed.
    ['a .jpg URL', 'https://cdn.test/a.jpg', JPEG, '.jpg', 0],
    ['a .JPEG URL with a query', 'https://cdn.test/a.JPEG?v=2', JPEG, '.jpg', 0],
    ['a .png URL with a fragment', 'https://cdn.test/a.png#top', PNG, '.png', 0],
    // Not a type it names: downloaded without an extension, named once the bytes are read.
    ['a .pngs URL', 'https://cdn.test/a.pngs', PNG, '', 1],
    ['a .png folder', 'https://cdn.test/a.png/b', PNG, '', 1],
  ])('downloads %s named as the URL names its type, renamed only when it names none', async (_, url, body, ext, renames) => {
    const sim = simulate()
    serve(sim, body, { url, contentType: 'application/octet-stream' })
    const r = await run(url)
    expect(r.error).toBeUndefined()
    const into: string = sim.requests.find((q) => q.api === 'downloadFile')!.options.filePath
    expect(into.slice(into.lastIndexOf('/')).replace(/^[^.]*/, '')).toBe(ext)
    expect(sim.calls.filter((c) => c === 'fs.rename')).toHaveLength(renames)
  })

  it('fails with TIMEOUT when the download does not finish in time, and aborts the task', async () => {
    const sim = simulate()
    sim.server.route(URL, { hang: true })
    const r = await run(URL, { timeout: 50 })
    expect(r.error!.code).toBe('TIMEOUT')
    expect(r.error!.message).toBe('No answer within 50 ms')
    expect(r.statuses).toEqual(['authorizing', 'downloading', 'failed'])
    expect(sim.pending()).toBe(0)
    expect(sim.files()).toEqual([])
  })

  it('fails with DOWNLOAD_FAILED and keeps the platform message when the host is not allowed', async () => {
    simulate()
    const r = await run('https://not-listed.test/a.png')
    expect(r.error!.code).toBe('DOWNLOAD_FAILED')
    expect(r.error!.cause).toEqual({ errMsg: 'downloadFile:fail url not in domain list' })
    expect(r.error!.message).toContain('url not in domain list')
  })

  it('reports download progress from 0 to 1', async () => {
    const sim = simulate()
    serve(sim)
    const r = await run(URL)
    // From the bytes written against the bytes expected, not the platform's rounded percent.
    expect(r.progress.map((p) => +p.toFixed(2))).toEqual([0.33, 0.67, 1, 1])
  })

  it('removes the one file it left and nothing else: a renamed download is unlinked once, by its new name', async () => {
    const sim = simulate()
    serve(sim)
    const r = await run(URL)
    const unlinks = sim.requests.filter((q) => q.api === 'fs.unlink').map((q) => q.options.filePath)
    expect([r.error, unlinks]).toEqual([undefined, [`${USER_DATA_PATH}/${sim.album[0].name}`]])
  })

  it('downloads into the user folder, not a temporary file it cannot clean', async () => {
    const sim = simulate()
    serve(sim)
    await run(URL)
    expect(sim.requests.find((q) => q.api === 'downloadFile')!.options.filePath).toMatch(new RegExp(`^${USER_DATA_PATH}/`))
  })
})

describe('what each step reports when the platform fails it', () => {
  it.each<[string, string, string, string]>([
    ['getSetting', DATA_URL, 'AUTH_CHECK_FAILED', 'Reading the album permission'],
    ['authorize', DATA_URL, 'AUTH_CHECK_FAILED', 'Asking for the album permission'],
    ['downloadFile', URL, 'DOWNLOAD_FAILED', 'Download'],
    ['fs.readFile', URL, 'UNSUPPORTED_FORMAT', 'Reading the download'],
    // A URL naming no type: its download is named once its bytes are known.
    ['fs.rename', `${URL}?type`.replace('.png', ''), 'WRITE_FAILED', 'Naming the download'],
    ['fs.writeFile', DATA_URL, 'WRITE_FAILED', 'Writing the image'],
    ['saveImageToPhotosAlbum', DATA_URL, 'SAVE_FAILED', 'Saving to the album'],
  ])('%s → %s, named in the message, with the platform answer as cause', async (api, source, code, what) => {
    const sim = simulate()
    serve(sim)
    serve(sim, PNG, { url: source })
    const errMsg = `${api.replace('fs.', '')}:fail system error`
    sim.fault(api, { fail: errMsg })
    const r = await run(source)
    expect(r.error!.code).toBe(code)
    expect(r.error!.message).toBe(`${what} failed (${code}): ${errMsg}`)
    expect(r.error!.cause).toEqual({ errMsg })
  })

  it('keeps the message of an exception a platform call throws', async () => {
    const sim = simulate()
    sim.fault('getSetting', 'throw')
    const r = await run(DATA_URL)
    expect(r.error!.message).toBe('Reading the album permission failed (AUTH_CHECK_FAILED): getSetting: simulated synchronous throw')
    expect(r.statuses).toEqual(['authorizing', 'failed'])
  })

  it.each<[string, string, string]>([
    // A person answers the permission dialog as late as they like (the privacy sheet: privacy.test).
    ['authorize', 'saved', DATA_URL],
    // Nobody waits on these: a platform that does not answer in time ends the run.
    ['getSetting', 'TIMEOUT', DATA_URL],
    ['fs.writeFile', 'TIMEOUT', DATA_URL],
    ['fs.readFile', 'TIMEOUT', URL],
    ['fs.rename', 'TIMEOUT', `${URL}?type`.replace('.png', '')],
    ['saveImageToPhotosAlbum', 'TIMEOUT', DATA_URL],
  ])('%s answering after the timeout: the run ends %s', async (api, end, source) => {
    const sim = simulate()
    serve(sim)
    serve(sim, PNG, { url: source })
    sim.fault(api, { late: 150 })
    const r = await run(source, { timeout: 50 })
    expect(r.error ? r.error.code : 'saved').toBe(end)
  })
})

describe('write', () => {
  it('fails with WRITE_FAILED and keeps errno 1300202 when the user folder is full', async () => {
    const sim = simulate({ quota: 10 })
    const r = await run(DATA_URL)
    expect(r.error!.code).toBe('WRITE_FAILED')
    expect((r.error!.cause as { errno: number }).errno).toBe(1300202)
    expect(r.statuses).toEqual(['authorizing', 'writing', 'failed'])
    expect(sim.files()).toEqual([])
  })

  it('names files from fileName without separators, dots or control characters', async () => {
    const sim = simulate()
    await run(DATA_URL, { fileName: '../../etc/海报\n<1>' })
    const path: string = sim.requests.find((q) => q.api === 'fs.writeFile')!.options.filePath
    const name = path.slice(USER_DATA_PATH.length + 1)
    expect(name).not.toMatch(/[/\\\n<>]|\.\./)
    expect(name).toContain('海报')
    expect(sim.album).toHaveLength(1)
  })

  it.each([
    [undefined, 'album'],
    ['a  b', 'a_b'],
    ['v1.2', 'v1_2'],
    ['my poster/..\\x', 'my_poster_x'],
    ['...hidden', '_hidden'],
    ['海报', '海报'],
    ['x'.repeat(300), 'x'.repeat(48)],
  ])('names the file for fileName %j as "%s-…"', async (fileName, base) => {
    const sim = simulate()
    await run(DATA_URL, { fileName })
    const path: string = sim.requests.find((q) => q.api === 'fs.writeFile')!.options.filePath
    expect(path).toMatch(new RegExp(`^${USER_DATA_PATH}/${base}-[0-9a-z]+-[0-9a-z]+\\.png$`))
  })

  it('gives two runs at the same moment different files, and both images reach the album', async () => {
    const sim = simulate()
    const [a, b] = await Promise.all([run(DATA_URL, { fileName: 'same' }), run(`data:image/jpeg;base64,${JPEG_B64}`, { fileName: 'same' })])
    expect([a.error, b.error]).toEqual([undefined, undefined])
    const written = sim.requests.filter((q) => q.api === 'fs.writeFile').map((q) => q.options.filePath)
    expect(new Set(written).size).toBe(2)
    expect(sim.album.map((x) => x.name.split('.').pop()).sort()).toEqual(['jpg', 'png'])
  })
})

describe('save', () => {
  it('ends idle with CANCELLED when the person cancels the sheet: they chose to', async () => {
    simulate({ sheet: 'cancel' })
    const r = await run(DATA_URL)
    expect(r.error!.code).toBe('CANCELLED')
    expect(r.statuses[r.statuses.length - 1]).toBe('idle')
  })

  it('fails with SAVE_FAILED for a local path that does not exist', async () => {
    simulate()
    const r = await run(`${USER_DATA_PATH}/gone.png`)
    expect(r.error!.code).toBe('SAVE_FAILED')
    expect(r.error!.cause).toEqual({ errMsg: 'saveImageToPhotosAlbum:fail file not exists' })
  })

  it('fails with SAVE_FAILED when the album refuses a local file that is not an image', async () => {
    const sim = simulate()
    sim.put(`${USER_DATA_PATH}/page.png`, new Uint8Array(Buffer.from(HTML)))
    const r = await run(`${USER_DATA_PATH}/page.png`)
    expect(r.error!.code).toBe('SAVE_FAILED')
    expect(r.error!.message).toContain('invalid file type')
  })
})

describe('errors and input', () => {
  it('refuses bad input before any platform call', async () => {
    const sim = simulate()
    for (const bad of ['', 'javascript:alert(1)', 'ftp://x.test/a.png', 'data:text/html;base64,PGgxPg==', 42, null, ['x']]) {
      const r = await run(bad as string)
      expect(r.error!.code).toBe('INVALID_SOURCE')
      expect(r.statuses).toEqual(['failed'])
    }
    expect(sim.calls).toEqual([])
  })

  it('rejects with real SaveToAlbumError objects that say what happened', async () => {
    const sim = simulate()
    serve(sim, PNG, { status: 404 })
    const { error } = await run(URL)
    expect(error).toBeInstanceOf(SaveToAlbumError)
    expect(error).toBeInstanceOf(Error)
    expect(error!.name).toBe('SaveToAlbumError')
    expect(error!.message).toMatch(/HTTP 404/)
  })

  it('turns an exception nothing expected into a SaveToAlbumError: SAVE_FAILED, its message kept, the run failed', async () => {
    simulate()
    // A mistake no check catches (a string where a list belongs) throws a TypeError inside the run.
    const r = await run(URL, { allowedHosts: 'cdn.test' as unknown as string[] })
    expect(r.error).toBeInstanceOf(SaveToAlbumError)
    expect(r.error).toMatchObject({ code: 'SAVE_FAILED', message: expect.stringMatching(/^Save failed \(SAVE_FAILED\): .*not a function/) })
    expect(r.statuses).toEqual(['failed'])
  })

  it('turns a platform call that throws synchronously into a failed run', async () => {
    const sim = simulate()
    sim.authSetting[SCOPE] = true
    sim.fault('saveImageToPhotosAlbum', 'throw')
    const r = await run(DATA_URL)
    expect(r.error!.code).toBe('SAVE_FAILED')
    expect(sim.files()).toEqual([])
  })
})

describe('abort and cleanup', () => {
  /** A minimal AbortSignal that counts its listeners; like an EventTarget, it removes a listener only for the type it was added for. */
  function signal() {
    const listeners = new Set<() => void>()
    const s = {
      aborted: false,
      addEventListener: (type: 'abort', l: () => void) => type === 'abort' && listeners.add(l),
      removeEventListener: (type: 'abort', l: () => void) => type === 'abort' && listeners.delete(l),
      abort: () => ((s.aborted = true), listeners.forEach((l) => l())),
      listeners,
    }
    return s
  }

  it('rejects with ABORTED when the signal fires mid-download, stops the task and removes the file', async () => {
    const sim = simulate()
    sim.server.route(URL, { body: PNG, delay: 30 })
    const s = signal()
    const pending = run(URL, { signal: s })
    await new Promise((r) => setTimeout(r, 40))
    expect(sim.calls).toContain('downloadFile')
    s.abort()
    const r = await pending
    expect(r.error!.code).toBe('ABORTED')
    expect(r.error!.message).toMatch(/was aborted/)
    expect(r.statuses).toEqual(['authorizing', 'downloading', 'idle'])
    expect(sim.pending()).toBe(0)
    expect(sim.album).toEqual([])
    expect(sim.files()).toEqual([])
    expect(s.listeners.size).toBe(0)
  })

  it('lets a run end saved when the abort comes after the image was handed to the album', async () => {
    const sim = simulate()
    sim.fault('saveImageToPhotosAlbum', { late: 30 })
    const s = signal()
    sim.onCall = (api) => api === 'saveImageToPhotosAlbum' && s.abort()
    const r = await run(DATA_URL, { signal: s })
    expect(r.error).toBeUndefined()
    expect(r.statuses).toEqual(['authorizing', 'writing', 'saving', 'saved'])
    expect(sim.album).toHaveLength(1)
    expect(sim.files()).toEqual([])
  })

  it('makes no platform call and reports no status with a signal that is already aborted, and says so', async () => {
    const sim = simulate()
    const s = signal()
    s.aborted = true
    const r = await run(URL, { signal: s })
    expect(r.error!.code).toBe('ABORTED')
    expect(r.error!.message).toMatch(/already aborted/)
    expect(r.statuses).toEqual([])
    expect(sim.calls).toEqual([])
  })

  it('removes its listener from the signal once the run ends', async () => {
    simulate()
    const s = signal()
    await run(DATA_URL, { signal: s })
    expect(s.listeners.size).toBe(0)
  })

  it('removes the file a write lands after the run was aborted', async () => {
    const sim = simulate()
    sim.fault('fs.writeFile', { late: 60 })
    const s = signal()
    sim.onCall = (called) => called === 'fs.writeFile' && s.abort()
    expect((await run(DATA_URL, { signal: s })).error!.code).toBe('ABORTED')
    await new Promise((r) => setTimeout(r, 100))
    const path = sim.requests.find((q) => q.api === 'fs.writeFile')!.options.filePath
    // Once when the run ended (nothing there yet), once when the late file landed.
    expect(sim.requests.filter((q) => q.api === 'fs.unlink' && q.options.filePath === path)).toHaveLength(2)
    expect(sim.files()).toEqual([])
    expect(sim.album).toEqual([])
  })

  it('stops a download on abort, so its file never lands', async () => {
    const sim = simulate()
    serve(sim)
    sim.fault('downloadFile', { late: 60 })
    const s = signal()
    sim.onCall = (called) => called === 'downloadFile' && s.abort()
    expect((await run(URL, { signal: s })).error!.code).toBe('ABORTED')
    await new Promise((r) => setTimeout(r, 100))
    expect(sim.openTasks()).toBe(0)
    expect(sim.files()).toEqual([])
  })

  it('removes the file a write lands after a timeout', async () => {
    const sim = simulate()
    sim.fault('fs.writeFile', { late: 60 })
    expect((await run(DATA_URL, { timeout: 20 })).error!.code).toBe('TIMEOUT')
    await new Promise((r) => setTimeout(r, 100))
    expect(sim.files()).toEqual([])
  })

  it.each<[SaveStatus, string[]]>([
    // The first status comes before saveToAlbum() has even returned.
    ['authorizing', []],
    ['downloading', ['getSetting', 'authorize']],
  ])('makes no further platform call once aborted from the %s status callback', async (at, calls) => {
    const sim = simulate()
    serve(sim)
    const s = signal()
    const r = await saveToAlbum(URL, { signal: s, onStatus: (st) => st === at && s.abort() }).catch((e) => e)
    expect(r.code).toBe('ABORTED')
    expect(sim.calls).toEqual(calls)
    expect(sim.album).toEqual([])
  })

  it('has nothing left to abort once the run has ended or was aborted: abort() answers false and reports nothing', async () => {
    simulate({ sheet: 'cancel' })
    const statuses: SaveStatus[] = []
    const cancelled = startSave(DATA_URL, { onStatus: (st) => statuses.push(st) })
    expect((await cancelled.promise.catch((e) => e)).code).toBe('CANCELLED')
    expect([cancelled.abort(), statuses]).toEqual([false, ['authorizing', 'writing', 'saving', 'idle']])

    const sim = simulate()
    serve(sim)
    const aborted = startSave(URL)
    expect([aborted.abort(), aborted.abort()]).toEqual([true, false])
    expect((await aborted.promise.catch((e) => e)).code).toBe('ABORTED')
    await cleanedUp()
  })

  it('bounds the cleanup by the timeout: an unlink that never answers leaves no timer past it', async () => {
    const sim = simulate()
    sim.fault('fs.unlink', 'silent')
    expect((await run(DATA_URL, { timeout: 50 })).error).toBeUndefined()
    await sleep(100)
    expect(liveTimers()).toBe(0)
    // The file left behind goes with the next run's cleanup.
    sim.fault('fs.unlink')
    await run(DATA_URL)
    expect(sim.files()).toEqual([])
  })

  it('leaves no timer running after a save', async () => {
    const sim = simulate()
    serve(sim)
    await run(URL)
    await run(DATA_URL)
    expect(liveTimers()).toBe(0)
  })

  it('removes a file its unlink failed to remove during the next run', async () => {
    const sim = simulate()
    sim.fault('fs.unlink', { fail: 'unlink:fail system error' })
    const first = await run(DATA_URL)
    expect(first.error).toBeUndefined()
    expect(sim.files()).toHaveLength(1)
    sim.fault('fs.unlink')
    await run(`data:image/jpeg;base64,${JPEG_B64}`)
    expect(sim.files()).toEqual([])
  })

  it('makes no call at all for a refused source, not even to retry a leftover: the next run that writes does', async () => {
    const sim = simulate()
    sim.fault('fs.unlink', { fail: 'unlink:fail system error' })
    await run(DATA_URL)
    sim.fault('fs.unlink')
    const before = sim.calls.length
    expect((await run('ftp://x.test/a.png')).error!.code).toBe('INVALID_SOURCE')
    expect(sim.calls.slice(before)).toEqual([])
    await run(DATA_URL)
    expect(sim.files()).toEqual([])
  })

  it('stops trying a leftover once it is gone', async () => {
    const sim = simulate()
    sim.fault('fs.unlink', { fail: 'unlink:fail system error' })
    await run(DATA_URL)
    sim.fault('fs.unlink')
    await run(DATA_URL) // removes its own file and the leftover
    const before = sim.calls.filter((c) => c === 'fs.unlink').length
    await run(DATA_URL)
    expect(sim.calls.filter((c) => c === 'fs.unlink').length - before).toBe(1)
  })

  it('counts a file that is already gone as removed, not as a leftover', async () => {
    const sim = simulate()
    serve(sim)
    await run(URL) // its download was renamed: unlinking the old name answers "no such file"
    const before = sim.calls.filter((c) => c === 'fs.unlink').length
    await run(DATA_URL)
    expect(sim.calls.filter((c) => c === 'fs.unlink').length - before).toBe(1)
  })

  it('keeps trying a leftover file until its unlink works', async () => {
    const sim = simulate()
    sim.fault('fs.unlink', 'throw')
    await run(DATA_URL)
    await run(DATA_URL)
    expect(sim.files()).toHaveLength(2)
    sim.fault('fs.unlink')
    await run(DATA_URL)
    expect(sim.files()).toEqual([])
  })

  it.each<[string, (sim: Sim) => void, string]>([
    ['saved from a URL', (sim) => serve(sim), URL],
    ['saved from base64', () => undefined, DATA_URL],
    ['failed on HTTP 404', (sim) => serve(sim, PNG, { status: 404 }), URL],
    ['failed on a non-image', (sim) => serve(sim, HTML), URL],
    ['failed in the album', (sim) => sim.fault('saveImageToPhotosAlbum', { fail: 'saveImageToPhotosAlbum:fail system error' }), DATA_URL],
    ['failed on a rename', (sim) => (serve(sim), sim.fault('fs.rename', { fail: 'rename:fail system error' })), URL],
    ['never answered by the album', (sim) => sim.fault('saveImageToPhotosAlbum', 'silent'), DATA_URL],
  ])('leaves no file in the user folder when %s', async (_, arrange, source) => {
    const sim = simulate()
    arrange(sim)
    await run(source, { timeout: 80 })
    expect(sim.files()).toEqual([])
  })
})
