// A poster page as an app writes it: one button that saves the poster, and says so.
import { View, Text } from '@tarojs/components'
import { useState } from 'react'
import { SaveToAlbumButton } from 'taro-save-to-album/components'

export function Poster({ url }) {
  const [message, setMessage] = useState('')
  return (
    <View className='poster'>
      <SaveToAlbumButton source={url} onSaved={() => setMessage('海报已保存')} onError={(error) => setMessage(error.code)} />
      <Text role='status'>{message}</Text>
    </View>
  )
}
