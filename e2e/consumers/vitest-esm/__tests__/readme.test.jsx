// The README's example ("Testing your screens"), verbatim: it must pass as written.
import { fireEvent, render, screen } from '@testing-library/react'
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
