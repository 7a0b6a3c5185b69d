// The README's example ("Testing your screens"), verbatim: it must pass as written.
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { SaveToAlbumButton } from 'taro-save-to-album/components'
import { simulateAlbum } from 'taro-save-to-album/testing'

const url = 'https://cdn.example.com/poster.png'

test('refused earlier: the settings button, the album turned on there, then saved', async () => {
  const phone = simulateAlbum('weapp', { album: 'refused', urls: { [url]: 'image' } })
  render(<SaveToAlbumButton source={url} />)
  fireEvent.click(screen.getByRole('button'))
  const settings = await screen.findByRole('button', { name: '去设置打开相册权限' })
  phone.answers({ settings: 'on' })
  fireEvent.click(settings)
  await screen.findByRole('button', { name: '已保存' })
  expect(phone.album).toHaveLength(1)
  expect(phone.files()).toEqual([])
})

test('Alipay, a 404', async () => {
  const phone = simulateAlbum('alipay', { urls: { [url]: 404 } })
  render(<SaveToAlbumButton source={url} />)
  fireEvent.click(screen.getByRole('button'))
  await screen.findByRole('button', { name: '保存失败，点此重试' })
  expect(phone.album).toEqual([])
})

// The README's browser example (browser.test.tsx there), verbatim.
const poster = 'https://cdn.example.com/poster.png'

test('a desktop browser downloads the poster', async () => {
  const phone = simulateAlbum('h5', { urls: { [poster]: 'image' } })
  render(<SaveToAlbumButton source={poster} />)
  fireEvent.click(screen.getByRole('button'))
  await screen.findByRole('button', { name: '已保存' })
  expect(phone.downloads[0].name).toMatch(/\.png$/)
  await waitFor(() => expect(phone.album).toHaveLength(1))
})

test("WeChat's in-app browser: the long-press overlay", async () => {
  const phone = simulateAlbum('h5', { browser: 'wechat', urls: { [poster]: 'image' } })
  render(<SaveToAlbumButton source={poster} />)
  fireEvent.click(screen.getByRole('button'))
  await screen.findByRole('button', { name: '已保存' })
  expect(document.querySelector('[data-save-to-album="long-press"]')).not.toBeNull()
  expect(phone.downloads).toEqual([])
})
