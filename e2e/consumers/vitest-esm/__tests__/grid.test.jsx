import { expect, test } from 'vitest'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { simulateAlbum } from 'taro-save-to-album/testing'
import { Grid } from '../src/Grid'

const urls = ['https://cdn.example.com/1.png', 'https://cdn.example.com/2.png', 'https://cdn.example.com/3.png']

test('a batch with one failure: the two others saved and ticked', async () => {
  const phone = simulateAlbum('weapp', { urls: { [urls[0]]: 'image', [urls[1]]: 404, [urls[2]]: 'slow' } })
  render(<Grid urls={urls} />)
  fireEvent.click(screen.getByRole('button', { name: '全部保存' }))
  await waitFor(() => expect(screen.getAllByTestId('tile').map((t) => t.textContent)).toEqual(['✓', '✗', '✓']))
  expect(phone.album).toHaveLength(2)
  expect(phone.files()).toEqual([])
})

test('on ByteDance (tt), the same grid', async () => {
  const phone = simulateAlbum('tt', { urls: { [urls[0]]: 'image', [urls[1]]: 'image', [urls[2]]: 'image' } })
  render(<Grid urls={urls} />)
  fireEvent.click(screen.getByRole('button', { name: '全部保存' }))
  await waitFor(() => expect(screen.getAllByTestId('tile').map((t) => t.textContent)).toEqual(['✓', '✓', '✓']))
  expect(phone.album).toHaveLength(3)
})
