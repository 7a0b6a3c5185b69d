import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useSaveToAlbum, type SaveResult } from 'taro-save-to-album'
import { AlbumButtonCard } from '../../components/AlbumButtonCard'
import { GridCard } from '../../components/GridCard'
import { PosterCard } from '../../components/PosterCard'
import { PrivacySheet } from '../../components/PrivacySheet'
import { StatusCard } from '../../components/StatusCard'
import { UrlCard } from '../../components/UrlCard'
import { VideoCard } from '../../components/VideoCard'
import { GRID_URLS, param, SAMPLE_URL, VIDEO_URL } from './media'
import './index.scss'

// 端到端测试用：H5 上 ?canvas=node|id 让 #save-canvas 改存 Canvas 节点或 canvasId
// e2e hook: on H5, ?canvas=node|id makes #save-canvas save the node or the canvasId instead
const PICK = param('canvas') as 'node' | 'id' | null

/**
 * 一页演示全部用法 / every use on one page: a server image, a Canvas 2d poster (as base64 and as
 * its node), nine photos in one tap, a clip, the package's SaveToAlbumButton, and the demo's own
 * privacy sheet. `#status` follows the latest of the first four.
 */
export default function Index() {
  const hooks = {
    url: useSaveToAlbum(),
    poster: useSaveToAlbum(),
    grid: useSaveToAlbum(),
    video: useSaveToAlbum(),
  }
  const [last, setLast] = useState<keyof typeof hooks>('url')
  // 浏览器里怎样交给用户的 / how a browser handed the file over: download, share or long-press
  const [via, setVia] = useState('')
  const noteVia = (r: SaveResult | SaveResult[]) => {
    const one = Array.isArray(r) ? r[r.length - 1] : r
    setVia(one && one.ok && one.via ? one.via : '')
  }
  const start = (key: keyof typeof hooks) => () => {
    setLast(key)
    setVia('')
  }

  const current = hooks[last]
  // 相册权限被拒绝（小程序的或手机的，不是隐私协议）：「打开设置」重试这一个 / refused album permission (the mini program's or the phone's, not the privacy agreement): the one open-setting retries
  const refusedOf = (h: typeof current) => h.status === 'denied' && (h.error?.code === 'AUTH_DENIED' || h.error?.code === 'SYSTEM_DENIED')
  const refused = refusedOf(current) ? current : Object.values(hooks).find(refusedOf)

  return (
    <View className='index'>
      <View className='header'>
        <Text className='title'>保存到相册</Text>
        <Text className='subtitle'>taro-save-to-album · useSaveToAlbum() · SaveToAlbumButton</Text>
      </View>

      <StatusCard current={current} refused={refused} via={via} />

      <UrlCard
        hook={hooks.url}
        src={SAMPLE_URL}
        onSave={() => {
          start('url')()
          hooks.url.save(SAMPLE_URL).then(noteVia)
        }}
      />
      <PosterCard hook={hooks.poster} onStart={start('poster')} onDone={noteVia} pick={PICK} />
      <GridCard hook={hooks.grid} urls={GRID_URLS} onStart={start('grid')} onDone={noteVia} />
      <VideoCard
        hook={hooks.video}
        src={VIDEO_URL}
        onSave={() => {
          start('video')()
          hooks.video.save({ video: VIDEO_URL }).then(noteVia)
        }}
      />
      <AlbumButtonCard src={SAMPLE_URL} />

      <View className='footer'>
        <Text>
          {process.env.TARO_ENV === 'h5'
            ? '浏览器没有相册：「保存」即触发文件下载（或分享面板）。 In a browser, saving downloads the file (or opens the share sheet).'
            : '首次保存会请求「保存到相册」权限。 The first save asks for the album permission.'}
        </Text>
      </View>

      <PrivacySheet />
    </View>
  )
}
