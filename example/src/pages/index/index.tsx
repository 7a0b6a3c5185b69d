import { useCallback, useRef, useState } from 'react'
import { View, Text, Image, Button, Canvas, Progress } from '@tarojs/components'
import Taro, { useReady } from '@tarojs/taro'
import { useSaveToAlbum, type SaveResult, type SaveToAlbum } from 'taro-save-to-album'
import './index.scss'

/**
 * 网络图片地址 / The server image.
 * - H5：与页面同源的 /sample.png（`npm run demo` 的服务器提供，离线可用，无需 CORS）。
 * - 小程序：必须是 https 且在「downloadFile 合法域名」里。构建时可用环境变量覆盖：
 *   `TARO_APP_SAMPLE_URL=https://你的域名/a.png npm run build:weapp`
 */
const SAMPLE_URL =
  process.env.TARO_ENV === 'h5'
    ? // 端到端测试用：?src=<地址> 换掉这张图（可以是相对地址）/ e2e hook: ?src=<url> picks the image (relative URLs too)
      new URLSearchParams(location.search).get('src') || `${location.origin}/sample.png`
    : process.env.TARO_APP_SAMPLE_URL || 'https://img.example.com/taro-save-to-album/sample.png'

const POSTER_W = 300
const POSTER_H = 200

/** 状态的中文说明 / what each status word means */
const STATUS_TEXT: Record<SaveToAlbum['status'], string> = {
  idle: '空闲',
  authorizing: '请求相册权限…',
  downloading: '下载中…',
  writing: '写入文件…',
  saving: '保存到相册…',
  saved: '已保存到相册',
  denied: '未获得相册权限',
  failed: '保存失败',
}

/** 在 Canvas 2d 上画一张海报（运行时绘制文字和图形） / draw the poster at run time */
function drawPoster(canvas: any, width: number, height: number, dpr: number, when: string) {
  canvas.width = Math.round(width * dpr)
  canvas.height = Math.round(height * dpr)
  const ctx = canvas.getContext('2d')
  ctx.setTransform(1, 0, 0, 1, 0, 0)
  ctx.scale(dpr, dpr)

  const bg = ctx.createLinearGradient(0, 0, width, height)
  bg.addColorStop(0, '#ff7a45')
  bg.addColorStop(1, '#722ed1')
  ctx.fillStyle = bg
  ctx.fillRect(0, 0, width, height)

  ctx.fillStyle = 'rgba(255,255,255,0.18)'
  ctx.beginPath()
  ctx.arc(width - 40, 40, 70, 0, Math.PI * 2)
  ctx.fill()
  ctx.beginPath()
  ctx.arc(30, height - 10, 50, 0, Math.PI * 2)
  ctx.fill()

  ctx.fillStyle = '#ffffff'
  ctx.fillRect(20, 24, 6, 44)
  ctx.font = 'bold 24px sans-serif'
  ctx.textBaseline = 'top'
  ctx.fillText('海报 Poster', 36, 24)
  ctx.font = '14px sans-serif'
  ctx.fillText('由 Canvas 2d 运行时绘制', 36, 56)
  ctx.fillText(`taro-save-to-album · ${when}`, 20, height - 36)
}

export default function Index() {
  const url = useSaveToAlbum()
  const poster = useSaveToAlbum()
  const canvasRef = useRef<{ node: any; width: number; height: number; dpr: number } | null>(null)
  const [drawnAt, setDrawnAt] = useState('')
  // #status 显示最近一次操作的状态 / #status shows the latest action
  const [last, setLast] = useState<'url' | 'poster'>('url')
  // 浏览器里怎样交给用户的 / how a browser handed the file over: download, share or long-press
  const [via, setVia] = useState('')
  const noteVia = (r: SaveResult) => setVia(r.ok && r.via ? r.via : '')

  // 取得 Canvas 2d 节点并绘制海报 / find the Canvas 2d node and draw
  const draw = useCallback(() => {
    const c = canvasRef.current
    if (!c) return false
    const when = new Date().toLocaleTimeString('zh-CN', { hour12: false })
    drawPoster(c.node, c.width, c.height, c.dpr, when)
    setDrawnAt(when)
    return true
  }, [])

  useReady(() => {
    const query = (tries: number) => {
      Taro.createSelectorQuery()
        .select('#poster')
        .fields({ node: true, size: true })
        .exec((res) => {
          const r = res && res[0]
          if (!r || !r.node) {
            // H5 的 Canvas 是 Web Component，首次渲染可能稍晚 / H5 web component may render late
            if (tries > 0) setTimeout(() => query(tries - 1), 50)
            return
          }
          const info = Taro.getWindowInfo ? Taro.getWindowInfo() : Taro.getSystemInfoSync()
          const dpr = Math.min(info.pixelRatio || 1, 2)
          canvasRef.current = { node: r.node, width: r.width || POSTER_W, height: r.height || POSTER_H, dpr }
          draw()
        })
    }
    query(40)
  })

  const saveUrl = () => {
    url.save(SAMPLE_URL).then(noteVia)
  }

  const saveCanvas = () => {
    if (!canvasRef.current) {
      Taro.showToast({ title: '海报还没画好', icon: 'none' })
      return
    }
    draw() // 导出前重画，确保内容是最新的 / redraw right before export
    // 端到端测试用：H5 上 ?canvas=node|id 改为直接保存 Canvas 节点或 canvasId / e2e hook: save the node or the canvasId instead
    const how = process.env.TARO_ENV === 'h5' ? new URLSearchParams(location.search).get('canvas') : null
    const { node } = canvasRef.current
    const dataUrl: string = node.toDataURL('image/png')
    poster.save(how === 'node' ? { canvas: node } : how === 'id' ? { canvasId: 'poster' } : dataUrl).then(noteVia)
  }

  // 在 denied 状态：同步地在点击回调里调用 openSetting（之前不能有 await）
  // In `denied`: openSetting() must be called synchronously from the tap.
  const openSetting = () => {
    const which = url.status === 'denied' ? url : poster
    which.openSetting().then((on) => {
      if (on) which.retry()
    })
  }

  const current = last === 'url' ? url : poster
  const denied = url.status === 'denied' || poster.status === 'denied'

  return (
    <View className='index'>
      <View className='header'>
        <Text className='title'>保存图片到相册</Text>
        <Text className='subtitle'>taro-save-to-album · useSaveToAlbum()</Text>
      </View>

      <View className='card status-card'>
        <Text className='label'>状态 Status：</Text>
        <Text id='status' className={`status status-${current.status}`}>
          {current.error ? `${current.status} ${current.error.code}` : current.status}
        </Text>
        <Text className='status-text'>{STATUS_TEXT[current.status]}</Text>
        {current.status === 'saved' && via && <Text id='via' className='status-text'>{via}</Text>}
        {current.error && <Text id='error' className='hint'>{current.error.message}</Text>}
        {denied && (
          <View className='denied'>
            <Text className='hint'>相册权限被拒绝。请在设置页打开「保存到相册」后自动重试。</Text>
            <Button id='open-setting' className='btn btn-warn' onClick={openSetting}>
              打开设置 Open settings
            </Button>
          </View>
        )}
      </View>

      <View className='card'>
        <Text className='card-title'>① 网络图片 Server image</Text>
        <Text className='desc'>downloadFile → saveImageToPhotosAlbum</Text>
        <Image className='photo' src={SAMPLE_URL} mode='widthFix' />
        <Text className='url'>{SAMPLE_URL}</Text>
        <Progress className='progress' percent={Math.round(url.progress * 100)} strokeWidth={4} showInfo />
        <Text className='line'>
          {STATUS_TEXT[url.status]}
          {url.error ? `（${url.error.code}）` : ''}
        </Text>
        <Button
          id='save-url'
          className='btn btn-primary'
          // 只在忙时传 true：H5 上 disabled={false} 也会带上 disabled 属性
          loading={url.isBusy || undefined}
          disabled={url.isBusy || undefined}
          onClick={() => {
            setLast('url')
            saveUrl()
          }}
        >
          保存网络图片 Save image
        </Button>
      </View>

      <View className='card'>
        <Text className='card-title'>② Canvas 海报 Canvas poster</Text>
        <Text className='desc'>Canvas 2d → toDataURL (base64) → writeFile → saveImageToPhotosAlbum</Text>
        <Canvas id='poster' type='2d' className='poster' style={{ width: `${POSTER_W}px`, height: `${POSTER_H}px` }} />
        <Text className='line'>
          {drawnAt ? `绘制于 ${drawnAt}` : '绘制中…'} · {STATUS_TEXT[poster.status]}
          {poster.error ? `（${poster.error.code}）` : ''}
        </Text>
        <Button
          id='save-canvas'
          className='btn btn-primary'
          loading={poster.isBusy || undefined}
          disabled={poster.isBusy || undefined}
          onClick={() => {
            setLast('poster')
            saveCanvas()
          }}
        >
          保存海报 Save poster
        </Button>
      </View>

      <View className='footer'>
        <Text>
          {process.env.TARO_ENV === 'h5'
            ? '浏览器没有相册：「保存」即触发文件下载。 In a browser, saving downloads the file.'
            : '首次保存会请求「保存到相册」权限。 The first save asks for the album permission.'}
        </Text>
      </View>
    </View>
  )
}
