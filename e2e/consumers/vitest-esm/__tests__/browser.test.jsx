import { expect, test } from 'vitest'
// The same poster page in a browser (Taro's h5 target), over the kit's simulated browser.
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { simulateAlbum } from 'taro-save-to-album/testing'
import { Poster } from '../src/Poster'

const url = 'https://cdn.example.com/poster.png'

test('a desktop browser: the poster is downloaded, and the album shows the file handed over', async () => {
  const phone = simulateAlbum('h5', { urls: { [url]: 'image' } })
  render(<Poster url={url} />)
  fireEvent.click(screen.getByRole('button'))
  await screen.findByText('海报已保存')
  expect(phone.downloads).toHaveLength(1)
  expect(phone.downloads[0].name).toMatch(/\.png$/)
  await waitFor(() => expect(phone.album).toHaveLength(1))
  // A PNG's signature: the bytes of the poster, not an error page.
  expect([...phone.album[0].bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
})

test("WeChat's in-app browser: the long-press overlay instead of a download", async () => {
  const phone = simulateAlbum('h5', { browser: 'wechat', urls: { [url]: 'image' } })
  render(<Poster url={url} />)
  fireEvent.click(screen.getByRole('button'))
  await screen.findByText('海报已保存')
  expect(document.querySelector('[data-save-to-album="long-press"]').textContent).toContain('长按图片保存')
  expect(phone.downloads).toEqual([])
  expect(phone.album).toEqual([])
})

test('a 404: nothing downloaded, and the button offers a retry', async () => {
  const phone = simulateAlbum('h5', { urls: { [url]: 404 } })
  render(<Poster url={url} />)
  fireEvent.click(screen.getByRole('button'))
  await screen.findByRole('button', { name: '保存失败，点此重试' })
  expect(screen.getByRole('status').textContent).toBe('HTTP_STATUS')
  expect(phone.downloads).toEqual([])
  expect(phone.album).toEqual([])
})
