import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { simulateAlbum } from 'taro-save-to-album/testing'
import { Poster } from '../src/Poster'

const url = 'https://cdn.example.com/poster.png'

test('first save: the permission dialog, then the poster is in the album', async () => {
  const phone = simulateAlbum('weapp', { urls: { [url]: 'image' } })
  render(<Poster url={url} />)
  fireEvent.click(screen.getByRole('button'))
  await screen.findByText('海报已保存')
  expect(phone.dialogs).toBe(1)
  expect(phone.album).toHaveLength(1)
  expect(phone.files()).toEqual([])
})

test('refused earlier: the settings button, the album turned on there, then saved', async () => {
  const phone = simulateAlbum('weapp', { album: 'refused', urls: { [url]: 'image' } })
  render(<Poster url={url} />)
  fireEvent.click(screen.getByRole('button'))
  const settings = await screen.findByRole('button', { name: '去设置打开相册权限' })
  phone.answers({ settings: 'on' })
  fireEvent.click(settings)
  await screen.findByText('海报已保存')
  expect(phone.album).toHaveLength(1)
  expect(phone.settingsVisits).toBe(1)
})

test('a 404: nothing saved, and the button offers a retry', async () => {
  const phone = simulateAlbum('weapp', { urls: { [url]: 404 } })
  render(<Poster url={url} />)
  fireEvent.click(screen.getByRole('button'))
  await screen.findByRole('button', { name: '保存失败，点此重试' })
  expect(screen.getByRole('status').textContent).toBe('HTTP_STATUS')
  expect(phone.album).toEqual([])
})

test('the person cancels the dialog: nothing saved', async () => {
  const phone = simulateAlbum('weapp', { dialog: 'deny', urls: { [url]: 'image' } })
  render(<Poster url={url} />)
  fireEvent.click(screen.getByRole('button'))
  await screen.findByText('AUTH_DENIED')
  expect(phone.album).toEqual([])
})

test('the person cancels the saving sheet: nothing saved, no file left', async () => {
  const phone = simulateAlbum('weapp', { sheet: 'cancel', urls: { [url]: 'image' } })
  render(<Poster url={url} />)
  fireEvent.click(screen.getByRole('button'))
  await waitFor(() => expect(phone.calls).toContain('saveImageToPhotosAlbum'))
  await waitFor(() => expect(screen.getByRole('button').textContent).toBe('保存到相册'))
  expect(phone.album).toEqual([])
  expect(phone.files()).toEqual([])
})

test("the phone's own permission refused: the phone's settings, not the mini program's", async () => {
  simulateAlbum('weapp', { phone: 'denied', urls: { [url]: 'image' } })
  render(<Poster url={url} />)
  fireEvent.click(screen.getByRole('button'))
  await screen.findByRole('button', { name: '去手机设置允许访问相册' })
  expect(screen.getByRole('status').textContent).toBe('SYSTEM_DENIED')
})

test('on Alipay, in the same file', async () => {
  const phone = simulateAlbum('alipay', { urls: { [url]: 'image' } })
  render(<Poster url={url} />)
  fireEvent.click(screen.getByRole('button'))
  await screen.findByText('海报已保存')
  expect(phone.album).toHaveLength(1)
})
