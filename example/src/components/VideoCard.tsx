import { Progress, Text, Video } from '@tarojs/components'
import type { SaveToAlbum } from 'taro-save-to-album'
import { BusyButton } from './BusyButton'
import { Card } from './Card'
import { statusInWords } from './labels'

/**
 * ④ 短视频：像图片一样下载（检查状态码、识别 MP4），再 saveVideoToPhotosAlbum / a clip,
 * downloaded like an image (HTTP status checked, sniffed as MP4), then saved as a video.
 *
 * @example
 * <VideoCard hook={video} src={VIDEO_URL} onSave={() => video.save({ video: VIDEO_URL })} />
 */
export function VideoCard({ hook, src, onSave }: { hook: SaveToAlbum; src: string; onSave: () => void }) {
  return (
    <Card title='④ 短视频 Video' desc='save({ video: url }) → downloadFile → saveVideoToPhotosAlbum'>
      <Video id='clip' className='clip' src={src} autoplay loop muted controls objectFit='contain' />
      <Text className='url'>{src}</Text>
      <Progress className='progress' percent={Math.round(hook.progress * 100)} strokeWidth={4} showInfo />
      <Text className='line'>{statusInWords(hook.status, hook.error)}</Text>
      <BusyButton id='save-video' busy={hook.isBusy} onClick={onSave}>
        保存视频 Save video
      </BusyButton>
    </Card>
  )
}
