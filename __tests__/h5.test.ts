/**
 * The H5 build: no album and no permission in a browser, and Taro's H5 permission APIs are stubs
 * that resolve in production, so the package uses fetch and an `<a download>` instead.
 */
import { loadFor, simulate } from './runtime/setup'
import { HTML, JPEG_B64, PNG, PNG_B64 } from './runtime/images'

// Every browser has Blob#arrayBuffer; jsdom does not, so give it the standard one.
Blob.prototype.arrayBuffer ??= function (this: Blob) {
  return new Promise<ArrayBuffer>((resolve) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result as ArrayBuffer)
    reader.readAsArrayBuffer(this)
  })
}

interface Download {
  href: string
  name: string
  bytes?: Uint8Array
}

function browser(routes: Record<string, { status?: number; body: Uint8Array | string; delay?: number }>) {
  const downloads: Download[] = []
  const blobs = new Map<string, Blob>()
  const aborted: string[] = []
  let serial = 0
  ;(globalThis as any).fetch = (url: string, init: { signal: AbortSignal }) =>
    new Promise((resolve, reject) => {
      const route = routes[url]
      if (!route) return reject(new TypeError('Failed to fetch'))
      const timer = setTimeout(
        () => resolve({ status: route.status ?? 200, blob: async () => new Blob([route.body as BlobPart]) }),
        route.delay ?? 1,
      )
      init.signal.addEventListener('abort', () => {
        clearTimeout(timer)
        aborted.push(url)
        reject(new DOMException('The operation was aborted.', 'AbortError'))
      })
    })
  URL.createObjectURL = (blob: Blob) => {
    const href = `blob:http://localhost/${++serial}`
    blobs.set(href, blob)
    return href
  }
  URL.revokeObjectURL = (href: string) => void blobs.delete(href)
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ href: this.getAttribute('href')!, name: this.download })
  })
  const bytesOf = async (d: Download) => new Uint8Array(await blobs.get(d.href)!.arrayBuffer())
  return { downloads, aborted, bytesOf, restore: () => click.mockRestore() }
}

const URL_PNG = 'https://cdn.test/poster.png'

it('downloads a URL in the browser: downloading → saving → saved, with no permission step and no Taro API', async () => {
  const sim = simulate()
  const b = browser({ [URL_PNG]: { body: PNG } })
  const { saveToAlbum } = loadFor('h5')
  const statuses: string[] = []
  const { filePath } = await saveToAlbum(URL_PNG, { onStatus: (s) => statuses.push(s), fileName: 'poster' })
  expect(statuses).toEqual(['downloading', 'saving', 'saved'])
  expect(b.downloads).toHaveLength(1)
  expect(b.downloads[0].name).toMatch(/^poster-.+\.png$/)
  expect(filePath.endsWith(b.downloads[0].name)).toBe(true)
  expect(Buffer.from(await b.bytesOf(b.downloads[0])).equals(Buffer.from(PNG))).toBe(true)
  expect(document.querySelectorAll('a')).toHaveLength(0)
  expect(sim.calls).toEqual([])
  b.restore()
})

it('hands a base64 image to the browser as a data URL, never decoding it in JS', async () => {
  simulate()
  const b = browser({})
  const { saveToAlbum } = loadFor('h5')
  await saveToAlbum(`data:image/png;base64,${PNG_B64}`, { fileName: 'card' })
  expect(b.downloads[0].href).toBe(`data:image/png;base64,${PNG_B64}`)
  expect(b.downloads[0].name).toMatch(/^card-.+\.png$/)
  b.restore()
})

it('gives a JPEG its own MIME type and extension', async () => {
  simulate()
  const b = browser({})
  const { saveToAlbum } = loadFor('h5')
  const { filePath } = await saveToAlbum({ base64: JPEG_B64 })
  expect(b.downloads[0].href).toBe(`data:image/jpeg;base64,${JPEG_B64}`)
  expect(b.downloads[0].name).toMatch(/\.jpg$/)
  expect(filePath.startsWith('h5:/')).toBe(true)
  b.restore()
})

it('fails with HTTP_STATUS on a 404 and UNSUPPORTED_FORMAT on an HTML page, without a download', async () => {
  simulate()
  const b = browser({ 'https://cdn.test/404.png': { status: 404, body: HTML }, 'https://cdn.test/page.png': { body: HTML } })
  const { saveToAlbum } = loadFor('h5')
  await expect(saveToAlbum('https://cdn.test/404.png')).rejects.toMatchObject({ code: 'HTTP_STATUS', statusCode: 404 })
  await expect(saveToAlbum('https://cdn.test/page.png')).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' })
  await expect(saveToAlbum('https://cdn.test/offline.png')).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED' })
  expect(b.downloads).toEqual([])
  b.restore()
})

it('aborts the fetch on timeout', async () => {
  simulate()
  const b = browser({ [URL_PNG]: { body: PNG, delay: 500 } })
  const { saveToAlbum } = loadFor('h5')
  await expect(saveToAlbum(URL_PNG, { timeout: 30 })).rejects.toMatchObject({ code: 'TIMEOUT' })
  expect(b.aborted).toEqual([URL_PNG])
  expect(b.downloads).toEqual([])
  b.restore()
})
