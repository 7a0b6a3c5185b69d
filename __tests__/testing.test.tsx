/**
 * taro-save-to-album/testing (src/testing) as an app's tests use it: the package loaded with the
 * kit's `@tarojs/taro` and its chooser of the simulated family, each answer set in a line.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { components as standIns, installSimulatedAlbum, simulateAlbum, taro } from '../src/testing'

installSimulatedAlbum()
let lib!: typeof import('../src')
let components!: typeof import('../src/components')
const react = require('react')
jest.isolateModules(() => {
  jest.doMock('react', () => react)
  jest.doMock('@tarojs/taro', () => taro)
  jest.doMock('@tarojs/components', () => standIns)
  lib = require('../src')
  components = require('../src/components')
})
jest.dontMock('@tarojs/taro')
jest.dontMock('@tarojs/components')

const url = 'https://cdn.example.com/poster.png'
const code = (promise: Promise<unknown>) => promise.then(() => 'saved', (e) => e.code)

describe.each(['weapp', 'qq', 'jd', 'qywx', 'tt', 'alipay', 'swan'] as const)('%s', (family) => {
  it('saves an image URL into the album, leaving no file', async () => {
    const phone = simulateAlbum(family, { urls: { [url]: 'image' } })
    await lib.saveToAlbum(url)
    expect(phone.album).toHaveLength(1)
    expect(phone.calls).toContain('downloadFile')
    expect(phone.files()).toEqual([])
  })

  it('refused earlier: AUTH_DENIED with no dialog; granted afterwards: saved', async () => {
    const phone = simulateAlbum(family, { album: 'refused', urls: { [url]: 'image' } })
    expect(await code(lib.saveToAlbum(url))).toBe('AUTH_DENIED')
    expect(phone.dialogs).toBe(0)
    phone.answers({ album: 'granted' })
    expect(await code(lib.saveToAlbum(url))).toBe('saved')
    expect(phone.album).toHaveLength(1)
  })

  it('the dialog refused: AUTH_DENIED, nothing in the album', async () => {
    const phone = simulateAlbum(family, { dialog: 'deny', urls: { [url]: 'image' } })
    expect(await code(lib.saveToAlbum(url))).toBe('AUTH_DENIED')
    expect(phone.album).toEqual([])
  })

  it("the phone's own permission refused: SYSTEM_DENIED", async () => {
    simulateAlbum(family, { phone: 'denied', urls: { [url]: 'image' } })
    expect(await code(lib.saveToAlbum(url))).toBe('SYSTEM_DENIED')
  })

  it('a 404, an HTML page, a URL outside the answers: nothing saved', async () => {
    const phone = simulateAlbum(family, { urls: { [url]: 404, 'https://cdn.example.com/login': 'html' } })
    // Alipay's downloadFile reports no status: the error page is what it refuses.
    expect(await code(lib.saveToAlbum(url))).toBe(family === 'alipay' ? 'UNSUPPORTED_FORMAT' : 'HTTP_STATUS')
    expect(await code(lib.saveToAlbum('https://cdn.example.com/login'))).toBe('UNSUPPORTED_FORMAT')
    expect(await code(lib.saveToAlbum('https://cdn.example.com/elsewhere.png'))).toBe('DOWNLOAD_FAILED')
    expect(phone.album).toEqual([])
    expect(phone.files()).toEqual([])
  })
})

describe.each(['weapp', 'tt', 'alipay', 'swan', 'jd'] as const)('the button on %s, chosen in the test', (family) => {
  it('refused earlier: the settings step, the album turned on there, then saved', async () => {
    const phone = simulateAlbum(family, { album: 'refused', urls: { [url]: 'image' } })
    render(<components.SaveToAlbumButton source={url} />)
    fireEvent.click(screen.getByRole('button'))
    const settings = await screen.findByRole('button', { name: '去设置打开相册权限' })
    phone.answers({ settings: 'on' })
    fireEvent.click(settings)
    await screen.findByRole('button', { name: '已保存' })
    expect(phone.settingsVisits).toBe(1)
    expect(phone.album).toHaveLength(1)
  })
})

describe('h5, the browser', () => {
  const bytes = async (blob?: Blob) => new Uint8Array(await blob!.arrayBuffer())
  const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47]

  it('a desktop browser downloads the image: the download and the album show the file handed over', async () => {
    const phone = simulateAlbum('h5', { urls: { [url]: 'image' } })
    const result = await lib.saveToAlbum(url)
    expect(result.via).toBe('download')
    expect(phone.downloads.map((d) => d.name)).toEqual([expect.stringMatching(/\.png$/)])
    expect([...(await bytes(phone.downloads[0].blob)).slice(0, 4)]).toEqual(PNG_MAGIC)
    await waitFor(() => expect(phone.album).toHaveLength(1))
    expect(phone.album[0].name).toBe(phone.downloads[0].name)
    expect([...phone.album[0].bytes.slice(0, 4)]).toEqual(PNG_MAGIC)
    expect(phone.calls).toEqual(['fetch', 'download'])
    expect(phone.dialogs).toBe(0)
  })

  it("WeChat's in-app browser: the long-press overlay, nothing downloaded", async () => {
    const phone = simulateAlbum('h5', { browser: 'wechat', urls: { [url]: 'image' } })
    expect((await lib.saveToAlbum(url)).via).toBe('long-press')
    const overlay = document.querySelector('[data-save-to-album="long-press"]')!
    expect(overlay.textContent).toContain('长按图片保存')
    expect(overlay.querySelectorAll('img')).toHaveLength(1)
    expect(phone.downloads).toEqual([])
    expect(phone.album).toEqual([])
    overlay.querySelector('img')!.click()
  })

  it('a phone: the share sheet, saved; or cancelled, CANCELLED and nothing in the album', async () => {
    const phone = simulateAlbum('h5', { browser: 'phone', urls: { [url]: 'image' } })
    expect((await lib.saveToAlbum(url)).via).toBe('share')
    await waitFor(() => expect(phone.album).toHaveLength(1))
    phone.answers({ sheet: 'cancel' })
    expect(await code(lib.saveToAlbum(url))).toBe('CANCELLED')
    expect(phone.album).toHaveLength(1)
    expect(phone.calls.filter((c) => c === 'share')).toHaveLength(2)
  })

  it('a 404, an HTML page, a URL outside the answers, no answer: nothing handed over', async () => {
    const phone = simulateAlbum('h5', { urls: { [url]: 404, 'https://cdn.example.com/login': 'html', 'https://cdn.example.com/slow.png': 'none' } })
    expect(await code(lib.saveToAlbum(url))).toBe('HTTP_STATUS')
    expect(await code(lib.saveToAlbum('https://cdn.example.com/login'))).toBe('UNSUPPORTED_FORMAT')
    expect(await code(lib.saveToAlbum('https://cdn.example.com/elsewhere.png'))).toBe('DOWNLOAD_FAILED')
    expect(await code(lib.saveToAlbum('https://cdn.example.com/slow.png', { timeout: 50 }))).toBe('TIMEOUT')
    expect(phone.runtime.aborted).toEqual(['https://cdn.example.com/slow.png'])
    expect(phone.downloads).toEqual([])
    expect(phone.album).toEqual([])
  })

  it('the button on a phone: a tap, the share sheet saved, the button says so', async () => {
    const phone = simulateAlbum('h5', { browser: 'phone', urls: { [url]: 'image' } })
    render(<components.SaveToAlbumButton source={url} />)
    fireEvent.click(screen.getByRole('button'))
    await screen.findByRole('button', { name: '已保存' })
    expect(phone.calls).toEqual(['fetch', 'share'])
    expect(phone.runtime.taps).toBe(1)
    await waitFor(() => expect(phone.album).toHaveLength(1))
  })

  it('the next simulation gives jsdom its own pieces back, and closes a long-press overlay left open', async () => {
    simulateAlbum('h5', { browser: 'wechat', urls: { [url]: 'image' } })
    expect(navigator.userAgent).toContain('MicroMessenger')
    await lib.saveToAlbum(url)
    expect(document.querySelector('[data-save-to-album="long-press"]')).not.toBeNull()
    simulateAlbum('weapp')
    expect(document.querySelector('[data-save-to-album="long-press"]')).toBeNull()
    expect(navigator.userAgent).not.toContain('MicroMessenger')
    expect((globalThis as { fetch?: unknown }).fetch).toBeUndefined()
  })
})

describe('answers', () => {
  it('a slow download reports its progress', async () => {
    simulateAlbum('weapp', { urls: { [url]: 'slow' } })
    const progress: number[] = []
    await lib.saveToAlbum(url, { onProgress: (p: number) => progress.push(p) })
    expect(progress.length).toBeGreaterThan(1)
    expect(progress[progress.length - 1]).toBe(1)
  })

  it('no answer: TIMEOUT after the timeout, the download aborted', async () => {
    const phone = simulateAlbum('weapp', { urls: { [url]: 'none' } })
    expect(await code(lib.saveToAlbum(url, { timeout: 50 }))).toBe('TIMEOUT')
    expect(phone.runtime.openTasks()).toBe(0)
  })

  it('a video URL goes to the album as a video', async () => {
    const phone = simulateAlbum('weapp', { urls: { 'https://cdn.example.com/clip.mp4': 'video' } })
    await lib.saveToAlbum({ video: 'https://cdn.example.com/clip.mp4' })
    expect(phone.calls).toContain('saveVideoToPhotosAlbum')
  })

  it('a full user folder: the save fails, nothing in the album', async () => {
    const phone = simulateAlbum('weapp', { space: 0 })
    expect(await code(lib.saveToAlbum(`data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==`))).toBe('WRITE_FAILED')
    expect(phone.album).toEqual([])
  })

  it("WeChat's privacy agreement pending: its sheet shows, then the save goes on", async () => {
    const phone = simulateAlbum('weapp', { privacy: 'pending', urls: { [url]: 'image' } })
    await lib.saveToAlbum(url)
    expect((phone.runtime as { privacySheets: number }).privacySheets).toBe(1)
    expect(phone.album).toHaveLength(1)
  })

  it('without the setup, simulateAlbum() says what to add, for jest and for vitest', () => {
    const g = globalThis as { __taroSaveToAlbumSimulated?: unknown }
    const chooser = g.__taroSaveToAlbumSimulated
    delete g.__taroSaveToAlbumSimulated
    try {
      expect(() => simulateAlbum('weapp')).toThrow("setupFilesAfterEnv: ['taro-save-to-album/testing/jest']")
      expect(() => simulateAlbum('weapp')).toThrow("plugins: [simulatedAlbum()] from 'taro-save-to-album/testing/vitest'")
    } finally {
      g.__taroSaveToAlbumSimulated = chooser
    }
  })

  it('an unknown family says which there are', () => {
    expect(() => simulateAlbum('lark' as 'tt')).toThrow('the families are weapp, qq, jd, qywx, tt, alipay, swan, h5')
  })
})
