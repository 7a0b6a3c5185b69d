import { Image, Progress, Text } from '@tarojs/components'
import type { SaveToAlbum } from 'taro-save-to-album'
import { BusyButton } from './BusyButton'
import { Card } from './Card'
import { statusInWords } from './labels'

/**
 * ① 网络图片：下载（显示进度）再存入相册 / a server image: downloaded (with progress), then saved.
 *
 * @example
 * <UrlCard hook={url} src='https://cdn.example.com/a.png' onSave={() => url.save('https://cdn.example.com/a.png')} />
 */
export function UrlCard({ hook, src, onSave }: { hook: SaveToAlbum; src: string; onSave: () => void }) {
  return (
    <Card title='① 网络图片 Server image' desc='downloadFile → saveImageToPhotosAlbum'>
      <Image className='photo' src={src} mode='widthFix' />
      <Text className='url'>{src}</Text>
      <Progress className='progress' percent={Math.round(hook.progress * 100)} strokeWidth={4} showInfo />
      <Text className='line'>{statusInWords(hook.status, hook.error)}</Text>
      <BusyButton id='save-url' busy={hook.isBusy} onClick={onSave}>
        保存网络图片 Save image
      </BusyButton>
    </Card>
  )
}
