/**
 * @jest-environment-options {"url": "https://shop.test/"}
 */
/**
 * The H5 build on a page served over https (`h5.test.ts` runs on jsdom's http://localhost, and a
 * page's address is fixed for its whole file): what a failed download says depends on it.
 */
import { simulateBrowser } from '../src/testing/browser'
import { loadFor, simulate } from './runtime/setup'
import { PNG } from './runtime/images'

let restore: (() => void) | undefined
afterEach(() => {
  restore?.()
  restore = undefined
})

describe('downloads on an https page', () => {
  it('names mixed content for an http image, and CORS for an https image of another origin', async () => {
    simulate()
    // Chrome blocks the http fetch and gives the page its one TypeError, as for any failed fetch.
    const b = simulateBrowser({ routes: { 'http://cdn.test/a.png': { body: PNG }, 'https://cdn.test/a.png': { body: PNG } } })
    restore = b.restore
    const { saveToAlbum } = loadFor('h5')
    const failure = (url: string) => saveToAlbum(url).catch((e) => e)
    const insecure = await failure('http://cdn.test/a.png')
    expect(insecure).toMatchObject({ code: 'DOWNLOAD_FAILED' })
    expect(insecure.message).toMatch(/mixed content.*serve the image over https/)
    expect(insecure.message).not.toMatch(/CORS/)
    const foreign = await failure('https://cdn.test/a.png')
    expect(foreign).toMatchObject({ code: 'DOWNLOAD_FAILED' })
    expect(foreign.message).toMatch(/CORS/)
    expect(foreign.message).toContain('Access-Control-Allow-Origin: https://shop.test')
    expect(foreign.message).not.toMatch(/mixed content/)
    expect(b.downloads).toEqual([])
  })
})
