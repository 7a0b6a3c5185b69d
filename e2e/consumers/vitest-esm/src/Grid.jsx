// A grid of photos saved all at once, each tile ticked once it is in the album.
import { Button, View } from '@tarojs/components'
import { useState } from 'react'
import { useSaveToAlbum } from 'taro-save-to-album'

export function Grid({ urls }) {
  const { saveAll } = useSaveToAlbum()
  const [ticks, setTicks] = useState(urls.map(() => '…'))
  const tick = (i, result) => setTicks((all) => all.map((t, j) => (j === i ? (result.ok ? '✓' : '✗') : t)))
  return (
    <View>
      {urls.map((url, i) => (
        <View key={url} data-testid='tile'>{ticks[i]}</View>
      ))}
      <Button onClick={() => saveAll(urls, { onItem: tick })}>全部保存</Button>
    </View>
  )
}
