import type { PropsWithChildren } from 'react'
import { Text, View } from '@tarojs/components'

/**
 * 一张卡片：标题、一行说明、内容 / a card: a title, one line on how it works, its content.
 *
 * @example
 * <Card title='① 网络图片 Server image' desc='downloadFile → saveImageToPhotosAlbum'>…</Card>
 */
export function Card({ title, desc, children }: PropsWithChildren<{ title: string; desc: string }>) {
  return (
    <View className='card'>
      <Text className='card-title'>{title}</Text>
      <Text className='desc'>{desc}</Text>
      {children}
    </View>
  )
}
